// One U-Net forward pass written as plain tfjs ops over a weight map, with the nonlinearity injected:
// ReLU (+ dropout) for the ANN, an IF neuron layer for the SNN. One code path keeps ANN and SNN identical
// except for the neuron, which is what conversion assumes.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';

export type WeightMap = ReadonlyMap<string, tf.Tensor4D>;

/** Applied after every spiking layer; returns the layer's output activation (or spikes). */
export type Activation = (preActivation: tf.Tensor4D, layer: LayerSpec) => tf.Tensor4D;

/**
 * Applied to a 2×2 average pool's output before the layer `reader` that reads it: the SNN's spiking pool
 * population (`--pool spiking`); absent = the pooled value itself (the ANN, and the SNN's fused pooling).
 */
export type PoolStage = (pooled: tf.Tensor4D, reader: LayerSpec) => tf.Tensor4D;

/** Called with each layer's input (after pooling/concat) — used by threshold balancing and rate probes. */
export type LayerInputHook = (layer: LayerSpec, input: tf.Tensor4D) => void;

function weight(w: WeightMap, name: string): tf.Tensor4D {
  const t = w.get(name);
  if (!t) throw new Error(`weights have no tensor '${name}'`);
  return t;
}

/** Pre-activation (current) of one layer given its already-assembled input. */
export function layerCurrent(layer: LayerSpec, w: tf.Tensor4D, x: tf.Tensor4D): tf.Tensor4D {
  switch (layer.kind) {
    case 'conv3x3':
    case 'conv1x1':
      return tf.conv2d(x, w, 1, 'same');
    case 'up2x2': {
      const [b, h, wd] = x.shape;
      return tf.conv2dTranspose(x, w, [b, h * 2, wd * 2, layer.outChannels], 2, 'same');
    }
    default: {
      const never: never = layer.kind;
      throw new Error(`unknown layer kind ${String(never)}`);
    }
  }
}

/** Assemble a layer's input from earlier outputs: concat for decoder conv1, 2×2 average pool where required. */
export function layerInput(layer: LayerSpec, outputs: ReadonlyMap<string, tf.Tensor4D>, poolStage?: PoolStage): tf.Tensor4D {
  const parts = layer.inputs.map((n) => {
    const t = outputs.get(n);
    if (!t) throw new Error(`layer ${layer.name}: input '${n}' not computed`);
    return t;
  });
  let x = parts.length === 1 ? (parts[0] as tf.Tensor4D) : tf.concat4d(parts, 3);
  if (layer.pooledInput) x = tf.avgPool(x, 2, 2, 'valid');
  if (layer.pooledInput && poolStage) x = poolStage(x, layer);
  return x;
}

/**
 * Full forward: x is [N, H, W, C_in]; returns the readout layer's pre-activation [N, H, W, 1] (the logit for
 * the ANN, the integrator's input current for the SNN). Call inside tf.tidy or with gradients.
 */
export function unetForward(arch: UNetArch, w: WeightMap, x: tf.Tensor4D, act: Activation, hook?: LayerInputHook, poolStage?: PoolStage): tf.Tensor4D {
  const outputs = new Map<string, tf.Tensor4D>([['input', x]]);
  let last: tf.Tensor4D = x;
  for (const layer of unetLayers(arch)) {
    const input = layerInput(layer, outputs, poolStage);
    hook?.(layer, input);
    const cur = layerCurrent(layer, weight(w, layer.name), input);
    last = layer.spiking ? act(cur, layer) : cur;
    outputs.set(layer.name, last);
  }
  return last;
}
