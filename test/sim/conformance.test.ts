// Conformance: the AssemblyScript simulator against the TS reference on seeded random netlists (every
// projection kind, skip edges, random core mappings), both timing modes. Integer netlists must agree on
// every spike of every step, on U, and on every counter; float netlists too, U bit for bit (both add in one order).
// Direct-input (analog) netlists: conformance-direct.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomImage, randomNetlist, roundTrip } from './builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from './fixture.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import type { SimNetlist } from '../../runtime-wasm/host/netlist.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { compileCheckpoint } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { makeCheckpoint } from '../compiler/helpers.js';

ensureWasm();

const withoutWall = (s: SimStats): Omit<SimStats, 'wallMs'> => {
  const { wallMs: _w, ...rest } = s;
  return rest;
};

function inputSize(net: SimNetlist): number {
  const p = net.populations[0];
  return p ? p.C * p.H * p.W : 0;
}

const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i);

for (const format of ['INT8', 'INT16'] as const) {
  test(`${format}: random netlists agree spike for spike and counter for counter`, () => {
    let spikes = 0, messages = 0, mapped = 0;
    for (const seed of SEEDS) {
      const net = roundTrip(randomNetlist(seed, format));
      const image = randomImage(seed, inputSize(net));
      for (const mode of ['zero-delay', 'pipelined'] as const) {
        const { ref, wasm, wasmSpikes } = runBoth(net, image, seed * 31, mode);
        const where = `seed ${seed} ${mode}`;
        assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, where);
        assert.equal([...wasm.U], [...ref.U], `${where}: U`);
        assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${where}: stats`);
        spikes += wasm.stats.totals.spikes;
        messages += wasm.stats.totals.messages;
      }
      if (net.cores.length > 0) mapped++;
    }
    // The generator must actually exercise firing and routing, or the agreement above means little.
    assert.ok(spikes > 600, `only ${spikes} spikes`);
    assert.ok(messages > 100, `only ${messages} messages`);
    assert.ok(mapped > 12, `only ${mapped} mapped netlists`);
  });
}

test('FLOAT32: random netlists agree bit for bit (the reference adds in wasm\'s order, SEMANTICS.md)', () => {
  let total = 0;
  for (const seed of SEEDS.slice(0, 20)) {
    const net = roundTrip(randomNetlist(seed, 'FLOAT32'));
    const image = randomImage(seed, inputSize(net));
    for (const mode of ['zero-delay', 'pipelined'] as const) {
      const { ref, wasm, wasmSpikes } = runBoth(net, image, seed, mode);
      const where = `seed ${seed} ${mode}`;
      assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, where);
      assert.equal([...new Uint32Array(wasm.U.buffer)], [...new Uint32Array(ref.U.buffer)], `${where}: U bits`);
      assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${where}: stats`);
      total += ref.stats.totals.spikes;
    }
  }
  assert.ok(total > 500, `only ${total} spikes`);
});

test('a compiled U-Net (INT8, Loihi mapping and routes) agrees in both modes', () => {
  const arch = { base: 2, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0 };
  const r = compileCheckpoint({ checkpoint: makeCheckpoint(arch, 8, { T: 6 }), file: 'tiny.ckpt', sha256: '0'.repeat(64) }, builtinTarget('loihi'), { sampleLayers: 0, placementRounds: 1 });
  const net = decodeSimNetlist(r.bytes, 'tiny.netlist.pb');
  assert.ok(net.cores.length > 1, 'mapped onto several cores');
  for (const mode of ['zero-delay', 'pipelined'] as const) {
    const { ref, wasm, wasmSpikes } = runBoth(net, randomImage(2, 256), 77, mode);
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, mode);
    assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${mode}: stats`);
    assert.ok(wasm.stats.totals.messages > 0 && wasm.stats.totals.spikes > 0, mode);
  }
});

test('a T override shorter than the netlist T runs T steps (both simulators)', () => {
  const net = roundTrip(randomNetlist(1003, 'INT8'));
  const { ref, wasm, wasmSpikes } = runBoth(net, randomImage(5, inputSize(net)), 9, 'zero-delay', 3);
  assert.is(wasm.stats.totals.steps, 3);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
});

test.run();
