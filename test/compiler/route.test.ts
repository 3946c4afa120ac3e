// XY routing and placement by hand: paths go x first then y, hops = |dx| + |dy|, a multicast tree is the
// union of the paths, chips tile along x; the local search never makes a greedy placement worse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chipCrossings, hops, multicastTree, xyPath } from '../../compiler/map/xy.js';
import { improvePlacement, placeGreedy, placementCost, type PlacementInput } from '../../compiler/map/placement.js';
import { hashSeed, mulberry32 } from '../../core/random.js';

test('xyPath goes along x first, then y, one link per hop', () => {
  const p = xyPath({ x: 1, y: 1 }, { x: 3, y: 0 });
  assert.equal(p.map((l) => `${l.x},${l.y}${l.dir}`), ['1,1E', '2,1E', '3,1N']);
  assert.is(hops({ x: 1, y: 1 }, { x: 3, y: 0 }), 3);
  assert.equal(xyPath({ x: 2, y: 2 }, { x: 2, y: 2 }), []);
});

test('multicast tree = union of XY paths (shared prefix counted once)', () => {
  // From (0,0) to (2,0), (2,1), (0,2): E,E shared by the first two; then S from (2,0); S,S from (0,0).
  const tree = multicastTree({ x: 0, y: 0 }, [{ x: 2, y: 0 }, { x: 2, y: 1 }, { x: 0, y: 2 }]);
  assert.is(tree.size, 2 + 1 + 2);
  const unicast = [{ x: 2, y: 0 }, { x: 2, y: 1 }, { x: 0, y: 2 }].reduce((a, d) => a + hops({ x: 0, y: 0 }, d), 0);
  assert.is(unicast, 7);
});

test('chip crossings count chip boundaries along x', () => {
  assert.is(chipCrossings({ x: 3, y: 0 }, { x: 17, y: 5 }, 8), 2);
  assert.is(chipCrossings({ x: 9, y: 0 }, { x: 15, y: 5 }, 8), 0);
});

test('placement: a chain lands in adjacent slots; local search never raises the cost', () => {
  const chain: PlacementInput = { cores: 6, gridW: 3, gridH: 2, adj: [0, 1, 2, 3, 4, 5].map((i) => [[i - 1, 1], [i + 1, 1]].filter(([j]) => j! >= 0 && j! < 6) as [number, number][]), fixed: new Map(), seed: 1, rounds: 4 };
  const slot = placeGreedy(chain);
  improvePlacement(chain, slot);
  assert.is(placementCost(chain, slot), 5, 'a 6-core chain fits a 3×2 grid with every link one hop');
  const r = mulberry32(hashSeed(9));
  for (let trial = 0; trial < 5; trial++) {
    const n = 30;
    const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
    for (let k = 0; k < 80; k++) {
      const a = Math.floor(r() * n);
      const b = Math.floor(r() * n);
      if (a === b) continue;
      const w = r() * 10;
      adj[a]!.push([b, w]);
      adj[b]!.push([a, w]);
    }
    const inp: PlacementInput = { cores: n, gridW: 8, gridH: 4, adj, fixed: new Map([[0, 31]]), seed: trial, rounds: 6 };
    const s = placeGreedy(inp);
    const before = placementCost(inp, s);
    improvePlacement(inp, s);
    assert.ok(placementCost(inp, s) <= before + 1e-9);
    assert.is(s[0], 31, 'fixed cores stay');
    assert.is(new Set(s).size, n, 'one core per slot');
  }
});

test.run();
