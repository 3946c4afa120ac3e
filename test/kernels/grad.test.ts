// End-to-end gradient checks on wasm vs the cpu backend: tf.grad through conv2d, conv2dTranspose and
// avgPool, and the full U-Net loss gradient for every weight of a small network. Also checks that
// initBackend really installs hsnn's kernels (and the AssemblyScript ones when they are built).
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { asKernels, KERNELS_WASM } from '../../models/backend/as-kernels.js';
import { initBackend } from '../../models/backend/select.js';
import { TRAINING_KERNELS } from '../../models/backend/training-kernels.js';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { unetForward } from '../../models/unet/forward.js';
import { compareBackends, randomTensor } from './compare.js';

test('initBackend("wasm") installs the training kernels', async () => {
  await initBackend('wasm');
  for (const name of [tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter, tf.Concat, tf.SplitV, tf.AvgPoolGrad, tf.Identity]) {
    assert.ok(TRAINING_KERNELS.includes(name), `${name} is one of hsnn's kernels`);
    assert.ok(tf.getKernel(name, 'wasm'), `${name} registered on wasm`);
  }
  await tf.setBackend('wasm');
  const k = asKernels(tf.backend() as BackendWasm);
  if (existsSync(KERNELS_WASM)) assert.ok(k, 'kernels.wasm is built, so it must be loaded on the wasm heap');
  else console.log(`note: ${KERNELS_WASM} not built (npm run build); XNNPACK fallbacks tested only`);
});

test('tf.grad through conv2d / conv2dTranspose / avgPool matches cpu', async () => {
  const r = await compareBackends(() => {
    const x = randomTensor([3, 8, 6, 4], 1) as tf.Tensor4D;
    const w1 = randomTensor([3, 3, 4, 8], 2) as tf.Tensor4D;
    const w2 = randomTensor([2, 2, 4, 8], 3) as tf.Tensor4D;
    const w3 = randomTensor([1, 1, 8, 2], 4) as tf.Tensor4D;
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor): tf.Scalar => {
      const h = tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'));
      const p = tf.avgPool(h, 2, 2, 'valid');
      const u = tf.conv2dTranspose(p, c as tf.Tensor4D, [3, 8, 6, 4], 2, 'same');
      const v = tf.conv2d(tf.concat([u, a], 3) as tf.Tensor4D, tf.concat([b, b], 2) as tf.Tensor4D, 1, 'same');
      return tf.sum(tf.square(tf.conv2d(v, d as tf.Tensor4D, 1, 'valid')));
    };
    return tf.grads(f)([x, w1, w2, w3]);
  });
  assert.ok(r.shapesMatch);
  assert.ok(r.relError < 1e-4, `rel error ${r.relError}`);
});

test('U-Net BCE loss gradients match cpu for every weight (base 4, depth 2, batch 3)', async () => {
  const arch: UNetArch = { base: 4, depth: 2, inChannels: 1, height: 16, width: 12, dropout: 0 };
  const layers = unetLayers(arch);
  const r = await compareBackends(() => {
    const x = tf.abs(randomTensor([3, 16, 12, 1], 9)) as tf.Tensor4D;
    const y = tf.cast(tf.greater(randomTensor([3, 16, 12, 1], 10), 0), 'float32');
    const ws = layers.map((l, i) => tf.mul(randomTensor([...l.weightShape], 100 + i), 0.5) as tf.Tensor4D);
    const loss = (...w: tf.Tensor[]): tf.Scalar => {
      const map = new Map(layers.map((l, i) => [l.name, w[i] as tf.Tensor4D]));
      return tf.losses.sigmoidCrossEntropy(y, unetForward(arch, map, x, (c) => tf.relu(c))) as tf.Scalar;
    };
    return tf.grads(loss)(ws);
  });
  assert.ok(r.shapesMatch);
  assert.ok(r.relError < 1e-4, `rel error ${r.relError}`);
});

test.run();
