// Loads runtime-wasm/build/hsnn.wasm: compiled once per process, one instance per loaded netlist (an
// instance holds one model and one state). The boundary itself (export list, selectors, error codes)
// is wasm-api.ts, shared with the browser page, which swaps this file for web/src/worker/wasm-web.ts.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { userError } from '../../core/errors.js';
import { instantiateModule, WA } from './wasm-api.js';
import type { HsnnWasm } from './wasm-api.js';

export { INFO, WASM_ERRORS } from './wasm-api.js';
export type { HsnnWasm } from './wasm-api.js';

export const WASM_PATH = fileURLToPath(new URL('../build/hsnn.wasm', import.meta.url));

let compiled: object | undefined;

function compile(): object {
  if (compiled) return compiled;
  if (!existsSync(WASM_PATH)) throw userError('HSNN4005', `simulator module ${WASM_PATH} is missing; run npm run build:wasm`);
  try {
    compiled = new WA.Module(readFileSync(WASM_PATH));
  } catch (e) {
    throw userError('HSNN4005', `simulator module ${WASM_PATH} cannot be compiled (${(e as Error).message}); rebuild with npm run build:wasm`);
  }
  return compiled;
}

/** A fresh instance with its own memory. */
export function instantiate(): HsnnWasm {
  return instantiateModule(compile());
}
