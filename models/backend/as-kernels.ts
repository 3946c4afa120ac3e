// Host side of models/backend/assembly/kernels.ts: instantiates kernels.wasm on tfjs-backend-wasm's own
// linear memory, so kernels address tensors by heap offset with no copies. If the module is not built
// (npm run build) or the backend's memory is not reachable, callers fall back to XNNPACK compositions.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export interface AsKernels {
  /** See convFilterGrad in models/backend/assembly/kernels.ts; pointers are byte offsets. */
  convFilterGrad(x: number, dy: number, dw: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number, co: number,
    kh: number, kw: number, sh: number, sw: number, top: number, left: number, rowsPerBlock: number): void;
  /** dst[r·dstStride + j] = src[r·srcStride + j] for r < rows, j < width (float32 counts). */
  copyRows(src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
  /** Zero-padded NHWC copy: dst [nb, hp, wp, c] holds src [nb, h, w, c] at (top, left). */
  padNHWC(src: number, dst: number, nb: number, h: number, w: number, c: number, top: number, left: number, hp: number, wp: number): void;
  /** Stride-1 valid conv of a padded input, co % 8 == 0: out [nb, hp-kh+1, wp-kw+1, co]. */
  conv2dValid(xp: number, w: number, out: number, nb: number, hp: number, wp: number, ci: number, co: number, kh: number, kw: number): void;
  /** Gradient of a k×k, stride-k, unpadded average pool. */
  avgPoolGradK(dy: number, dx: number, nb: number, h: number, w: number, ch: number, ho: number, wo: number, k: number): void;
}

export const KERNELS_WASM = resolve(import.meta.dirname, 'build/kernels.wasm');

// The WebAssembly global is typed by the DOM lib, which this Node project does not load.
interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const instances = new WeakMap<WasmMemory, AsKernels>();
let enabled = true;
let compiled: object | null | undefined;

/** The emscripten module's memory: `asm.memory` (exported by the plain build) or `wasmMemory`. */
function backendMemory(backend: BackendWasm): WasmMemory | null {
  const mod = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const memory = mod.wasmMemory ?? mod.asm?.memory;
  return memory instanceof WA.Memory ? (memory as WasmMemory) : null;
}

/** The kernels bound to this backend's heap, or null (not built, memory hidden, or disabled for a test). */
export function asKernels(backend: BackendWasm): AsKernels | null {
  if (!enabled) return null;
  const memory = backendMemory(backend);
  if (!memory) return null;
  let k = instances.get(memory);
  if (!k) {
    // kernels.wasm declares an unshared memory; a threaded tfjs build (shared memory) gets the fallbacks.
    if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
    compiled ??= existsSync(KERNELS_WASM) ? new WA.Module(readFileSync(KERNELS_WASM)) : null;
    if (!compiled) return null;
    k = new WA.Instance(compiled, { env: { memory } }).exports as unknown as AsKernels;
    instances.set(memory, k);
  }
  return k;
}

/** Tests switch the AssemblyScript kernels off to exercise the XNNPACK fallbacks. */
export function setAsKernelsEnabled(on: boolean): void {
  enabled = on;
}
