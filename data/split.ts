// Subject-level splits: k-fold cross-validation and a validation carve-out for early stopping.
// Splitting by subject (never by slice) keeps neighbouring slices of one brain out of both sides.
// Deterministic: the ids are sorted, then shuffled with the seed, so input order does not matter.
import { userError } from '../core/errors.js';
import { hashSeed, mulberry32, shuffled } from '../core/random.js';

export interface SubjectSplit {
  readonly train: readonly string[];
  readonly test: readonly string[];
}

function sortedUnique(ids: readonly string[], what: string): string[] {
  const sorted = [...ids].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw userError('HSNN1015', `${what}: subject '${sorted[i]}' is listed twice`);
  }
  return sorted;
}

/**
 * Fold `fold` (0-based) of a seeded k-fold split. Test sets of the k folds are disjoint, differ in size
 * by at most one and together cover every subject; train is the rest. Both keep the input order.
 */
export function kFoldSplit(subjectIds: readonly string[], folds = 5, fold = 0, seed = 0): SubjectSplit {
  if (!Number.isInteger(folds) || folds < 2) throw userError('HSNN1015', `k-fold: folds ${folds} must be an integer >= 2`);
  if (!Number.isInteger(fold) || fold < 0 || fold >= folds) throw userError('HSNN1015', `k-fold: fold ${fold} must be in 0..${folds - 1}`);
  if (subjectIds.length < folds) throw userError('HSNN1015', `k-fold: ${subjectIds.length} subject(s) cannot fill ${folds} folds`);
  const order = shuffled(sortedUnique(subjectIds, 'k-fold'), mulberry32(hashSeed(seed, 0x6b666f6c)));
  const testSet = new Set(order.filter((_, i) => i % folds === fold));
  return {
    train: subjectIds.filter((id) => !testSet.has(id)),
    test: subjectIds.filter((id) => testSet.has(id)),
  };
}

export interface ValidationSplit {
  readonly train: readonly string[];
  readonly validation: readonly string[];
}

/**
 * Hold out round(fraction * n) training subjects (at least one when fraction > 0 and n >= 2) for
 * early-stopping and learning-rate-plateau decisions. Seeded; keeps the input order.
 */
export function validationSplit(trainIds: readonly string[], fraction = 0.1, seed = 0): ValidationSplit {
  if (!(fraction >= 0 && fraction < 1)) throw userError('HSNN1015', `validation split: fraction ${fraction} must be in [0, 1)`);
  const n = trainIds.length;
  const count = fraction === 0 || n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const order = shuffled(sortedUnique(trainIds, 'validation split'), mulberry32(hashSeed(seed, 0x76616c64)));
  const held = new Set(order.slice(0, count));
  return {
    train: trainIds.filter((id) => !held.has(id)),
    validation: trainIds.filter((id) => held.has(id)),
  };
}
