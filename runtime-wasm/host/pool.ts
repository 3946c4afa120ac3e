// Runs many slices of one netlist, in this thread (threads = 1) or on a pool of worker threads that
// each own a simulator instance. Jobs are handed out one at a time, so fast workers take more; results
// come back in job order, and the per-slice stats are merged in job order (deterministic totals).
import { Worker } from 'node:worker_threads';
import { userError } from '../../core/errors.js';
import type { SimNetlist } from './netlist.js';
import { loadSimulator, simulateSlice, disposeSimulator } from './simulator.js';
import type { SimMode, SimStats } from './stats.js';
import { mergeStats } from './collect.js';

export interface SliceJob {
  readonly image: Float32Array;
  /** sliceSeed(netlist seed, slice index). */
  readonly seed: number;
}

export interface PoolOptions {
  readonly mode: SimMode;
  readonly T: number;
  readonly threads: number;
  /** Called after every finished slice. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PoolResult {
  /** Readout potentials per job (float units, CHW). */
  readonly U: readonly Float32Array[];
  readonly stats: SimStats;
}

export interface WorkerInit { readonly bytes: Uint8Array; readonly file: string; readonly mode: SimMode; readonly T: number }
export interface JobRequest { readonly index: number; readonly image: Float32Array; readonly seed: number }
export type JobReply = { readonly index: number; readonly U: Float32Array; readonly stats: SimStats } | { readonly index: number; readonly error: string };

function merged(stats: readonly SimStats[]): SimStats {
  const [first, ...rest] = stats;
  if (first === undefined) throw userError('HSNN4006', 'no slices to simulate');
  return rest.reduce(mergeStats, first);
}

function inProcess(net: SimNetlist, file: string, jobs: readonly SliceJob[], o: PoolOptions): PoolResult {
  const h = loadSimulator(net, { file, maxT: o.T });
  try {
    const U: Float32Array[] = [], stats: SimStats[] = [];
    jobs.forEach((j, i) => {
      const r = simulateSlice(h, j.image, j.seed, { mode: o.mode, T: o.T });
      U.push(r.U);
      stats.push(r.stats);
      o.onProgress?.(i + 1, jobs.length);
    });
    return { U, stats: merged(stats) };
  } finally {
    disposeSimulator(h);
  }
}

function onWorkers(bytes: Uint8Array, file: string, jobs: readonly SliceJob[], o: PoolOptions): Promise<PoolResult> {
  const U = new Array<Float32Array>(jobs.length), stats = new Array<SimStats>(jobs.length);
  let next = 0, done = 0;
  const init: WorkerInit = { bytes, file, mode: o.mode, T: o.T };
  // worker.mjs registers tsx itself; flags meant for an eval'd main script must not reach the workers.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && a !== '-e' && a !== '--eval');
  const workers = Array.from({ length: Math.min(o.threads, jobs.length) }, () => new Worker(new URL('./worker.mjs', import.meta.url), { workerData: init, execArgv }));
  return new Promise<PoolResult>((resolve, reject) => {
    const stop = (e?: Error): void => {
      for (const w of workers) void w.terminate();
      if (e) reject(e); else resolve({ U, stats: merged(stats) });
    };
    const feed = (w: Worker): void => {
      const i = next++;
      const job = jobs[i];
      if (job === undefined) { w.postMessage(null); return; }
      w.postMessage({ index: i, image: job.image, seed: job.seed } satisfies JobRequest);
    };
    for (const w of workers) {
      w.on('error', (e) => stop(e));
      w.on('message', (m: JobReply | { ready: true }) => {
        if ('ready' in m) { feed(w); return; }
        if ('error' in m) { stop(new Error(`slice ${m.index}: ${m.error}`)); return; }
        U[m.index] = m.U;
        stats[m.index] = m.stats;
        o.onProgress?.(++done, jobs.length);
        if (done === jobs.length) stop(); else feed(w);
      });
    }
  });
}

/** Simulates every job; `bytes` (the netlist file) is what worker threads decode. */
export async function simulateSlices(net: SimNetlist, bytes: Uint8Array, file: string, jobs: readonly SliceJob[], o: PoolOptions): Promise<PoolResult> {
  if (!(Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= 256)) throw userError('HSNN4006', `--threads ${o.threads} must be an integer in 1..256`);
  if (o.threads === 1 || jobs.length <= 1) return inProcess(net, file, jobs, o);
  return onWorkers(bytes, file, jobs, o);
}
