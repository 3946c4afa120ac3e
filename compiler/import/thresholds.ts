// --thresholds JSON for compiling an ANN checkpoint directly: per-layer firing thresholds plus the SNN
// settings an ANN header lacks. Accepted shapes:
//   { "thresholds": { "enc0.conv1": 1.2, … }, "u0Fraction"?: 0.5, "T"?: 16, "readoutScale"?: 1, "seed"?: 0 }
//   { "enc0.conv1": 1.2, … }                       (thresholds only)
import { readFileSync } from 'node:fs';
import { HsnnError, userError } from '../../core/errors.js';

export interface ThresholdsFile {
  readonly thresholds: Readonly<Record<string, number>>;
  readonly u0Fraction: number;
  readonly T: number;
  readonly readoutScale: number;
  readonly seed: number;
  readonly file: string;
}

/** Stated defaults for settings the file leaves out (T = 16 as in the fine-tuning reference). */
export const THRESHOLD_DEFAULTS = { u0Fraction: 0.5, T: 16, readoutScale: 1, seed: 0 } as const;

const SETTINGS = ['u0Fraction', 'T', 'readoutScale', 'seed'] as const;

export function parseThresholds(json: unknown, file: string): ThresholdsFile {
  const bad: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw userError('HSNN2201', `thresholds ${file}: must be a JSON object`);
  const obj = json as Record<string, unknown>;
  const map = 'thresholds' in obj ? obj.thresholds : obj;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw userError('HSNN2201', `thresholds ${file}: 'thresholds' must map layer names to numbers`);
  const thresholds: Record<string, number> = {};
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
    if (typeof v !== 'number') bad.push(`layer '${k}': threshold must be a number`);
    else thresholds[k] = v;
  }
  const settings: Record<string, number> = { ...THRESHOLD_DEFAULTS };
  if ('thresholds' in obj) {
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'thresholds') continue;
      if (!(SETTINGS as readonly string[]).includes(k)) bad.push(`unknown key '${k}' (expected thresholds, ${SETTINGS.join(', ')})`);
      else if (typeof v !== 'number' || !Number.isFinite(v)) bad.push(`'${k}' must be a finite number`);
      else settings[k] = v;
    }
  }
  if (bad.length > 0) throw new HsnnError(bad.map((m) => ({ code: 'HSNN2201', message: `thresholds ${file}: ${m}` })));
  return { thresholds, u0Fraction: settings.u0Fraction as number, T: settings.T as number, readoutScale: settings.readoutScale as number, seed: settings.seed as number, file };
}

export function loadThresholds(path: string): ThresholdsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw userError('HSNN2201', `thresholds ${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseThresholds(json, path);
}
