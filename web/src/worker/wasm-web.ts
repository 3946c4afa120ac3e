// The page's runtime-wasm/host/wasm.ts (vite.config.ts swaps it in for simulator.ts): the same
// boundary (wasm-api.ts), with the module compiled from bytes the worker fetched instead of read from
// disk. The worker calls useWasmModule() once before loading a simulator.
import { webError } from '../codes.js';
import { instantiateModule } from '../../../runtime-wasm/host/wasm-api.js';
import type { HsnnWasm } from '../../../runtime-wasm/host/wasm-api.js';

export { INFO, WASM_ERRORS } from '../../../runtime-wasm/host/wasm-api.js';
export type { HsnnWasm } from '../../../runtime-wasm/host/wasm-api.js';

let compiled: WebAssembly.Module | undefined;

/** Fetches and compiles build/hsnn.wasm once (as copied into the site by the asset build). */
export async function useWasmModule(url: string): Promise<void> {
  if (compiled) return;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw webError('HSNN6003', `simulator module ${url}: cannot fetch (${(e as Error).message})`);
  }
  if (!res.ok) throw webError('HSNN6003', `simulator module ${url}: HTTP ${res.status}`);
  try {
    compiled = await WebAssembly.compile(await res.arrayBuffer());
  } catch (e) {
    throw webError('HSNN6003', `simulator module ${url}: cannot be compiled (${(e as Error).message})`);
  }
}

/** A fresh instance with its own memory (same signature as wasm.ts). */
export function instantiate(): HsnnWasm {
  if (!compiled) throw webError('HSNN6003', 'simulator module not loaded yet (useWasmModule first)');
  return instantiateModule(compiled);
}
