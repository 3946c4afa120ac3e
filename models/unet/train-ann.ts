// The paper's ANN training run: data source → k-fold split (+ seeded validation carve-out of the training
// subjects) → He-normal U-Net → trainLoop with the chosen loss, writing OUT/ann.ckpt (resumable),
// OUT/ann.best.ckpt (best validation Dice) and OUT/train.jsonl. Resume restores everything from ann.ckpt.
// A QCFS run (qcfs.ts) also trains one clip λ per layer, initialised by qcfs-init.ts from the starting
// weights: He-normal, or a trained ReLU ANN (warm start, `init`).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { UNetArch } from '../../formats/unet-arch.js';
import { validateArch } from '../../formats/unet-arch.js';
import type { PreprocessConfig, SliceDataset } from '../../data/types.js';
import type { Checkpoint } from '../../formats/checkpoint.js';
import { kFoldSplit, validationSplit } from '../../data/split.js';
import { annForward } from './ann.js';
import { logitLoss, type LossName } from './losses.js';
import { slicesOfSubjects } from './batches.js';
import { loadSource, type DataSource } from './source.js';
import { COLLAPSE_EPOCHS, trainLoop, type LossFn, type ProgressEvent } from './train-loop.js';
import type { LoopState } from './loop-state.js';
import { disposeWeights, initWeights, toVariables, weightsFromCheckpoint, type ParamMap } from './weights.js';
import { checkpointLambdas } from './ann-checkpoint.js';
import { lambdaName, RELU, type ActivationSpec } from './qcfs.js';
import { initLambdas, type LambdaChoice } from './qcfs-init.js';
import { hashSeed, mulberry32, shuffled } from '../../core/random.js';
import { userError } from '../../core/errors.js';

export interface AnnTrainConfig {
  readonly data: DataSource;
  readonly maxSubjects: number | null;
  readonly preprocess: PreprocessConfig;
  readonly arch: UNetArch;
  readonly fold: number;
  readonly folds: number;
  readonly seed: number;
  readonly loss: LossName;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly patience: number;
  readonly minLr: number;
  /** Fraction of the fold's training subjects held out for validation. */
  readonly valFraction: number;
  readonly flips: boolean;
  /** ANN nonlinearity; absent = relu (the paper's network). */
  readonly activation?: ActivationSpec;
  /**
   * Restart number after collapsed runs (absent = 0): restart r > 0 draws its init, batch order and dropout
   * from `restartSeed(seed, r)` while the fold split still comes from `seed`, so the test subjects are the same.
   */
  readonly restart?: number;
}

export interface AnnSplit {
  readonly train: readonly string[];
  readonly validation: readonly string[];
  readonly test: readonly string[];
}

/** The seed of init, batch order and dropout: `seed` itself for the first run, a derived stream per restart. */
export function restartSeed(seed: number, restart: number | undefined): number {
  return restart ? hashSeed(seed, 0x4e57a, restart) : seed;
}

export const ANN_CKPT = 'ann.ckpt';
export const ANN_BEST_CKPT = 'ann.best.ckpt';
export const TRAIN_LOG = 'train.jsonl';

/** Test subjects = fold `fold` of a seeded k-fold split; validation = a seeded carve-out of the rest. */
export function annSplit(data: SliceDataset, fold: number, folds: number, seed: number, valFraction: number): AnnSplit {
  const ids = data.subjects.map((s) => s.id);
  const kf = kFoldSplit(ids, folds, fold, seed);
  const v = validationSplit(kf.train, valFraction, seed);
  return { train: v.train, validation: v.validation, test: kf.test };
}

/** The ANN objective: ReLU U-Net with training-time dropout seeded per step, loss on logits. */
export function annLossFn(arch: UNetArch, loss: LossName, activation: ActivationSpec = RELU): LossFn {
  const f = logitLoss(loss);
  return (weights, batch, ctx) => {
    const logits = annForward(arch, weights, batch.x, { training: ctx.training, seed: ctx.seed, activation });
    return { loss: f(logits, batch.y), logits };
  };
}

/** What header.training records besides the loop state; annConfigFromCheckpoint reads it back. */
function provenance(cfg: AnnTrainConfig, split: AnnSplit): Record<string, unknown> {
  return {
    fold: cfg.fold, folds: cfg.folds, loss: cfg.loss, seed: cfg.seed, data: cfg.data, maxSubjects: cfg.maxSubjects,
    batch: cfg.batch, initialLr: cfg.lr, patience: cfg.patience, minLr: cfg.minLr, valFraction: cfg.valFraction,
    flips: cfg.flips, split, ...(cfg.restart ? { restart: cfg.restart } : {}),
  };
}

/** Slices of the λ initialisation: a seeded sample of the fold's training slices. */
export const DEFAULT_INIT_SLICES = 64;

export function checkDatasetFitsArch(data: SliceDataset, arch: UNetArch): void {
  const problems = validateArch(arch);
  if (problems.length > 0) throw userError('HSNN1202', `architecture: ${problems.join('; ')}`);
  if (data.config.height !== arch.height || data.config.width !== arch.width) {
    throw userError('HSNN1202', `dataset slices are ${data.config.height}×${data.config.width} but the architecture expects ${arch.height}×${arch.width}`);
  }
  if (data.n === 0) throw userError('HSNN1202', 'dataset has no slices');
}

export interface AnnRunOptions {
  readonly out: string;
  readonly resume?: { readonly checkpoint: Checkpoint; readonly file: string };
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Already-loaded dataset for cfg (tests, or a caller that loads once). */
  readonly dataset?: SliceDataset;
  /** Warm start from a trained ReLU ANN: its weights (cfg must carry its fold split and preprocessing). */
  readonly init?: { readonly checkpoint: Checkpoint; readonly file: string };
  /** Calibration slices for the λ initialisation of a qcfs run (default DEFAULT_INIT_SLICES). */
  readonly initSlices?: number;
}

export interface AnnRunResult {
  readonly state: LoopState;
  readonly epochsRun: number;
  readonly split: AnnSplit;
  readonly checkpoint: string;
  readonly best: string;
  /** The collapse guard ended the run: its checkpoints hold a network that finds nothing. */
  readonly collapsed: boolean;
}

function sameSplit(a: AnnSplit, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Temp files a kill -9 left mid-write (writeFileAtomic names them .tmp-<target>-<pid>-<time>). */
function removeStaleTemps(out: string): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) {
    if ([ANN_CKPT, ANN_BEST_CKPT, TRAIN_LOG].some((t) => name.startsWith(`.tmp-${t}-`))) rmSync(join(out, name), { force: true });
  }
}

function resumedParams(ckpt: Checkpoint, file: string, activation: ActivationSpec): ParamMap {
  const loaded = weightsFromCheckpoint(ckpt, file);
  const params = new Map(toVariables(loaded));
  disposeWeights(loaded);
  if (activation.kind === 'qcfs') for (const [name, v] of checkpointLambdas(ckpt, file)) params.set(lambdaName(name), tf.variable(tf.tensor4d([v], [1, 1, 1, 1]), true));
  return params;
}

/** The λ initialisation's slices: a seeded sample of `n` slices of the split's training subjects. */
export function lambdaCalibration(data: SliceDataset, split: AnnSplit, seed: number, n: number): { images: Float32Array; n: number } {
  const pick = shuffled(slicesOfSubjects(data, split.train), mulberry32(hashSeed(seed, 0x1a3b0))).slice(0, n);
  const hw = data.config.height * data.config.width;
  const images = new Float32Array(pick.length * hw);
  pick.forEach((s, k) => images.set(data.images.subarray(s * hw, (s + 1) * hw), k * hw));
  return { images, n: pick.length };
}

/** Starting weights (He-normal or the init checkpoint's), plus λ chosen on calibration slices for qcfs. */
function startParams(cfg: AnnTrainConfig, run: AnnRunOptions, data: SliceDataset, split: AnnSplit): { params: ParamMap; lambdaInit?: LambdaChoice[] } {
  const base = run.init ? resumedParams(run.init.checkpoint, run.init.file, RELU) : initWeights(cfg.arch, restartSeed(cfg.seed, cfg.restart));
  const act = cfg.activation ?? RELU;
  if (act.kind === 'relu') return { params: base };
  const lambdaInit = initLambdas(cfg.arch, base, lambdaCalibration(data, split, cfg.seed, run.initSlices ?? DEFAULT_INIT_SLICES), act.levels, cfg.seed);
  const params = new Map(base);
  for (const c of lambdaInit) params.set(lambdaName(c.name), tf.variable(tf.tensor4d([c.lambda], [1, 1, 1, 1]), true));
  return { params, lambdaInit };
}

/** The warm start and λ choices, recorded once and carried through --resume. */
function initRecord(run: AnnRunOptions, lambdaInit: LambdaChoice[] | undefined): Record<string, unknown> {
  if (run.resume) {
    const t = run.resume.checkpoint.header.training;
    return { ...(t.initFrom !== undefined ? { initFrom: t.initFrom } : {}), ...(t.lambdaInit !== undefined ? { lambdaInit: t.lambdaInit } : {}) };
  }
  return {
    ...(run.init ? { initFrom: { path: resolve(run.init.file), sha256: createHash('sha256').update(readFileSync(run.init.file)).digest('hex') } } : {}),
    ...(lambdaInit ? { lambdaInit } : {}),
  };
}

export async function trainAnn(cfg: AnnTrainConfig, run: AnnRunOptions): Promise<AnnRunResult> {
  const data = run.dataset ?? loadSource(cfg.data, cfg.preprocess, cfg.maxSubjects);
  checkDatasetFitsArch(data, cfg.arch);
  const split = annSplit(data, cfg.fold, cfg.folds, cfg.seed, cfg.valFraction);
  if (run.resume && !sameSplit(split, run.resume.checkpoint.header.training.split)) {
    throw userError('HSNN1204', `checkpoint ${run.resume.file}: the dataset's subjects no longer give the split this run was trained on`);
  }
  if (run.init && !run.resume && run.init.checkpoint.header.training.split !== undefined && !sameSplit(split, run.init.checkpoint.header.training.split)) {
    throw userError('HSNN1403', `option --init-from ${run.init.file}: the dataset's subjects no longer give the split that ANN was trained on`);
  }
  removeStaleTemps(run.out);
  const act = cfg.activation ?? RELU;
  const start = run.resume ? { params: resumedParams(run.resume.checkpoint, run.resume.file, act) } : startParams(cfg, run, data, split);
  const params = start.params;
  const paths = { checkpoint: join(run.out, ANN_CKPT), best: join(run.out, ANN_BEST_CKPT) };
  try {
    const r = await trainLoop({
      params, lossFn: annLossFn(cfg.arch, cfg.loss, act), data,
      trainSlices: slicesOfSubjects(data, split.train), valSlices: slicesOfSubjects(data, split.validation),
      epochs: cfg.epochs, batchSize: cfg.batch, lr: cfg.lr, seed: restartSeed(cfg.seed, cfg.restart), flips: cfg.flips,
      collapseEpochs: COLLAPSE_EPOCHS,
      plateau: { factor: 0.5, patience: cfg.patience, minLr: cfg.minLr, threshold: 1e-4 },
      checkpoint: {
        path: paths.checkpoint, bestPath: paths.best, logPath: join(run.out, TRAIN_LOG),
        header: { kind: 'ann', arch: cfg.arch, preprocess: cfg.preprocess, activation: act },
        provenance: { ...provenance(cfg, split), ...initRecord(run, 'lambdaInit' in start ? start.lambdaInit : undefined) },
      },
      ...(run.resume ? { resume: run.resume } : {}),
      ...(run.onProgress ? { onProgress: run.onProgress } : {}),
    });
    return { ...r, split, ...paths };
  } finally {
    disposeWeights(params);
  }
}
