// End to end across folders: a tiny random SNN checkpoint compiled to a FLOAT32 netlist (avg-pool lowering,
// concat split, transposed-conv layout) and simulated in wasm must reproduce the tfjs SNN of models/snn
// (zero-delay semantics): the same spikes per layer and the same readout, up to float summation order.
// The direct-input case builds the tfjs SNN from the models/snn pieces (the slice repeated at every step
// into the shared U-Net graph, IF layers, integrator readout), which is SEMANTICS.md's definition.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { readout as readoutLogits, snnLogits } from '../../models/snn/network.js';
import { ifLayer } from '../../models/snn/if-neuron.js';
import { unetForward } from '../../models/unet/forward.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { weightsFromCheckpoint } from '../../models/unet/weights.js';
import { unetLayers } from '../../formats/unet-arch.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { compileCheckpoint } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { loadSimulator, simulateSlice } from '../../runtime-wasm/host/simulator.js';
import { makeCheckpoint } from '../compiler/helpers.js';
import { randomImage } from './builders.js';
import { ensureWasm } from './fixture.js';

ensureWasm();

const ARCH: UNetArch = { base: 2, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0 };
const T = 8;

test('FLOAT32 netlist in wasm = tfjs SNN: spikes per layer and readout U', async () => {
  await initBackend(); // whatever the suite uses; never force a backend other test files would inherit
  const thresholds = Object.fromEntries(unetLayers(ARCH).filter((l) => l.spiking).map((l) => [l.name, 0.6]));
  const ckpt = makeCheckpoint(ARCH, 11, { T, thresholds });
  const snn = ckpt.header.snn;
  assert.ok(snn);
  const net = decodeSimNetlist(compileCheckpoint({ checkpoint: ckpt, file: 'tiny.ckpt', sha256: '0'.repeat(64) }, builtinTarget('generic'), { quantize: 'float32', sampleLayers: 0, placementRounds: 0 }).bytes, 'tiny');
  const image = randomImage(4, ARCH.height * ARCH.width);
  const sim = simulateSlice(loadSimulator(net), image, sliceSeed(net.seed, 0), { T });

  const counts = new Map<string, number>();
  const weights = weightsFromCheckpoint(ckpt, 'tiny.ckpt');
  const logits = tf.tidy(() => snnLogits(ARCH, weights, { thresholds: snn.thresholds, u0Fraction: snn.u0Fraction, readoutScale: snn.readoutScale },
    tf.tensor4d(image, [1, ARCH.height, ARCH.width, 1]), { T, seed: net.seed, sliceIds: [0], onCounts: (l, c) => counts.set(l.name, c.spikes) }));
  const U = Float32Array.from(logits.dataSync(), (z) => (z * T) / snn.readoutScale);
  tf.dispose([logits, ...weights.values()]);

  let total = 0, diff = 0;
  for (const p of sim.stats.populations) {
    if (p.kind !== 'if') continue;
    const ref = counts.get(p.name);
    assert.ok(ref !== undefined, `tfjs has no layer ${p.name}`);
    total += ref;
    diff += Math.abs(ref - p.spikes);
  }
  assert.ok(total > 200, `only ${total} spikes`);
  assert.ok(diff <= 0.002 * total, `${diff} of ${total} spikes differ between wasm and tfjs`);
  const scale = Math.max(1, ...U.map(Math.abs));
  const maxErr = Math.max(...U.map((u, i) => Math.abs(u - (sim.U[i] ?? 0))));
  assert.ok(maxErr <= 1e-4 * scale, `readout differs by ${maxErr} (scale ${scale})`);
});

/** tfjs direct-input SNN: every step sees the analog slice, so enc0.conv1 gets conv(x) at every t. */
function directLogits(ckpt: ReturnType<typeof makeCheckpoint>, image: Float32Array, counts: Map<string, number>): Float32Array {
  const snn = ckpt.header.snn;
  assert.ok(snn);
  const weights = weightsFromCheckpoint(ckpt, 'direct.ckpt');
  const logits = tf.tidy(() => {
    const x = tf.tile(tf.tensor4d(image, [1, ARCH.height, ARCH.width, 1]), [T, 1, 1, 1]) as tf.Tensor4D;
    const act = (pre: tf.Tensor4D, layer: (typeof ARCH_LAYERS)[number]): tf.Tensor4D =>
      ifLayer(pre, { T, v: snn.thresholds[layer.name] as number, u0Fraction: snn.u0Fraction, onCounts: (c) => counts.set(layer.name, c.spikes) });
    return readoutLogits(unetForward(ARCH, weights, x, act), T, snn.readoutScale);
  });
  const U = Float32Array.from(logits.dataSync(), (z) => (z * T) / snn.readoutScale);
  tf.dispose([logits, ...weights.values()]);
  return U;
}

const ARCH_LAYERS = unetLayers(ARCH);

test('direct input: FLOAT32 netlist in wasm = tfjs SNN with the slice as a current every step', async () => {
  await initBackend();
  const thresholds = Object.fromEntries(ARCH_LAYERS.filter((l) => l.spiking).map((l) => [l.name, 0.6]));
  const ckpt = makeCheckpoint(ARCH, 11, { T, thresholds, encoding: 'direct' });
  const r = compileCheckpoint({ checkpoint: ckpt, file: 'direct.ckpt', sha256: '0'.repeat(64) }, builtinTarget('loihi2'), { quantize: 'float32', sampleLayers: 0, placementRounds: 0 });
  const net = decodeSimNetlist(r.bytes, 'direct');
  assert.is(net.encoding, 'direct');
  const image = randomImage(4, ARCH.height * ARCH.width);
  const sim = simulateSlice(loadSimulator(net), image, sliceSeed(net.seed, 0), { T });
  const counts = new Map<string, number>();
  const U = directLogits(ckpt, image, counts);
  let total = 0, diff = 0;
  for (const p of sim.stats.populations) {
    if (p.kind !== 'if') continue;
    const ref = counts.get(p.name);
    assert.ok(ref !== undefined, `tfjs has no layer ${p.name}`);
    total += ref;
    diff += Math.abs(ref - p.spikes);
  }
  assert.ok(total > 200, `only ${total} spikes`);
  assert.ok(diff <= 0.002 * total, `${diff} of ${total} spikes differ between wasm and tfjs`);
  const scale = Math.max(1, ...U.map(Math.abs));
  const maxErr = Math.max(...U.map((u, i) => Math.abs(u - (sim.U[i] ?? 0))));
  assert.ok(maxErr <= 1e-4 * scale, `readout differs by ${maxErr} (scale ${scale})`);
  assert.is(sim.stats.totals.inputSpikes, 0);
  assert.ok(sim.stats.inputMacs > 0);
});

test.run();
