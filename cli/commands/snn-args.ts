// Option parsing shared by the model commands (convert, finetune, evaluate, evaluate-snn, rates, experiment): every
// bad value is a coded HSNN1203 error that names the option.
import type { Args } from '../types.js';
import { userError } from '../../core/errors.js';
import { DEFAULT_SURROGATE, type Surrogate } from '../../models/snn/if-neuron.js';
import type { PoolMode } from '../../proto/spiking-pool.js';

export function optInt(args: Args, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw userError('HSNN1203', `option --${key}: ${String(v)} must be an integer in [${min}, ${max}]`);
  return v;
}

export function optReal(args: Args, key: string, lo: number, hi: number): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw userError('HSNN1203', `option --${key}: ${String(v)} must be a number in [${lo}, ${hi}]`);
  return v;
}

export function optString(args: Args, key: string): string | undefined {
  const v = args[key];
  return v === undefined ? undefined : String(v);
}

/** A comma-separated list of positive integers, e.g. --T 8,16,32. */
export function optIntList(args: Args, key: string, max = 100000): number[] | undefined {
  const nums = optStringList(args, key)?.map(Number);
  if (nums === undefined) return undefined;
  if (nums.length === 0 || !nums.every((n) => Number.isInteger(n) && n >= 1 && n <= max)) throw userError('HSNN1203', `option --${key}: '${String(args[key])}' must be integers in [1, ${max}] separated by commas`);
  return nums;
}

/** --thresholds-style list of probability cut-offs, each strictly inside (0, 1). */
export function optProbabilityList(args: Args, key: string): number[] | undefined {
  const nums = optStringList(args, key)?.map(Number);
  if (nums === undefined) return undefined;
  if (nums.length === 0 || !nums.every((n) => n > 0 && n < 1)) throw userError('HSNN1203', `option --${key}: '${String(args[key])}' must be probabilities strictly between 0 and 1, separated by commas`);
  return nums;
}

export function optStringList(args: Args, key: string): string[] | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  return String(v).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** --pool fused | spiking (how the tfjs SNN runs its 2×2 average pools), HSNN1203 otherwise. */
export function optPool(args: Args): PoolMode | undefined {
  const v = args.pool;
  if (v === undefined) return undefined;
  if (v !== 'fused' && v !== 'spiking') throw userError('HSNN1203', `option --pool: '${String(v)}' is not 'fused' or 'spiking'`);
  return v;
}

/** --alpha, --surrogate normalized|plain, --reset-grad over the defaults. */
export function surrogateFrom(args: Args, base: Surrogate = DEFAULT_SURROGATE): Surrogate {
  const kind = optString(args, 'surrogate');
  if (kind !== undefined && kind !== 'normalized' && kind !== 'plain') throw userError('HSNN1203', `option --surrogate: '${kind}' is not 'normalized' or 'plain'`);
  return {
    alpha: optReal(args, 'alpha', 1e-6, 100) ?? base.alpha,
    normalized: kind === undefined ? base.normalized : kind === 'normalized',
    resetGrad: typeof args['reset-grad'] === 'boolean' ? args['reset-grad'] : base.resetGrad,
  };
}

export const SURROGATE_OPTIONS = {
  alpha: { type: 'number', describe: `surrogate height α (default ${DEFAULT_SURROGATE.alpha})` },
  surrogate: { type: 'string', describe: `normalized (on u/v) | plain (on u − v) (default ${DEFAULT_SURROGATE.normalized ? 'normalized' : 'plain'})` },
  'reset-grad': { type: 'boolean', describe: `let the gradient flow through the reset (default ${DEFAULT_SURROGATE.resetGrad ? 'on' : 'off'})` },
} as const;
