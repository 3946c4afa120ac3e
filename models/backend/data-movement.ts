// Copy-bound kernels of the training step that tfjs-wasm runs slowly in JavaScript or naive C++:
// Identity (the tape clones every saved tensor; a zero-copy reference is enough since tensor data is
// immutable), Concat and SplitV (the U-Net's skip concatenations, done by strided row copies) and
// AvgPoolGrad (2×2 pooling). Cases outside the fast paths call the stock wasm kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assert } from '../../core/errors.js';
import { asKernels, type AsKernels } from './as-kernels.js';
import { call, callAll, type Info } from './wasm-call.js';

type Args = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };

const wordSized = (t: Info): boolean => t.dtype === 'float32' || t.dtype === 'int32';
const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function identity(args: Args): Info {
  const { x } = args.inputs as { x: Info };
  if (x.dtype === 'string') return call(tf.Identity, args.backend as BackendWasm, { x });
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Copy-bound kernels need the AssemblyScript module and 4-byte elements. */
function fastPath(backend: BackendWasm, ts: readonly Info[]): AsKernels | null {
  return ts.every((t) => wordSized(t) && t.shape.every((d) => d > 0)) ? asKernels(backend) : null;
}

function concat(args: Args): Info {
  const backend = args.backend as BackendWasm;
  const xs = Object.values(args.inputs) as Info[];
  const { axis } = args.attrs as { axis: number | number[] };
  const k = fastPath(backend, xs);
  const first = xs[0];
  if (!k || !first || xs.some((t) => t.dtype !== first.dtype)) return call(tf.Concat, backend, args.inputs, args.attrs);
  const ax = tf.util.parseAxisParam(axis, first.shape)[0] as number;
  const outShape = tf.backend_util.computeOutShape(xs.map((t) => t.shape), ax);
  for (const t of xs) assert(t.shape.length === outShape.length && t.shape.every((d, i) => i === ax || d === outShape[i]), 'Concat: inputs disagree off the axis');
  const out = backend.makeOutput(outShape, first.dtype);
  const rows = prod(outShape.slice(0, ax));
  const inner = prod(outShape.slice(ax + 1));
  const dstStride = (outShape[ax] as number) * inner;
  let col = 0;
  for (const t of xs) {
    const width = (t.shape[ax] as number) * inner;
    k.copyRows(backend.getMemoryOffset(t.dataId), width, backend.getMemoryOffset(out.dataId) + 4 * col, dstStride, rows, width);
    col += width;
  }
  return out;
}

function splitV(args: Args): Info[] {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as { x: Info };
  const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
  const k = fastPath(backend, [x]);
  if (!k) return callAll(tf.SplitV, backend, { x }, args.attrs);
  const ax = tf.util.parseAxisParam(axis, x.shape)[0] as number;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
  const rows = prod(x.shape.slice(0, ax));
  const inner = prod(x.shape.slice(ax + 1));
  const srcStride = (x.shape[ax] as number) * inner;
  let col = 0;
  return sizes.map((s) => {
    const shape = [...x.shape];
    shape[ax] = s;
    const out = backend.makeOutput(shape, x.dtype);
    if (s > 0) k.copyRows(backend.getMemoryOffset(x.dataId) + 4 * col, srcStride, backend.getMemoryOffset(out.dataId), s * inner, rows, s * inner);
    col += s * inner;
    return out;
  });
}

function avgPoolGrad(args: Args): Info {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: Info; input: Info };
  const { filterSize, strides, pad } = args.attrs as unknown as tf.AvgPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const k = fastPath(backend, [dy]);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo: p } = info;
  // Only windows that tile the input without padding (a 'same' pool may hang past the bottom/right edge).
  const tiles = fh === fw && sh === fh && sw === fw && p.top === 0 && p.left === 0 && info.outHeight * fh <= info.inHeight && info.outWidth * fw <= info.inWidth;
  if (!k || dy.dtype !== 'float32' || !tiles || info.dataFormat !== 'channelsLast') {
    return call(tf.AvgPoolGrad, backend, args.inputs, args.attrs);
  }
  const expect = [info.batchSize, info.outHeight, info.outWidth, info.inChannels];
  assert(dy.shape.join() === expect.join(), `AvgPoolGrad: dy is [${dy.shape.join(', ')}], expected [${expect.join(', ')}]`);
  const out = backend.makeOutput(input.shape, 'float32');
  k.avgPoolGradK(backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(out.dataId), info.batchSize, info.inHeight, info.inWidth,
    info.inChannels, info.outHeight, info.outWidth, fh);
  return out;
}

const kernel = (kernelName: string, f: (a: Args) => Info | Info[]): tf.KernelConfig =>
  ({ kernelName, backendName: 'wasm', kernelFunc: f as unknown as tf.KernelFunc });

export const dataMovementConfigs: readonly tf.KernelConfig[] = [
  kernel(tf.Identity, identity),
  kernel(tf.Concat, concat),
  kernel(tf.SplitV, splitV),
  kernel(tf.AvgPoolGrad, avgPoolGrad),
];
