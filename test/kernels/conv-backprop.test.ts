// Conv2DBackpropInput / Conv2DBackpropFilter on wasm (hsnn's XNNPACK versions) against the tfjs cpu
// backend over strides 1-2, same/valid/explicit padding, 1×1/2×2/3×3 kernels and batch 1 and 26.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { setAsKernelsEnabled } from '../../models/backend/as-kernels.js';
import { compareBackends, randomTensor } from './compare.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case { b: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: Pad }

const cases: Case[] = [];
for (const k of [1, 2, 3]) {
  for (const s of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      cases.push({ b: 1, h: 7, w: 6, ci: 3, co: 5, k, s, pad });
      cases.push({ b: 26, h: 8, w: 6, ci: 2, co: 4, k, s, pad });
    }
  }
}
// The U-Net's own shapes (scaled down) and odd explicit pads that exercise the general fallback.
cases.push({ b: 3, h: 8, w: 6, ci: 16, co: 8, k: 3, s: 1, pad: 'same' });
// Wide enough (≥ 12 columns, ≥ 32 channels in, multiples of 8 out) for the AssemblyScript conv path.
cases.push({ b: 2, h: 5, w: 14, ci: 8, co: 32, k: 3, s: 1, pad: 'same' });
cases.push({ b: 1, h: 6, w: 15, ci: 16, co: 40, k: 3, s: 1, pad: 'valid' });
cases.push({ b: 2, h: 4, w: 13, ci: 32, co: 48, k: 3, s: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] });
cases.push({ b: 2, h: 5, w: 7, ci: 3, co: 2, k: 3, s: 2, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] });
cases.push({ b: 2, h: 6, w: 6, ci: 2, co: 3, k: 3, s: 1, pad: [[0, 0], [0, 2], [1, 0], [0, 0]] });

function outSize(c: Case): [number, number] {
  const info = tf.backend_util.computeConv2DInfo([c.b, c.h, c.w, c.ci], [c.k, c.k, c.ci, c.co], c.s, 1, c.pad);
  return [info.outHeight, info.outWidth];
}

const label = (c: Case): string => `b${c.b} ${c.h}×${c.w} ${c.ci}→${c.co} k${c.k} s${c.s} ${JSON.stringify(c.pad)}`;

type Build = (c: Case, n: number, ho: number, wo: number) => tf.Tensor;

/** Every case through one kernel on wasm vs cpu. */
async function check(what: string, build: Build): Promise<void> {
  for (const [n, c] of cases.entries()) {
    const [ho, wo] = outSize(c);
    const r = await compareBackends(() => build(c, n, ho, wo));
    assert.ok(r.shapesMatch, `${what} shape ${label(c)}`);
    assert.ok(r.relError < 1e-5, `${what} ${label(c)}: rel error ${r.relError}`);
  }
}

const inputGrad: Build = (c, n, ho, wo) => {
  const dy = randomTensor([c.b, ho, wo, c.co], 10 + n);
  const f = randomTensor([c.k, c.k, c.ci, c.co], 20 + n);
  const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: [c.b, c.h, c.w, c.ci] };
  return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: f }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
};

const filterGrad: Build = (c, n, ho, wo) => {
  const x = randomTensor([c.b, c.h, c.w, c.ci], 30 + n);
  const dy = randomTensor([c.b, ho, wo, c.co], 40 + n);
  const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [c.k, c.k, c.ci, c.co] };
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
};

/** Forward conv with in/out channels swapped, so the wide cases reach the AssemblyScript path too. */
const forward: Build = (c, n) => {
  const x = randomTensor([c.b, c.h, c.w, c.co], 50 + n);
  const f = randomTensor([c.k, c.k, c.co, c.ci], 60 + n);
  return tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.s, c.pad);
};

test('Conv2DBackpropInput matches cpu', () => check('dx', inputGrad));
test('Conv2DBackpropFilter matches cpu', () => check('dW', filterGrad));
test('Conv2D forward matches cpu', () => check('conv', forward));

test('with the AssemblyScript kernels off, the XNNPACK paths match cpu', async () => {
  setAsKernelsEnabled(false);
  try {
    await check('dx (xnnpack)', inputGrad);
    await check('dW (xnnpack)', filterGrad);
    await check('conv (xnnpack)', forward);
  } finally {
    setAsKernelsEnabled(true);
  }
});

test('conv2dTranspose 2×2 stride 2 (the U-Net up-conv) forward matches cpu', async () => {
  const r = await compareBackends(() => {
    const x = randomTensor([26, 4, 3, 8], 1);
    const w = randomTensor([2, 2, 4, 8], 2);
    return tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [26, 8, 6, 4], 2, 'same');
  });
  assert.ok(r.shapesMatch);
  assert.ok(r.relError < 1e-5, `rel error ${r.relError}`);
});

test.run();
