// Shared by the benchmarks: one ANN training step of the U-Net (forward with ReLU + dropout, BCE-with-
// logits loss, backward, Adam) on seeded random data, and the PyTorch reference run for the ratio.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { unetForward, type Activation } from '../../models/unet/forward.js';
import { randomTensor } from '../kernels/compare.js';

export interface AnnStep {
  /** Runs one optimizer step and returns the loss (already read back, so the work is finished). */
  readonly step: () => number;
  readonly dispose: () => void;
}

/** He-initialised variables, seeded, plus a random batch; `step()` is one full Adam update. */
export function makeAnnStep(arch: UNetArch, batch: number, seed = 1): AnnStep {
  const vars = new Map<string, tf.Variable<tf.Rank.R4>>();
  for (const [i, l] of unetLayers(arch).entries()) {
    const [kh, kw, a, b] = l.weightShape;
    const fanIn = kh * kw * (l.kind === 'up2x2' ? b : a);
    const w = tf.tidy(() => tf.mul(randomTensor([...l.weightShape], seed * 1000 + i), Math.sqrt(6 / fanIn)));
    vars.set(l.name, tf.variable(w as tf.Tensor4D, true));
    w.dispose();
  }
  const x = tf.tidy(() => tf.abs(randomTensor([batch, arch.height, arch.width, arch.inChannels], seed + 7)) as tf.Tensor4D);
  const y = tf.tidy(() => tf.cast(tf.greater(randomTensor([batch, arch.height, arch.width, 1], seed + 8), 0), 'float32'));
  const opt = tf.train.adam(1e-3);
  let counter = 0;
  const act: Activation = (cur, layer) => {
    const r = tf.relu(cur);
    const drop = arch.dropout > 0 && layer.name.endsWith('conv2') && !layer.name.startsWith('dec');
    return drop ? (tf.dropout(r, arch.dropout, undefined, seed * 7919 + counter) as tf.Tensor4D) : r;
  };
  const step = (): number => {
    counter++;
    const loss = opt.minimize(() => tf.losses.sigmoidCrossEntropy(y, unetForward(arch, vars, x, act)) as tf.Scalar, true, [...vars.values()]);
    const v = loss ? loss.dataSync()[0] : NaN;
    loss?.dispose();
    return v as number;
  };
  const dispose = (): void => {
    tf.dispose([x, y, ...vars.values()]);
    opt.dispose();
  };
  return { step, dispose };
}

export interface TorchResult {
  readonly ann_train_ms: number;
  readonly [k: string]: unknown;
}

const PY = '/usr/bin/python3';

function torchScript(repoRoot: string): string | null {
  const script = resolve(repoRoot, '../shared/reference/torch_unet_bench.py');
  if (!existsSync(script) || !existsSync(PY)) return null;
  try {
    execFileSync(PY, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return script;
}

const lastJson = (out: string): TorchResult => JSON.parse(out.trim().split('\n').pop() ?? '') as TorchResult;

/** Runs ../shared/reference/torch_unet_bench.py with /usr/bin/python3 if PyTorch imports; null otherwise. */
export function runTorchReference(repoRoot: string, args: string[]): TorchResult | null {
  const script = torchScript(repoRoot);
  return script ? lastJson(execFileSync(PY, [script, ...args], { encoding: 'utf8' })) : null;
}

/**
 * The same reference on one thread with its timer swapped for process CPU time, so it can be compared
 * with our CPU time on a machine other processes are also using. Null when torch is unavailable.
 */
export function runTorchCpuReference(repoRoot: string, args: string[]): TorchResult | null {
  const script = torchScript(repoRoot);
  if (!script) return null;
  const code = 'import sys, time; s = sys.argv[1]; sys.argv = sys.argv[1:]; time.perf_counter = time.process_time; exec(compile(open(s).read(), s, "exec"))';
  return lastJson(execFileSync(PY, ['-c', code, script, ...args, '--threads', '1'], { encoding: 'utf8' }));
}
