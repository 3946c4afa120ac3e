// Stride-1 NHWC Conv2D for tfjs-wasm: the AssemblyScript 4-pixel × 8-channel kernel where it measured
// faster than XNNPACK (≥ 16 input channels, output rows ≥ 12 pixels, output channels a multiple of 8;
// 10-40% on most U-Net layers), XNNPACK everywhere else. Also serves Conv2DBackpropInput's
// stride-1 case, which is a forward conv with the rotated filter.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { asKernels } from './as-kernels.js';
import { call, conv2d, free, shape4, type Info } from './wasm-call.js';

type Pads = [[number, number], [number, number]];

/** out = x ⋆ filter with explicit [[top, bottom], [left, right]] zero padding, stride 1, no dilation. */
export function conv2dStride1(backend: BackendWasm, x: Info, filter: Info, pads: Pads): Info {
  const [nb, h, w, ci] = shape4(x, 'x');
  const [kh, kw, fci, co] = shape4(filter, 'filter');
  const [[top, bottom], [left, right]] = pads;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const k = asKernels(backend);
  const fits = fci === ci && hp >= kh && wp - kw + 1 >= 12 && ci >= 16 && co % 8 === 0 && x.dtype === 'float32';
  if (!k || !fits) return conv2d(backend, x, filter, pads);
  const off = (t: Info): number => backend.getMemoryOffset(t.dataId);
  let xp = x;
  if (top || bottom || left || right) {
    xp = backend.makeOutput([nb, hp, wp, ci], 'float32');
    k.padNHWC(off(x), off(xp), nb, h, w, ci, top, left, hp, wp);
  }
  const out = backend.makeOutput([nb, hp - kh + 1, wp - kw + 1, co], 'float32');
  k.conv2dValid(off(xp), off(filter), off(out), nb, hp, wp, ci, co, kh, kw);
  if (xp !== x) free(backend, xp);
  return out;
}

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function conv2D(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { x, filter } = args.inputs as { x: Info; filter: Info };
  const a = args.attrs as unknown as Attrs;
  const info = tf.backend_util.computeConv2DInfo(shape4(x, 'x'), shape4(filter, 'filter'), a.strides, a.dilations, a.pad, a.dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(a.dataFormat));
  const unit = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  if (!unit || info.dataFormat !== 'channelsLast') return call(tf.Conv2D, backend, args.inputs, args.attrs);
  const p = info.padInfo;
  return conv2dStride1(backend, x, filter, [[p.top, p.bottom], [p.left, p.right]]);
}

export const conv2DConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  kernelFunc: conv2D as unknown as tf.KernelFunc,
};
