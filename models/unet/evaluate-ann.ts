// `hsnn evaluate` as a library: rebuild the dataset a checkpoint names (or the one given), pick the fold's
// test (or validation) subjects with the checkpoint's fold/folds/seed (or every subject), and score the ANN
// through the model-agnostic evaluator. The SNN reuses the same path with its own predict function.
import type { Checkpoint } from '../../formats/checkpoint.js';
import type { SliceDataset } from '../../data/types.js';
import { kFoldSplit } from '../../data/split.js';
import { annPredict } from './ann.js';
import { loadAnn } from './ann-checkpoint.js';
import { evaluateSubjects, type EvalOptions, type EvalReport, type PredictFn } from './evaluate.js';
import { dirSource, loadSource, sourceFromJson, type DataSource } from './source.js';
import { annSplit, checkDatasetFitsArch } from './train-ann.js';
import { disposeWeights } from './weights.js';
import { userError } from '../../core/errors.js';

export interface EvaluateRequest {
  /** Dataset folder; default: the source recorded in the checkpoint. */
  readonly data?: string;
  /** Score this fold's test subjects (default: the checkpoint's fold). */
  readonly fold?: number;
  /** Score every subject of the dataset instead of one fold. */
  readonly all?: boolean;
  /** Score the fold's validation subjects (the ones model selection saw) instead of its test subjects. */
  readonly validation?: boolean;
  readonly batch?: number;
}

export interface ScoredReport extends EvalReport {
  readonly fold: number | null;
  readonly data: string;
}

function trainingNumber(ckpt: Checkpoint, key: string, file: string): number {
  const v = ckpt.header.training[key];
  if (typeof v !== 'number') throw userError('HSNN1206', `checkpoint ${file}: training.${key} is not recorded; use --all to score every subject`);
  return v;
}

/** Dataset and subject ids to score for a checkpoint (ANN or SNN: only the header is read). */
export function evaluationSet(ckpt: Checkpoint, file: string, req: EvaluateRequest): { data: SliceDataset; ids: string[]; fold: number | null; source: DataSource } {
  const source = req.data !== undefined ? dirSource(req.data) : sourceFromJson(ckpt.header.training.data, file);
  if (req.all && req.validation) throw userError('HSNN1203', 'options --all and --validation exclude each other');
  if (req.all) {
    const data = loadSource(source, ckpt.header.preprocess);
    return { data, ids: data.subjects.map((s) => s.id), fold: null, source };
  }
  const max = ckpt.header.training.maxSubjects;
  const data = loadSource(source, ckpt.header.preprocess, typeof max === 'number' ? max : null);
  const fold = req.fold ?? trainingNumber(ckpt, 'fold', file);
  const folds = trainingNumber(ckpt, 'folds', file);
  const seed = trainingNumber(ckpt, 'seed', file);
  if (!req.validation) return { data, ids: [...kFoldSplit(data.subjects.map((s) => s.id), folds, fold, seed).test], fold, source };
  const valFraction = ckpt.header.training.valFraction;
  return { data, ids: [...annSplit(data, fold, folds, seed, typeof valFraction === 'number' ? valFraction : 0.1).validation], fold, source };
}

/** Score any model given its checkpoint header and a predict function. */
export async function evaluateCheckpointWith(ckpt: Checkpoint, file: string, req: EvaluateRequest, predict: PredictFn, opts: EvalOptions = {}): Promise<ScoredReport> {
  const set = evaluationSet(ckpt, file, req);
  checkDatasetFitsArch(set.data, ckpt.header.arch);
  const report = await evaluateSubjects(set.data, set.ids, predict, { batchSize: req.batch ?? 26, ...opts });
  return { ...report, fold: set.fold, data: set.source.kind === 'dir' ? set.source.path : `phantoms:${set.source.count}:${set.source.seed}` };
}

export async function evaluateAnnCheckpoint(file: string, req: EvaluateRequest, opts: EvalOptions = {}): Promise<ScoredReport> {
  const { checkpoint, weights, activation } = loadAnn(file);
  try {
    return await evaluateCheckpointWith(checkpoint, file, req, (x) => annPredict(checkpoint.header.arch, weights, x, activation), opts);
  } finally {
    disposeWeights(weights);
  }
}
