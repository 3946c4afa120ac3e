// Dice of an SNN checkpoint against the number of time steps T on the checkpoint's fold test subjects (or
// every subject), with the Dice conventions of data/metrics.ts. Every T comes from one run of max(T)
// steps. Slice s of the dataset gets Poisson seed sliceSeed(snn.seed, s).
import * as tf from '@tensorflow/tfjs';
import type { SliceDataset } from '../../data/types.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import type { WeightMap } from '../unet/forward.js';
import { chunks, disposeBatch, makeBatch, slicesOfSubjects } from '../unet/batches.js';
import { reportFromTable, type EvalReport } from '../unet/evaluate.js';
import { addOverlaps, addSweepOverlaps, newOverlapTable, newThresholdSweep, type OverlapTable, type ThresholdSweep } from '../../data/metrics.js';
import { evaluationSet, type EvaluateRequest } from '../unet/evaluate-ann.js';
import { checkDatasetFitsArch } from '../unet/train-ann.js';
import { disposeWeights } from '../unet/weights.js';
import { loadSnn } from './snn-checkpoint.js';
import type { SnnParams } from './network.js';
import { snnInferAt } from './stream.js';
import type { PoolMode } from '../../proto/spiking-pool.js';

/** Images per tfjs batch (T·slices) during inference; bounds memory. */
export const INFER_IMAGES = 1024;

export function inferBatch(T: number, images = INFER_IMAGES): number {
  return Math.max(1, Math.floor(images / T));
}

export interface DiceAtT {
  readonly T: number;
  readonly report: EvalReport;
}

export interface SnnEvalResult {
  readonly fold: number | null;
  /** How the average pools ran: the checkpoint's snn.pool unless the request overrode it. */
  readonly pool: PoolMode;
  readonly subjects: number;
  readonly results: readonly DiceAtT[];
  /** Wall time of the single run of max(T) steps that produced every result. */
  readonly seconds: number;
}

export interface ScoreOptions {
  /** Called after each batch with (slices done, total). */
  readonly onBatch?: (done: number, total: number) => void;
  /** Also score every T at these probability cut-offs in (0, 1) (EvalReport.sweep), from the same run. */
  readonly thresholds?: readonly number[];
}

/**
 * Score SNN weights on `ids` of `data` after each T in `Ts`, from one run of max(Ts) steps (snnInferAt).
 * Prediction = logit > 0, i.e. probability > 0.5, as models/unet's evaluator.
 */
export async function diceAgainstT(arch: UNetArch, weights: WeightMap, p: SnnParams, seed: number, data: SliceDataset, ids: readonly string[], Ts: readonly number[], opts: ScoreOptions = {}): Promise<DiceAtT[]> {
  const slices = slicesOfSubjects(data, ids);
  const tMax = Math.max(...Ts);
  const hw = data.config.height * data.config.width;
  const tables = Ts.map(() => newOverlapTable(data.n));
  const cuts = opts.thresholds;
  const sweeps = cuts !== undefined ? Ts.map(() => newThresholdSweep(data.n, cuts)) : undefined;
  let done = 0;
  for (const idx of chunks(slices, inferBatch(tMax))) {
    const batch = makeBatch(data, idx);
    try {
      const logits = snnInferAt(arch, weights, p, batch.x, { T: tMax, seed, sliceIds: idx }, Ts);
      for (const [k, l] of logits.entries()) {
        const values = await l.data();
        addOverlaps(tables[k] as OverlapTable, values, data.masks, idx, hw, 0);
        if (sweeps) addSweepOverlaps(sweeps[k] as ThresholdSweep, values, data.masks, idx, hw, 'logit');
      }
      tf.dispose(logits);
    } finally {
      disposeBatch(batch);
    }
    done += idx.length;
    opts.onBatch?.(done, slices.length);
  }
  return Ts.map((T, k) => ({ T, report: reportFromTable(tables[k] as OverlapTable, sweeps?.[k], data, slices.length) }));
}

/**
 * `subjects` limits scoring to the first N subjects of the set (a fixed, cheaper sample); `pool` runs the
 * average pools as currents or as spiking pooling populations whatever the checkpoint records.
 */
export async function evaluateSnnCheckpoint(file: string, req: EvaluateRequest & { readonly subjects?: number; readonly pool?: PoolMode }, Ts: readonly number[], opts: ScoreOptions = {}): Promise<SnnEvalResult> {
  const snn = loadSnn(file);
  try {
    const set = evaluationSet(snn.checkpoint, file, req);
    checkDatasetFitsArch(set.data, snn.header.arch);
    const ids = req.subjects !== undefined ? set.ids.slice(0, req.subjects) : set.ids;
    const t0 = performance.now();
    const pool = req.pool ?? snn.params.pool ?? 'fused';
    const params: SnnParams = { ...snn.params, pool };
    const results = await diceAgainstT(snn.header.arch, snn.weights, params, snn.snn.seed, set.data, ids, Ts, opts);
    return { fold: set.fold, pool, subjects: ids.length, results, seconds: (performance.now() - t0) / 1000 };
  } finally {
    disposeWeights(snn.weights);
  }
}
