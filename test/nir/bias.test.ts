// Bias through NIR: a Conv2d/Affine bias is a constant current per channel added every step (netlist
// Population.bias / bias_q) in both simulators. A hand-worked neuron, a biased tiny CNN where WASM equals
// the reference exactly on integer state, and a bit-exact NIR → hsnn → NIR → hsnn round trip of the biases.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { builtinTarget } from '../../compiler/targets/index.js';
import { compileNirFile } from '../../nir/compile.js';
import { exportNir, modelGraph } from '../../nir/export.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { randomImage } from '../sim/builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from '../sim/fixture.js';
import { TINY_EDGES, f32, graphTree, i64, seeded, str, tinyNodes, tmp, type NodeSpec } from './helpers.js';

ensureWasm();
const OPTS = { sampleLayers: 0, placementRounds: 1 } as const;

test('hand-worked bias: u += 0.25 per step with no input spikes fires at steps 3, 7, 11 (int8 and float32, both simulators)', async () => {
  const file = join(tmp(), 'bias.nir');
  await writeHdf5(file, graphTree({
    input: { type: str('Input'), shape: i64([1], [1]) },
    fc: { type: str('Affine'), weight: f32([1, 1], [1]), bias: f32([1], [0.25]) },
    if1: { type: str('IF'), r: f32([1], [1]), v_threshold: f32([1], [0.9]), v_reset: f32([1], [0]) },
    output: { type: str('Output'), shape: i64([1], [1]) },
  }, [['input', 'fc'], ['fc', 'if1'], ['if1', 'output']]));
  // Integer: unit 1/127, bias_q = round(31.75) = 32, v_q = round(114.3) = 114: u_q = 32, 64, 96, 128 > 114.
  for (const quantize of ['int8', 'float32'] as const) {
    const r = await compileNirFile(file, builtinTarget('generic'), { ...OPTS, quantize }, { reset: 'auto', timesteps: 12 });
    const pop = r.netlist.populations[1];
    assert.equal(quantize === 'int8' ? [...(pop?.biasQ ?? [])] : [...(pop?.bias ?? [])], [quantize === 'int8' ? 32 : 0.25]);
    const { ref, wasmSpikes } = runBoth(decodeSimNetlist(r.bytes, 'bias'), Float32Array.of(0), 1, 'zero-delay');
    assert.equal(ref.spikes.flatMap((s, t) => ((s[1]?.length ?? 0) > 0 ? [t] : [])), [3, 7, 11], quantize);
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${quantize}: WASM == reference`);
  }
});

function biasedFile(): Record<string, NodeSpec> {
  const nodes = tinyNodes();
  (nodes.conv as NodeSpec).bias = f32([4], seeded(4, 5, 0.2));
  (nodes.fc as NodeSpec).bias = f32([5], seeded(5, 6, 0.1));
  return nodes;
}

test('a biased tiny CNN: WASM equals the reference on every spike, U and counter (int8 on loihi, int16)', async () => {
  const file = join(tmp(), 'biased.nir');
  await writeHdf5(file, graphTree(biasedFile(), TINY_EDGES));
  for (const [quantize, target] of [['int8', 'loihi'], ['int16', 'generic']] as const) {
    const r = await compileNirFile(file, builtinTarget(target), { ...OPTS, quantize }, { reset: 'subtract', timesteps: 10 });
    const net = decodeSimNetlist(r.bytes, 'biased');
    assert.ok(net.populations.slice(1).every((p) => p.bias?.length === p.C), 'both populations carry a bias');
    for (const mode of ['zero-delay', 'pipelined'] as const) {
      const { ref, wasm, wasmSpikes } = runBoth(net, randomImage(8, 128), 13, mode);
      assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${quantize} ${mode}`);
      assert.equal([...wasm.U], [...ref.U], `${quantize} ${mode}: U`);
      assert.equal({ ...wasm.stats, wallMs: 0 }, { ...ref.stats, wallMs: 0 }, `${quantize} ${mode}: stats`);
    }
  }
});

test('biases survive NIR → hsnn → NIR → hsnn bit-exact', async () => {
  const file = join(tmp(), 'biased.nir'), again = join(tmp(), 'again.nir');
  await writeHdf5(file, graphTree(biasedFile(), TINY_EDGES));
  const first = (await modelGraph(file, { reset: 'subtract' })).graph;
  await exportNir(file, again, { portable: true, nir: { reset: 'subtract' } });
  const second = (await modelGraph(again, { reset: 'auto' })).graph;
  assert.equal(second.nodes, first.nodes, 'populations with their biases');
  assert.ok(first.nodes.some((n) => (n.kind === 'if') && n.bias !== undefined), 'the import attached the biases');
});

test.run();
