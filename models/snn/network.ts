// The hybrid SNN forward pass, layer-major: encode the batch for T steps (time-major [T·B, H, W, 1]: Poisson
// spikes, or with direct encoding the analog slice itself every step, a constant current into enc0.conv1),
// then run the shared U-Net graph (models/unet/forward.ts) once over all T·B inputs with an IF neuron
// layer as the activation, and read out the integrator U_T = Σ_t I_t of the `out` layer as the logit
// readoutScale·U_T/T. Semantics: proto/SEMANTICS.md.
import * as tf from '@tensorflow/tfjs';
import { unetForward, type WeightMap } from '../unet/forward.js';
import type { LayerSpec, UNetArch } from '../../formats/unet-arch.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { encodePoisson, sliceSeed } from '../../core/poisson-rng.js';
import { ifLayer, type SpikeCounts, type Surrogate } from './if-neuron.js';
import { assert } from '../../core/errors.js';
import { poolStage, type PoolHooks } from './pool-neurons.js';
import type { PoolMode } from '../../proto/spiking-pool.js';
import { ifLayerLearned, logThresholdName, thresholdOfLog } from './learned-thresholds.js';

/** How the slice enters the network (header.snn.encoding). */
export type InputEncoding = 'poisson' | 'direct';

/** The non-weight state of an SNN (what header.snn stores, minus provenance). */
export interface SnnParams {
  readonly thresholds: Readonly<Record<string, number>>;
  readonly u0Fraction: number;
  readonly readoutScale: number;
  /** Default 'poisson'. */
  readonly encoding?: InputEncoding;
  /** 2×2 average pools as currents (default 'fused') or as IF pooling populations ('spiking', pool-neurons.ts). */
  readonly pool?: PoolMode;
}

export interface SnnRunOptions extends PoolHooks {
  readonly T: number;
  /** Run seed; slice k of the batch uses sliceSeed(seed, sliceIds[k]). */
  readonly seed: number;
  readonly sliceIds: readonly number[];
  /** Given = differentiable (BPTT with this surrogate). */
  readonly surrogate?: Surrogate;
  /** Spike statistics of every spiking layer, in execution order. */
  readonly onCounts?: (layer: LayerSpec, c: SpikeCounts) => void;
  /** Each spiking layer's spike tensor [T·B, H, W, C], inside the gradient graph (the spike budget). */
  readonly onSpikes?: (layer: LayerSpec, spikes: tf.Tensor4D) => void;
}

/**
 * Time-major input [T·B, H, W, C] of images x [B, H, W, C] in [0, 1]: Poisson spikes, or (direct) the
 * images repeated at every step, so the first layer's current I_t = W·x is constant in t.
 */
export function encodeInput(x: tf.Tensor4D, T: number, seed: number, sliceIds: readonly number[], encoding: InputEncoding = 'poisson'): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  assert(sliceIds.length === b, `SNN input: ${sliceIds.length} slice ids for a batch of ${b}`);
  if (encoding === 'direct') return tf.tile(x, [T, 1, 1, 1]);
  const spikes = encodePoisson(x.dataSync() as Float32Array, b, h * w * c, T, sliceIds.map((s) => sliceSeed(seed, s)));
  return tf.tensor4d(spikes, [T * b, h, w, c]);
}

/** Integrator readout: currents [T·B, H, W, 1] → logits readoutScale·(Σ_t I_t)/T, [B, H, W, 1]. */
export function readout(cur: tf.Tensor4D, T: number, readoutScale: number): tf.Tensor4D {
  const [tb, h, w, c] = cur.shape;
  const b = tb / T;
  const u = tf.sum(tf.reshape(cur, [T, b, h, w, c]), 0) as tf.Tensor4D;
  return tf.mul(u, readoutScale / T);
}

export function checkThresholds(arch: UNetArch, p: SnnParams, where: string): string[] {
  const problems: string[] = [];
  for (const l of unetLayers(arch)) {
    if (!l.spiking) continue;
    const v = p.thresholds[l.name];
    if (v === undefined) problems.push(`${where}: layer '${l.name}' has no threshold`);
    else if (!(v > 0 && Number.isFinite(v))) problems.push(`${where}: layer '${l.name}' threshold ${v} must be a positive number`);
  }
  if (!(p.u0Fraction >= 0 && p.u0Fraction < 1)) problems.push(`${where}: u0Fraction ${p.u0Fraction} must be in [0, 1)`);
  if (!(p.readoutScale > 0 && Number.isFinite(p.readoutScale))) problems.push(`${where}: readoutScale ${p.readoutScale} must be positive`);
  return problems;
}

/**
 * Logits [B, H, W, 1] of images x [B, H, W, 1]. Call inside tf.tidy or a gradient function. A layer whose
 * `<layer>.logThreshold` is in `weights` (hsnn finetune --learn-thresholds) fires at exp of it instead of
 * p.thresholds, and with a surrogate that log v gets a gradient too.
 */
export function snnLogits(arch: UNetArch, weights: WeightMap, p: SnnParams, x: tf.Tensor4D, o: SnnRunOptions): tf.Tensor4D {
  const input = encodeInput(x, o.T, o.seed, o.sliceIds, p.encoding);
  const act = (pre: tf.Tensor4D, layer: LayerSpec): tf.Tensor4D => {
    const logV = weights.get(logThresholdName(layer.name));
    const v = logV ? thresholdOfLog(logV.dataSync()[0] as number) : p.thresholds[layer.name];
    assert(v !== undefined, `SNN: no threshold for layer ${layer.name}`);
    const onCounts = o.onCounts ? { onCounts: (c: SpikeCounts) => o.onCounts?.(layer, c) } : {};
    const spikes = logV && o.surrogate
      ? ifLayerLearned(pre, logV, { T: o.T, u0Fraction: p.u0Fraction, surrogate: o.surrogate, ...onCounts })
      : ifLayer(pre, { T: o.T, v, u0Fraction: p.u0Fraction, ...(o.surrogate ? { surrogate: o.surrogate } : {}), ...onCounts });
    o.onSpikes?.(layer, spikes);
    return spikes;
  };
  return readout(unetForward(arch, weights, input, act, undefined, poolStage(p.pool, o.T, o.surrogate, o)), o.T, p.readoutScale);
}

/** Inference probabilities sigmoid(logits); the mask is logits > 0. */
export function snnPredict(arch: UNetArch, weights: WeightMap, p: SnnParams, x: tf.Tensor4D, o: Omit<SnnRunOptions, 'surrogate'>): tf.Tensor4D {
  return tf.tidy(() => tf.sigmoid(snnLogits(arch, weights, p, x, o)));
}
