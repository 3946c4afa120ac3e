// The spiking 2×2 pooling population in the tfjs SNN (`--pool spiking`, proto/spiking-pool.ts): the
// average pool of the source's spikes, which is what a SUM_POOL of weight ¼ delivers, drives an IF
// population (v = 1, u0 = ½, reset by subtraction) whose spikes, not the pooled value, feed the next conv,
// as `hsnn compile --pool spiking` lowers it. With a surrogate, BPTT runs through it like any IF layer.
import type * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../formats/unet-arch.js';
import type { PoolStage } from '../unet/forward.js';
import { POOL_THRESHOLD, POOL_U0_FRACTION, type PoolMode } from '../../proto/spiking-pool.js';
import { ifLayer, type SpikeCounts, type Surrogate } from './if-neuron.js';

export interface PoolHooks {
  /** Spike statistics of the pooling population in front of `reader`. */
  readonly onPoolCounts?: (reader: LayerSpec, c: SpikeCounts) => void;
  /** Its spikes [T·B, H/2, W/2, C] (inside the gradient graph when training). */
  readonly onPoolSpikes?: (reader: LayerSpec, spikes: tf.Tensor4D) => void;
}

/** The stage for unetForward / layerInput: undefined for fused pooling (the pooled value is the current). */
export function poolStage(mode: PoolMode | undefined, T: number, surrogate: Surrogate | undefined, hooks: PoolHooks = {}): PoolStage | undefined {
  if (mode !== 'spiking') return undefined;
  return (pooled, reader) => {
    const onCounts = hooks.onPoolCounts;
    const spikes = ifLayer(pooled, {
      T, v: POOL_THRESHOLD, u0Fraction: POOL_U0_FRACTION,
      ...(surrogate ? { surrogate } : {}),
      ...(onCounts ? { onCounts: (c: SpikeCounts) => onCounts(reader, c) } : {}),
    });
    hooks.onPoolSpikes?.(reader, spikes);
    return spikes;
  };
}
