// Fine-tuning (and direct training) of the hybrid SNN with BPTT through the layer-major network, on the
// ANN's own fold split (same train / validation / test subjects), through models/unet's trainLoop: Adam,
// ReduceLROnPlateau on the validation loss, atomic OUT/snn.ckpt (last, resumable) + OUT/snn.best.ckpt,
// OUT/train.jsonl. u0 (as a fraction of v) and readout scale stay fixed; the weights are trained, and with
// learnThresholds each IF layer's threshold too (learned-thresholds.ts). A spike budget (sopWeight β)
// adds β·SOP/MAC (sop.ts) to the loss, differentiable through the surrogate.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { decodeCheckpoint, type Checkpoint, type SnnHeader } from '../../formats/checkpoint.js';
import { writeFileAtomic } from '../../core/atomic.js';
import type { SliceDataset } from '../../data/types.js';
import { logitLoss, type LossName } from '../unet/losses.js';
import { slicesOfSubjects } from '../unet/batches.js';
import { annSplit, checkDatasetFitsArch, type AnnSplit } from '../unet/train-ann.js';
import { trainLoop, type CheckpointSpec, type LossFn, type ProgressEvent } from '../unet/train-loop.js';
import type { LoopState } from '../unet/loop-state.js';
import { disposeWeights, initWeights, toVariables, weightsFromCheckpoint, type ParamMap } from '../unet/weights.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { snnLogits, type SnnParams } from './network.js';
import { snnInfer } from './stream.js';
import { SopMeter } from './sop.js';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SURROGATE, type Surrogate } from './if-neuron.js';
import { userError } from '../../core/errors.js';
import { thresholdParamNames, thresholdVariables, thresholdVariablesFrom, withLearnedThresholds } from './learned-thresholds.js';
import { snnParamsOf } from './snn-checkpoint.js';
import type { PoolMode } from '../../proto/spiking-pool.js';

export interface FinetuneConfig {
  readonly loss: LossName;
  readonly T: number;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly patience: number;
  readonly minLr: number;
  readonly surrogate: Surrogate;
  readonly seed: number;
  /** Random He-normal weights instead of the converted ones (direct-training baseline). */
  readonly fromScratch: boolean;
  /** Seeded sample of training slices per epoch; null = every training slice. */
  readonly slicesPerEpoch: number | null;
  /** β of the spike budget: loss += β · (synaptic operations per slice / ANN MACs per slice). 0 = none. */
  readonly sopWeight: number;
  /** Train each IF layer's threshold (as log v) with the weights; absent = off (fixed thresholds). */
  readonly learnThresholds?: boolean;
  /** Initial learning rate of the log thresholds (it follows the plateau schedule); absent = lr. */
  readonly thresholdLr?: number;
  /** How the 2×2 average pools run (pool-neurons.ts); absent = as the source checkpoint records (default fused). */
  readonly pool?: PoolMode;
}

/** The paper's protocol: T 16, 35 epochs, Adam 1e-3, batch 26, ReduceLROnPlateau. */
export const DEFAULT_FINETUNE: FinetuneConfig = {
  loss: 'dice', T: 16, epochs: 35, batch: 26, lr: 1e-3, patience: 5, minLr: 1e-6, surrogate: DEFAULT_SURROGATE, seed: 0, fromScratch: false, slicesPerEpoch: null, sopWeight: 0,
};

export const SNN_CKPT = 'snn.ckpt';
export const SNN_BEST_CKPT = 'snn.best.ckpt';
export const SNN_LAST_CKPT = 'snn.last.ckpt';
export const FINETUNE_LOG = 'train.jsonl';
/** Per-epoch weights written with `snapshots` (hsnn finetune --snapshots). */
export const snapshotName = (epoch: number): string => `snn.e${epoch}.ckpt`;

/**
 * Differentiable SNN objective in training, streaming (memory-lean) inference for validation. Both report
 * SOP/MAC; with sopWeight β > 0 the loss is the task loss + β·SOP/MAC (validation adds the same constant,
 * so the plateau schedule sees the objective that is trained).
 */
export function snnLossFn(arch: UNetArch, p: SnnParams, cfg: Pick<FinetuneConfig, 'loss' | 'T' | 'surrogate'> & { readonly sopWeight?: number }): LossFn {
  const f = logitLoss(cfg.loss);
  const beta = cfg.sopWeight ?? 0;
  return (weights, batch, ctx) => {
    const o = { T: cfg.T, seed: ctx.seed, sliceIds: batch.indices };
    const pNow = withLearnedThresholds(arch, p, weights);
    const meter = new SopMeter(arch, batch.indices.length, p.pool);
    if (ctx.training) {
      const logits = snnLogits(arch, weights, pNow, batch.x, { ...o, surrogate: cfg.surrogate, onSpikes: (l, s) => meter.addTensor(l, s), onPoolSpikes: (l, s) => meter.addPoolTensor(l, s) });
      const sopPerMac = meter.ratioTensor();
      const task = f(logits, batch.y);
      return { loss: beta > 0 ? tf.add(task, tf.mul(sopPerMac, beta)) : task, logits, sopPerMac };
    }
    const logits = snnInfer(arch, weights, pNow, batch.x, o, { onCounts: (l, c) => meter.addCount(l, c.spikes), onPoolCounts: (l, c) => meter.addPoolCount(l, c.spikes) });
    const sopPerMac = tf.scalar(meter.ratio());
    const task = f(logits, batch.y);
    return { loss: beta > 0 ? tf.add(task, tf.mul(sopPerMac, beta)) : task, logits, sopPerMac };
  };
}

/** The ANN fold's split, rebuilt from the recorded fold/folds/seed/valFraction and checked against the record. */
export function snnSplit(ckpt: Checkpoint, data: SliceDataset, file: string): { split: AnnSplit; fold: number; folds: number; seed: number } {
  const t = ckpt.header.training;
  const num = (k: string): number => {
    const v = t[k];
    if (typeof v !== 'number') throw userError('HSNN1305', `checkpoint ${file}: training.${k} is not recorded; convert from an ANN trained with hsnn train`);
    return v;
  };
  const fold = num('fold');
  const folds = num('folds');
  const seed = num('seed');
  const split = annSplit(data, fold, folds, seed, typeof t.valFraction === 'number' ? t.valFraction : 0.1);
  if (t.split !== undefined && JSON.stringify(t.split) !== JSON.stringify(split)) {
    throw userError('HSNN1305', `checkpoint ${file}: the dataset's subjects no longer give the split the ANN was trained on`);
  }
  return { split, fold, folds, seed };
}

export interface FinetuneRequest {
  /** The converted SNN (weights, thresholds, header). */
  readonly source: { readonly checkpoint: Checkpoint; readonly file: string; readonly snn: SnnHeader; readonly params: SnnParams };
  readonly data: SliceDataset;
  readonly cfg: FinetuneConfig;
  readonly out: string;
  /** Continue OUT/snn.last.ckpt. */
  readonly resume?: { readonly checkpoint: Checkpoint; readonly file: string };
  /** Also keep every epoch's weights as OUT/snn.eN.ckpt, for `hsnn average`. */
  readonly snapshots?: boolean;
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Stop once validation Dice has not improved for this many epochs (cfg.epochs is then the cap). */
  readonly stopPatience?: number;
  /** Collapse guard (train-loop.ts `hasCollapsed`); absent = off. */
  readonly collapseEpochs?: number;
}

export interface FinetuneResult {
  readonly state: LoopState;
  readonly epochsRun: number;
  readonly split: AnnSplit;
  /** Best-validation SNN, origin 'finetuned' (or 'direct'). */
  readonly checkpoint: string;
  readonly last: string;
  /** Epoch at which validation Dice stopped improving (the best epoch). */
  readonly epochsToConverge: number | null;
  /** stopPatience ended the run before the epoch cap. */
  readonly stoppedEarly: boolean;
  /** The collapse guard ended the run. */
  readonly collapsed: boolean;
}

function startWeights(req: FinetuneRequest): ParamMap {
  const arch = req.source.checkpoint.header.arch;
  const r = req.resume;
  const weights = r ? toVariables(weightsFromCheckpoint(r.checkpoint, r.file))
    : req.cfg.fromScratch ? initWeights(arch, req.cfg.seed) : toVariables(weightsFromCheckpoint(req.source.checkpoint, req.source.file));
  if (req.cfg.learnThresholds !== true) return weights;
  const thresholds = r ? thresholdVariablesFrom(arch, r.checkpoint.tensors, r.file) : thresholdVariables(arch, req.source.params.thresholds);
  return new Map([...weights, ...thresholds]);
}

/** With learned thresholds: the header's table follows the trained log v, and the log v stay out of the model files. */
function thresholdCheckpointing(arch: UNetArch, header: CheckpointSpec['header'], snn: SnnHeader, cfg: FinetuneConfig): Partial<CheckpointSpec> {
  if (cfg.learnThresholds !== true) return {};
  const learnedThresholds = { parametrisation: 'log' as const, initial: snn.thresholds };
  const headerOf = (params: ParamMap): CheckpointSpec['header'] => {
    const thresholds = withLearnedThresholds(arch, snnParamsOf(snn), params).thresholds;
    return { ...header, snn: { ...snn, thresholds, learnedThresholds } };
  };
  return { headerOf, resumeOnly: thresholdParamNames(arch) };
}

/** The log thresholds' learning-rate factor (thresholdLr / lr), when it is not 1. */
function thresholdLrScale(arch: UNetArch, cfg: FinetuneConfig): ReadonlyMap<string, number> | undefined {
  if (cfg.learnThresholds !== true || cfg.thresholdLr === undefined || cfg.thresholdLr === cfg.lr) return undefined;
  const k = cfg.thresholdLr / cfg.lr;
  return new Map([...thresholdParamNames(arch)].map((n) => [n, k]));
}

/** The source's header and parameters with the run's pool mode: `pool: 'spiking'` recorded, fused left absent. */
function withPoolMode(snn: SnnHeader, params: SnnParams, mode: PoolMode | undefined): { snn: SnnHeader; params: SnnParams } {
  const pool = mode ?? snn.pool ?? 'fused';
  const { pool: _h, ...header } = snn;
  const { pool: _p, ...rest } = params;
  if (pool === 'fused') return { snn: header, params: rest };
  return { snn: { ...header, pool }, params: { ...rest, pool } };
}

export async function finetuneSnn(req: FinetuneRequest): Promise<FinetuneResult> {
  const { checkpoint, snn: source, file } = req.source;
  const h = checkpoint.header;
  checkDatasetFitsArch(req.data, h.arch);
  const { split } = snnSplit(checkpoint, req.data, file);
  const cfg = req.cfg;
  const origin = cfg.fromScratch ? 'direct' : 'finetuned';
  const { snn, params } = withPoolMode(source, req.source.params, cfg.pool);
  const snnHeader: SnnHeader = { ...snn, T: cfg.T, origin, surrogate: { alpha: cfg.surrogate.alpha, normalized: cfg.surrogate.normalized } };
  const paths = { last: join(req.out, SNN_LAST_CKPT), best: join(req.out, SNN_BEST_CKPT), final: join(req.out, SNN_CKPT) };
  const weights = startWeights(req);
  const header: CheckpointSpec['header'] = { kind: 'snn', arch: h.arch, preprocess: h.preprocess, snn: snnHeader };
  const lrScale = thresholdLrScale(h.arch, cfg);
  try {
    const r = await trainLoop({
      params: weights, lossFn: snnLossFn(h.arch, params, cfg), data: req.data,
      trainSlices: slicesOfSubjects(req.data, split.train), valSlices: slicesOfSubjects(req.data, split.validation),
      epochs: cfg.epochs, batchSize: cfg.batch, lr: cfg.lr, seed: cfg.seed,
      ...(cfg.slicesPerEpoch ? { slicesPerEpoch: cfg.slicesPerEpoch } : {}),
      plateau: { factor: 0.5, patience: cfg.patience, minLr: cfg.minLr, threshold: 1e-4 },
      ...(lrScale ? { lrScale } : {}),
      checkpoint: {
        path: paths.last, bestPath: paths.best, logPath: join(req.out, FINETUNE_LOG), header,
        ...thresholdCheckpointing(h.arch, header, snnHeader, cfg),
        provenance: { ...h.training, finetune: { ...cfg }, from: file },
        ...(req.snapshots === true ? { snapshotPath: (e: number) => join(req.out, snapshotName(e)) } : {}),
      },
      ...(req.resume ? { resume: req.resume } : {}),
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
      ...(req.stopPatience !== undefined ? { stopPatience: req.stopPatience } : {}),
      ...(req.collapseEpochs !== undefined ? { collapseEpochs: req.collapseEpochs } : {}),
    });
    publishBest(paths.best, paths.final);
    return { state: r.state, epochsRun: r.epochsRun, split, checkpoint: paths.final, last: paths.last, epochsToConverge: r.state.bestEpoch, stoppedEarly: r.stoppedEarly, collapsed: r.collapsed };
  } finally {
    disposeWeights(weights);
  }
}

/** OUT/snn.ckpt = the best-validation network (the loop's best file is already optimizer-free). */
function publishBest(best: string, final: string): void {
  const bytes = readFileSync(best);
  decodeCheckpoint(bytes, best);
  writeFileAtomic(final, bytes);
}
