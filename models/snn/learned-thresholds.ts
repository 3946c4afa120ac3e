// Learnable per-layer thresholds (DIET-SNN style; hsnn finetune --learn-thresholds). Each IF layer's v is
// trained as log v, a [1, 1, 1, 1] variable `<layer>.logThreshold` beside the weights, so Adam, --resume and
// the plateau schedule treat it like a weight. Why log v: v > 0 holds by construction (no clamp whose floor
// would stop the gradient), and Adam's steps of about lr are then relative changes, the same for a layer at
// v = 0.5 as for one at v = 500 (the converted thresholds spread over orders of magnitude).
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import type { WeightMap } from '../unet/forward.js';
import { assert, userError } from '../../core/errors.js';
import { ifBackwardArrays, ifForwardArrays, thresholdGradient, type SpikeCounts, type Surrogate } from './if-neuron.js';
import type { SnnParams } from './network.js';

export const logThresholdName = (layer: string): string => `${layer}.logThreshold`;

/** The threshold a stored log v stands for (the value the forward pass uses and the header records). */
export function thresholdOfLog(logV: number): number {
  return Math.exp(logV);
}

function spikingNames(arch: UNetArch): string[] {
  return unetLayers(arch).filter((l) => l.spiking).map((l) => l.name);
}

/** Fresh log-v variables from a threshold table (float32 log v, so v starts within 1e-7 of the table). */
export function thresholdVariables(arch: UNetArch, thresholds: Readonly<Record<string, number>>): Map<string, tf.Variable<tf.Rank.R4>> {
  const out = new Map<string, tf.Variable<tf.Rank.R4>>();
  for (const name of spikingNames(arch)) {
    const v = thresholds[name];
    assert(v !== undefined && v > 0, `learned thresholds: no positive threshold for layer ${name}`);
    out.set(logThresholdName(name), tf.variable(tf.tensor4d([Math.log(v)], [1, 1, 1, 1]), true));
  }
  return out;
}

/** The log-v variables of a resumable checkpoint (OUT/snn.last.ckpt of a --learn-thresholds run). */
export function thresholdVariablesFrom(arch: UNetArch, tensors: ReadonlyMap<string, Float32Array>, file: string): Map<string, tf.Variable<tf.Rank.R4>> {
  const out = new Map<string, tf.Variable<tf.Rank.R4>>();
  for (const name of spikingNames(arch)) {
    const t = tensors.get(logThresholdName(name));
    if (!t || t.length !== 1 || !Number.isFinite(t[0])) throw userError('HSNN1204', `checkpoint ${file}: no learned threshold '${logThresholdName(name)}' to resume --learn-thresholds from`);
    out.set(logThresholdName(name), tf.variable(tf.tensor4d(t, [1, 1, 1, 1]), true));
  }
  return out;
}

/** The names of the log-v parameters of an architecture. */
export function thresholdParamNames(arch: UNetArch): Set<string> {
  return new Set(spikingNames(arch).map(logThresholdName));
}

/** `p` with every threshold that `weights` carries as log v replaced by its current value. */
export function withLearnedThresholds(arch: UNetArch, p: SnnParams, weights: WeightMap): SnnParams {
  let changed = false;
  const thresholds: Record<string, number> = { ...p.thresholds };
  for (const name of spikingNames(arch)) {
    const t = weights.get(logThresholdName(name));
    if (!t) continue;
    thresholds[name] = thresholdOfLog(t.dataSync()[0] as number);
    changed = true;
  }
  return changed ? { ...p, thresholds } : p;
}

export interface LearnedIfOptions {
  readonly T: number;
  readonly u0Fraction: number;
  readonly surrogate: Surrogate;
  readonly onCounts?: (c: SpikeCounts) => void;
}

/**
 * Spikes [T·B, H, W, C] of an IF layer whose threshold is exp(logV), differentiable in the currents and in
 * logV: ∂L/∂log v = v·∂L/∂v (if-neuron.ts thresholdGradient).
 */
export function ifLayerLearned(cur: tf.Tensor4D, logV: tf.Tensor4D, o: LearnedIfOptions): tf.Tensor4D {
  assert(cur.shape[0] % o.T === 0, `IF layer: batch ${cur.shape[0]} is not a multiple of T = ${o.T}`);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor4D;
    const v = thresholdOfLog((args[1] as tf.Tensor).dataSync()[0] as number);
    assert(v > 0 && Number.isFinite(v), `IF layer: learned threshold ${v} must be positive and finite`);
    const c = x.dataSync() as Float32Array;
    const spikes = new Float32Array(c.length);
    const dsdu = new Float32Array(c.length);
    const counts = ifForwardArrays(c, o.T, v, o.u0Fraction * v, spikes, dsdu, o.surrogate);
    o.onCounts?.(counts); // not inside ?.(…): that would skip the forward when there is no listener
    const shape = x.shape;
    return {
      value: tf.tensor4d(spikes, shape),
      gradFunc: (dy: tf.Tensor) => {
        const delta = new Float32Array(dsdu.length);
        ifBackwardArrays(dy.dataSync() as Float32Array, dsdu, o.T, v, o.surrogate.resetGrad, delta);
        const dv = thresholdGradient(delta, spikes, o.T, o.u0Fraction);
        return [tf.tensor4d(delta, shape), tf.tensor4d([v * dv], [1, 1, 1, 1])];
      },
    };
  });
  return f(cur, logV) as tf.Tensor4D;
}
