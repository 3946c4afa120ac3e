// Thin helpers for writing composite tfjs-wasm kernels: call another registered wasm kernel function
// directly (no engine, no tape), allocate outputs on the wasm heap and free intermediates. Every
// intermediate is a TensorInfo owned by the caller, released with `free` once the result is built.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assert } from '../../core/errors.js';

export type Info = tf.TensorInfo;
export type Shape4 = [number, number, number, number];
type NamedInfos = tf.NamedTensorInfoMap;

/** Kernel functions of the stock wasm backend, captured before hsnn replaces any of them. */
const stock = new Map<string, tf.KernelFunc>();

/** Remember the wasm backend's own implementation of a kernel (call before unregistering it). */
export function captureStock(name: string): void {
  if (stock.has(name)) return;
  const k = tf.getKernel(name, 'wasm');
  if (k) stock.set(name, k.kernelFunc);
}

/** Run a wasm kernel function (the stock one if hsnn replaced it) and return all its outputs. */
export function callAll(name: string, backend: BackendWasm, inputs: NamedInfos, attrs: object = {}): Info[] {
  const fn = stock.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  assert(fn, `wasm kernel ${name} is not registered`);
  const out = fn({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  return Array.isArray(out) ? out : [out as Info];
}

/** Run a wasm kernel function (the stock one if hsnn replaced it) and return its single output. */
export function call(name: string, backend: BackendWasm, inputs: NamedInfos, attrs: object = {}): Info {
  const out = callAll(name, backend, inputs, attrs);
  assert(out.length === 1 && out[0], `wasm kernel ${name} returned ${out.length} outputs`);
  return out[0];
}

/** Release intermediates (reshapes share data; the backend counts references). */
export function free(backend: BackendWasm, ...infos: Info[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

export function reshape(backend: BackendWasm, x: Info, shape: number[]): Info {
  return call('Reshape', backend, { x }, { shape });
}

/**
 * Transpose with input dims that stay adjacent in `perm` merged first: the wasm kernel is fast up to
 * rank 4 and a slow generic loop above (a rank-6 depth-to-space took 175 ms instead of 3).
 */
export function transpose(backend: BackendWasm, x: Info, perm: number[]): Info {
  const groups: number[][] = [];
  for (const d of perm) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else groups.push([d]);
  }
  const order = [...groups].sort((g, h) => (g[0] as number) - (h[0] as number));
  const size = (g: number[]): number => g.reduce((s, d) => s * (x.shape[d] as number), 1);
  const merged = reshape(backend, x, order.map(size));
  const out = call('Transpose', backend, { x: merged }, { perm: groups.map((g) => order.indexOf(g)) });
  const result = reshape(backend, out, perm.map((d) => x.shape[d] as number));
  free(backend, merged, out);
  return result;
}

/** [M, K] × [K, N] on XNNPACK's fully-connected path (the wasm BatchMatMul is only fast without transposes, batch 1). */
export function matmul2d(backend: BackendWasm, a: Info, b: Info): Info {
  const a3 = reshape(backend, a, [1, ...a.shape.slice(-2)]);
  const b3 = reshape(backend, b, [1, ...b.shape.slice(-2)]);
  const out = call('BatchMatMul', backend, { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  free(backend, a3, b3);
  return out;
}

/** Stride-1 NHWC conv on XNNPACK with explicit padding [[top, bottom], [left, right]] and optional dilation. */
export function conv2d(backend: BackendWasm, x: Info, filter: Info, pads: [[number, number], [number, number]], dilation = 1): Info {
  const pad = [[0, 0], pads[0], pads[1], [0, 0]];
  return call('Conv2D', backend, { x, filter }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [dilation, dilation], dimRoundingMode: undefined });
}

/** A float32 view of a tensor's heap memory; take it right before use, since heap growth detaches it. */
export function heap(backend: BackendWasm, t: Info): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export function shape4(t: Info, what: string): Shape4 {
  assert(t.shape.length === 4, `${what} must be rank 4, got [${t.shape.join(', ')}]`);
  return t.shape as Shape4;
}
