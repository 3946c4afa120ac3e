// SNN checkpoints (kind 'snn', header.snn per formats/checkpoint.ts): load weights + SNN parameters with every
// problem reported against the file, and save converted / fine-tuned networks. header.training keeps the
// ANN's fold, folds, seed and data source so `evaluationSet` picks the same test subjects for the SNN.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint, type Checkpoint, type CheckpointHeader, type SnnHeader } from '../../formats/checkpoint.js';
import { checkWeightTensors, weightsFromCheckpoint } from '../unet/weights.js';
import { checkThresholds, type SnnParams } from './network.js';
import { userError } from '../../core/errors.js';

/** Keys of header.training that an SNN inherits from its ANN (split, data, fold…); `annLoss` joins them. */
export const INHERITED_TRAINING_KEYS = ['fold', 'folds', 'seed', 'data', 'maxSubjects', 'split', 'valFraction'] as const;

/** A validated SNN checkpoint whose weights have not been made into tensors. */
export interface SnnCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly header: CheckpointHeader;
  readonly snn: SnnHeader;
  readonly params: SnnParams;
}

export interface LoadedSnn extends SnnCheckpoint {
  /** Weights as stored (per-branch scales already folded in); the caller disposes them. */
  readonly weights: Map<string, tf.Tensor4D>;
}

export function snnParamsOf(s: SnnHeader): SnnParams {
  return { thresholds: s.thresholds, u0Fraction: s.u0Fraction, readoutScale: s.readoutScale, encoding: s.encoding, ...(s.pool === 'spiking' ? { pool: 'spiking' as const } : {}) };
}

/** Read a kind 'snn' checkpoint and validate its SNN header and weight shapes against the architecture. */
export function readSnn(file: string): SnnCheckpoint {
  const checkpoint = loadCheckpoint(file);
  const header = checkpoint.header;
  if (header.kind !== 'snn' || !header.snn) {
    throw userError('HSNN1301', `checkpoint ${file}: kind '${header.kind}' is not an SNN checkpoint (run hsnn convert first)`);
  }
  const snn = header.snn;
  const problems = checkThresholds(header.arch, snnParamsOf(snn), `checkpoint ${file}`);
  if (!(Number.isInteger(snn.T) && snn.T >= 1)) problems.push(`checkpoint ${file}: snn.T ${snn.T} must be a positive integer`);
  if (snn.encoding !== 'poisson' && snn.encoding !== 'direct') problems.push(`checkpoint ${file}: snn.encoding '${String(snn.encoding)}' is not 'poisson' or 'direct'`);
  problems.push(...learnedRecordProblems(snn, file));
  if (snn.pool !== undefined && snn.pool !== 'fused' && snn.pool !== 'spiking') problems.push(`checkpoint ${file}: snn.pool '${String(snn.pool)}' is not 'fused' or 'spiking'`);
  if (problems.length > 0) throw userError('HSNN1302', problems.join('; '));
  checkWeightTensors(checkpoint, file);
  return { checkpoint, header, snn, params: snnParamsOf(snn) };
}

/** snn.learnedThresholds, when present, must hold the log parametrisation and a positive starting table. */
function learnedRecordProblems(snn: SnnHeader, file: string): string[] {
  const r = snn.learnedThresholds as { parametrisation?: unknown; initial?: unknown } | undefined;
  if (r === undefined) return [];
  const initial = r.initial;
  const ok = r.parametrisation === 'log' && typeof initial === 'object' && initial !== null
    && Object.values(initial).every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v));
  return ok ? [] : [`checkpoint ${file}: snn.learnedThresholds ${JSON.stringify(r)} is not {parametrisation: 'log', initial: positive thresholds}`];
}

/** `readSnn` plus the weights as tensors (the caller disposes them). */
export function loadSnn(file: string): LoadedSnn {
  const s = readSnn(file);
  return { ...s, weights: weightsFromCheckpoint(s.checkpoint, file) };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export interface SnnSave {
  readonly base: Pick<CheckpointHeader, 'arch' | 'preprocess'>;
  readonly training: Readonly<Record<string, unknown>>;
  readonly snn: SnnHeader;
  readonly tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
}

/** Atomic write of an SNN checkpoint. */
export function saveSnn(path: string, s: SnnSave): void {
  saveCheckpoint(path, { kind: 'snn', arch: s.base.arch, preprocess: s.base.preprocess, training: s.training, snn: s.snn }, s.tensors);
}
