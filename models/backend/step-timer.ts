// Times a training (or any) step the way the benchmarks report it: warmup runs, then the median of a
// few timed reps, plus a per-kernel breakdown of one step from tf.profile. The step must finish its
// work before returning (read a scalar, e.g. the loss) so asynchronous backends are timed honestly.
import * as tf from '@tensorflow/tfjs';

export interface StepTiming {
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
  /** Median process CPU time (user + system) per step: robust to other processes sharing the cores. */
  readonly medianCpuMs: number;
}

export interface KernelTime {
  readonly name: string;
  readonly ms: number;
  readonly calls: number;
}

export interface StepProfile {
  readonly totalKernelMs: number;
  /** Kernels aggregated by name, slowest first. */
  readonly kernels: readonly KernelTime[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Run `step` `warmup` times untimed, then `reps` times timed; returns the median wall time. */
export async function timeStep(step: () => unknown, opts: { warmup?: number; reps?: number } = {}): Promise<StepTiming> {
  const { warmup = 1, reps = 3 } = opts;
  for (let i = 0; i < warmup; i++) await step();
  const samplesMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await step();
    const c = process.cpuUsage(c0);
    samplesMs.push(performance.now() - t0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  return { medianMs: median(samplesMs), samplesMs, medianCpuMs: median(cpuMs) };
}

/** One step under tf.profile, kernel times summed per kernel name. */
export async function profileStep(step: () => unknown): Promise<StepProfile> {
  const info = await tf.profile(async () => {
    await step();
  });
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(await k.kernelTimeMs);
    e.calls += 1;
    byName.set(k.name, e);
  }
  const kernels = [...byName].map(([name, e]) => ({ name, ms: e.ms, calls: e.calls })).sort((a, b) => b.ms - a.ms);
  return { totalKernelMs: kernels.reduce((s, k) => s + k.ms, 0), kernels };
}
