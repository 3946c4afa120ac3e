// The quantisation-clip-floor-shift activation (QCFS, Bu et al. 2022), the ANN side of low-T conversion:
//   y = λ·clamp(⌊x·L/λ + ½⌋ / L, 0, 1)
// with one learnable clip λ per spiking layer, stored as the 1×1×1×1 tensor `<layer>.lambda` beside the
// weights (so Adam, checkpoints and --resume treat it like any weight). Gradient (straight-through for
// the rounding): ∂y/∂x = 1 on 0 < x < λ, else 0; ∂y/∂λ = (y − x)/λ on 0 < x < λ, 1 for x ≥ λ, 0 for x ≤ 0.
import * as tf from '@tensorflow/tfjs';
import { userError } from '../../core/errors.js';

import { RELU, type ActivationSpec } from '../../formats/activation.js';

export { RELU, type ActivationSpec };

/** λ below this is treated as this in the forward pass, so a λ that Adam drives to 0 cannot divide by 0. */
export const MIN_LAMBDA = 1e-6;

export const lambdaName = (layer: string): string => `${layer}.lambda`;

/** `--levels` must be an integer ≥ 1 (HSNN1400 names the option). */
export function parseLevels(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 4096) {
    throw userError('HSNN1400', `option --levels: ${String(v)} must be an integer in [1, 4096] (the number of quantisation steps L)`);
  }
  return v;
}

/** `--activation relu | qcfs` with `--levels` (required by qcfs, refused with relu). */
export function parseActivation(kind: unknown, levels: unknown): ActivationSpec | undefined {
  if (kind === undefined && levels === undefined) return undefined;
  if (kind === undefined || kind === 'relu') {
    if (levels !== undefined) throw userError('HSNN1401', 'option --levels applies to --activation qcfs only');
    return RELU;
  }
  if (kind !== 'qcfs') throw userError('HSNN1401', `option --activation: '${String(kind)}' is not 'relu' or 'qcfs'`);
  if (levels === undefined) throw userError('HSNN1400', 'option --levels is required with --activation qcfs');
  return { kind: 'qcfs', levels: parseLevels(levels) };
}

/** The header's activation, validated (absent = relu, as every checkpoint before QCFS). */
export function activationOf(header: { readonly activation?: unknown }, file: string): ActivationSpec {
  const a = header.activation as { kind?: unknown; levels?: unknown } | undefined;
  if (a === undefined) return RELU;
  if (a.kind === 'relu') return RELU;
  if (a.kind === 'qcfs' && typeof a.levels === 'number' && Number.isInteger(a.levels) && a.levels >= 1) return { kind: 'qcfs', levels: a.levels };
  throw userError('HSNN1402', `checkpoint ${file}: activation ${JSON.stringify(a)} is not relu or qcfs with integer levels >= 1`);
}

/** Plain-number QCFS of one value (the definition the tests and the λ search use). */
export function qcfsValue(x: number, lambda: number, levels: number): number {
  const q = Math.floor((x * levels) / lambda + 0.5) / levels;
  return lambda * Math.min(1, Math.max(0, q));
}

/** QCFS of x [N, H, W, C] with clip lambda [1, 1, 1, 1]; differentiable in both (see the header). */
export function qcfs(x: tf.Tensor4D, lambda: tf.Tensor4D, levels: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, li] = args as [tf.Tensor4D, tf.Tensor4D];
    const save = args[2] as tf.GradSaveFunc;
    const lam = tf.maximum(li, MIN_LAMBDA);
    const q = tf.clipByValue(tf.div(tf.floor(tf.add(tf.mul(tf.div(xi, lam), levels), 0.5)), levels), 0, 1);
    const y = tf.mul(lam, q) as tf.Tensor4D;
    save([xi, lam, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sl, sy] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        // Masks by arithmetic: the wasm backend's comparison and select kernels broadcast a [1,1,1,1]
        // λ about 60× slower than its arithmetic ones (1.2 s against 20 ms on a 26×48×48×16 map).
        // step(z) = 1 for z > 0 else 0, so below = step(λ − x) is x < λ, and above = 1 − below is x ≥ λ.
        const below = tf.step(tf.sub(sl, sx));
        const inside = tf.mul(tf.step(sx), below);
        const dx = tf.mul(dy, inside);
        const dl = tf.add(tf.mul(inside, tf.div(tf.sub(sy, sx), sl)), tf.sub(1, below));
        return [dx, tf.reshape(tf.sum(tf.mul(dy, dl)), [1, 1, 1, 1])];
      },
    };
  });
  return f(x, lambda) as tf.Tensor4D;
}

/** Every spiking layer's λ from checkpoint tensors; a missing, non-finite or non-positive λ names its layer. */
export function lambdasFromTensors(layers: readonly string[], tensors: ReadonlyMap<string, Float32Array>, file: string): Map<string, number> {
  const out = new Map<string, number>();
  const problems: string[] = [];
  for (const name of layers) {
    const t = tensors.get(lambdaName(name));
    const v = t?.length === 1 ? (t[0] as number) : Number.NaN;
    if (!t) problems.push(`layer '${name}' has no tensor '${lambdaName(name)}'`);
    else if (!(Number.isFinite(v) && v > 0)) problems.push(`layer '${name}' has clip λ ${t.length === 1 ? v : `of ${t.length} values`}; it must be one positive finite number`);
    else out.set(name, v);
  }
  if (problems.length > 0) throw userError('HSNN1402', `checkpoint ${file} (qcfs): ${problems.join('; ')}`);
  return out;
}
