// Conv2DBackpropFilter for tfjs-wasm, which ships none. dW[a,c,i,o] = Σ_{b,y,x} x[b, y·s+a-top, x·s+c-left, i]·dy[b,y,x,o].
//   kernels.wasm built          → the AssemblyScript SIMD kernel, in place on the heap (fastest, any stride/pad)
//   otherwise, XNNPACK compositions:
//   stride = kernel, no pad → space-to-depth x as [kh·kw·ci, B·h·w] (one transpose), matmul with dy [B·h·w, co]
//   anything else           → a conv on XNNPACK with the batch as channels: input xᵀ [ci, H, W, B],
//                             filter dyᵀ [Ho, Wo, B, co] dilated by the stride → [ci, kh, kw, co] → transpose
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assert } from '../../core/errors.js';
import { asKernels } from './as-kernels.js';
import { call, free, matmul2d, reshape, shape4, transpose, type Info, type Shape4 } from './wasm-call.js';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: Shape4;
}

function nonOverlapping(backend: BackendWasm, x: Info, dy: Info, filterShape: Shape4): Info {
  const [nb, ho, wo, co] = shape4(dy, 'dy');
  const [kh, kw, ci] = filterShape;
  const x6 = reshape(backend, x, [nb, ho, kh, wo, kw, ci]);
  const cols = transpose(backend, x6, [2, 4, 5, 0, 1, 3]);
  const cols2 = reshape(backend, cols, [kh * kw * ci, nb * ho * wo]);
  const dy2 = reshape(backend, dy, [nb * ho * wo, co]);
  const dw = matmul2d(backend, cols2, dy2);
  const out = reshape(backend, dw, filterShape);
  free(backend, x6, cols, cols2, dy2, dw);
  return out;
}

/** The stride-s filter gradient as a stride-1 conv whose filter is dy, dilated by s, and whose channels are the batch. */
function batchAsChannels(backend: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { inHeight: h, inWidth: w, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo: p } = info;
  // Rows past the last one any output reads are cut off (a negative bottom/right pad).
  const bottom = kh + (ho - 1) * sh - h - p.top;
  const right = kw + (wo - 1) * sw - w - p.left;
  let xs = x;
  if (bottom < 0 || right < 0) {
    const size = [info.batchSize, h + Math.min(bottom, 0), w + Math.min(right, 0), info.inChannels];
    xs = call('Slice', backend, { x }, { begin: [0, 0, 0, 0], size });
  }
  const xt = transpose(backend, xs, [3, 1, 2, 0]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const pad = [[0, 0], [p.top, Math.max(bottom, 0)], [p.left, Math.max(right, 0)], [0, 0]];
  const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: undefined };
  const dwt = call('Conv2D', backend, { x: xt, filter: dyt }, attrs);
  const out = transpose(backend, dwt, [1, 2, 0, 3]);
  free(backend, xt, dyt, dwt);
  if (xs !== x) free(backend, xs);
  return out;
}

/** The AssemblyScript kernel, or null when it is not built (float32 only). */
function viaAssemblyScript(backend: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info | null {
  const k = asKernels(backend);
  if (!k || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const expect = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  assert(dy.shape.join() === expect.join(), `Conv2DBackpropFilter: dy is [${dy.shape.join(', ')}], expected [${expect.join(', ')}]`);
  const out = backend.makeOutput(info.filterShape, 'float32');
  const off = (t: Info): number => backend.getMemoryOffset(t.dataId);
  k.convFilterGrad(off(x), off(dy), off(out), info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.outChannels, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    Math.ceil(256 / info.outWidth)); // ~256 output pixels per block: amortises the accumulators, stays in cache
  return out;
}

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as Attrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(shape4(x, 'x'), attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const fast = viaAssemblyScript(backend, x, dy, info);
  if (fast) return fast;
  const { inHeight: h, inWidth: w, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo: p } = info;
  if (sh === kh && sw === kw && sh > 1 && p.top === 0 && p.left === 0 && h === ho * sh && w === wo * sw) {
    return nonOverlapping(backend, x, dy, attrs.filterShape);
  }
  return batchAsChannels(backend, x, dy, info);
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
