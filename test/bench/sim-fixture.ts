// Inputs of `npm run bench:sim`: real slices from ../shared/data, the SNN checkpoint to benchmark (given,
// models/pretrained/snn-finetuned.ckpt, or a random-weight default-arch SNN balanced on real slices and
// cached under runs/bench/), and its netlist compiled for Loihi (cached by checkpoint sha256).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { encodeCheckpoint, decodeCheckpoint } from '../../formats/checkpoint.js';
import type { Checkpoint } from '../../formats/checkpoint.js';
import { listSubjects, readSubject } from '../../data/dataset.js';
import { DEFAULT_PREPROCESS, preprocessSubject } from '../../data/preprocess.js';
import type { PreprocessConfig } from '../../data/types.js';
import { DEFAULT_ARCH } from '../../formats/unet-arch.js';
import { balanceThresholds } from '../../models/snn/balance.js';
import { DEFAULT_CONVERSION } from '../../models/snn/convert.js';
import { compileFile } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { randomWeights } from '../compiler/helpers.js';

export interface BenchSlices {
  /** n slices of height·width floats in [0, 1], the most intense first. */
  readonly images: Float32Array[];
  readonly height: number;
  readonly width: number;
}

/** The n slices with the highest total intensity among the first `subjects` subjects. */
export function benchSlices(dataDir: string, config: PreprocessConfig, n: number, subjects = 3): BenchSlices {
  const hw = config.height * config.width;
  const all: { sum: number; image: Float32Array }[] = [];
  for (const files of listSubjects(dataDir, { maxSubjects: subjects })) {
    const pre = preprocessSubject(readSubject(files), config);
    for (let s = 0; s < pre.count; s++) {
      const image = pre.images.slice(s * hw, (s + 1) * hw);
      all.push({ sum: image.reduce((a, v) => a + v, 0), image });
    }
  }
  all.sort((a, b) => b.sum - a.sum);
  return { images: all.slice(0, n).map((x) => x.image), height: config.height, width: config.width };
}

/** A default-arch SNN with He-normal weights, thresholds balanced as `hsnn convert` does on real slices; cached. */
function randomSnn(path: string, cal: BenchSlices, T: number): void {
  const arch = DEFAULT_ARCH;
  const tensors = randomWeights(arch, 2024);
  const images = new Float32Array(cal.images.length * cal.height * cal.width);
  cal.images.forEach((im, i) => images.set(im, i * cal.height * cal.width));
  const ann = new Map([...tensors].map(([k, v]) => [k, v.data]));
  const b = balanceThresholds(arch, ann, { images, n: cal.images.length, height: cal.height, width: cal.width, sliceIds: cal.images.map((_, i) => i) },
    { ...DEFAULT_CONVERSION, T: 32, chunkImages: 512 });
  const weights = new Map([...tensors].map(([k, v]) => [k, b.weights.get(k) ?? v]));
  writeFileAtomic(path, encodeCheckpoint({
    kind: 'snn', arch, preprocess: DEFAULT_PREPROCESS, training: { note: 'random He-normal weights (seed 2024) for bench:sim' },
    snn: { thresholds: b.thresholds, u0Fraction: DEFAULT_CONVERSION.u0Fraction, T, encoding: 'poisson', seed: 0, readoutScale: b.readoutScale, origin: 'converted' },
  }, weights));
}

/** Checkpoint to benchmark: argv/env, else models/pretrained/snn-finetuned.ckpt, else the cached random SNN. */
export function benchCheckpoint(repoRoot: string, given: string | undefined, cal: () => BenchSlices, T: number): { path: string; ckpt: Checkpoint; note: string } {
  const pretrained = join(repoRoot, 'models/pretrained/snn-finetuned.ckpt');
  let path = given ?? (existsSync(pretrained) ? pretrained : join(repoRoot, 'runs/bench/random-snn.ckpt'));
  let note = given ? 'given' : path === pretrained ? 'pretrained' : 'random weights, thresholds balanced on real slices';
  if (!given && path !== pretrained && !existsSync(path)) randomSnn(path, cal(), T);
  if (given && !existsSync(given)) { path = given; note = 'missing'; }
  return { path, ckpt: decodeCheckpoint(readFileSync(path), path), note };
}

/** The Loihi netlist of a checkpoint, compiled once and cached by the checkpoint's sha256. */
export function benchNetlist(repoRoot: string, ckptPath: string): { path: string; compiledMs: number | null } {
  const sha = createHash('sha256').update(readFileSync(ckptPath)).digest('hex').slice(0, 16);
  const path = join(repoRoot, `runs/bench/${sha}.loihi.netlist.pb`);
  if (existsSync(path)) return { path, compiledMs: null };
  const t0 = performance.now();
  const r = compileFile(ckptPath, builtinTarget('loihi'));
  writeFileAtomic(path, r.bytes);
  return { path, compiledMs: performance.now() - t0 };
}
