// Loads runtime-wasm/build/hsnn.wasm: compiled once per process, one instance per loaded netlist (an
// instance holds one model and one state). The export list below is the whole JS↔WASM boundary.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { userError } from '../../core/errors.js';

// The WebAssembly global is typed by the DOM lib, which this Node project does not load.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Exports of assembly/index.ts; addresses and sizes only. */
export interface HsnnWasm {
  readonly memory: { readonly buffer: ArrayBuffer };
  reserve(bytes: number): number;
  arenaTop(): number;
  release(mark: number): number;
  memoryMapped(): number;
  modelLoad(ptr: number, bytes: number): number;
  lastErrorDetail(): number;
  lastError(): number;
  stateBytes(model: number, maxT: number): number;
  stateNew(model: number, maxT: number): number;
  stateInfo(state: number, what: number): number;
  simBegin(state: number, seed: number, T: number, mode: number): number;
  simStep(state: number): number;
  simRun(state: number): number;
  spikeList(state: number, pop: number): number;
  spikeCount(state: number, pop: number): number;
  potentialOffset(pop: number): number;
  rand32(seed: number, t: number, i: number): number;
  sliceSeed(seed: number, k: number): number;
}

/** stateInfo selectors (assembly/index.ts). */
export const INFO = { potentials: 0, lists: 1, image: 2, popCounters: 3, coreCounters: 4, series: 5, steps: 6, done: 7, bytes: 8, hostCurrent: 9 } as const;

/** Error codes returned by the module (assembly/check.ts) and what they mean. */
export const WASM_ERRORS: Readonly<Record<number, string>> = {
  1: 'model header', 2: 'section bounds', 3: 'population record', 4: 'projection record', 5: 'weights or CSR table',
  6: 'core table', 7: 'fan-out table', 8: 'bad handle', 9: 'run not begun or already finished', 10: 'out of memory', 11: 'bad argument',
};

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
  const abort = (_msg: number, _file: number, line: number, col: number): never => {
    throw new Error(`internal: hsnn.wasm aborted at ${line}:${col}`);
  };
  const inst = new WA.Instance(compile(), { env: { abort } });
  return inst.exports as unknown as HsnnWasm;
}
