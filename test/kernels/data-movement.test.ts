// Identity, Concat, SplitV and AvgPoolGrad on wasm (hsnn's copy kernels) against the tfjs cpu backend,
// along every axis and with odd channel counts, plus the tf.grad paths that use them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { compareBackends, randomTensor } from './compare.js';

const ok = (r: { relError: number; shapesMatch: boolean }, what: string): void => {
  assert.ok(r.shapesMatch, `${what}: shapes differ`);
  assert.ok(r.relError < 1e-6, `${what}: rel error ${r.relError}`);
};

test('concat along every axis of rank-4 tensors matches cpu', async () => {
  for (const axis of [0, 1, 2, 3, -1]) {
    const r = await compareBackends(() => {
      const shapes = [[2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]].map((s, k) => s.map((d, i) => (i === (axis + 4) % 4 ? d + k : d)));
      return tf.concat(shapes.map((s, k) => randomTensor(s, axis * 10 + k)), axis);
    });
    ok(r, `concat axis ${axis}`);
  }
  ok(await compareBackends(() => tf.concat([randomTensor([26, 8, 6, 16], 1), randomTensor([26, 8, 6, 16], 2)], 3)), 'U-Net skip concat');
});

test('split (SplitV) along every axis matches cpu', async () => {
  for (const axis of [0, 1, 2, 3]) {
    const shape = [4, 6, 5, 7];
    ok(await compareBackends(() => tf.split(randomTensor(shape, axis), [1, (shape[axis] as number) - 1], axis)), `split axis ${axis}`);
  }
  ok(await compareBackends(() => tf.split(randomTensor([3, 4, 6, 7], 5), [2, 0, 5], 3)), 'split with an empty part');
});

test('identity shares data yet tensors stay independent', async () => {
  const r = await compareBackends(() => {
    const v = tf.variable(randomTensor([3, 4], 1));
    const c = tf.clone(v);
    v.assign(tf.zerosLike(v));
    const out = [tf.add(c, 0), tf.add(v, 0)];
    v.dispose();
    c.dispose();
    return out;
  });
  ok(r, 'clone survives assign');
});

test('AvgPoolGrad matches cpu (2×2 and 3×3, odd sizes, same/valid, fallback cases)', async () => {
  const cases: [number[], number, number, 'valid' | 'same'][] = [
    [[26, 8, 6, 16], 2, 2, 'valid'], [[2, 7, 5, 3], 2, 2, 'valid'], [[2, 9, 9, 5], 3, 3, 'valid'],
    [[2, 7, 5, 3], 2, 2, 'same'], [[2, 6, 6, 4], 3, 1, 'same'],
  ];
  for (const [shape, k, s, pad] of cases) {
    const r = await compareBackends(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(x as tf.Tensor4D, k, s, pad), 1.5)))(randomTensor(shape, k)));
    ok(r, `avgPool grad ${shape} k${k} s${s} ${pad}`);
  }
});

test.run();
