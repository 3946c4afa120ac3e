// Dice scores of binary masks (prediction = probability > 0.5, i.e. logit > 0), from per-slice overlap counts.
// Conventions (stated once, used everywhere):
//   • Dice(P, G) = 2|P∩G| / (|P| + |G|); when P and G are both empty the Dice is 1 (a correct "nothing here").
//   • 2D: one Dice per slice, mean ± std over all test slices; `dice2dHippocampus` keeps only slices whose
//     ground truth contains hippocampus (there the both-empty rule never applies).
//   • 3D: per subject, counts summed over that subject's slices (the padded/cropped slice stack), mean ± std.
//   • std is the population standard deviation (divide by n).

import { assert } from '../core/errors.js';

/** Overlap counts of every dataset slice that was scored; `scored[i]` = 1 once slice i is counted. */
export interface OverlapTable {
  readonly inter: Float64Array;
  readonly pred: Float64Array;
  readonly truth: Float64Array;
  readonly scored: Uint8Array;
}

export interface Stat {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

export interface SubjectRange {
  readonly id: string;
  readonly sliceStart: number;
  readonly sliceCount: number;
}

export function newOverlapTable(slices: number): OverlapTable {
  return { inter: new Float64Array(slices), pred: new Float64Array(slices), truth: new Float64Array(slices), scored: new Uint8Array(slices) };
}

export function dice(inter: number, pred: number, truth: number): number {
  return pred + truth === 0 ? 1 : (2 * inter) / (pred + truth);
}

export function stat(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance), n };
}

/**
 * Count overlaps of a batch: `prob` holds len(sliceIndices) slices of hw values, in order;
 * `masks` is the whole dataset's mask array.
 */
export function addOverlaps(table: OverlapTable, prob: ArrayLike<number>, masks: Uint8Array, sliceIndices: readonly number[], hw: number, threshold = 0.5): void {
  sliceIndices.forEach((s, b) => {
    let inter = 0;
    let pred = 0;
    let truth = 0;
    const mOff = s * hw;
    const pOff = b * hw;
    for (let i = 0; i < hw; i++) {
      const p = (prob[pOff + i] as number) > threshold ? 1 : 0;
      const g = masks[mOff + i] as number;
      pred += p;
      truth += g;
      inter += p & g;
    }
    table.inter[s] = inter;
    table.pred[s] = pred;
    table.truth[s] = truth;
    table.scored[s] = 1;
  });
}

function scoredSlices(table: OverlapTable): number[] {
  const out: number[] = [];
  table.scored.forEach((v, i) => { if (v) out.push(i); });
  return out;
}

/** Slice-wise Dice over every scored slice, and over scored slices containing hippocampus. */
export function sliceDice(table: OverlapTable): { all: Stat; hippocampus: Stat } {
  const all: number[] = [];
  const fg: number[] = [];
  for (const s of scoredSlices(table)) {
    const d = dice(table.inter[s] as number, table.pred[s] as number, table.truth[s] as number);
    all.push(d);
    if ((table.truth[s] as number) > 0) fg.push(d);
  }
  return { all: stat(all), hippocampus: stat(fg) };
}

/** Subject-wise 3D Dice over each subject's scored slices; subjects with no scored slice are skipped. */
export function subjectDice(table: OverlapTable, subjects: readonly SubjectRange[]): { id: string; dice3d: number; slices: number }[] {
  const out: { id: string; dice3d: number; slices: number }[] = [];
  for (const sub of subjects) {
    let inter = 0;
    let pred = 0;
    let truth = 0;
    let slices = 0;
    for (let s = sub.sliceStart; s < sub.sliceStart + sub.sliceCount; s++) {
      if (!table.scored[s]) continue;
      inter += table.inter[s] as number;
      pred += table.pred[s] as number;
      truth += table.truth[s] as number;
      slices++;
    }
    if (slices > 0) out.push({ id: sub.id, dice3d: dice(inter, pred, truth), slices });
  }
  return out;
}

/** Σ predicted / Σ true foreground voxels over the scored slices: above 1 over-segments, below 1 under-segments; NaN without truth. */
export function volumeRatio(table: OverlapTable): number {
  let pred = 0;
  let truth = 0;
  for (const s of scoredSlices(table)) {
    pred += table.pred[s] as number;
    truth += table.truth[s] as number;
  }
  return truth === 0 ? Number.NaN : pred / truth;
}

/** Scores at one probability cut-off of a threshold sweep. */
export interface ThresholdScore {
  readonly threshold: number;
  readonly dice3d: Stat;
  readonly dice2dHippocampus: Stat;
  readonly volumeRatio: number;
}

/**
 * Overlap tables at several probability cut-offs, filled in one pass: the calibration check of a model's 0.5
 * cut (a readout offset shows as a better Dice at another cut and a volume ratio away from 1).
 */
export interface ThresholdSweep {
  readonly thresholds: readonly number[];
  readonly tables: readonly OverlapTable[];
}

export function newThresholdSweep(slices: number, thresholds: readonly number[]): ThresholdSweep {
  assert(thresholds.every((p) => p > 0 && p < 1), `sweep thresholds ${thresholds.join(',')} must lie in (0, 1)`);
  return { thresholds, tables: thresholds.map(() => newOverlapTable(slices)) };
}

/** Count a batch at every cut-off; `space` says whether `values` are probabilities or logits (cut ln(p / (1 − p))). */
export function addSweepOverlaps(sweep: ThresholdSweep, values: ArrayLike<number>, masks: Uint8Array, sliceIndices: readonly number[], hw: number, space: 'probability' | 'logit'): void {
  sweep.thresholds.forEach((p, k) => {
    const cut = space === 'probability' ? p : Math.log(p / (1 - p));
    addOverlaps(sweep.tables[k] as OverlapTable, values, masks, sliceIndices, hw, cut);
  });
}

export function sweepScores(sweep: ThresholdSweep, subjects: readonly SubjectRange[]): ThresholdScore[] {
  return sweep.thresholds.map((threshold, k) => {
    const table = sweep.tables[k] as OverlapTable;
    return { threshold, dice3d: stat(subjectDice(table, subjects).map((s) => s.dice3d)), dice2dHippocampus: sliceDice(table).hippocampus, volumeRatio: volumeRatio(table) };
  });
}
