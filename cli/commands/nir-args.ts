// Options shared by the commands that read .nir files (compile, export-nir): how to read what NIR leaves
// open (reset mode, number of time steps). Parsed here so both commands give the same HSNN5011 errors.
import type { Options } from 'yargs';
import { nirError } from '../../nir/codes.js';
import type { NirImportOptions, ResetChoice } from '../../nir/to-ir.js';

const RESETS: readonly ResetChoice[] = ['auto', 'subtract', 'zero'];

export const NIR_IMPORT_OPTIONS: Readonly<Record<string, Options>> = {
  reset: { type: 'string', default: 'auto', describe: '.nir input: IF reset, auto (metadata reset_mode, else to v_reset = 0) | subtract | zero' },
  timesteps: { type: 'number', describe: '.nir input: time steps T when the file states none (default 16)' },
  dt: { type: 'number', describe: '.nir input: LIF step in seconds when the file states none; decay dt/τ per step, forward Euler (default 0.001)' },
};

export function nirImportOptions(args: Readonly<Record<string, unknown>>): NirImportOptions {
  const reset = String(args.reset ?? 'auto');
  if (!(RESETS as readonly string[]).includes(reset)) throw nirError('HSNN5011', `--reset ${reset}: expected one of ${RESETS.join(', ')}`);
  const T = args.timesteps;
  if (T !== undefined && !(Number.isInteger(Number(T)) && Number(T) >= 1 && Number(T) <= 1_000_000)) throw nirError('HSNN5011', `--timesteps ${String(T)}: expected an integer in 1..1000000`);
  const dt = args.dt;
  if (dt !== undefined && !(Number(dt) > 0 && Number.isFinite(Number(dt)))) throw nirError('HSNN5011', `--dt ${String(dt)}: expected a step length in seconds > 0`);
  return { reset: reset as ResetChoice, ...(T !== undefined ? { timesteps: Number(T) } : {}), ...(dt !== undefined ? { dt: Number(dt) } : {}) };
}
