// Optional multi-threaded tfjs wasm backend for Node (HSNN_WASM_THREADS=n, n ≥ 2). tfjs-backend-wasm
// never picks its threaded-SIMD build under Node (tfjs issue #3830: the pthread worker is served as a
// Blob URL); here the same build is started with the worker script written to a real file, and
// registered under the name 'wasm' so every wasm kernel (hsnn's included) runs on it. XNNPACK then
// spreads convolutions, matmuls and elementwise ops over n threads; results do not depend on n.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

type Cwrap = (name: string, ret: string | null, args: string[]) => (...a: number[]) => number;
interface EmscriptenModule {
  cwrap: Cwrap;
  tfjs?: Record<string, (...a: number[]) => number>;
}
type Factory = (config: object) => Promise<EmscriptenModule>;

/** The pthread worker script, as a CommonJS file next to nothing else (it must not be an ES module). */
function workerScript(contents: string): string {
  // tfjs escapes raw newlines the same way before turning the script into a Blob.
  const text = contents.replace(/\n/g, '\\n');
  const dir = join(os.tmpdir(), 'hsnn-tfjs-wasm');
  const file = join(dir, `worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return file;
}

/**
 * Emscripten spawns its pthread pool with `new Worker(file)` through the global `Worker` it sets to
 * worker_threads.Worker. Those workers would inherit this process's execArgv (tsx loaders, `-e` runner
 * flags), which they neither need nor accept, so the global is pinned to a subclass that clears them.
 */
function pinWorkerClass(): void {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  class PlainWorker extends Worker {
    constructor(file: string | URL, options: import('node:worker_threads').WorkerOptions = {}) {
      super(file, { ...options, execArgv: [] });
    }
  }
  Object.defineProperty(globalThis, 'Worker', { configurable: true, enumerable: false, get: () => PlainWorker, set: () => undefined });
}

async function startModule(threads: number): Promise<EmscriptenModule> {
  pinWorkerClass();
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const main = join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = require(main) as Factory;
  const worker = workerScript((require(join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }).wasmWorkerContents);
  // The module sizes its thread pool as (logical cores / 2) while it starts; report 2·threads cores.
  // The CommonJS exports object (the one emscripten's require('os') sees); the ESM namespace is frozen.
  const osMut = require('node:os') as { cpus: typeof os.cpus };
  const cpus = osMut.cpus;
  osMut.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus()[i % cpus().length] as os.CpuInfo);
  let mod: EmscriptenModule;
  try {
    mod = await factory({ locateFile: (p: string) => (p.endsWith('.worker.js') ? worker : join(dir, p)), mainScriptUrlOrBlob: main });
  } finally {
    osMut.cpus = cpus;
  }
  mod.tfjs = {
    init: mod.cwrap('init', null, []),
    initWithThreadsCount: mod.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: mod.cwrap('get_threads_count', 'number', []),
    registerTensor: mod.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: mod.cwrap('dispose_data', null, ['number']),
    dispose: mod.cwrap('dispose', null, []),
  };
  return mod;
}

/** Replace the 'wasm' backend factory with the threaded build; call before tf.setBackend('wasm'). */
export function registerThreadedWasm(threads: number): void {
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const mod = await startModule(threads);
    setThreadsCount(threads);
    return new BackendWasm(mod as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  }, 2);
}
