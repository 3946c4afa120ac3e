// rates.json: measured firing rates per spiking layer. Written by `hsnn rates` (models/snn/rates.ts) and by
// `hsnn report` (report/write.ts); read by `hsnn compile --rates` (traffic estimates) and by the report
// (sparsity). One type and one parser, so a file one reader accepts the other accepts too:
//   { "T": 16, "slices": 42, "layers": [{ "name": "enc0.conv1", "neurons": 49152, "rate": 0.08, "silentFraction": 0.3 }, …] }
// rate = spikes per neuron per step in [0, 1]; silentFraction (share of neurons silent for all T steps) is optional.
import { readFileSync } from 'node:fs';
import type { Code } from '../core/codes.js';
import { HsnnError, userError } from '../core/errors.js';

export interface LayerRate {
  readonly name: string;
  readonly neurons: number;
  readonly rate: number;
  readonly silentFraction?: number | undefined;
}

export interface RatesFile {
  readonly T: number;
  readonly slices: number;
  readonly layers: readonly LayerRate[];
  /** The path it was read from. */
  readonly file: string;
}

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
  if (o.silentFraction !== undefined && !isFraction(o.silentFraction)) bad.push(`${at}: 'silentFraction' must be in [0, 1]`);
  if (bad.length > before) return undefined;
  const layer = { name: o.name as string, neurons: o.neurons as number, rate: o.rate as number };
  return o.silentFraction === undefined ? layer : { ...layer, silentFraction: o.silentFraction as number };
}

/** Validates parsed JSON; every problem is a `code` diagnostic (the reader's own: compiler or report) naming the file. */
export function parseRates(json: unknown, file: string, code: Code): RatesFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw userError(code, `rates ${file}: must be a JSON object {T, slices, layers}`);
  const o = json as Record<string, unknown>;
  const bad: string[] = [];
  if (!isCount(o.T) || o.T < 1) bad.push(`'T' must be a positive integer`);
  if (!isCount(o.slices) || o.slices < 1) bad.push(`'slices' must be a positive integer`);
  const layers: LayerRate[] = [];
  if (!Array.isArray(o.layers)) bad.push(`'layers' must be an array of {name, neurons, rate, silentFraction?}`);
  else o.layers.forEach((v: unknown, i: number) => { const l = parseLayer(v, i, bad); if (l) layers.push(l); });
  const names = new Set<string>();
  for (const l of layers) { if (names.has(l.name)) bad.push(`layer '${l.name}' is listed twice`); names.add(l.name); }
  if (bad.length > 0) throw new HsnnError(bad.map((m) => ({ code, message: `rates ${file}: ${m}` })));
  return { T: o.T as number, slices: o.slices as number, layers, file };
}

/** Reads and validates a rates.json; an unreadable file or bad JSON is `code` too. */
export function loadRates(path: string, code: Code): RatesFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw userError(code, `rates ${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseRates(json, path, code);
}
