// ANN checkpoints as hsnn uses them: load weights for inference, read a run's configuration back for
// --resume, and strip the optimizer state (opt/... tensors) for a published model.
import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint, type Checkpoint, type CheckpointHeader } from '../../formats/checkpoint.js';
import { OPT_PREFIX } from './adam.js';
import { parseLossName } from './losses.js';
import { sourceFromJson } from './source.js';
import type { AnnTrainConfig } from './train-ann.js';
import { weightsFromCheckpoint } from './weights.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { activationOf, lambdaName, lambdasFromTensors, type ActivationSpec } from './qcfs.js';
import { userError } from '../../core/errors.js';

export interface LoadedAnn {
  readonly checkpoint: Checkpoint;
  /** Layer weights, plus the `<layer>.lambda` clips [1, 1, 1, 1] of a qcfs network. */
  readonly weights: Map<string, tf.Tensor4D>;
  readonly activation: ActivationSpec;
  /** The clip λ of every spiking layer (qcfs only). */
  readonly lambdas?: ReadonlyMap<string, number>;
}

/** Every spiking layer's validated λ of a qcfs checkpoint (HSNN1402 names a bad layer). */
export function checkpointLambdas(checkpoint: Checkpoint, file: string): Map<string, number> {
  const names = unetLayers(checkpoint.header.arch).filter((l) => l.spiking).map((l) => l.name);
  return lambdasFromTensors(names, checkpoint.tensors, file);
}

/** Load an 'ann' checkpoint and its weights (tensors the caller disposes). */
export function loadAnn(file: string): LoadedAnn {
  const checkpoint = loadCheckpoint(file);
  if (checkpoint.header.kind !== 'ann') throw userError('HSNN1205', `checkpoint ${file}: kind '${checkpoint.header.kind}' is not an ANN checkpoint`);
  const activation = activationOf(checkpoint.header, file);
  if (activation.kind === 'relu') return { checkpoint, weights: weightsFromCheckpoint(checkpoint, file), activation };
  const lambdas = checkpointLambdas(checkpoint, file);
  const weights = weightsFromCheckpoint(checkpoint, file);
  for (const [name, v] of lambdas) weights.set(lambdaName(name), tf.tensor4d([v], [1, 1, 1, 1]));
  return { checkpoint, weights, activation, lambdas };
}

/** Tensors without the optimizer state. */
export function modelTensors(ckpt: Checkpoint): Map<string, { shape: readonly number[]; data: Float32Array }> {
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const e of ckpt.header.tensors) {
    if (e.name.startsWith(OPT_PREFIX)) continue;
    out.set(e.name, { shape: e.shape, data: ckpt.tensors.get(e.name) as Float32Array });
  }
  return out;
}

/** Write `inFile` to `outFile` without optimizer state (header kept, noted in training.optimizerStripped). */
export function stripOptimizer(inFile: string, outFile: string): void {
  const ckpt = loadCheckpoint(inFile);
  const h: CheckpointHeader = ckpt.header;
  const { tensors: _t, format: _f, version: _v, ...rest } = h;
  saveCheckpoint(outFile, { ...rest, training: { ...h.training, optimizerStripped: true } }, modelTensors(ckpt));
}

function num(training: Readonly<Record<string, unknown>>, key: string, file: string): number {
  const v = training[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw userError('HSNN1204', `checkpoint ${file}: training.${key} is missing or not a number`);
  return v;
}

/** Rebuild the run configuration a checkpoint was trained with (epochs = the target it recorded). */
export function annConfigFromCheckpoint(ckpt: Checkpoint, file: string): AnnTrainConfig {
  const t = ckpt.header.training;
  const max = t.maxSubjects;
  return {
    data: sourceFromJson(t.data, file),
    maxSubjects: typeof max === 'number' ? max : null,
    preprocess: ckpt.header.preprocess, arch: ckpt.header.arch,
    fold: num(t, 'fold', file), folds: num(t, 'folds', file), seed: num(t, 'seed', file),
    loss: parseLossName(String(t.loss)), epochs: num(t, 'epochs', file), batch: num(t, 'batch', file),
    lr: num(t, 'initialLr', file), patience: num(t, 'patience', file), minLr: num(t, 'minLr', file),
    valFraction: num(t, 'valFraction', file), flips: t.flips === true,
    activation: activationOf(ckpt.header, file),
    ...(t.restart !== undefined ? { restart: num(t, 'restart', file) } : {}),
  };
}
