// The ANN stage of an experiment job. Paper recipe: train (or resume) the fold's ReLU ANN in JOB/ann/.
// Low-latency recipe: take the paper recipe's ReLU ANN of the same fold and loss (OUT/fold{k}-{loss}/ann/,
// or --ann-from) and warm-start a QCFS ANN from it in JOB/qcfs/, as `hsnn train --activation qcfs --levels L
// --init-from ANN --lr … --epochs …` does. Both return the checkpoint to convert and the fold's split.
// A paper ANN run that collapses (train-loop.ts `hasCollapsed`) is moved to JOB/ann-collapsed-r{k}/ and
// trained again with restart k + 1 (a new init, batch order and dropout, the same split), at most ANN_RESTARTS times.
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SliceDataset } from '../../data/types.js';
import { loadCheckpoint, type Checkpoint } from '../../formats/checkpoint.js';
import { userError } from '../../core/errors.js';
import { loopStateFromTraining } from '../../models/unet/loop-state.js';
import type { LossName } from '../../models/unet/losses.js';
import type { DataSource } from '../../models/unet/source.js';
import { ANN_BEST_CKPT, ANN_CKPT, trainAnn, type AnnTrainConfig } from '../../models/unet/train-ann.js';
import { COLLAPSE_RULE, type ProgressEvent } from '../../models/unet/train-loop.js';
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

/** A paper ANN run the collapse guard ended: its restart number, the epochs it ran and its folder (in the job). */
export interface CollapsedRun { readonly restart: number; readonly epochs: number; readonly dir: string }

/**
 * Collapsed paper ANN runs a job restarts before it gives up with HSNN1208. At Dice loss and lr 1e-3, 2 of the
 * first 4 Table 1 Dice ANNs collapsed (folds 2 and 3), so about half do: 4 restarts leave about 3 % to fail.
 */
export const ANN_RESTARTS = 4;
const COLLAPSED_DIR = /^ann-collapsed-r(\d+)$/;

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
  /** Paper ANN runs that collapsed before the one used, oldest first. */
  readonly collapsed?: readonly CollapsedRun[];
}

const resumeOf = (file: string): { checkpoint: Checkpoint; file: string } | undefined => (existsSync(file) ? { checkpoint: loadCheckpoint(file), file } : undefined);

const splitOf = (ckpt: Checkpoint, file: string): { train: string[]; test: string[] } => {
  const s = ckpt.header.training.split as { train?: unknown; test?: unknown } | undefined;
  const ids = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);
  const train = ids(s?.train), test = ids(s?.test);
  if (!train || !test) throw userError('HSNN1312', `ANN ${file}: no train/test split recorded (train it with hsnn train or hsnn experiment --preset paper)`);
  return { train, test };
};

/** The job's earlier collapsed runs, from their folders (so a rerun after a kill knows them too). */
function collapsedRuns(dir: string): CollapsedRun[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const m = COLLAPSED_DIR.exec(name);
    if (!m) return [];
    const file = join(dir, name, ANN_CKPT);
    const epochs = existsSync(file) ? loopStateFromTraining(loadCheckpoint(file).header.training, file).epoch : 0;
    return [{ restart: Number(m[1]), epochs, dir: name }];
  }).sort((a, b) => a.restart - b.restart);
}

export async function paperAnn(p: ExperimentPreset, job: AnnJobSpec, dir: string, data: SliceDataset, log: (l: string) => void, onProgress?: (e: ProgressEvent) => void): Promise<AnnStageResult> {
  const annDir = join(dir, 'ann');
  const collapsed = collapsedRuns(dir);
  for (;;) {
    const resume = resumeOf(join(annDir, ANN_CKPT));
    const saved = resume?.checkpoint.header.training.restart;
    const restart = typeof saved === 'number' ? saved : resume ? 0 : collapsed.length > 0 ? Math.max(...collapsed.map((c) => c.restart)) + 1 : 0;
    log(`${resume ? 'resuming' : 'training'} ANN (${p.ann.epochs} epochs${restart > 0 ? `, restart ${restart}` : ''})`);
    const r = await trainAnn({
      data: job.data, maxSubjects: p.maxSubjects, preprocess: p.preprocess, arch: p.arch, fold: job.fold, folds: job.folds, seed: job.seed, loss: job.loss, ...p.ann,
      ...(restart > 0 ? { restart } : {}),
    }, { out: annDir, dataset: data, ...(resume ? { resume } : {}), ...(onProgress ? { onProgress } : {}) });
    if (!r.collapsed) {
      const best = join(annDir, ANN_BEST_CKPT);
      return {
        relu: best, toConvert: best, test: [...r.split.test], train: [...r.split.train], history: r.state.history, bestEpoch: r.state.bestEpoch,
        ...(collapsed.length > 0 ? { collapsed } : {}),
      };
    }
    const moved = `ann-collapsed-r${restart}`;
    renameSync(annDir, join(dir, moved));
    collapsed.push({ restart, epochs: r.state.epoch, dir: moved });
    const what = `fold ${job.fold} ${job.loss}: the ANN (restart ${restart}) collapsed at epoch ${r.state.epoch}, ${COLLAPSE_RULE}; kept in ${join(dir, moved)}`;
    if (restart >= ANN_RESTARTS) throw userError('HSNN1208', `${what}. That was the last of ${ANN_RESTARTS} restarts (see models/unet/README.md, "Known issue"); another --seed draws another split as well as another init`);
    log(`${what}; restarting with a new init, batch order and dropout (restart ${restart + 1}, the same split)`);
  }
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
