// Shared by the kernel tests: run one tfjs computation on the cpu backend (the reference) and on wasm
// (with hsnn's training kernels registered) from the same seeded inputs, and report the worst error.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';

/** Deterministic uniform [-1, 1) values (mulberry32), so both backends see identical inputs. */
export function seeded(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seeded(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs `f` on a backend and returns every output's values and shape. */
async function runOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; data: Float32Array }[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(() => {
    const r = f();
    return Array.isArray(r) ? r : [r];
  });
  const res = outs.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
  tf.dispose(outs);
  return res;
}

export interface Comparison {
  /** max |wasm - cpu| / (1 + max |cpu|) over all outputs. */
  readonly relError: number;
  readonly shapesMatch: boolean;
}

/** Same computation on cpu and on wasm; the caller asserts on the returned error. */
export async function compareBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<Comparison> {
  await initBackend('wasm');
  const ref = await runOn('cpu', f);
  const got = await runOn('wasm', f);
  let relError = 0;
  let shapesMatch = ref.length === got.length;
  ref.forEach((r, k) => {
    const g = got[k];
    if (!g || g.shape.join() !== r.shape.join()) {
      shapesMatch = false;
      return;
    }
    let scale = 0;
    let err = 0;
    for (let i = 0; i < r.data.length; i++) {
      scale = Math.max(scale, Math.abs(r.data[i] as number));
      err = Math.max(err, Math.abs((r.data[i] as number) - (g.data[i] as number)));
    }
    if (!Number.isFinite(err)) err = Infinity;
    relError = Math.max(relError, err / (1 + scale));
  });
  return { relError, shapesMatch };
}
