// One pool worker: decodes the netlist bytes it was given, loads its own simulator instance, then
// simulates every slice job the main thread sends and posts back U and the slice's stats.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeSimNetlist } from './netlist.js';
import { loadSimulator, simulateSlice } from './simulator.js';
import type { JobRequest, JobReply, WorkerInit } from './pool.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (port === null) throw new Error('internal: worker-main.ts must run in a worker thread');
const handle = loadSimulator(decodeSimNetlist(init.bytes, init.file), { file: init.file, maxT: init.T });
port.on('message', (job: JobRequest | null) => {
  if (job === null) { port.close(); return; }
  try {
    const r = simulateSlice(handle, job.image, job.seed, { mode: init.mode, T: init.T });
    const reply: JobReply = { index: job.index, U: r.U, stats: r.stats };
    port.postMessage(reply, [r.U.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ index: job.index, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
