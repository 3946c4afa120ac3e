// The integrate-and-fire recurrence of one layer over T steps (proto/SEMANTICS.md), layer-major:
// the input current of all T steps is already computed by one conv, so this is a tight scalar loop over
// time per neuron, forward and BPTT backward, wrapped as a tfjs customGrad. Surrogate derivatives are
// computed in the forward loop and kept in JS memory (not on the tfjs heap) until the backward pass.
import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/errors.js';

/**
 * Surrogate derivative of the spike o = H(u − v) with respect to the membrane u:
 *   plain       ∂o/∂u = α·max(0, 1 − |u − v|)                  (the paper's formula; window in absolute units)
 *   normalized  ∂o/∂u = (α/v)·max(0, 1 − |u/v − 1|)            (the same formula on u/v, chain rule included)
 * `resetGrad` lets the gradient flow through the reset term u ← u − v·o (false = reset detached).
 */
export interface Surrogate {
  readonly alpha: number;
  readonly normalized: boolean;
  readonly resetGrad: boolean;
}

/** Defaults chosen by measurement (models/snn/README.md, "Surrogate"). */
export const DEFAULT_SURROGATE: Surrogate = { alpha: 2, normalized: true, resetGrad: false };

export function surrogateDerivative(u: number, v: number, s: Surrogate): number {
  if (s.normalized) return (s.alpha / v) * Math.max(0, 1 - Math.abs(u / v - 1));
  return s.alpha * Math.max(0, 1 - Math.abs(u - v));
}

/** Spike statistics of one layer run: total spikes and neurons (sample × position × channel) that never fired. */
export interface SpikeCounts {
  readonly spikes: number;
  readonly silent: number;
  /** Neurons per time step in this run (batch × H × W × C). */
  readonly neurons: number;
  readonly T: number;
}

/**
 * Forward over time-major currents cur[t·M + m] (M neurons per step): writes spikes[t·M + m] ∈ {0, 1} and,
 * when `dsdu` is given, the surrogate derivative at each step's pre-reset membrane.
 */
export function ifForwardArrays(cur: Float32Array, T: number, v: number, u0: number, spikes: Float32Array, dsdu?: Float32Array, sur?: Surrogate): SpikeCounts {
  const M = cur.length / T;
  assert(Number.isInteger(M) && spikes.length === cur.length, 'IF forward: current length is not T·M');
  assert(!dsdu || (sur && dsdu.length === cur.length), 'IF forward: surrogate buffer needs a surrogate and T·M length');
  // Time outer, neurons inner: every array is walked sequentially (per-neuron time loops stride by M).
  const u = new Float32Array(M).fill(u0);
  const fired = new Uint8Array(M);
  // σ′(x) = a·max(0, 1 − |x·c − centre|): (α/v, 1/v, 1) normalised, (α, 1, v) plain (surrogateDerivative)
  const norm = sur?.normalized === true;
  const a = sur ? (norm ? sur.alpha / v : sur.alpha) : 0;
  const c = norm ? 1 / v : 1;
  const centre = norm ? 1 : v;
  let total = 0;
  for (let t = 0; t < T; t++) {
    const o = t * M;
    for (let m = 0; m < M; m++) {
      const k = o + m;
      const x = (u[m] as number) + (cur[k] as number);
      if (dsdu) {
        const d = 1 - Math.abs(x * c - centre);
        dsdu[k] = d > 0 ? a * d : 0;
      }
      if (x > v) { // spikes are sparse, so the branch predicts well (faster than branch-free here)
        spikes[k] = 1;
        u[m] = x - v;
        fired[m] = 1;
        total++;
      } else {
        spikes[k] = 0;
        u[m] = x;
      }
    }
  }
  let silent = 0;
  for (let m = 0; m < M; m++) silent += 1 - (fired[m] as number);
  return { spikes: total, silent, neurons: M, T };
}

/**
 * BPTT: g[t·M + m] = ∂L/∂o_t, returns ∂L/∂I_t in `out`. With δ_t = ∂L/∂u_t (pre-reset membrane):
 *   δ_t = g_t·σ'_t + δ_{t+1}·(1 − v·σ'_t)   (reset gradient on)   or   g_t·σ'_t + δ_{t+1}   (detached),
 * δ_T = 0, and ∂L/∂I_t = δ_t because u_t = u_{t−1} + I_t.
 */
export function ifBackwardArrays(g: Float32Array, dsdu: Float32Array, T: number, v: number, resetGrad: boolean, out: Float32Array): void {
  const M = g.length / T;
  assert(Number.isInteger(M) && dsdu.length === g.length && out.length === g.length, 'IF backward: buffers must all be T·M long');
  const delta = new Float32Array(M);
  for (let t = T - 1; t >= 0; t--) {
    const o = t * M;
    if (resetGrad) {
      for (let m = 0; m < M; m++) {
        const s = dsdu[o + m] as number;
        const d = (g[o + m] as number) * s + (delta[m] as number) * (1 - v * s);
        delta[m] = d;
        out[o + m] = d;
      }
    } else {
      for (let m = 0; m < M; m++) {
        const d = (g[o + m] as number) * (dsdu[o + m] as number) + (delta[m] as number);
        delta[m] = d;
        out[o + m] = d;
      }
    }
  }
}

/**
 * ∂L/∂v of one layer from the BPTT deltas δ_t = ∂L/∂u_t (what ifBackwardArrays writes) and the forward
 * spikes o_t, summed over its M neurons. v enters three times: the spike s_t = H(u_t − v) with the
 * surrogate ∂s_t/∂v = −∂s_t/∂u_t, the reset u ← u − v·o_t (−o_t, also when the reset is detached: only
 * o_t is detached there, not v), and u0 = f·v (f). The first term telescopes: its sum over t is −δ_0,
 * since δ_t − δ_{t+1} = σ′_t·∂L/∂s_t in both reset modes. So ∂L/∂v = −(1 − f)·Σ_m δ_0 − Σ_t Σ_m o_t·δ_{t+1}.
 * The normalized surrogate's window scale 1/v is held constant (it shapes the window, it is not the threshold).
 */
export function thresholdGradient(delta: Float32Array, spikes: Float32Array, T: number, u0Fraction: number): number {
  const M = delta.length / T;
  assert(Number.isInteger(M) && spikes.length === delta.length, 'threshold gradient: buffers must both be T·M long');
  let first = 0;
  for (let m = 0; m < M; m++) first += delta[m] as number;
  let reset = 0;
  for (let t = 0; t + 1 < T; t++) {
    const o = t * M;
    for (let m = 0; m < M; m++) {
      if ((spikes[o + m] as number) !== 0) reset += delta[o + M + m] as number;
    }
  }
  return -(1 - u0Fraction) * first - reset;
}

export interface IfLayerOptions {
  readonly T: number;
  readonly v: number;
  readonly u0Fraction: number;
  /** Given = build the BPTT gradient (training); absent = inference only, nothing is kept. */
  readonly surrogate?: Surrogate;
  /** Receives the layer's spike statistics after the forward loop. */
  readonly onCounts?: (c: SpikeCounts) => void;
}

/** Spikes [T·B, H, W, C] from currents of the same shape (time-major rows). */
export function ifLayer(cur: tf.Tensor4D, o: IfLayerOptions): tf.Tensor4D {
  assert(cur.shape[0] % o.T === 0, `IF layer: batch ${cur.shape[0]} is not a multiple of T = ${o.T}`);
  assert(o.v > 0 && Number.isFinite(o.v), `IF layer: threshold ${o.v} must be positive`);
  const sur = o.surrogate;
  if (!sur) {
    const c = cur.dataSync() as Float32Array;
    const spikes = new Float32Array(c.length);
    const counts = ifForwardArrays(c, o.T, o.v, o.u0Fraction * o.v, spikes);
    o.onCounts?.(counts);
    return tf.tensor4d(spikes, cur.shape);
  }
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const c = x.dataSync() as Float32Array;
    const spikes = new Float32Array(c.length);
    const dsdu = new Float32Array(c.length);
    const counts = ifForwardArrays(c, o.T, o.v, o.u0Fraction * o.v, spikes, dsdu, sur);
    o.onCounts?.(counts);
    const shape = x.shape as [number, number, number, number];
    return {
      value: tf.tensor4d(spikes, shape),
      gradFunc: (dy: tf.Tensor) => {
        const out = new Float32Array(dsdu.length);
        ifBackwardArrays(dy.dataSync() as Float32Array, dsdu, o.T, o.v, sur.resetGrad, out);
        return tf.tensor4d(out, shape);
      },
    };
  });
  return f(cur) as tf.Tensor4D;
}
