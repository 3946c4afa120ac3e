// The ANN stage of an experiment job. Paper recipe: train (or resume) the fold's ReLU ANN in JOB/ann/.
// Low-latency recipe: take the paper recipe's ReLU ANN of the same fold and loss (OUT/fold{k}-{loss}/ann/,
// or --ann-from) and warm-start a QCFS ANN from it in JOB/qcfs/, as `hsnn train --activation qcfs --levels L
// --init-from ANN --lr … --epochs …` does. Both return the checkpoint to convert and the fold's split.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SliceDataset } from '../../data/types.js';
import { loadCheckpoint, type Checkpoint } from '../../formats/checkpoint.js';
import { userError } from '../../core/errors.js';
import { loopStateFromTraining } from '../../models/unet/loop-state.js';
import type { LossName } from '../../models/unet/losses.js';
import type { DataSource } from '../../models/unet/source.js';
import { ANN_BEST_CKPT, ANN_CKPT, trainAnn, type AnnTrainConfig } from '../../models/unet/train-ann.js';
import type { ProgressEvent } from '../../models/unet/train-loop.js';
import type { ExperimentPreset } from './presets.js';
import { sha256File } from '../../models/snn/snn-checkpoint.js';

export interface AnnJobSpec {
  readonly fold: number;
  readonly folds: number;
  readonly loss: LossName;
  readonly seed: number;
  readonly data: DataSource;
}

export interface EpochLog { readonly seconds: number; readonly valDice?: number | null }

export interface AnnStageResult {
  /** The ReLU ANN (scored as the table's ANN row). */
  readonly relu: string;
  /** The checkpoint that is converted: the ReLU ANN (paper) or the QCFS ANN (lowlat). */
  readonly toConvert: string;
  readonly test: string[];
  readonly train: string[];
  readonly history: readonly EpochLog[];
  readonly bestEpoch: number | null;
  readonly qcfs?: { readonly file: string; readonly history: readonly EpochLog[]; readonly bestEpoch: number | null };
  /** Where the ReLU ANN came from (lowlat): path and digest, recorded in result.json. */
  readonly source?: { readonly path: string; readonly sha256: string };
}

const resumeOf = (file: string): { checkpoint: Checkpoint; file: string } | undefined => (existsSync(file) ? { checkpoint: loadCheckpoint(file), file } : undefined);

const splitOf = (ckpt: Checkpoint, file: string): { train: string[]; test: string[] } => {
  const s = ckpt.header.training.split as { train?: unknown; test?: unknown } | undefined;
  const ids = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);
  const train = ids(s?.train), test = ids(s?.test);
  if (!train || !test) throw userError('HSNN1312', `ANN ${file}: no train/test split recorded (train it with hsnn train or hsnn experiment --preset paper)`);
  return { train, test };
};

export async function paperAnn(p: ExperimentPreset, job: AnnJobSpec, dir: string, data: SliceDataset, log: (l: string) => void, onProgress?: (e: ProgressEvent) => void): Promise<AnnStageResult> {
  const resume = resumeOf(join(dir, 'ann', ANN_CKPT));
  log(`${resume ? 'resuming' : 'training'} ANN (${p.ann.epochs} epochs)`);
  const r = await trainAnn({
    data: job.data, maxSubjects: p.maxSubjects, preprocess: p.preprocess, arch: p.arch, fold: job.fold, folds: job.folds, seed: job.seed, loss: job.loss, ...p.ann,
  }, { out: join(dir, 'ann'), dataset: data, ...(resume ? { resume } : {}), ...(onProgress ? { onProgress } : {}) });
  const best = join(dir, 'ann', ANN_BEST_CKPT);
  return { relu: best, toConvert: best, test: [...r.split.test], train: [...r.split.train], history: r.state.history, bestEpoch: r.state.bestEpoch };
}

/** --ann-from: an experiment folder holding fold{k}-{loss}/ann/, or one ANN checkpoint. */
export function paperAnnFile(from: string, fold: number, loss: string): string {
  const file = existsSync(from) && statSync(from).isFile() ? from : join(from, `fold${fold}-${loss}`, 'ann', ANN_BEST_CKPT);
  if (!existsSync(file)) {
    throw userError('HSNN1312', `low-latency job fold ${fold} ${loss}: no paper-recipe ANN at ${file}; run hsnn experiment --preset paper --fold ${fold} --losses ${loss} into that folder first, or give --ann-from`);
  }
  return file;
}

function checkSourceAnn(ckpt: Checkpoint, file: string, job: AnnJobSpec): void {
  const t = ckpt.header.training;
  const problems: string[] = [];
  if (ckpt.header.kind !== 'ann') problems.push(`kind '${ckpt.header.kind}' is not an ANN`);
  else if ((ckpt.header.activation?.kind ?? 'relu') !== 'relu') problems.push('activation is not relu');
  if (t.fold !== job.fold) problems.push(`fold ${String(t.fold)}, the job's is ${job.fold}`);
  if (t.folds !== job.folds) problems.push(`folds ${String(t.folds)}, the job's is ${job.folds}`);
  if (t.loss !== job.loss) problems.push(`loss ${String(t.loss)}, the job's is ${job.loss}`);
  if (t.seed !== job.seed) problems.push(`seed ${String(t.seed)}, the job's is ${job.seed}`);
  if (problems.length > 0) throw userError('HSNN1312', `low-latency job fold ${job.fold} ${job.loss}: ANN ${file} does not fit: ${problems.join('; ')}`);
}

export async function lowlatAnn(p: ExperimentPreset, job: AnnJobSpec, dir: string, annFile: string, data: SliceDataset, log: (l: string) => void, onProgress?: (e: ProgressEvent) => void): Promise<AnnStageResult> {
  const q = p.qcfs;
  if (!q) throw new Error(`internal assertion failed: preset ${p.name} has no qcfs stage`);
  const init = loadCheckpoint(annFile);
  checkSourceAnn(init, annFile, job);
  const out = join(dir, 'qcfs');
  const resume = resumeOf(join(out, ANN_CKPT));
  log(`${resume ? 'resuming' : 'training'} QCFS L = ${q.levels} ANN from ${annFile} (${q.epochs} epoch(s), lr ${q.lr})`);
  const cfg: AnnTrainConfig = {
    data: job.data, maxSubjects: p.maxSubjects, preprocess: p.preprocess, arch: p.arch, fold: job.fold, folds: job.folds, seed: job.seed, loss: job.loss,
    ...p.ann, lr: q.lr, epochs: q.epochs, activation: { kind: 'qcfs', levels: q.levels },
  };
  const r = await trainAnn(cfg, { out, dataset: data, ...(resume ? { resume } : { init: { checkpoint: init, file: annFile } }), ...(onProgress ? { onProgress } : {}) });
  const reluState = loopStateFromTraining(init.header.training, annFile);
  const split = splitOf(init, annFile);
  return {
    relu: annFile, toConvert: join(out, ANN_BEST_CKPT), test: split.test, train: split.train, history: reluState.history, bestEpoch: reluState.bestEpoch,
    qcfs: { file: join(out, ANN_BEST_CKPT), history: r.state.history, bestEpoch: r.state.bestEpoch },
    source: { path: resolve(annFile), sha256: sha256File(annFile) },
  };
}
