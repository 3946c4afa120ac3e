// The JS↔WASM boundary of build/hsnn.wasm without any file access: the export list, the stateInfo
// selectors, the module's error codes and instantiation from an already compiled module. wasm.ts
// compiles the module from disk (Node); the browser page compiles it from a fetch (web/src/worker).

// The WebAssembly global is typed by the DOM lib, which this Node project does not load.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

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

/** A fresh instance with its own memory, from a compiled hsnn.wasm module. */
export function instantiateModule(compiled: object): HsnnWasm {
  const abort = (_msg: number, _file: number, line: number, col: number): never => {
    throw new Error(`internal: hsnn.wasm aborted at ${line}:${col}`);
  };
  const inst = new WA.Instance(compiled, { env: { abort } });
  return inst.exports as unknown as HsnnWasm;
}
