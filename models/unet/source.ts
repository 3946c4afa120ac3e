// Where a run's slices come from: a dataset folder or the embedded phantom generator. The source is
// recorded in the checkpoint (header.training.data) so `hsnn evaluate` can rebuild the same dataset.
import { resolve } from 'node:path';
import type { PreprocessConfig, SliceDataset } from '../../data/types.js';
import { loadDataset } from '../../data/dataset.js';
import { generatePhantoms } from '../../data/phantom.js';
import { userError } from '../../core/errors.js';

export type DataSource =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'phantoms'; readonly count: number; readonly seed: number; readonly shape?: readonly [number, number, number] };

/** Default when no --data is given: enough phantom subjects for a 5-fold split with a validation carve-out. */
export const DEFAULT_PHANTOMS: DataSource = { kind: 'phantoms', count: 40, seed: 2024 };

export function dirSource(path: string): DataSource {
  return { kind: 'dir', path: resolve(path) };
}

export function describeSource(s: DataSource): string {
  return s.kind === 'dir' ? s.path : `phantoms(count=${s.count}, seed=${s.seed}${s.shape ? `, shape=${s.shape.join('x')}` : ''})`;
}

/** Load the slices; maxSubjects keeps the first N subjects (by id for folders, by index for phantoms). */
export function loadSource(s: DataSource, config: PreprocessConfig, maxSubjects?: number | null): SliceDataset {
  if (s.kind === 'dir') return loadDataset(s.path, config, maxSubjects ? { maxSubjects } : {});
  const count = maxSubjects ? Math.min(s.count, maxSubjects) : s.count;
  return generatePhantoms({ count, seed: s.seed, ...(s.shape ? { shape: s.shape } : {}) }, config);
}

/** Parse the recorded source back from a checkpoint header. */
export function sourceFromJson(v: unknown, file: string): DataSource {
  const o = (v ?? {}) as Record<string, unknown>;
  if (o.kind === 'dir' && typeof o.path === 'string') return { kind: 'dir', path: o.path };
  if (o.kind === 'phantoms' && typeof o.count === 'number' && typeof o.seed === 'number') {
    const shape = Array.isArray(o.shape) && o.shape.length === 3 ? (o.shape as [number, number, number]) : undefined;
    return { kind: 'phantoms', count: o.count, seed: o.seed, ...(shape ? { shape } : {}) };
  }
  throw userError('HSNN1204', `checkpoint ${file}: training.data does not describe a dataset folder or phantoms; pass --data`);
}
