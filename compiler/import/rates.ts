// --rates RATES.json for the compiler: the one rates.json reader (formats/rates.ts) with the compiler's
// code, HSNN2202. Layers the file does not list get the assumed rate (stated in the summary).
import * as rates from '../../formats/rates.js';
import type { RatesFile } from '../../formats/rates.js';

export type { LayerRate, RatesFile } from '../../formats/rates.js';

/** Spikes per neuron per step assumed for populations without a measured rate. */
export const DEFAULT_ASSUMED_RATE = 0.1;

export function parseRates(json: unknown, file: string): RatesFile {
  return rates.parseRates(json, file, 'HSNN2202');
}

export function loadRates(path: string): RatesFile {
  return rates.loadRates(path, 'HSNN2202');
}
