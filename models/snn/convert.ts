// ANN checkpoint → SNN checkpoint: copy the weights, balance thresholds on calibration slices drawn from
// the ANN fold's training subjects (balance.ts), fold per-branch scales into the concat convs, set the
// initial potential and the readout scale, and record everything (options, per-layer measurements,
// the ANN's path and sha256) in header.snn.conversion. A QCFS ANN converts without calibration: v_l comes
// from its learned clips λ_l in the same scale bookkeeping (balance.ts), u0 = v/2 and T = L by default.
import { resolve } from 'node:path';
import type { Checkpoint } from '../../formats/checkpoint.js';
import type { SliceDataset } from '../../data/types.js';
import { kFoldSplit } from '../../data/split.js';
import { hashSeed, mulberry32, shuffled } from '../../core/random.js';
import { loadAnn } from '../unet/ann-checkpoint.js';
import type { ActivationSpec } from '../unet/qcfs.js';
import type { InputEncoding } from './network.js';
import { slicesOfSubjects } from '../unet/batches.js';
import { dirSource, loadSource, sourceFromJson, type DataSource } from '../unet/source.js';
import { checkDatasetFitsArch } from '../unet/train-ann.js';
import { disposeWeights } from '../unet/weights.js';
import { balanceThresholds, type BalanceResult, type BalanceStat, type Calibration, type LayerBalance } from './balance.js';
import type { BalanceMethod } from './current-stats.js';
import { INHERITED_TRAINING_KEYS, saveSnn, sha256File } from './snn-checkpoint.js';
import { userError } from '../../core/errors.js';

export interface ConvertOptions {
  /** Default simulation length stored in the checkpoint. */
  readonly T: number;
  /** Steps used for calibration. */
  readonly calibT: number;
  readonly method: BalanceMethod;
  readonly stat: BalanceStat;
  readonly perBranch: boolean;
  readonly u0Fraction: number;
  /** Calibration slices (random slices of the fold's training subjects). */
  readonly samples: number;
  readonly seed: number;
  readonly chunkImages: number;
  /** Input encoding of the SNN (and of the calibration run). */
  readonly encoding: InputEncoding;
}

/** Defaults chosen by measurement (models/snn/README.md, "Conversion"). */
export const DEFAULT_CONVERSION: ConvertOptions = {
  T: 200, calibT: 64, method: 'p99.9', stat: 'rate', perBranch: true, u0Fraction: 0, samples: 32, seed: 0, chunkImages: 1024, encoding: 'poisson',
};

/** Defaults for an ANN with this activation: a QCFS ANN with L levels runs at T = L from half threshold. */
export function conversionDefaults(activation: ActivationSpec): ConvertOptions {
  return activation.kind === 'qcfs' ? { ...DEFAULT_CONVERSION, T: activation.levels, u0Fraction: 0.5 } : DEFAULT_CONVERSION;
}

export function inheritTraining(t: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of INHERITED_TRAINING_KEYS) if (t[k] !== undefined) out[k] = t[k];
  if (t.loss !== undefined) out.annLoss = t.loss;
  return out;
}

/** Training subject ids of the checkpoint's fold: the recorded split, else the seeded k-fold complement. */
export function trainingSubjects(ckpt: Checkpoint, data: SliceDataset, file: string): string[] {
  const t = ckpt.header.training;
  const split = t.split as { train?: unknown } | undefined;
  if (split && Array.isArray(split.train)) return split.train.filter((x): x is string => typeof x === 'string');
  if (typeof t.fold === 'number' && typeof t.folds === 'number' && typeof t.seed === 'number') {
    return [...kFoldSplit(data.subjects.map((s) => s.id), t.folds, t.fold, t.seed).train];
  }
  throw userError('HSNN1304', `checkpoint ${file}: no training split recorded; cannot pick calibration slices`);
}

/** `samples` random training slices (seeded), as a calibration set. */
export function calibrationSet(data: SliceDataset, ids: readonly string[], samples: number, seed: number): Calibration {
  const known = new Set(data.subjects.map((s) => s.id));
  const present = ids.filter((id) => known.has(id));
  const pool = slicesOfSubjects(data, present);
  if (pool.length === 0) throw userError('HSNN1304', 'calibration: none of the training subjects is in the dataset');
  const pick = shuffled(pool, mulberry32(hashSeed(seed, 0xca11b))).slice(0, samples).sort((a, b) => a - b);
  const hw = data.config.height * data.config.width;
  const images = new Float32Array(pick.length * hw);
  pick.forEach((s, k) => images.set(data.images.subarray(s * hw, (s + 1) * hw), k * hw));
  return { images, n: pick.length, height: data.config.height, width: data.config.width, sliceIds: pick };
}

export interface ConvertRequest {
  readonly ann: string;
  readonly out: string;
  /** Dataset folder; default: the ANN's recorded source. */
  readonly data?: string;
  readonly options: ConvertOptions;
  /** Already-loaded dataset (tests, experiment runner). */
  readonly dataset?: SliceDataset;
  readonly onLayer?: (r: LayerBalance) => void;
}

export interface ConvertResult {
  readonly out: string;
  readonly balance: BalanceResult;
  readonly calibrationSlices: number;
  readonly seconds: number;
}

export function convertAnn(req: ConvertRequest): ConvertResult {
  const t0 = performance.now();
  const { checkpoint, weights, activation, lambdas } = loadAnn(req.ann);
  disposeWeights(weights); // shapes validated; balancing works on the raw arrays
  const h = checkpoint.header;
  // A qcfs conversion reads no data, so the ANN's recorded data folder need not exist any more.
  if (activation.kind === 'qcfs' && lambdas) return convertQcfs(req, checkpoint, activation.levels, lambdas, req.data !== undefined ? dirSource(req.data) : undefined, t0);
  const source: DataSource = req.data !== undefined ? dirSource(req.data) : sourceFromJson(h.training.data, req.ann);
  const max = h.training.maxSubjects;
  const data = req.dataset ?? loadSource(source, h.preprocess, typeof max === 'number' ? max : null);
  checkDatasetFitsArch(data, h.arch);
  const o = req.options;
  const cal = calibrationSet(data, trainingSubjects(checkpoint, data, req.ann), o.samples, o.seed);
  const balance = balanceThresholds(h.arch, checkpoint.tensors, cal, {
    method: o.method, stat: o.stat, perBranch: o.perBranch, u0Fraction: o.u0Fraction, T: o.calibT, seed: o.seed, chunkImages: o.chunkImages, encoding: o.encoding,
    ...(req.onLayer ? { onLayer: req.onLayer } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  saveSnn(req.out, {
    base: h, training: { ...inheritTraining(h.training), ...(req.data !== undefined ? { data: source } : {}) },
    snn: {
      thresholds: balance.thresholds, u0Fraction: o.u0Fraction, T: o.T, encoding: o.encoding, seed: o.seed,
      readoutScale: balance.readoutScale, origin: 'converted', ann: { path: resolve(req.ann), sha256: sha256File(req.ann) },
      conversion: { ...o, calibrationSlices: cal.n, seconds, layers: balance.layers },
    },
    tensors: balance.weights,
  });
  return { out: req.out, balance, calibrationSlices: cal.n, seconds };
}

/** QCFS ANN → SNN: thresholds from the learned clips (no data read, no calibration run). */
function convertQcfs(req: ConvertRequest, checkpoint: Checkpoint, levels: number, lambdas: ReadonlyMap<string, number>, source: DataSource | undefined, t0: number): ConvertResult {
  const h = checkpoint.header;
  const o = req.options;
  const empty = { images: new Float32Array(0), n: 0, height: h.arch.height, width: h.arch.width, sliceIds: [] };
  const balance = balanceThresholds(h.arch, checkpoint.tensors, empty, {
    method: o.method, stat: 'ann', perBranch: o.perBranch, u0Fraction: o.u0Fraction, T: o.T, seed: o.seed, chunkImages: o.chunkImages, lambdas,
    ...(req.onLayer ? { onLayer: req.onLayer } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  saveSnn(req.out, {
    base: h, training: { ...inheritTraining(h.training), ...(source !== undefined ? { data: source } : {}) },
    snn: {
      thresholds: balance.thresholds, u0Fraction: o.u0Fraction, T: o.T, encoding: o.encoding, seed: o.seed,
      readoutScale: balance.readoutScale, origin: 'converted', ann: { path: resolve(req.ann), sha256: sha256File(req.ann) },
      conversion: {
        rule: 'qcfs', levels, T: o.T, u0Fraction: o.u0Fraction, perBranch: o.perBranch, encoding: o.encoding, seed: o.seed,
        lambdas: Object.fromEntries(lambdas), seconds, layers: balance.layers,
      },
    },
    tensors: balance.weights,
  });
  return { out: req.out, balance, calibrationSlices: 0, seconds };
}
