// Data-based activation scales (Diehl et al. 2015, Rueckauer et al. 2017): λ_l = a statistic (max or
// percentile) of layer l's ReLU outputs in the ANN itself over the calibration slices. Balancing with
// stat 'ann' sets v_l = λ_l / λ_in(l), so an SNN rate r_l estimates a_l / λ_l without simulating spikes.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { unetForward } from '../unet/forward.js';
import { CurrentStats, type BalanceMethod } from './current-stats.js';
import type { Calibration } from './balance.js';

/** λ per spiking layer; layers whose activations are never positive get λ = 0. */
export function annActivationScales(arch: UNetArch, ann: ReadonlyMap<string, Float32Array>, cal: Calibration, method: BalanceMethod, batch = 32): Map<string, number> {
  const layers = unetLayers(arch);
  const stats = new Map(layers.filter((l) => l.spiking).map((l) => [l.name, new CurrentStats()]));
  const weights = new Map(layers.map((l) => [l.name, tf.tensor4d(ann.get(l.name) as Float32Array, [...l.weightShape])]));
  const hw = cal.height * cal.width;
  try {
    for (let from = 0; from < cal.n; from += batch) {
      const n = Math.min(batch, cal.n - from);
      tf.tidy(() => {
        const x = tf.tensor4d(cal.images.subarray(from * hw, (from + n) * hw), [n, cal.height, cal.width, 1]);
        unetForward(arch, weights, x, (pre, layer) => {
          const y = tf.relu(pre);
          stats.get(layer.name)?.add(y.dataSync() as Float32Array);
          return y;
        });
      });
    }
  } finally {
    tf.dispose([...weights.values()]);
  }
  return new Map([...stats].map(([name, s]) => [name, s.value(method)]));
}
