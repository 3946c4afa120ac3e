// LIF through NIR: the per-population leak in both simulators. A hand-worked single neuron (forward Euler,
// dt/τ = 0.4, integer and float netlists), a leaky tiny CNN where WASM must equal the reference exactly on
// integer state, and lif_norse.nir with the discretisation chosen by --dt.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { builtinTarget } from '../../compiler/targets/index.js';
import { compileNirFile } from '../../nir/compile.js';
import { exportNir, modelGraph } from '../../nir/export.js';
import { readNir } from '../../nir/read.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { randomImage } from '../sim/builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from '../sim/fixture.js';
import { LIF, TINY_EDGES, f32, graphTree, hasFixtures, i64, str, tinyNodes, tmp } from './helpers.js';

ensureWasm();
const OPTS = { sampleLayers: 0, placementRounds: 1 } as const;

/** input [1] → Affine 1×1 (w = 1) → LIF τ = 2.5 ms, r = 1, v_th = 0.9, reset to 0 → output. */
async function singleNeuron(): Promise<string> {
  const file = join(tmp(), 'one.nir');
  await writeHdf5(file, graphTree({
    input: { type: str('Input'), shape: i64([1], [1]) },
    fc: { type: str('Affine'), weight: f32([1, 1], [1]), bias: f32([1], [0]) },
    lif: { type: str('LIF'), tau: f32([1], [0.0025]), r: f32([1], [1]), v_leak: f32([1], [0]), v_threshold: f32([1], [0.9]), v_reset: f32([1], [0]) },
    output: { type: str('Output'), shape: i64([1], [1]) },
  }, [['input', 'fc'], ['fc', 'lif'], ['lif', 'output']]));
  return file;
}

test('hand-worked LIF: u ← 0.6·u + 0.4 fires at steps 4, 9, 14 (IF would fire every 3rd), int8 and float32, both simulators', async () => {
  const file = await singleNeuron();
  // Float: u = 0.4, 0.64, 0.784, 0.8704, 0.92224 > 0.9 → fire at t = 4, reset, repeat. Integer (unit 0.4/127,
  // v_q = 286, multiplier 4096 − 1638 = 2458): u_q = 127, 203, 248, 275, 292 > 286 → the same steps.
  for (const quantize of ['int8', 'float32'] as const) {
    const r = await compileNirFile(file, builtinTarget('generic'), { ...OPTS, quantize }, { reset: 'auto', timesteps: 15, dt: 1e-3 });
    const pop = r.netlist.populations[1];
    assert.is(pop?.decayQ, 1638, 'decay_q = round(0.4 · 4096)');
    const net = decodeSimNetlist(r.bytes, 'one');
    const { ref, wasmSpikes } = runBoth(net, Float32Array.of(1), 1, 'zero-delay');
    const fired = ref.spikes.flatMap((s, t) => ((s[1]?.length ?? 0) > 0 ? [t] : []));
    assert.equal(fired, [4, 9, 14], `${quantize}: spike steps`);
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${quantize}: WASM == reference`);
  }
});

test('a leaky tiny CNN (LIF populations): WASM equals the reference on every spike, U and counter (int8 on loihi, int16 on generic)', async () => {
  const nodes = tinyNodes();
  const leaky = (shape: number[], v: number): Record<string, ReturnType<typeof f32>> => {
    const n = shape.reduce((a, b) => a * b, 1), fill = (x: number): ReturnType<typeof f32> => f32(shape, new Array(n).fill(x));
    return { type: str('LIF'), tau: fill(0.004), r: fill(1.5), v_leak: fill(0), v_threshold: fill(v), v_reset: fill(0) } as Record<string, ReturnType<typeof f32>>;
  };
  nodes.if1 = leaky([4, 8, 8], 0.3);
  nodes.if2 = leaky([5], 0.4);
  const file = join(tmp(), 'leaky.nir');
  await writeHdf5(file, graphTree(nodes, TINY_EDGES));
  for (const [quantize, target] of [['int8', 'loihi'], ['int16', 'generic']] as const) {
    const r = await compileNirFile(file, builtinTarget(target), { ...OPTS, quantize }, { reset: 'subtract', timesteps: 12, dt: 1e-3 });
    const net = decodeSimNetlist(r.bytes, 'leaky');
    assert.ok(net.populations.slice(1).every((p) => p.leak === 4096 - 1024), 'multiplier 4096 − round(0.25 · 4096)');
    for (const mode of ['zero-delay', 'pipelined'] as const) {
      const { ref, wasm, wasmSpikes } = runBoth(net, randomImage(3, 128), 21, mode);
      assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${quantize} ${mode}`);
      assert.equal([...wasm.U], [...ref.U], `${quantize} ${mode}: U`);
      assert.equal({ ...wasm.stats, wallMs: 0 }, { ...ref.stats, wallMs: 0 }, `${quantize} ${mode}: stats`);
      assert.ok(ref.stats.populations.slice(1).every((p) => p.spikes > 0), `${quantize} ${mode}: every population spikes`);
    }
  }
});

test('a leaky network exports as official LIF nodes and re-imports bit-exact (decay, thresholds, weights)', async () => {
  const nodes = tinyNodes();
  const n = 4 * 8 * 8, fill = (x: number): ReturnType<typeof f32> => f32([4, 8, 8], new Array(n).fill(x));
  nodes.if1 = { type: str('LIF'), tau: fill(0.003), r: fill(1.25), v_leak: fill(0), v_threshold: fill(0.3), v_reset: fill(0) };
  const file = join(tmp(), 'leaky.nir'), again = join(tmp(), 'again.nir');
  await writeHdf5(file, graphTree(nodes, TINY_EDGES));
  const opts = { reset: 'subtract', dt: 1e-3 } as const;
  const first = (await modelGraph(file, opts)).graph;
  await exportNir(file, again, { portable: true, nir: opts });
  const { graph: nir } = await readNir(again);
  assert.is(nir.nodes.get('if1')?.type, 'LIF');
  const second = (await modelGraph(again, { reset: 'auto', dt: 0.5 })).graph;
  assert.equal(second.nodes, first.nodes, 'decay δ = dt/τ and thresholds survive (the file\'s own decay wins over --dt)');
  assert.equal(second.edges.map((e) => [...e.weights]), first.edges.map((e) => [...e.weights]), 'weights (× r·dt/τ once, not twice)');
});

(hasFixtures ? test : test.skip)('lif_norse.nir: --dt sets the decay dt/τ; it compiles and both simulators agree', async () => {
  for (const [dt, q] of [[1e-3, 1638], [2e-3, 3277]] as const) {
    const r = await compileNirFile(LIF, builtinTarget('generic'), OPTS, { reset: 'auto', dt });
    assert.is(r.netlist.populations[1]?.decayQ, q, `dt ${dt}`);
    const net = decodeSimNetlist(r.bytes, 'lif_norse');
    const { ref, wasm, wasmSpikes } = runBoth(net, Float32Array.of(0.7), 5, 'zero-delay');
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
    assert.equal([...wasm.U], [...ref.U]);
    assert.ok(ref.stats.totals.spikes > 0);
  }
});

test.run();
