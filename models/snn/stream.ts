// Memory-lean SNN inference for evaluation, rate probes and threshold balancing: the same layer-major
// computation as network.ts, but every intermediate is freed as soon as no later layer reads it (a U-Net
// holds only its skip connections), so T·B inputs of a few thousand fit. Hooks let conversion pick each
// layer's weights and threshold from what the already-converted layers produce.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';
import { layerCurrent, layerInput, type WeightMap } from '../unet/forward.js';
import { encodeInput, readout, type SnnParams } from './network.js';
import { ifLayer, type SpikeCounts } from './if-neuron.js';
import { assert } from '../../core/errors.js';
import { poolStage, type PoolHooks } from './pool-neurons.js';

export interface StreamHooks extends PoolHooks {
  /** Weight to use for a layer (conversion folds per-branch scales in); default: weights.get(name). */
  readonly weightOf?: (layer: LayerSpec) => tf.Tensor4D;
  /** Sees the layer's input current [T·B, H, W, C] before the neuron; a returned number becomes its threshold. */
  readonly onCurrent?: (layer: LayerSpec, current: tf.Tensor4D) => number | undefined;
  readonly onCounts?: (layer: LayerSpec, c: SpikeCounts) => void;
  /** Sees each spiking layer's output spikes [T·B, H, W, C] (valid during the call only). */
  readonly onSpikes?: (layer: LayerSpec, spikes: tf.Tensor4D) => void;
}

export interface StreamOptions {
  readonly T: number;
  readonly seed: number;
  readonly sliceIds: readonly number[];
}

/** How many later layers read each output ('input' included). */
function readers(layers: readonly LayerSpec[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const l of layers) for (const i of l.inputs) n.set(i, (n.get(i) ?? 0) + 1);
  return n;
}

/**
 * The readout layer's input currents [T·B, H, W, 1] (every earlier layer run and freed); the caller owns
 * the result. Thresholds missing from `p` must come from hooks.onCurrent.
 */
export function readoutCurrents(arch: UNetArch, weights: WeightMap, p: SnnParams, x: tf.Tensor4D, o: StreamOptions, hooks: StreamHooks = {}): tf.Tensor4D {
  const layers = unetLayers(arch);
  const left = readers(layers);
  const outputs = new Map<string, tf.Tensor4D>([['input', encodeInput(x, o.T, o.seed, o.sliceIds, p.encoding)]]);
  const release = (name: string): void => {
    const k = (left.get(name) ?? 0) - 1;
    left.set(name, k);
    if (k <= 0) outputs.get(name)?.dispose();
  };
  let out: tf.Tensor4D | undefined;
  const stage = poolStage(p.pool, o.T, undefined, hooks);
  for (const layer of layers) {
    const w = hooks.weightOf?.(layer) ?? weights.get(layer.name);
    assert(w, `SNN: no weights for layer ${layer.name}`);
    const cur = tf.tidy(() => layerCurrent(layer, w, layerInput(layer, outputs, stage)));
    for (const i of layer.inputs) release(i);
    if (!layer.spiking) {
      out = cur;
      break;
    }
    const v = hooks.onCurrent?.(layer, cur) ?? p.thresholds[layer.name];
    assert(v !== undefined, `SNN: no threshold for layer ${layer.name}`);
    const spikes = ifLayer(cur, { T: o.T, v, u0Fraction: p.u0Fraction, ...(hooks.onCounts ? { onCounts: (c: SpikeCounts) => hooks.onCounts?.(layer, c) } : {}) });
    cur.dispose();
    hooks.onSpikes?.(layer, spikes);
    outputs.set(layer.name, spikes);
  }
  for (const t of outputs.values()) if (!t.isDisposed) t.dispose();
  assert(out, 'SNN: the architecture has no readout layer');
  return out;
}

/** Logits [B, H, W, 1] after o.T steps; the caller owns the result. */
export function snnInfer(arch: UNetArch, weights: WeightMap, p: SnnParams, x: tf.Tensor4D, o: StreamOptions, hooks: StreamHooks = {}): tf.Tensor4D {
  const cur = readoutCurrents(arch, weights, p, x, o, hooks);
  const logits = tf.tidy(() => readout(cur, o.T, p.readoutScale));
  cur.dispose();
  return logits;
}

/**
 * Logits after each of `steps` (all ≤ o.T) from one run of o.T steps. The network is causal and the input
 * spikes depend only on (seed, t, pixel), so these equal separate runs of each length.
 */
export function snnInferAt(arch: UNetArch, weights: WeightMap, p: SnnParams, x: tf.Tensor4D, o: StreamOptions, steps: readonly number[], hooks: StreamHooks = {}): tf.Tensor4D[] {
  assert(steps.every((t) => Number.isInteger(t) && t >= 1 && t <= o.T), `SNN: read-out steps ${steps.join(',')} must lie in 1..${o.T}`);
  const cur = readoutCurrents(arch, weights, p, x, o, hooks);
  const out = tf.tidy(() => {
    const [tb, h, w, c] = cur.shape;
    const b = tb / o.T;
    const u = tf.cumsum(tf.reshape(cur, [o.T, b * h * w * c]), 0);
    return steps.map((t) => tf.reshape(tf.mul(tf.slice(u, [t - 1, 0], [1, b * h * w * c]), p.readoutScale / t), [b, h, w, c]) as tf.Tensor4D);
  });
  cur.dispose();
  return out;
}
