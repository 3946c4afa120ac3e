// Warm start of a QCFS ANN from a trained ReLU ANN: each layer's clip λ is chosen on calibration slices to
// minimise the quantisation error of that layer's outputs, mean over all values of (qcfs(x; λ, L) − relu(x))²,
// over a candidate set (percentiles of the positive outputs and a geometric grid below the maximum).
// Layers are taken in execution order with every earlier layer already quantised, so each λ sees the
// inputs it will see in training. A raw high percentile is the wrong choice at small L: with λ = p99.9
// most outputs lie below λ/(2L) and round to 0 (../shared/docs/LOW-LATENCY.md).
import * as tf from '@tensorflow/tfjs';
import { unetForward, type WeightMap } from './forward.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { qcfs, qcfsValue } from './qcfs.js';
import { hashSeed, mulberry32 } from '../../core/random.js';

/** Values kept per layer for the search (a seeded subsample beyond this). */
const MAX_VALUES = 200_000;
const PERCENTILES = [50, 60, 70, 80, 85, 90, 92.5, 95, 97, 98, 99, 99.5, 99.9, 100];
const GRID_STEPS = 48; // λ = max · 2^(−k/4), k = 0..47: four candidates per octave over 12 octaves

export interface LambdaChoice {
  readonly name: string;
  readonly lambda: number;
  /** Quantisation MSE of the chosen λ, and of λ = p99.9 for comparison. */
  readonly mse: number;
  readonly mseP999: number;
  readonly p999: number;
  /** Fraction of the layer's positive outputs that the chosen λ rounds to 0. */
  readonly zeroedFraction: number;
}

/** Seeded subsample of `values` (all of them when there are few). */
function subsample(values: Float32Array, seed: number): Float32Array {
  if (values.length <= MAX_VALUES) return values.slice();
  const rand = mulberry32(seed);
  const out = new Float32Array(MAX_VALUES);
  for (let i = 0; i < MAX_VALUES; i++) out[i] = values[Math.floor(rand() * values.length)] as number;
  return out;
}

function mse(values: Float32Array, lambda: number, levels: number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const d = qcfsValue(x, lambda, levels) - Math.max(0, x);
    s += d * d;
  }
  return s / Math.max(1, values.length);
}

/** Candidate clips for one layer's values (percentiles of the positive ones, and a grid under the max). */
export function lambdaCandidates(values: Float32Array): { candidates: number[]; p999: number } {
  const pos = Float32Array.from(values.filter((v) => v > 0)).sort();
  if (pos.length === 0) return { candidates: [], p999: 0 };
  const pct = (p: number): number => pos[Math.min(pos.length - 1, Math.floor((p / 100) * (pos.length - 1)))] as number;
  const max = pos[pos.length - 1] as number;
  const grid = Array.from({ length: GRID_STEPS }, (_, k) => max * 2 ** (-k / 4));
  return { candidates: [...PERCENTILES.map(pct), ...grid].filter((v) => v > 0), p999: pct(99.9) };
}

/** The minimum-MSE clip of one layer's pre-activations (λ = 1 for a layer that is never positive). */
export function chooseLambda(name: string, values: Float32Array, levels: number): LambdaChoice {
  const { candidates, p999 } = lambdaCandidates(values);
  if (candidates.length === 0) return { name, lambda: 1, mse: 0, mseP999: 0, p999: 0, zeroedFraction: 0 };
  let best = candidates[0] as number;
  let bestMse = Infinity;
  for (const c of candidates) {
    const e = mse(values, c, levels);
    if (e < bestMse) { bestMse = e; best = c; }
  }
  let positive = 0;
  let zeroed = 0;
  for (const x of values) if (x > 0) { positive++; if (qcfsValue(x, best, levels) === 0) zeroed++; }
  return { name, lambda: best, mse: bestMse, mseP999: mse(values, p999, levels), p999, zeroedFraction: zeroed / positive };
}

export interface CalibrationImages {
  /** Slices [n][H·W] in [0, 1]. */
  readonly images: Float32Array;
  readonly n: number;
}

/**
 * λ per spiking layer for a QCFS network with the ReLU weights `weights`, from one forward pass over all
 * calibration slices as one batch (a few dozen slices: small): at each layer the λ is chosen from the
 * batch's pre-activations, then the layer is quantised with it before later layers read it.
 */
export function initLambdas(arch: UNetArch, weights: WeightMap, cal: CalibrationImages, levels: number, seed: number): LambdaChoice[] {
  const choices: LambdaChoice[] = [];
  tf.tidy(() => {
    const x = tf.tensor4d(cal.images.subarray(0, cal.n * arch.height * arch.width), [cal.n, arch.height, arch.width, 1]);
    unetForward(arch, weights, x, (pre, layer) => {
      const c = chooseLambda(layer.name, subsample(pre.dataSync() as Float32Array, hashSeed(seed, 0x1a3b, choices.length)), levels);
      choices.push(c);
      return qcfs(pre, tf.fill([1, 1, 1, 1], c.lambda) as tf.Tensor4D, levels);
    });
  });
  return choices;
}
