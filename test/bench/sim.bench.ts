// `npm run bench:sim [CKPT]`: the WASM simulator on the default U-Net netlist (compiled for Loihi) over real
// slices at T = 64, against the dense tfjs-wasm SNN forward of the same checkpoint on the same slices (one
// thread each). Last stdout line: JSON {sops, sops_per_s, sim_ms_per_slice, dense_ms_per_slice, ratio, mean_rate}.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../models/backend/select.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { snnPredict } from '../../models/snn/network.js';
import { weightsFromCheckpoint } from '../../models/unet/weights.js';
import { loadNetlistFile } from '../../runtime-wasm/host/load.js';
import { loadSimulator, simulateSlice } from '../../runtime-wasm/host/simulator.js';
import { benchCheckpoint, benchNetlist, benchSlices } from './sim-fixture.js';
import { ensureWasm } from '../sim/fixture.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = resolve(repoRoot, '../shared/data/msd-hippocampus');
const T = Number(process.env.HSNN_BENCH_T ?? 64);
const nSlices = Number(process.env.HSNN_BENCH_SLICES ?? 8);

if (!existsSync(dataDir)) {
  console.log(`bench:sim needs ${dataDir}; not found, nothing measured`);
  console.log(JSON.stringify({ sops: null, sops_per_s: null, sim_ms_per_slice: null, dense_ms_per_slice: null, ratio: null, mean_rate: null }));
  process.exit(0);
}
ensureWasm();
setThreadsCount(1);
const backend = await initBackend('wasm');
const cal = (): ReturnType<typeof benchSlices> => benchSlices(dataDir, DEFAULT_PREPROCESS, 16);
const { path: ckptPath, ckpt, note } = benchCheckpoint(repoRoot, process.argv[2] ?? process.env.HSNN_BENCH_CKPT, cal, T);
const slices = benchSlices(dataDir, ckpt.header.preprocess, nSlices);
const { path: netPath, compiledMs } = benchNetlist(repoRoot, ckptPath);
const { net } = loadNetlistFile(netPath);
console.log(`checkpoint ${ckptPath} (${note}); netlist ${netPath}${compiledMs ? ` compiled in ${(compiledMs / 1000).toFixed(1)} s` : ' (cached)'}: ${net.populations.length} populations, ${net.cores.length} cores, ${net.format}`);

// Simulator: one warm-up slice, then every slice timed (wall and CPU) end to end through the host API.
const h = loadSimulator(net, { file: netPath, maxT: T });
simulateSlice(h, slices.images[0] as Float32Array, 0, { T });
let sops = 0, simMs = 0, cpuMs = 0, spikes = 0;
const simMasks: Uint8Array[] = [];
slices.images.forEach((image, k) => {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = simulateSlice(h, image, sliceSeed(net.seed, k), { T });
  simMs += performance.now() - t0;
  cpuMs += process.cpuUsage(c0).user / 1000;
  sops += r.stats.totals.sops;
  spikes += r.stats.totals.spikes;
  simMasks.push(Uint8Array.from(r.U, (u) => (u > 0 ? 1 : 0)));
});
const ifNeurons = net.populations.reduce((a, p) => a + (p.kind === 'if' ? p.C * p.H * p.W : 0), 0);
const meanRate = spikes / (ifNeurons * T * slices.images.length);

// Dense tfjs-wasm SNN forward of the same checkpoint (float weights), same slices, same Poisson seeds.
const weights = weightsFromCheckpoint(ckpt, ckptPath);
const snn = ckpt.header.snn;
if (snn === undefined) throw new Error(`${ckptPath} is not an SNN checkpoint`);
const params = { thresholds: snn.thresholds, u0Fraction: snn.u0Fraction, readoutScale: snn.readoutScale };
const dense = (image: Float32Array, k: number): Float32Array => {
  const x = tf.tensor4d(image, [1, slices.height, slices.width, 1]);
  const p = snnPredict(ckpt.header.arch, weights, params, x, { T, seed: net.seed, sliceIds: [k] });
  const out = p.dataSync() as Float32Array;
  tf.dispose([x, p]);
  return out;
};
dense(slices.images[0] as Float32Array, 0);
let denseMs = 0, agree = 0;
slices.images.forEach((image, k) => {
  const t0 = performance.now();
  const prob = dense(image, k);
  denseMs += performance.now() - t0;
  const m = simMasks[k] as Uint8Array;
  prob.forEach((p, i) => { if ((p > 0.5 ? 1 : 0) === m[i]) agree++; });
});

const n = slices.images.length;
const sopsPerS = sops / (simMs / 1000);
console.log(`simulator: ${n} slices × T=${T}: ${(sops / n / 1e6).toFixed(1)} M SOPs/slice, ${(simMs / n).toFixed(1)} ms/slice wall, ${(cpuMs / n).toFixed(1)} ms/slice CPU → ${(sopsPerS / 1e9).toFixed(2)} G SOP/s wall, ${(sops / (cpuMs / 1000) / 1e9).toFixed(2)} G SOP/s CPU; mean IF rate ${meanRate.toFixed(4)}`);
console.log(`dense tfjs ${backend.name} SNN (1 thread): ${(denseMs / n).toFixed(1)} ms/slice; masks agree on ${((100 * agree) / (n * slices.height * slices.width)).toFixed(2)}% of pixels (integer netlist vs float SNN)`);
console.log(JSON.stringify({
  sops, sops_per_s: Math.round(sopsPerS), sim_ms_per_slice: Number((simMs / n).toFixed(2)), dense_ms_per_slice: Number((denseMs / n).toFixed(2)),
  ratio: Number((denseMs / simMs).toFixed(2)), mean_rate: Number(meanRate.toFixed(5)),
}));
