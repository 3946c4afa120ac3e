// `npm run bench:train`: one full ANN training step (forward + BCE + backward + Adam) of the default
// U-Net at batch 26 on the best available backend, its per-kernel profile, and the PyTorch reference
// step on this machine. Last stdout line: JSON {ann_step_ms, torch_ann_step_ms, ratio, backend, ...}.
import { resolve } from 'node:path';
import { initBackend } from '../../models/backend/select.js';
import { profileStep, timeStep } from '../../models/backend/step-timer.js';
import { DEFAULT_ARCH } from '../../formats/unet-arch.js';
import { makeAnnStep, runTorchCpuReference, runTorchReference } from './unet-step.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const batch = Number(process.env.HSNN_BENCH_BATCH ?? 26);
const reps = Number(process.env.HSNN_BENCH_REPS ?? 5);
const arch = DEFAULT_ARCH;

const backend = await initBackend();
const ann = makeAnnStep(arch, batch);
const timing = await timeStep(ann.step, { warmup: 2, reps });
const prof = await profileStep(ann.step);
ann.dispose();

console.log(`backend ${backend.name} (${backend.note}); U-Net base ${arch.base} depth ${arch.depth} ${arch.height}×${arch.width}, batch ${batch}`);
console.log(`train step: median ${timing.medianMs.toFixed(1)} ms wall over ${reps} reps [${timing.samplesMs.map((t) => t.toFixed(0)).join(', ')}], ${timing.medianCpuMs.toFixed(1)} ms CPU`);
console.log(`profile of one step: ${prof.totalKernelMs.toFixed(1)} ms in kernels; top kernels:`);
for (const k of prof.kernels.slice(0, 12)) console.log(`  ${k.name.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms  ${String(k.calls).padStart(4)} calls`);

const torchArgs = ['--no-snn', '--base', String(arch.base), '--depth', String(arch.depth), '--batch', String(batch), '--h', String(arch.height), '--w', String(arch.width)];
const skipTorch = process.env.HSNN_BENCH_TORCH === '0';
const torch = skipTorch ? null : runTorchReference(repoRoot, torchArgs);
if (skipTorch) console.log('torch: skipped (HSNN_BENCH_TORCH=0)');
else if (!torch) console.log('torch: unavailable (/usr/bin/python3 cannot import torch)');
else console.log(`torch: ${JSON.stringify(torch)}`);
const torchCpu = skipTorch || !torch ? null : runTorchCpuReference(repoRoot, torchArgs);
if (torchCpu) console.log(`torch CPU time, 1 thread: ${torchCpu.ann_train_ms} ms per train step`);
const torchMs = torch ? torch.ann_train_ms : null;
const torchCpuMs = torchCpu ? torchCpu.ann_train_ms : null;
console.log(JSON.stringify({
  ann_step_ms: Number(timing.medianMs.toFixed(1)),
  ann_step_cpu_ms: Number(timing.medianCpuMs.toFixed(1)),
  torch_ann_step_ms: torchMs,
  ratio: torchMs ? Number((timing.medianMs / torchMs).toFixed(2)) : null,
  torch_ann_step_cpu_ms: torchCpuMs,
  cpu_ratio: torchCpuMs ? Number((timing.medianCpuMs / torchCpuMs).toFixed(2)) : null,
  backend: backend.name,
  batch,
  top_kernels: prof.kernels.slice(0, 5).map((k) => ({ name: k.name, ms: Number(k.ms.toFixed(1)) })),
}));
