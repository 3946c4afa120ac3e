// Generic training loop shared by the ANN trainer and the SNN fine-tuner: the caller supplies a loss
// function of (weights, batch, ctx) and the loop does seeded batching, Adam, ReduceLROnPlateau on the
// validation loss, per-epoch validation (loss + mean subject 3D Dice), atomic checkpoints (last + best),
// train.jsonl, progress events, and exact resume (weights, Adam moments/step, lr schedule, RNG streams).
import * as tf from '@tensorflow/tfjs';
import type { SliceDataset } from '../../data/types.js';
import type { Checkpoint, CheckpointHeader } from '../../formats/checkpoint.js';
import { saveCheckpoint } from '../../formats/checkpoint.js';
import { hashSeed } from '../../core/random.js';
import type { WeightMap } from './forward.js';
import { Adam, DEFAULT_ADAM, type AdamConfig } from './adam.js';
import { DEFAULT_PLATEAU, plateauStep, type PlateauConfig } from './plateau.js';
import { chunks, disposeBatch, epochOrder, makeBatch, type Batch } from './batches.js';
import { initialLoopState, loopStateFromTraining, writeJsonl, type EpochRecord, type LoopState } from './loop-state.js';
import { validate } from './evaluate.js';
import { weightsToTensorData, type ParamMap, type TensorData } from './weights.js';
import { userError } from '../../core/errors.js';

export interface StepContext {
  readonly training: boolean;
  readonly epoch: number;
  /** Optimizer step this batch belongs to (1-based); validation uses the step count reached so far. */
  readonly step: number;
  /** Seed for this step's randomness (dropout, Poisson input, …), derived from (run seed, step). */
  readonly seed: number;
}

export interface LossOutput {
  readonly loss: tf.Scalar;
  /** Pre-sigmoid outputs [N, H, W, 1]; prediction = logits > 0. */
  readonly logits: tf.Tensor4D;
  /** SNN only: synaptic operations per slice / ANN MACs per slice of this batch, logged per epoch. */
  readonly sopPerMac?: tf.Scalar;
}

/** Must build its graph from `weights` (the loop differentiates with respect to them). */
export type LossFn = (weights: WeightMap, batch: Batch, ctx: StepContext) => LossOutput;

export interface ProgressEvent {
  readonly phase: 'train' | 'val' | 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly dice: number;
  readonly lr: number;
  readonly record?: EpochRecord;
}

export interface CheckpointSpec {
  /** Last complete epoch, with optimizer state: what --resume reads. */
  readonly path: string;
  /** Best validation Dice so far, optimizer state stripped. */
  readonly bestPath?: string;
  /** train.jsonl, rewritten from the history after each checkpoint. */
  readonly logPath?: string;
  readonly header: Omit<CheckpointHeader, 'tensors' | 'format' | 'version' | 'training'>;
  /** Stored in header.training beside the loop state (fold, loss, data path, …). */
  readonly provenance: Readonly<Record<string, unknown>>;
  /** Optimizer-free copy of every epoch's weights at this path (the inputs of checkpoint averaging). */
  readonly snapshotPath?: (epoch: number) => string;
  /** Saved unchanged in every checkpoint (state that is not trained). */
  readonly extraTensors?: TensorData;
  /** The header at save time, from the current parameters (e.g. learned SNN thresholds); default `header`. */
  readonly headerOf?: (params: ParamMap) => CheckpointSpec['header'];
  /** Parameters kept only in the resumable `path`: the best and snapshot files hold the model alone. */
  readonly resumeOnly?: ReadonlySet<string>;
}

export interface TrainLoopOptions {
  readonly params: ParamMap;
  readonly lossFn: LossFn;
  readonly data: SliceDataset;
  readonly trainSlices: readonly number[];
  readonly valSlices: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly seed: number;
  readonly plateau?: PlateauConfig;
  readonly adam?: AdamConfig;
  /** Per-parameter learning-rate factor (absent = 1): follows the plateau schedule with the base lr. */
  readonly lrScale?: ReadonlyMap<string, number>;
  readonly flips?: boolean;
  /** Train on a fresh seeded sample of this many slices per epoch instead of all (an 'epoch' of BPTT is costly). */
  readonly slicesPerEpoch?: number;
  readonly checkpoint?: CheckpointSpec;
  /** Resume: params must already hold the checkpoint's weights; the loop restores the rest. */
  readonly resume?: { readonly checkpoint: Checkpoint; readonly file: string };
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Early stopping: end once validation Dice has not improved for this many epochs (`epochs` stays the cap). */
  readonly stopPatience?: number;
  /** Collapse guard: end once this many epochs in a row found no foreground at all (see `hasCollapsed`). */
  readonly collapseEpochs?: number;
}

export interface TrainLoopResult {
  readonly state: LoopState;
  /** Epochs actually run by this call (0 when resuming a finished run). */
  readonly epochsRun: number;
  /** True when stopPatience ended the run before the epoch cap (derived from the state, so it survives --resume). */
  readonly stoppedEarly: boolean;
  /** True when the collapse guard ended the run (derived from the history, so it survives --resume). */
  readonly collapsed: boolean;
}

/** stopPatience epochs since the best one: the run has converged by that rule. */
export function patienceExhausted(state: Pick<LoopState, 'epoch' | 'bestEpoch'>, patience: number | undefined): boolean {
  return patience !== undefined && state.bestEpoch !== null && state.epoch - state.bestEpoch >= patience;
}

/** Relative fall of the training loss over the guard's epochs below which a run that finds nothing is stuck. */
export const COLLAPSE_MIN_FALL = 0.01;

/** The guard's window where it is on (ANN training, experiment fine-tuning): short, since a collapse is final. */
export const COLLAPSE_EPOCHS = 3;

/** The rule in words, for every message and note that reports a collapse. */
export const COLLAPSE_RULE = `no validation foreground found and the loss stood still for ${COLLAPSE_EPOCHS} epochs in a row`;

/**
 * The run has collapsed: in each of the last `epochs` epochs the validation Dice (mean subject 3D Dice) was
 * exactly 0, so not one foreground voxel of any validation subject was found (without validation: the
 * training Dice of every batch was 0), and over those epochs the training loss fell by less than
 * COLLAPSE_MIN_FALL of itself. A network that has not learned yet also finds nothing, but its loss falls; one
 * whose sigmoid output has saturated at 0 everywhere gets (almost) no gradient and stays where it is: fold 2
 * × Dice of Table 1 sat at loss 1 from its second epoch to its eighth (experiments/table1/PLAN.md). Stopping
 * early saves the epochs; the caller restarts.
 */
export function hasCollapsed(history: readonly EpochRecord[], epochs: number | undefined): boolean {
  if (epochs === undefined || epochs < 1 || history.length < epochs) return false;
  const w = history.slice(-epochs);
  const first = w[0] as EpochRecord, last = w[w.length - 1] as EpochRecord;
  return w.every((r) => (r.valDice === null ? r.dice : r.valDice) === 0) && last.loss > first.loss * (1 - COLLAPSE_MIN_FALL);
}

interface StepResult {
  readonly loss: number;
  readonly dice: number;
  readonly sopPerMac?: number;
}

/** One optimizer step; returns the batch loss and pooled hard Dice. */
async function trainStep(o: TrainLoopOptions, adam: Adam, batch: Batch, ctx: StepContext, lr: number): Promise<StepResult> {
  const names = [...o.params.keys()];
  const vars = names.map((n) => o.params.get(n) as tf.Variable<tf.Rank.R4>);
  let counts: tf.Tensor | undefined;
  let sop: tf.Scalar | undefined;
  const f = (...ws: tf.Tensor[]): tf.Scalar => {
    const wm = new Map(names.map((n, i) => [n, ws[i] as tf.Tensor4D]));
    const out = o.lossFn(wm, batch, ctx);
    counts = tf.keep(overlapCounts(out.logits, batch.y));
    if (out.sopPerMac) sop = tf.keep(out.sopPerMac);
    return out.loss;
  };
  const { value, grads } = tf.valueAndGrads(f)(vars);
  adam.apply(o.params, new Map(names.map((n, i) => [n, grads[i] as tf.Tensor])), lr, o.lrScale);
  tf.dispose(grads);
  const loss = (await value.data())[0] as number;
  value.dispose();
  const c = counts ? await counts.data() : new Float32Array(3);
  counts?.dispose();
  const sopPerMac = sop ? ((await sop.data())[0] as number) : undefined;
  sop?.dispose();
  return { loss, dice: diceOf(c), ...(sopPerMac !== undefined ? { sopPerMac } : {}) };
}

/** [intersection, predicted, true] voxel counts of (logits > 0) against y. */
export function overlapCounts(logits: tf.Tensor, y: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.cast(tf.greater(logits, 0), 'float32');
    return tf.stack([tf.sum(tf.mul(p, y)), tf.sum(p), tf.sum(y)]) as tf.Tensor1D;
  });
}

function diceOf(c: ArrayLike<number>): number {
  const s = (c[1] as number) + (c[2] as number);
  return s === 0 ? 1 : (2 * (c[0] as number)) / s;
}

function stepSeed(seed: number, step: number): number {
  return hashSeed(seed, 0x57e9, step);
}

/** The wasm backend's heap is capped (4 GB); running out aborts inside a kernel with a bare RuntimeError. */
export function isHeapExhaustion(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /memory access out of bounds|out of memory|Cannot enlarge memory|Aborted\(OOM\)|Array buffer allocation failed/i.test(m);
}

async function withHeapDiagnostic<T>(batchSize: number, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!isHeapExhaustion(e)) throw e;
    const hint = batchSize > 1 ? `lower --batch (e.g. ${Math.floor(batchSize / 2)}) or, for an SNN, --T` : 'lower, for an SNN, --T';
    throw userError('HSNN1207', `a training step at batch ${batchSize} ran out of the tfjs backend's memory (${e instanceof Error ? e.message : String(e)}); ${hint}. No checkpoint of the unfinished epoch was written.`);
  }
}

async function runEpoch(o: TrainLoopOptions, adam: Adam, epoch: number, lr: number): Promise<StepResult> {
  const order = epochOrder(o.trainSlices, o.seed, epoch);
  const batches = chunks(o.slicesPerEpoch ? order.slice(0, o.slicesPerEpoch) : order, o.batchSize);
  let lossSum = 0;
  let diceSum = 0;
  let sopSum: number | undefined;
  for (const [k, idx] of batches.entries()) {
    const step = adam.step + 1;
    const seed = stepSeed(o.seed, step);
    const batch = makeBatch(o.data, idx, o.flips ? hashSeed(seed, 0xf11b) : undefined);
    try {
      const r = await withHeapDiagnostic(o.batchSize, () => trainStep(o, adam, batch, { training: true, epoch, step, seed }, lr));
      if (!Number.isFinite(r.loss)) throw new Error(`training diverged: loss ${r.loss} at epoch ${epoch}, step ${step}`);
      lossSum += r.loss;
      diceSum += r.dice;
      if (r.sopPerMac !== undefined) sopSum = (sopSum ?? 0) + r.sopPerMac;
      o.onProgress?.({ phase: 'train', epoch, epochs: o.epochs, step: k + 1, steps: batches.length, loss: lossSum / (k + 1), dice: diceSum / (k + 1), lr });
    } finally {
      disposeBatch(batch);
    }
  }
  const n = Math.max(1, batches.length);
  return { loss: lossSum / n, dice: diceSum / n, ...(sopSum !== undefined ? { sopPerMac: sopSum / n } : {}) };
}

function saveAll(o: TrainLoopOptions, adam: Adam, state: LoopState, improved: boolean): void {
  const c = o.checkpoint;
  if (!c) return;
  const weights = weightsToTensorData(o.params);
  const only = c.resumeOnly ?? new Set<string>();
  const model = new Map([...[...weights].filter(([n]) => !only.has(n)), ...(c.extraTensors ?? new Map())]);
  const resumeState = [...weights].filter(([n]) => only.has(n));
  const header = c.headerOf ? c.headerOf(o.params) : c.header;
  const training = { ...c.provenance, ...state, adamStep: adam.step, adam: adam.config };
  if (improved && c.bestPath) saveCheckpoint(c.bestPath, { ...header, training }, model);
  if (c.snapshotPath) saveCheckpoint(c.snapshotPath(state.epoch), { ...header, training }, model);
  saveCheckpoint(c.path, { ...header, training }, new Map([...model, ...resumeState, ...adam.stateTensors()]));
  if (c.logPath) writeJsonl(c.logPath, state.history);
}

function startState(o: TrainLoopOptions, adam: Adam): LoopState {
  if (!o.resume) return initialLoopState(o.lr, o.epochs);
  const { checkpoint, file } = o.resume;
  adam.restore(checkpoint.tensors, file);
  const s = loopStateFromTraining(checkpoint.header.training, file);
  if (o.checkpoint?.logPath) writeJsonl(o.checkpoint.logPath, s.history);
  return { ...s, epochs: o.epochs };
}

export async function trainLoop(o: TrainLoopOptions): Promise<TrainLoopResult> {
  const adam = new Adam(o.params, o.adam ?? DEFAULT_ADAM);
  const plateau = o.plateau ?? DEFAULT_PLATEAU;
  try {
    let state = startState(o, adam);
    const first = state.epoch + 1;
    let run = 0;
    const ended = (st: LoopState): boolean => patienceExhausted(st, o.stopPatience) || hasCollapsed(st.history, o.collapseEpochs);
    for (let epoch = first; epoch <= o.epochs && !ended(state); epoch++) {
      run++;
      const t0 = performance.now();
      const tr = await runEpoch(o, adam, epoch, state.lr);
      const ctx: StepContext = { training: false, epoch, step: adam.step, seed: stepSeed(o.seed, adam.step) };
      const val = o.valSlices.length > 0 ? await validate(o.data, o.valSlices, o.batchSize, (b) => o.lossFn(o.params, b, ctx)) : null;
      const sched = plateauStep(plateau, state.plateau, val ? val.loss : tr.loss);
      const seconds = (performance.now() - t0) / 1000;
      const record: EpochRecord = {
        epoch, loss: tr.loss, dice: tr.dice, valLoss: val?.loss ?? null, valDice: val?.dice ?? null, lr: state.lr, seconds,
        ...(tr.sopPerMac !== undefined ? { sopPerMac: tr.sopPerMac } : {}),
        ...(val?.sopPerMac !== undefined ? { valSopPerMac: val.sopPerMac } : {}),
      };
      const score = val ? val.dice : tr.dice;
      const improved = state.bestValDice === null || score > state.bestValDice;
      state = {
        epoch, epochs: o.epochs, lr: sched.lr, plateau: sched,
        bestValDice: improved ? score : state.bestValDice, bestEpoch: improved ? epoch : state.bestEpoch,
        elapsedSeconds: state.elapsedSeconds + seconds, history: [...state.history, record],
      };
      saveAll(o, adam, state, improved);
      o.onProgress?.({ phase: 'epoch', epoch, epochs: o.epochs, step: 0, steps: 0, loss: tr.loss, dice: tr.dice, lr: record.lr, record });
    }
    const collapsed = hasCollapsed(state.history, o.collapseEpochs);
    return { state, epochsRun: run, stoppedEarly: !collapsed && patienceExhausted(state, o.stopPatience), collapsed };
  } finally {
    adam.dispose();
  }
}
