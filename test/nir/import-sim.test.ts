// Conformance on imported NIR graphs: the tiny graph the test writes and the shared cnn_sinabs.nir compile
// for generic and loihi, inspect (decode) to the same summary, and simulate on a seeded synthetic input
// with the WASM simulator agreeing with the TS reference on every spike, U and every counter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { decodeNetlist } from '../../proto/decode.js';
import { summariseNetlist } from '../../compiler/emit/summary.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { compileNirFile } from '../../nir/compile.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { randomImage } from '../sim/builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from '../sim/fixture.js';
import { CNN, TINY_EDGES, graphTree, hasFixtures, tinyNodes, tmp } from './helpers.js';

ensureWasm();

const withoutWall = (s: SimStats): Omit<SimStats, 'wallMs'> => {
  const { wallMs: _w, ...rest } = s;
  return rest;
};

async function conformance(file: string, target: string, minSpikes: number): Promise<void> {
  const r = await compileNirFile(file, builtinTarget(target), { placementRounds: 1 }, { reset: 'subtract', timesteps: 8 });
  // Units are float32 in the file and float64 at compile time, so compare what does not depend on them.
  const { quantisation: _a, ...back } = summariseNetlist(decodeNetlist(r.bytes, file));
  const { quantisation: _b, ...compiled } = r.summary;
  assert.equal(back, compiled, 'inspect reads back the compile summary');
  const net = decodeSimNetlist(r.bytes, file);
  const input = net.populations[0];
  assert.ok(input && net.cores.length > 1, 'mapped onto several cores');
  const image = randomImage(5, input.C * input.H * input.W);
  for (const mode of ['zero-delay', 'pipelined'] as const) {
    const { ref, wasm, wasmSpikes } = runBoth(net, image, 99, mode);
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${target} ${mode}`);
    assert.equal([...wasm.U], [...ref.U], `${target} ${mode}: U`);
    assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${target} ${mode}: stats`);
    const hidden = ref.stats.populations.slice(1).map((p) => p.spikes);
    assert.ok(hidden.every((s) => s > 0), `${target} ${mode}: every population spikes (${hidden.join(', ')})`);
    assert.ok(wasm.stats.totals.spikes >= minSpikes, `${target} ${mode}: ${wasm.stats.totals.spikes} spikes`);
  }
}

test('a tiny NIR graph written by the test compiles and simulates identically in WASM and the reference', async () => {
  const file = join(tmp(), 'tiny.nir');
  await writeHdf5(file, graphTree(tinyNodes(), TINY_EDGES));
  for (const target of ['generic', 'loihi']) await conformance(file, target, 50);
});

(hasFixtures ? test : test.skip)('cnn_sinabs.nir compiles for generic and loihi; WASM == reference on a synthetic input', async () => {
  for (const target of ['generic', 'loihi']) await conformance(CNN, target, 1000);
});

test.run();
