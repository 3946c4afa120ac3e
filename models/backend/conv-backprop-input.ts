// Conv2DBackpropInput for tfjs-wasm without the stock naive loop. It is both the input gradient of
// every conv2d and the forward of conv2dTranspose (the U-Net's 2×2 stride-2 up-convolution).
//   stride 1, pad ≤ k-1      → one stride-1 conv (conv-forward.ts) of dy with the filter rotated 180°, in/out swapped
//   stride = kernel, no pad  → matmul dy[B·h·w, co] × W[co, kh·kw·ci], then depth-to-space
//   anything else            → zero-insert + pad dy on the heap, then the stride-1 conv (always correct)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dStride1 } from './conv-forward.js';
import { free, heap, matmul2d, reshape, shape4, transpose, type Info, type Shape4 } from './wasm-call.js';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: Shape4;
}

/** F'[a, b, o, i] = F[kh-1-a, kw-1-b, i, o]: the filter that turns a conv's input gradient into a forward conv. */
export function rotatedFilter(backend: BackendWasm, filter: Info): Info {
  const [kh, kw, ci, co] = shape4(filter, 'filter');
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const src = heap(backend, filter);
  const dst = heap(backend, out);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const s0 = ((kh - 1 - a) * kw + (kw - 1 - b)) * ci * co;
      const d0 = (a * kw + b) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) dst[d0 + o * ci + i] = src[s0 + i * co + o] as number;
    }
  }
  return out;
}

/** Stride = kernel size, no padding: every dx pixel gets exactly one tap, so it is one matmul + depth-to-space. */
function nonOverlapping(backend: BackendWasm, dy: Info, filter: Info, outShape: Shape4): Info {
  const [b, ho, wo, co] = shape4(dy, 'dy');
  const [kh, kw, ci] = shape4(filter, 'filter');
  const w2 = reshape(backend, filter, [kh * kw * ci, co]);
  const wt = transpose(backend, w2, [1, 0]);
  const dy2 = reshape(backend, dy, [b * ho * wo, co]);
  const cols = matmul2d(backend, dy2, wt);
  const cols6 = reshape(backend, cols, [b, ho, wo, kh, kw, ci]);
  const img = transpose(backend, cols6, [0, 1, 3, 2, 4, 5]);
  const out = reshape(backend, img, outShape);
  free(backend, w2, wt, dy2, cols, cols6, img);
  return out;
}

/**
 * P[b, r, q, :] = dy[b, j/sh, k/sw, :] where j = r - (kh-1-top), k = q - (kw-1-left) land on the stride grid,
 * else 0; a valid conv of P with the rotated filter is dx. Handles every stride, padding and leftover row.
 */
function zeroInserted(backend: BackendWasm, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { batchSize: nb, inHeight: h, inWidth: w, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const [, ho, wo, co] = shape4(dy, 'dy');
  const hp = h + kh - 1;
  const wp = w + kw - 1;
  const offH = kh - 1 - info.padInfo.top;
  const offW = kw - 1 - info.padInfo.left;
  const out = backend.makeOutput([nb, hp, wp, co], 'float32');
  const src = heap(backend, dy);
  const dst = heap(backend, out);
  dst.fill(0);
  for (let n = 0; n < nb; n++) {
    for (let r = 0; r < hp; r++) {
      const j = r - offH;
      if (j < 0 || j % sh !== 0 || j / sh >= ho) continue;
      for (let q = 0; q < wp; q++) {
        const k = q - offW;
        if (k < 0 || k % sw !== 0 || k / sw >= wo) continue;
        const s = ((n * ho + j / sh) * wo + k / sw) * co;
        dst.set(src.subarray(s, s + co), ((n * hp + r) * wp + q) * co);
      }
    }
  }
  return out;
}

function conv2DBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const attrs = args.attrs as unknown as Attrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropInput supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, shape4(filter, 'filter'), attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { inHeight: h, inWidth: w, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo: p } = info;
  if (sh === kh && sw === kw && sh > 1 && p.top === 0 && p.left === 0 && h === ho * sh && w === wo * sw) {
    return nonOverlapping(backend, dy, filter, attrs.inputShape);
  }
  const rot = rotatedFilter(backend, filter);
  let out: Info;
  const fits = Math.max(p.top, p.bottom) < kh && Math.max(p.left, p.right) < kw;
  if (sh === 1 && sw === 1 && fits) {
    out = conv2dStride1(backend, dy, rot, [[kh - 1 - p.top, kh - 1 - p.bottom], [kw - 1 - p.left, kw - 1 - p.right]]);
  } else {
    const padded = zeroInserted(backend, dy, info);
    out = conv2dStride1(backend, padded, rot, [[0, 0], [0, 0]]);
    free(backend, padded);
  }
  free(backend, rot);
  return out;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};
