// Fine-tuning works: a small ANN fitted to phantom slices is converted, its thresholds are then set
// deliberately wrong (×1.5, so at T = 16 the deep layers barely fire and the masks vanish), and BPTT with
// the default surrogate brings the SNN's hard Dice back up at the same T and seed. Runs on wasm (the cpu
// backend's conv gradients take minutes here).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { generatePhantoms } from '../../data/phantom.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { annForward } from '../../models/unet/ann.js';
import { Adam } from '../../models/unet/adam.js';
import { diceLossFromLogits } from '../../models/unet/losses.js';
import { initWeights, weightsToTensorData, toVariables, type ParamMap } from '../../models/unet/weights.js';
import type { WeightMap } from '../../models/unet/forward.js';
import { balanceThresholds } from '../../models/snn/balance.js';
import { snnLogits, type SnnParams } from '../../models/snn/network.js';
import { snnInfer } from '../../models/snn/stream.js';
import { DEFAULT_SURROGATE } from '../../models/snn/if-neuron.js';

const cfg = { axis: 0 as const, height: 32, width: 24, clipPercentiles: [0.5, 99.5] as const };
const data = generatePhantoms({ count: 3, seed: 5, shape: [12, 36, 28] }, cfg);
const hw = 32 * 24;
const fg = Array.from({ length: data.n }, (_, i) => i).filter((i) => data.masks.subarray(i * hw, (i + 1) * hw).some((m) => m > 0)).slice(0, 12);
const arch: UNetArch = { base: 4, depth: 1, inChannels: 1, height: 32, width: 24, dropout: 0 };
let x: tf.Tensor4D;
let y: tf.Tensor4D;

test.before(async () => {
  await initBackend('wasm');
  x = tf.tensor4d(Float32Array.from(fg.flatMap((s) => [...data.images.subarray(s * hw, (s + 1) * hw)])), [fg.length, 32, 24, 1]);
  y = tf.tensor4d(Float32Array.from(fg.flatMap((s) => [...data.masks.subarray(s * hw, (s + 1) * hw)])), [fg.length, 32, 24, 1]);
});

test.after(() => { tf.dispose([x, y]); });

function hardDice(logits: tf.Tensor): number {
  const p = logits.dataSync();
  const g = y.dataSync();
  let inter = 0;
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = (p[i] as number) > 0 ? 1 : 0;
    inter += a * (g[i] as number);
    sum += a + (g[i] as number);
  }
  return sum === 0 ? 1 : (2 * inter) / sum;
}

function fit(params: ParamMap, steps: number, lr: number, loss: (w: WeightMap, step: number) => tf.Scalar): void {
  const adam = new Adam(params);
  const names = [...params.keys()];
  for (let k = 0; k < steps; k++) {
    const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => loss(new Map(names.map((n, i) => [n, ws[i] as tf.Tensor4D])), k))(names.map((n) => params.get(n) as tf.Variable));
    adam.apply(params, new Map(names.map((n, i) => [n, grads[i] as tf.Tensor])), lr);
    tf.dispose([value, ...grads]);
  }
  adam.dispose();
}

test('fine-tuning raises the Dice of a mis-thresholded converted SNN', () => {
  const annParams = initWeights(arch, 3);
  fit(annParams, 80, 1e-2, (w) => diceLossFromLogits(annForward(arch, w, x, { training: false }), y));
  const annDice = hardDice(tf.tidy(() => annForward(arch, annParams, x, { training: false })));
  const annData = new Map([...weightsToTensorData(annParams)].map(([k, v]) => [k, v.data]));
  const conv = balanceThresholds(arch, annData, { images: x.dataSync() as Float32Array, n: fg.length, height: 32, width: 24, sliceIds: fg }, {
    method: 'p99.9', stat: 'ann', perBranch: true, u0Fraction: 0, T: 16, seed: 1, chunkImages: 512,
  });
  const wrong: SnnParams = { thresholds: Object.fromEntries(Object.entries(conv.thresholds).map(([k, v]) => [k, v * 1.5])), u0Fraction: 0, readoutScale: conv.readoutScale };
  const snnParams = toVariables(new Map([...conv.weights].map(([k, v]) => [k, tf.tensor4d(v.data, v.shape as [number, number, number, number])])));
  const T = 16;
  const score = (): number => {
    const l = snnInfer(arch, snnParams, wrong, x, { T, seed: 99, sliceIds: fg });
    const d = hardDice(l);
    l.dispose();
    return d;
  };
  const before = score();
  fit(snnParams, 25, 1e-2, (w, k) => diceLossFromLogits(snnLogits(arch, w, wrong, x, { T, seed: 1000 + k, sliceIds: fg, surrogate: DEFAULT_SURROGATE }), y));
  const after = score();
  assert.ok(annDice > 0.5, `the ANN must have learnt the phantoms (Dice ${annDice.toFixed(3)})`);
  assert.ok(after > before + 0.3 && after > 0.5, `Dice ${before.toFixed(3)} → ${after.toFixed(3)} (ANN ${annDice.toFixed(3)})`);
  tf.dispose([...annParams.values(), ...snnParams.values()]);
});

test.run();
