// Scoring a model on dataset slices, independent of what the model is: the caller passes
// predict(x) → probabilities (ANN: sigmoid of logits; SNN: its readout), the evaluator batches the
// slices, thresholds at 0.5 and reports 2D slice-wise and 3D subject-wise Dice (conventions in data/metrics.ts).
import * as tf from '@tensorflow/tfjs';
import type { SliceDataset } from '../../data/types.js';
import { chunks, disposeBatch, makeBatch, slicesOfSubjects, type Batch } from './batches.js';
import { addOverlaps, addSweepOverlaps, newOverlapTable, newThresholdSweep, sliceDice, stat, subjectDice, sweepScores, type OverlapTable, type Stat, type ThresholdScore, type ThresholdSweep } from '../../data/metrics.js';

/** Probabilities [N, H, W, 1] for images x [N, H, W, 1]; the evaluator disposes both. */
export type PredictFn = (x: tf.Tensor4D) => tf.Tensor4D | Promise<tf.Tensor4D>;

export interface EvalReport {
  readonly dice2d: Stat;
  /** 2D Dice over slices whose ground truth contains hippocampus. */
  readonly dice2dHippocampus: Stat;
  readonly dice3d: Stat;
  readonly subjects: readonly { readonly id: string; readonly dice3d: number; readonly slices: number }[];
  readonly slices: number;
  readonly threshold: number;
  /** How a slice with empty truth and empty prediction counts in dice2d. */
  readonly emptySlices: 'dice=1';
  /** Scores at the requested probability cut-offs (EvalOptions.thresholds), beside the 0.5 ones above. */
  readonly sweep?: readonly ThresholdScore[];
}

export interface EvalOptions {
  readonly batchSize?: number;
  /** Called after each batch with (slices done, total). */
  readonly onBatch?: (done: number, total: number) => void;
  /** Also score at these probability cut-offs in (0, 1), from the same pass (a calibration check). */
  readonly thresholds?: readonly number[];
}

/** Score the named subjects (every slice of each). */
export async function evaluateSubjects(data: SliceDataset, subjectIds: readonly string[], predict: PredictFn, opts: EvalOptions = {}): Promise<EvalReport> {
  const slices = slicesOfSubjects(data, subjectIds);
  const hw = data.config.height * data.config.width;
  const table = newOverlapTable(data.n);
  const sweep = opts.thresholds !== undefined ? newThresholdSweep(data.n, opts.thresholds) : undefined;
  let done = 0;
  for (const idx of chunks(slices, opts.batchSize ?? 26)) {
    const batch = makeBatch(data, idx);
    try {
      const prob = await predict(batch.x);
      const values = await prob.data();
      prob.dispose();
      addOverlaps(table, values, data.masks, idx, hw, 0.5);
      if (sweep) addSweepOverlaps(sweep, values, data.masks, idx, hw, 'probability');
    } finally {
      disposeBatch(batch);
    }
    done += idx.length;
    opts.onBatch?.(done, slices.length);
  }
  return reportFromTable(table, sweep, data, slices.length);
}

/** The report of filled overlap tables (the 0.5 cut, and the sweep when one was kept) over `slices` scored slices. */
export function reportFromTable(table: OverlapTable, sweep: ThresholdSweep | undefined, data: SliceDataset, slices: number): EvalReport {
  const d2 = sliceDice(table);
  const subjects = subjectDice(table, data.subjects);
  return {
    dice2d: d2.all, dice2dHippocampus: d2.hippocampus, dice3d: stat(subjects.map((s) => s.dice3d)),
    subjects, slices, threshold: 0.5, emptySlices: 'dice=1',
    ...(sweep ? { sweep: sweepScores(sweep, data.subjects) } : {}),
  };
}

/** Validation pass of the training loop: mean loss (weighted by batch size) and mean subject 3D Dice. */
export async function validate(data: SliceDataset, slices: readonly number[], batchSize: number, run: (b: Batch) => { loss: tf.Scalar; logits: tf.Tensor4D; sopPerMac?: tf.Scalar }): Promise<{ loss: number; dice: number; sopPerMac?: number }> {
  const hw = data.config.height * data.config.width;
  const table = newOverlapTable(data.n);
  let lossSum = 0;
  let sopSum: number | undefined;
  for (const idx of chunks(slices, batchSize)) {
    const batch = makeBatch(data, idx);
    try {
      const [lossT, logitsT, sopT] = tf.tidy(() => {
        const o = run(batch);
        return [o.loss, o.logits, o.sopPerMac];
      });
      lossSum += ((await lossT.data())[0] as number) * idx.length;
      if (sopT) sopSum = (sopSum ?? 0) + ((await sopT.data())[0] as number) * idx.length;
      addOverlaps(table, await logitsT.data(), data.masks, idx, hw, 0);
      tf.dispose([lossT, logitsT, ...(sopT ? [sopT] : [])]);
    } finally {
      disposeBatch(batch);
    }
  }
  const n = Math.max(1, slices.length);
  return { loss: lossSum / n, dice: stat(subjectDice(table, data.subjects).map((s) => s.dice3d)).mean, ...(sopSum !== undefined ? { sopPerMac: sopSum / n } : {}) };
}
