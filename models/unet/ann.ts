// The ANN: unetForward with ReLU (or QCFS, qcfs.ts, whose clips ride in the weight map as
// `<layer>.lambda`), plus seeded inverted dropout after every encoder/mid conv2 while training. Masks are drawn in JS from (seed, layer) so a run is reproducible on any backend and a
// resumed run draws exactly the masks the uninterrupted run would have.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';
import { unetForward, type WeightMap } from './forward.js';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { lambdaName, qcfs, RELU, type ActivationSpec } from './qcfs.js';

export interface AnnForwardOptions {
  /** Dropout is applied only when training. */
  readonly training: boolean;
  /** Seed of this step's dropout masks (required when training with dropout > 0). */
  readonly seed?: number;
  /** Default relu. */
  readonly activation?: ActivationSpec;
}

/** Layers followed by dropout during training: enc{i}.conv2 and mid.conv2. */
export function isDropoutLayer(layer: LayerSpec): boolean {
  return layer.name.endsWith('.conv2') && (layer.name.startsWith('enc') || layer.name === 'mid.conv2');
}

/**
 * Inverted-dropout multiplier: 0 with probability `rate`, else 1/(1-rate). Each 32-bit draw decides two
 * elements (16 bits each, so the rate is exact to 1/65536): mask generation is a visible part of a step.
 */
export function dropoutMask(shape: readonly number[], rate: number, seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const scale = 1 / (1 - rate);
  const keep16 = Math.round((1 - rate) * 65536);
  const rand = mulberry32(seed);
  const m = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = (rand() * 4294967296) >>> 0;
    m[i] = (r & 0xffff) < keep16 ? scale : 0;
    if (i + 1 < n) m[i + 1] = r >>> 16 < keep16 ? scale : 0;
  }
  return tf.tensor(m, [...shape]);
}

/** The nonlinearity of one layer: ReLU, or QCFS with the layer's clip from the weight map. */
function nonlinearity(weights: WeightMap, activation: ActivationSpec): (pre: tf.Tensor4D, layer: LayerSpec) => tf.Tensor4D {
  if (activation.kind === 'relu') return (pre) => tf.relu(pre);
  const levels = activation.levels;
  return (pre, layer) => {
    const lambda = weights.get(lambdaName(layer.name));
    if (!lambda) throw new Error(`qcfs: weights have no tensor '${lambdaName(layer.name)}'`);
    return qcfs(pre, lambda, levels);
  };
}

/** ReLU or QCFS activation, with dropout on the dropout layers when training. */
function annActivation(arch: UNetArch, weights: WeightMap, opts: AnnForwardOptions): (pre: tf.Tensor4D, layer: LayerSpec) => tf.Tensor4D {
  const index = new Map(unetLayers(arch).map((l, i) => [l.name, i]));
  const act = nonlinearity(weights, opts.activation ?? RELU);
  return (pre, layer) => {
    const y = act(pre, layer);
    if (!opts.training || arch.dropout === 0 || !isDropoutLayer(layer)) return y;
    if (opts.seed === undefined) throw new Error('annForward: training with dropout needs a seed');
    const mask = dropoutMask(y.shape, arch.dropout, hashSeed(opts.seed, index.get(layer.name) ?? -1));
    return tf.mul(y, mask);
  };
}

/** Logits [N, H, W, 1]. Call inside tf.tidy or a gradient function. */
export function annForward(arch: UNetArch, weights: WeightMap, x: tf.Tensor4D, opts: AnnForwardOptions): tf.Tensor4D {
  return unetForward(arch, weights, x, annActivation(arch, weights, opts));
}

/** Inference probabilities sigmoid(logits), no dropout. */
export function annPredict(arch: UNetArch, weights: WeightMap, x: tf.Tensor4D, activation: ActivationSpec = RELU): tf.Tensor4D {
  return tf.tidy(() => tf.sigmoid(annForward(arch, weights, x, { training: false, activation })));
}
