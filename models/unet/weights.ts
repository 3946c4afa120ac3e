// U-Net weights as tfjs Variables keyed by layer name (the names in formats/unet-arch.ts): seeded He-normal init,
// and conversion to and from checkpoint tensors. Layouts: conv [kh, kw, cin, cout] (HWIO),
// up2x2 [2, 2, cout, cin] (conv2dTranspose), exactly as formats/unet-arch.ts declares them.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';
import type { WeightMap } from './forward.js';
import type { Checkpoint } from '../../formats/checkpoint.js';
import { gaussian, hashSeed, mulberry32 } from '../../core/random.js';
import { userError } from '../../core/errors.js';

/** Trainable weights: one 4D variable per layer. */
export type ParamMap = ReadonlyMap<string, tf.Variable<tf.Rank.R4>>;

/** Plain tensor data as saveCheckpoint takes it. */
export type TensorData = ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;

/**
 * He et al. (2015) std = sqrt(2 / fan_in). fan_in counts the inputs that reach one output value:
 * kh·kw·cin for a conv, cin for a 2×2 stride-2 transposed conv (each output pixel sees one tap).
 */
export function heStd(layer: LayerSpec): number {
  const [kh, kw] = layer.weightShape;
  const fanIn = layer.kind === 'up2x2' ? layer.inChannels : kh * kw * layer.inChannels;
  return Math.sqrt(2 / fanIn);
}

/** Deterministic He-normal values of one layer: the stream depends only on (seed, layer index). */
export function heNormalValues(layer: LayerSpec, layerIndex: number, seed: number): Float32Array {
  const n = layer.weightShape.reduce((a, b) => a * b, 1);
  const rand = mulberry32(hashSeed(seed, 0x5eed, layerIndex));
  const std = heStd(layer);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gaussian(rand) * std;
  return out;
}

export function initWeights(arch: UNetArch, seed: number): ParamMap {
  const params = new Map<string, tf.Variable<tf.Rank.R4>>();
  unetLayers(arch).forEach((layer, i) => {
    const t = tf.tensor4d(heNormalValues(layer, i, seed), [...layer.weightShape]);
    params.set(layer.name, tf.variable(t, true));
    t.dispose();
  });
  return params;
}

/** Wrap weight tensors as trainable variables (e.g. after loading a checkpoint); the inputs may be disposed after. */
export function toVariables(weights: WeightMap): ParamMap {
  const params = new Map<string, tf.Variable<tf.Rank.R4>>();
  for (const [name, t] of weights) params.set(name, tf.variable(t, true));
  return params;
}

export function disposeWeights(weights: WeightMap): void {
  for (const t of weights.values()) t.dispose();
}

/** Read weights back to the CPU, in arch order, as checkpoint tensors. */
export function weightsToTensorData(weights: WeightMap): Map<string, { shape: readonly number[]; data: Float32Array }> {
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const [name, t] of weights) out.set(name, { shape: [...t.shape], data: t.dataSync() as Float32Array });
  return out;
}

/** Every layer of `arch` must be present with its declared shape; names the file and layer otherwise. */
export function checkWeightTensors(ckpt: Checkpoint, file: string): void {
  const shapes = new Map(ckpt.header.tensors.map((e) => [e.name, e.shape]));
  const problems: string[] = [];
  for (const layer of unetLayers(ckpt.header.arch)) {
    const shape = shapes.get(layer.name);
    if (!shape) problems.push(`layer '${layer.name}' has no weight tensor`);
    else if (shape.join(',') !== layer.weightShape.join(',')) problems.push(`layer '${layer.name}' weight shape [${shape.join(',')}] != arch [${layer.weightShape.join(',')}]`);
  }
  if (problems.length > 0) throw userError('HSNN1201', `checkpoint ${file}: ${problems.join('; ')}`);
}

/** The checkpoint's weights as tensors, after `checkWeightTensors`. */
export function weightsFromCheckpoint(ckpt: Checkpoint, file: string): Map<string, tf.Tensor4D> {
  checkWeightTensors(ckpt, file);
  const out = new Map<string, tf.Tensor4D>();
  for (const layer of unetLayers(ckpt.header.arch)) {
    out.set(layer.name, tf.tensor4d(ckpt.tensors.get(layer.name) as Float32Array, [...layer.weightShape]));
  }
  return out;
}
