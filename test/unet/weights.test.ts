// Seeded He-normal init, checkpoint round trip and validation, optimizer stripping, and seeded dropout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { initBackend } from '../../models/backend/select.js';
import { DEFAULT_ARCH, unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { heStd, initWeights, weightsFromCheckpoint, weightsToTensorData, disposeWeights } from '../../models/unet/weights.js';
import { loadCheckpoint, saveCheckpoint } from '../../formats/checkpoint.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { loadAnn, stripOptimizer } from '../../models/unet/ann-checkpoint.js';
import { annForward, dropoutMask } from '../../models/unet/ann.js';

const tiny: UNetArch = { base: 4, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0.5 };
let dir = '';

test.before(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'hsnn-unet-w-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('init is deterministic per seed and has He std', () => {
  const a = initWeights(DEFAULT_ARCH, 3);
  const b = initWeights(DEFAULT_ARCH, 3);
  const c = initWeights(DEFAULT_ARCH, 4);
  assert.equal([...a.keys()], unetLayers(DEFAULT_ARCH).map((l) => l.name));
  const mid = a.get('mid.conv2') as tf.Tensor;
  assert.equal(Array.from(mid.dataSync()), Array.from((b.get('mid.conv2') as tf.Tensor).dataSync()));
  assert.not.equal(Array.from(mid.dataSync().slice(0, 8)), Array.from((c.get('mid.conv2') as tf.Tensor).dataSync().slice(0, 8)));
  const layer = unetLayers(DEFAULT_ARCH).find((l) => l.name === 'mid.conv2');
  const v = mid.dataSync() as Float32Array;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  assert.ok(layer && Math.abs(std / heStd(layer) - 1) < 0.01, `std ${std} vs He ${layer ? heStd(layer) : '?'}`);
  assert.ok(Math.abs(mean) < 0.01 * std);
  [a, b, c].forEach(disposeWeights);
});

test('checkpoint round trip keeps every weight; a missing layer is a coded error', () => {
  const w = initWeights(tiny, 1);
  const file = join(dir, 'w.ckpt');
  const tensors = weightsToTensorData(w);
  saveCheckpoint(file, { kind: 'ann', arch: tiny, preprocess: DEFAULT_PREPROCESS, training: {} }, tensors);
  const back = weightsFromCheckpoint(loadCheckpoint(file), file);
  for (const [name, t] of w) assert.equal(Array.from((back.get(name) as tf.Tensor).dataSync()), Array.from(t.dataSync()), name);
  tensors.delete('dec0.up');
  saveCheckpoint(file, { kind: 'ann', arch: tiny, preprocess: DEFAULT_PREPROCESS, training: {} }, tensors);
  assert.throws(() => loadAnn(file), /HSNN1201.*w\.ckpt.*dec0\.up/);
  disposeWeights(w);
  disposeWeights(back);
});

test('stripOptimizer drops opt/ tensors and keeps the model', () => {
  const w = initWeights(tiny, 1);
  const tensors = weightsToTensorData(w);
  tensors.set('opt/step', { shape: [1], data: Float32Array.of(7) });
  const full = join(dir, 'full.ckpt');
  const pub = join(dir, 'pub.ckpt');
  saveCheckpoint(full, { kind: 'ann', arch: tiny, preprocess: DEFAULT_PREPROCESS, training: { fold: 0 } }, tensors);
  stripOptimizer(full, pub);
  const c = loadCheckpoint(pub);
  assert.equal(c.header.tensors.map((e) => e.name), [...w.keys()]);
  assert.is(c.header.training.optimizerStripped, true);
  assert.is(c.header.training.fold, 0);
  disposeWeights(w);
});

test('dropout: seeded, inverted (mean kept), training only', () => {
  const m = dropoutMask([1000, 10], 0.25, 9).dataSync();
  const zeros = m.filter((x) => x === 0).length / m.length;
  assert.ok(Math.abs(zeros - 0.25) < 0.02, `drop fraction ${zeros}`);
  assert.ok(m.every((x) => x === 0 || Math.abs(x - 1 / 0.75) < 1e-6));
  const w = initWeights(tiny, 2);
  const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  const run = (training: boolean, seed?: number): Float32Array => tf.tidy(() => annForward(tiny, w, x, { training, ...(seed === undefined ? {} : { seed }) }).dataSync() as Float32Array);
  assert.equal(Array.from(run(true, 1)), Array.from(run(true, 1)));
  assert.not.equal(Array.from(run(true, 1)), Array.from(run(true, 2)));
  assert.equal(Array.from(run(false)), Array.from(run(false, 1)));
  assert.not.equal(Array.from(run(true, 1)), Array.from(run(false)));
  disposeWeights(w);
  x.dispose();
});

test.run();
