// `npm run bench:finetune [-- --T 4] [--encoding direct]`: one SNN fine-tuning step (input encode,
// layer-major forward over T·B inputs, BCE on the integrator readout, BPTT through the IF layers, Adam) of
// the default U-Net at batch 26 and T 16 (or the T given), the share of it spent in the IF loops, and the
// PyTorch reference SNN step on this machine. Options also as env: HSNN_BENCH_T, HSNN_BENCH_ENCODING,
// HSNN_BENCH_BATCH, HSNN_BENCH_REPS. Last stdout line: JSON {snn_step_ms, torch_snn_step_ms, ratio, T, ...}.
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { timeStep } from '../../models/backend/step-timer.js';
import { DEFAULT_ARCH, unetLayers, levelSize } from '../../formats/unet-arch.js';
import { Adam } from '../../models/unet/adam.js';
import { bceFromLogits } from '../../models/unet/losses.js';
import { disposeWeights, initWeights } from '../../models/unet/weights.js';
import { snnLogits, type SnnParams } from '../../models/snn/network.js';
import { DEFAULT_SURROGATE, ifBackwardArrays, ifForwardArrays } from '../../models/snn/if-neuron.js';
import { runTorchReference } from './unet-step.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** `--name V` or `--name=V` from argv, else the env variable, else the default. */
function option(name: string, env: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const arg = i < 0 ? undefined : (argv[i] as string).includes('=') ? (argv[i] as string).split('=')[1] : argv[i + 1];
  return arg ?? process.env[env] ?? fallback;
}

function positiveInt(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench:finetune: --${name} '${text}' must be a positive integer`);
  return v;
}

const batch = positiveInt('batch', option('batch', 'HSNN_BENCH_BATCH', '26'));
const T = positiveInt('T', option('T', 'HSNN_BENCH_T', '16'));
const reps = positiveInt('reps', option('reps', 'HSNN_BENCH_REPS', '3'));
const encoding = option('encoding', 'HSNN_BENCH_ENCODING', 'poisson');
if (encoding !== 'poisson' && encoding !== 'direct') throw new Error(`bench:finetune: --encoding '${encoding}' is not poisson or direct`);
const arch = DEFAULT_ARCH;

const backend = await initBackend();
const params = initWeights(arch, 1);
const thresholds: Record<string, number> = {};
for (const l of unetLayers(arch)) if (l.spiking) thresholds[l.name] = 1;
const p: SnnParams = { thresholds, u0Fraction: 0.5, readoutScale: 1, encoding };
const hw = arch.height * arch.width;
const x = tf.tensor4d(Float32Array.from({ length: batch * hw }, (_, i) => ((i * 2654435761) >>> 0) / 2 ** 32), [batch, arch.height, arch.width, 1]);
const y = tf.tensor4d(Float32Array.from({ length: batch * hw }, (_, i) => (((i * 40503) >>> 0) % 7 === 0 ? 1 : 0)), [batch, arch.height, arch.width, 1]);
const adam = new Adam(params);
const names = [...params.keys()];
const sliceIds = Array.from({ length: batch }, (_, i) => i);
let spikes = 0;
let neuronSteps = 0;
let stepNo = 0;

const step = (): number => {
  stepNo++;
  const f = (...ws: tf.Tensor[]): tf.Scalar => {
    const wm = new Map(names.map((n, i) => [n, ws[i] as tf.Tensor4D]));
    const logits = snnLogits(arch, wm, p, x, {
      T, seed: stepNo, sliceIds, surrogate: DEFAULT_SURROGATE,
      onCounts: (_l, c) => { spikes += c.spikes; neuronSteps += c.neurons * c.T; },
    });
    return bceFromLogits(logits, y);
  };
  const { value, grads } = tf.valueAndGrads(f)(names.map((n) => params.get(n) as tf.Variable));
  adam.apply(params, new Map(names.map((n, i) => [n, grads[i] as tf.Tensor])), 1e-3);
  tf.dispose(grads);
  const loss = value.dataSync()[0] as number;
  value.dispose();
  return loss;
};

const timing = await timeStep(step, { warmup: 1, reps });
const memMb = tf.memory().numBytes / 2 ** 20;

/** The IF loops alone on this step's sizes (forward with surrogate + BPTT), to show what they cost. */
function ifLoopsMs(): number {
  let ms = 0;
  for (const l of unetLayers(arch)) {
    if (!l.spiking) continue;
    const [h, w] = levelSize(arch, l.level);
    const n = T * batch * h * w * l.outChannels;
    const cur = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.8);
    const out = new Float32Array(n);
    const d = new Float32Array(n);
    const t0 = performance.now();
    ifForwardArrays(cur, T, 1, 0.5, out, d, DEFAULT_SURROGATE);
    ifBackwardArrays(cur, d, T, 1, false, out);
    ms += performance.now() - t0;
  }
  return ms;
}
const loopsMs = ifLoopsMs();

adam.dispose();
disposeWeights(params);
tf.dispose([x, y]);

console.log(`backend ${backend.name} (${backend.note}); U-Net base ${arch.base} depth ${arch.depth} ${arch.height}×${arch.width}, batch ${batch}, T ${T}, ${encoding} input`);
console.log(`fine-tuning step: median ${timing.medianMs.toFixed(0)} ms over ${reps} reps [${timing.samplesMs.map((t) => t.toFixed(0)).join(', ')}]; tfjs memory after ${memMb.toFixed(0)} MB`);
console.log(`IF forward+BPTT loops alone: ${loopsMs.toFixed(0)} ms per step; mean firing rate ${(spikes / Math.max(1, neuronSteps)).toFixed(3)} spikes/neuron/step`);
const torchArgs = ['--base', String(arch.base), '--depth', String(arch.depth), '--batch', String(batch), '--T', String(T), '--h', String(arch.height), '--w', String(arch.width)];
const torch = runTorchReference(repoRoot, torchArgs);
const torchMs = torch && typeof torch.snn_train_ms === 'number' ? torch.snn_train_ms : null;
console.log(torch ? `torch: ${JSON.stringify(torch)}` : 'torch: unavailable (/usr/bin/python3 cannot import torch)');
console.log(JSON.stringify({
  snn_step_ms: Number(timing.medianMs.toFixed(1)),
  torch_snn_step_ms: torchMs,
  ratio: torchMs ? Number((timing.medianMs / torchMs).toFixed(2)) : null,
  T,
  encoding,
  backend: backend.name,
  batch,
  if_loops_ms: Number(loopsMs.toFixed(1)),
}));
