// The AssemblyScript RNG must equal core/poisson-rng.ts bit for bit, including the wrap-around corners.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rand32, sliceSeed } from '../../core/poisson-rng.js';
import { instantiate } from '../../runtime-wasm/host/wasm.js';
import { mulberry32 } from '../../core/random.js';
import { ensureWasm } from './fixture.js';

ensureWasm();

test('rand32 and sliceSeed match core/poisson-rng.ts on corners and 20 000 random triples', () => {
  const w = instantiate();
  const corners = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
  const r = mulberry32(42);
  const triples: [number, number, number][] = [];
  for (const a of corners) for (const b of corners) triples.push([a, b % 2 ** 20, b]);
  for (let k = 0; k < 20000; k++) triples.push([(r() * 2 ** 32) >>> 0, Math.floor(r() * 4096), (r() * 2 ** 32) >>> 0]);
  for (const [seed, t, i] of triples) {
    assert.is(w.rand32(seed, t, i) >>> 0, rand32(seed, t, i), `rand32(${seed}, ${t}, ${i})`);
    assert.is(w.sliceSeed(seed, i) >>> 0, sliceSeed(seed, i), `sliceSeed(${seed}, ${i})`);
  }
});

test.run();
