// Slice batches for training and evaluation: seeded per-epoch shuffling (so a resumed run replays the
// same order), optional seeded left-right flips, and assembly of [N, H, W, 1] image/mask tensors.
import * as tf from '@tensorflow/tfjs';
import type { SliceDataset } from '../../data/types.js';
import { hashSeed, mulberry32, shuffled } from '../../core/random.js';

export interface Batch {
  /** Images [N, H, W, 1] in [0, 1]. */
  readonly x: tf.Tensor4D;
  /** Masks [N, H, W, 1] as 0/1 floats. */
  readonly y: tf.Tensor4D;
  /** Dataset slice index of each batch row. */
  readonly indices: readonly number[];
}

/** Training order of one epoch: depends only on (seed, epoch). */
export function epochOrder(slices: readonly number[], seed: number, epoch: number): number[] {
  return shuffled(slices, mulberry32(hashSeed(seed, 0xe90c, epoch)));
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Slice indices of the named subjects, in dataset order. */
export function slicesOfSubjects(data: SliceDataset, ids: readonly string[]): number[] {
  const want = new Set(ids);
  const out: number[] = [];
  for (const s of data.subjects) {
    if (!want.has(s.id)) continue;
    for (let i = 0; i < s.sliceCount; i++) out.push(s.sliceStart + i);
  }
  return out;
}

function flipRows(buf: Float32Array, off: number, h: number, w: number): void {
  for (let r = 0; r < h; r++) {
    const row = buf.subarray(off + r * w, off + (r + 1) * w);
    row.reverse();
  }
}

/** Gather slices into tensors; with `flipSeed`, each slice is mirrored left-right with probability 1/2. */
export function makeBatch(data: SliceDataset, indices: readonly number[], flipSeed?: number): Batch {
  const { height: h, width: w } = data.config;
  const hw = h * w;
  const xs = new Float32Array(indices.length * hw);
  const ys = new Float32Array(indices.length * hw);
  const rand = flipSeed === undefined ? undefined : mulberry32(flipSeed);
  indices.forEach((s, b) => {
    xs.set(data.images.subarray(s * hw, (s + 1) * hw), b * hw);
    const m = data.masks.subarray(s * hw, (s + 1) * hw);
    for (let i = 0; i < hw; i++) ys[b * hw + i] = m[i] as number;
    if (rand && rand() < 0.5) {
      flipRows(xs, b * hw, h, w);
      flipRows(ys, b * hw, h, w);
    }
  });
  const shape: [number, number, number, number] = [indices.length, h, w, 1];
  return { x: tf.tensor4d(xs, shape), y: tf.tensor4d(ys, shape), indices };
}

export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y.dispose();
}
