// Property tests of partitioning, placement and routing over random layer shapes and core limits.
// Everything is re-derived by brute force from the conv definitions (not from compiler/ir/geometry.ts):
// each core within each limit, every neuron on exactly one core, every source core routed to every
// destination core that needs one of its neurons (with that projection), hops = |dx| + |dy|.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashSeed, mulberry32, type Rand } from '../../core/random.js';
import { HsnnError } from '../../core/errors.js';
import { runPipeline } from '../../compiler/compile.js';
import { DEFAULT_OPTIONS, type CompileContext } from '../../compiler/context.js';
import { DiagnosticSink } from '../../compiler/diagnostics/sink.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import type { TargetSpec } from '../../compiler/targets/types.js';
import type { Edge, Graph, MappedCore, Shape } from '../../compiler/ir/graph.js';
import { chainGraph, type LayerSpec } from './graphs.js';

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function randomCase(seed: number): { graph: Graph; target: TargetSpec } {
  const r = mulberry32(hashSeed(seed, 77));
  const layers: LayerSpec[] = [];
  const n = int(r, 2, 4);
  for (let i = 0; i < n; i++) {
    const kind = r() < 0.2 ? 'convT' : 'conv';
    const k = kind === 'convT' ? 2 : pick(r, [1, 3, 3, 5]);
    const s = kind === 'convT' ? 2 : pick(r, [1, 1, 2]);
    layers.push({ kind, c: int(r, 1, 6), k, s, p: kind === 'convT' ? 0 : Math.floor(k / 2), skipFrom: r() < 0.3 ? int(r, 0, i) : undefined });
  }
  const graph = chainGraph({ c: int(r, 1, 2), h: int(r, 4, 10), w: int(r, 4, 10) }, layers, seed);
  const mw = int(r, 2, 4);
  const mh = int(r, 1, 3);
  const target: TargetSpec = {
    ...GENERIC, name: `rand${seed}`, neuronsPerCore: int(r, 4, 64), faninAxonsPerCore: pick(r, [0, int(r, 20, 300)]),
    fanoutAxonsPerCore: pick(r, [0, 0, int(r, 40, 400)]), synapseBitsPerCore: pick(r, [0, int(r, 400, 8000)]),
    meshWidth: mw, meshHeight: mh, coresPerChip: mw * mh, maxChips: pick(r, [0, int(r, 1, 6)]),
  };
  return { graph, target };
}

/** Source neurons (flat c·H·W + y·W + x) an edge needs for the target neurons of a box, tap by tap. */
function needed(e: Edge, core: MappedCore, src: Shape): Set<number> {
  const out = new Set<number>();
  const b = core.box;
  // conv: output o reads input o·s + k − p;  transposed conv: input i writes output i·s + k − p.
  const source = (o: number, k: number, s: number, p: number): number => {
    if (e.kind === 'conv') return o * s + k - p;
    const n = o + p - k;
    return n % s === 0 ? n / s : -1;
  };
  for (let oy = b.y0; oy < b.y1; oy++) for (let ox = b.x0; ox < b.x1; ox++) {
    for (let ky = 0; ky < e.kh; ky++) for (let kx = 0; kx < e.kw; kx++) {
      const iy = source(oy, ky, e.sh, e.pt);
      const ix = source(ox, kx, e.sw, e.pl);
      if (iy < 0 || iy >= src.h || ix < 0 || ix >= src.w) continue;
      for (let c = 0; c < src.c; c++) out.add((c * src.h + iy) * src.w + ix);
    }
  }
  return out;
}

function checkMapped(g: Graph, t: TargetSpec): void {
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const owner = new Map<string, Int32Array>();
  for (const n of g.nodes) owner.set(n.name, new Int32Array(n.shape.c * n.shape.h * n.shape.w).fill(-1));
  for (const c of g.cores) {
    const s = shapes.get(c.population)!;
    const own = owner.get(c.population)!;
    for (let ch = c.box.c0; ch < c.box.c1; ch++) for (let y = c.box.y0; y < c.box.y1; y++) for (let x = c.box.x0; x < c.box.x1; x++) {
      const k = (ch * s.h + y) * s.w + x;
      assert.is(own[k], -1, `neuron on two cores`);
      own[k] = c.id;
    }
    assert.ok(c.neurons <= t.neuronsPerCore, `core ${c.id}: ${c.neurons} neurons > ${t.neuronsPerCore}`);
    const edges = g.edges.filter((e) => e.target === c.population);
    const fanin = edges.reduce((a, e) => a + needed(e, c, shapes.get(e.source)!).size, 0);
    assert.is(c.faninAxons, fanin, `core ${c.id} fan-in`);
    if (t.faninAxonsPerCore > 0) assert.ok(fanin <= t.faninAxonsPerCore, `core ${c.id}: fan-in ${fanin} > ${t.faninAxonsPerCore}`);
    const bits = edges.reduce((a, e) => a + e.kh * e.kw * e.cin * (c.box.c1 - c.box.c0) * 8, 0);
    assert.is(c.synapseBits, bits);
    if (t.synapseBitsPerCore > 0) assert.ok(bits <= t.synapseBitsPerCore, `core ${c.id}: ${bits} bits`);
    if (t.fanoutAxonsPerCore > 0) assert.ok(c.fanoutAxons <= t.fanoutAxonsPerCore, `core ${c.id}: fan-out ${c.fanoutAxons}`);
    assert.ok(c.place && c.place.y < t.meshHeight && c.place.chip === Math.floor(c.place.x / t.meshWidth));
  }
  for (const [name, own] of owner) assert.ok(own.every((v) => v >= 0), `every neuron of ${name} is on a core`);
  const routes = new Map(g.routes.map((r) => [r.sourceCore, r]));
  for (const r of g.routes) {
    const a = g.cores[r.sourceCore]!.place!;
    for (const d of r.dests) {
      const b = g.cores[d.core]!.place!;
      assert.is(d.hops, Math.abs(a.x - b.x) + Math.abs(a.y - b.y));
      assert.is(d.chipCrossings, Math.abs(a.chip - b.chip));
    }
  }
  for (const e of g.edges) {
    for (const d of g.cores.filter((c) => c.population === e.target)) {
      for (const k of needed(e, d, shapes.get(e.source)!)) {
        const src = owner.get(e.source)![k]!;
        const dest = routes.get(src)?.dests.find((x) => x.core === d.id);
        assert.ok(dest?.edges.includes(e.name), `core ${src} must route '${e.name}' to core ${d.id}`);
      }
    }
  }
}

test('random shapes and limits: mappings satisfy every limit, or fail for a verified reason', () => {
  let mapped = 0;
  let failed = 0;
  for (let seed = 1; seed <= 50; seed++) {
    const { graph, target } = randomCase(seed);
    const ctx: CompileContext = { target, options: { ...DEFAULT_OPTIONS, sampleLayers: 0, checkEveryPass: true }, diag: new DiagnosticSink() };
    try {
      checkMapped(runPipeline(graph, ctx), target);
      mapped++;
    } catch (e) {
      if (!(e instanceof HsnnError)) throw e;
      failed++;
      for (const d of e.diagnostics) {
        assert.match(d.code, /^HSNN200[1-3]$|^HSNN2008$/, `seed ${seed}: ${d.code} ${d.message}`);
        if (d.code === 'HSNN2001') {
          const name = /layer (\S+):/.exec(d.message)?.[1];
          const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
          const tgt = shapes.get(name!)!;
          let worst = 0;
          for (let y = 0; y < tgt.h; y++) for (let x = 0; x < tgt.w; x++) {
            const one: MappedCore = { id: 0, population: name!, box: { c0: 0, c1: 1, y0: y, y1: y + 1, x0: x, x1: x + 1 }, neurons: 1, synapseBits: 0, faninAxons: 0, fanoutAxons: 0, estSpikesPerStep: 0 };
            worst = Math.max(worst, graph.edges.filter((ed) => ed.target === name).reduce((a, ed) => a + needed(ed, one, shapes.get(ed.source)!).size, 0));
          }
          assert.ok(worst > target.faninAxonsPerCore, `seed ${seed}: a single neuron of ${name} needs ${worst} axons, limit ${target.faninAxonsPerCore}`);
        }
      }
    }
  }
  console.log(`  mapping property: ${mapped} mapped, ${failed} failed with verified diagnostics`);
  assert.ok(mapped >= 30, `most random cases map (${mapped} mapped, ${failed} failed)`);
});

test.run();
