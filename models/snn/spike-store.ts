// Bit-packed spike tensors kept in JS memory between the layer-by-layer passes of threshold balancing:
// one bit per (step, sample, position, channel), 32× smaller than the float32 tensors tfjs needs, so the
// skip-connection outputs of every calibration chunk can wait for their decoder layer.
import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/errors.js';

export interface PackedSpikes {
  readonly shape: [number, number, number, number];
  readonly bits: Uint32Array;
}

export function packSpikes(t: tf.Tensor4D): PackedSpikes {
  const v = t.dataSync();
  const bits = new Uint32Array(Math.ceil(v.length / 32));
  for (let i = 0; i < v.length; i++) {
    if ((v[i] as number) !== 0) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
  }
  return { shape: [...t.shape], bits };
}

export function unpackSpikes(p: PackedSpikes): tf.Tensor4D {
  const n = p.shape.reduce((a, b) => a * b, 1);
  assert(p.bits.length === Math.ceil(n / 32), 'packed spikes: bit count does not match the shape');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((p.bits[i >>> 5] as number) >>> (i & 31)) & 1;
  return tf.tensor4d(out, p.shape);
}
