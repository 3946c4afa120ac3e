// --rates RATES.json: measured firing rates per layer, as the simulator/report writes them:
//   { "T": 16, "slices": 42, "layers": [{ "name": "enc0.conv1", "neurons": 49152, "rate": 0.08, "silentFraction": 0.3 }, …] }
// rate = spikes per neuron per step. Layers the file does not list get the assumed rate (stated in the summary).
import { readFileSync } from 'node:fs';
import { HsnnError, userError } from '../../core/errors.js';

export interface LayerRate {
  readonly name: string;
  readonly neurons: number;
  readonly rate: number;
  readonly silentFraction: number;
}

export interface RatesFile {
  readonly T: number;
  readonly slices: number;
  readonly layers: readonly LayerRate[];
  readonly file: string;
}

/** Spikes per neuron per step assumed for populations without a measured rate. */
export const DEFAULT_ASSUMED_RATE = 0.1;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

function parseLayer(v: unknown, i: number, bad: string[]): LayerRate | undefined {
  if (typeof v !== 'object' || v === null) { bad.push(`layers[${i}] must be an object`); return undefined; }
  const o = v as Record<string, unknown>;
  const at = `layers[${i}]${typeof o.name === 'string' ? ` ('${o.name}')` : ''}`;
  const before = bad.length;
  if (typeof o.name !== 'string' || o.name === '') bad.push(`${at}: 'name' must be a non-empty string`);
  if (!isCount(o.neurons)) bad.push(`${at}: 'neurons' must be an integer ≥ 0`);
  if (!isFraction(o.rate)) bad.push(`${at}: 'rate' must be spikes per neuron per step in [0, 1]`);
  if (!isFraction(o.silentFraction)) bad.push(`${at}: 'silentFraction' must be in [0, 1]`);
  return bad.length === before ? { name: o.name as string, neurons: o.neurons as number, rate: o.rate as number, silentFraction: o.silentFraction as number } : undefined;
}

export function parseRates(json: unknown, file: string): RatesFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw userError('HSNN2202', `rates ${file}: must be a JSON object {T, slices, layers}`);
  const o = json as Record<string, unknown>;
  const bad: string[] = [];
  if (!isCount(o.T) || o.T < 1) bad.push(`'T' must be a positive integer`);
  if (!isCount(o.slices) || o.slices < 1) bad.push(`'slices' must be a positive integer`);
  const layers: LayerRate[] = [];
  if (!Array.isArray(o.layers)) bad.push(`'layers' must be an array of {name, neurons, rate, silentFraction}`);
  else o.layers.forEach((v: unknown, i: number) => { const l = parseLayer(v, i, bad); if (l) layers.push(l); });
  const names = new Set<string>();
  for (const l of layers) { if (names.has(l.name)) bad.push(`layer '${l.name}' is listed twice`); names.add(l.name); }
  if (bad.length > 0) throw new HsnnError(bad.map((m) => ({ code: 'HSNN2202', message: `rates ${file}: ${m}` })));
  return { T: o.T as number, slices: o.slices as number, layers, file };
}

export function loadRates(path: string): RatesFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw userError('HSNN2202', `rates ${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseRates(json, path);
}
