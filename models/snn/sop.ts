// Synaptic-operation estimate of the tfjs SNN, for the spike budget of fine-tuning (--sop-weight) and the
// SOP/MAC figure in train.jsonl. A spike of layer l costs its fan-out: Σ over the layers c it feeds of
// taps(c)·C_out(c), with taps = 9 for a 3×3 conv, 1 for the 1×1 readout, 4 for a 2×2 stride-2 transposed
// conv, and 9 for a 3×3 conv over an average-pooled input (its fused lowering, SEMANTICS.md, is a 6×6
// stride-2 kernel: each input pixel reaches 3×3 outputs). With spiking pooling (`--pool spiking`) a spike
// into a pool costs 1 (the SUM_POOL reaches one pooling neuron) and a pooling neuron's spike costs the next
// conv's 9·C_out. Interior fan-out: border neurons have fewer targets, so this slightly over-counts. Only the spiking layers' spikes count; the input layer (Poisson
// spikes, or direct input's MACs into enc0.conv1) does not depend on the weights and is left out.
import * as tf from '@tensorflow/tfjs';
import { annMacs, unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';
import { poolPopulationName, type PoolMode } from '../../proto/spiking-pool.js';
import { assert } from '../../core/errors.js';

function taps(l: LayerSpec): number {
  switch (l.kind) {
    case 'conv3x3':
      return 9;
    case 'conv1x1':
      return 1;
    case 'up2x2':
      return 4;
    default: {
      const never: never = l.kind;
      throw new Error(`unknown layer kind ${String(never)}`);
    }
  }
}

/**
 * Synaptic operations one spike of each spiking layer triggers; with spiking pooling also one spike of
 * each pooling population, keyed by its population name (poolPopulationName of the layer reading it).
 */
export function spikeFanout(arch: UNetArch, pool: PoolMode = 'fused'): Map<string, number> {
  const out = new Map<string, number>();
  const add = (name: string, n: number): void => { out.set(name, (out.get(name) ?? 0) + n); };
  for (const c of unetLayers(arch)) {
    const pooled = pool === 'spiking' && c.pooledInput;
    if (pooled) add(poolPopulationName(c.name), taps(c) * c.outChannels);
    for (const src of c.inputs) if (src !== 'input') add(src, pooled ? 1 : taps(c) * c.outChannels);
  }
  return out;
}

/** Multiply-accumulates of one ANN forward pass on one slice (the SOP/MAC denominator). */
export function macsPerSlice(arch: UNetArch): number {
  let s = 0;
  for (const v of annMacs(arch).values()) s += v;
  return s;
}

/** Accumulates Σ_l fanout_l · spikes_l over a run, as a differentiable scalar or as plain counts. */
export class SopMeter {
  private readonly fanout: Map<string, number>;
  private readonly macs: number;
  private terms: tf.Scalar[] = [];
  private count = 0;

  constructor(arch: UNetArch, private readonly slices: number, pool: PoolMode = 'fused') {
    this.fanout = spikeFanout(arch, pool);
    this.macs = macsPerSlice(arch);
  }

  /** A layer's spike tensor (kept in the gradient graph: the surrogate carries ∂SOP/∂w). */
  addTensor(layer: LayerSpec, spikes: tf.Tensor): void {
    this.terms.push(tf.mul(tf.sum(spikes), this.fanout.get(layer.name) ?? 0));
  }

  /** A layer's spike count (inference, no gradient). */
  addCount(layer: LayerSpec, spikes: number): void {
    this.count += spikes * (this.fanout.get(layer.name) ?? 0);
  }

  /** The spike tensor of the pooling population in front of `reader` (spiking pooling). */
  addPoolTensor(reader: LayerSpec, spikes: tf.Tensor): void {
    this.terms.push(tf.mul(tf.sum(spikes), this.poolFanout(reader)));
  }

  /** The spike count of the pooling population in front of `reader`. */
  addPoolCount(reader: LayerSpec, spikes: number): void {
    this.count += spikes * this.poolFanout(reader);
  }

  private poolFanout(reader: LayerSpec): number {
    const f = this.fanout.get(poolPopulationName(reader.name));
    assert(f !== undefined, `SOP meter: no pooling population in front of ${reader.name} (the meter was built for fused pooling)`);
    return f;
  }

  /** SOPs per slice / MACs per slice, from the tensors added. */
  ratioTensor(): tf.Scalar {
    const total = this.terms.length > 0 ? tf.addN(this.terms) : tf.scalar(0);
    return tf.div(total, this.slices * this.macs);
  }

  /** SOPs per slice / MACs per slice, from the counts added. */
  ratio(): number {
    return this.count / (this.slices * this.macs);
  }
}
