// `hsnn run` as a library: volumes in (one NIfTI, a dataset folder, or one fold's test subjects),
// preprocessed exactly like training, every slice simulated (worker pool), predictions written as NIfTI
// on the input's voxel grid, and one stats.json with the counters summed over slices (+ 3D Dice).
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { userError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { readNifti } from '../../data/nifti-read.js';
import type { NiftiImage } from '../../data/nifti-read.js';
import { writeNifti } from '../../data/nifti-write.js';
import { preprocessSubject, slicesToVolume } from '../../data/preprocess.js';
import { listSubjects } from '../../data/dataset.js';
import { niftiStem } from '../../data/layout.js';
import { kFoldSplit } from '../../data/split.js';
import { validatePair } from '../../data/volume.js';
import type { PreprocessConfig } from '../../data/types.js';
import { dice } from '../../data/metrics.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { loadNetlistFile } from '../../runtime-wasm/host/load.js';
import { simulateSlices } from '../../runtime-wasm/host/pool.js';
import type { SimMode, SimStats, SubjectRunResult } from '../../runtime-wasm/host/stats.js';
import { sourceCheckpoint } from '../../formats/source-checkpoint.js';
import type { SourceCheckpoint } from '../../formats/source-checkpoint.js';

export interface RunRequest {
  readonly netlist: string;
  /** A .nii/.nii.gz volume, or a dataset folder (MSD layout or any layout data/ accepts). */
  readonly input: string;
  readonly label?: string;
  /** Only this fold's test subjects of a folder input (split as recorded in the source checkpoint). */
  readonly fold?: number;
  readonly checkpoint?: string;
  readonly T?: number;
  readonly mode: SimMode;
  readonly threads: number;
  readonly out: string;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onNote?: (note: string) => void;
}

interface Volume {
  readonly id: string;
  readonly image: NiftiImage;
  readonly label?: NiftiImage;
  readonly slices: Float32Array;
  readonly count: number;
}

interface Pair { readonly id: string; readonly image: string; readonly label?: string }

function foldPairs(dir: string, fold: number, src: SourceCheckpoint): Pair[] {
  const all = listSubjects(dir);
  const t = src.training;
  const folds = typeof t.folds === 'number' ? t.folds : 5, seed = typeof t.seed === 'number' ? t.seed : 0;
  const test = new Set(kFoldSplit(all.map((p) => p.id), folds, fold, seed).test);
  return all.filter((p) => test.has(p.id));
}

function inputPairs(req: RunRequest, src: SourceCheckpoint): Pair[] {
  if (!existsSync(req.input)) throw userError('HSNN4010', `run input ${req.input}: not found`);
  if (statSync(req.input).isDirectory()) {
    if (req.label !== undefined) throw userError('HSNN4010', `run input ${req.input}: --label goes with a single volume; a folder brings its own labels`);
    return req.fold === undefined ? listSubjects(req.input) : foldPairs(req.input, req.fold, src);
  }
  if (req.fold !== undefined) throw userError('HSNN4010', `run input ${req.input}: --fold needs a dataset folder`);
  const id = niftiStem(basename(req.input));
  if (id === undefined) throw userError('HSNN4010', `run input ${req.input}: expected a .nii or .nii.gz volume or a dataset folder`);
  return [{ id, image: req.input, ...(req.label !== undefined ? { label: req.label } : {}) }];
}

function readVolume(p: Pair, config: PreprocessConfig): Volume {
  const image = readNifti(p.image);
  const label = p.label !== undefined ? readNifti(p.label) : undefined;
  const lab = label?.volume ?? { shape: image.volume.shape, data: new Uint8Array(image.volume.data.length) };
  const raw = { id: p.id, image: image.volume, label: lab };
  if (label) validatePair(raw);
  const pre = preprocessSubject(raw, config);
  return { id: p.id, image, ...(label ? { label } : {}), slices: pre.images, count: pre.count };
}

/** Mask U > 0 back on the input grid; writes <out>/<id>_pred.nii.gz; Dice against label > 0. */
function finishVolume(v: Volume, U: readonly Float32Array[], config: PreprocessConfig, out: string): SubjectRunResult {
  const hw = config.height * config.width;
  const mask = new Uint8Array(v.count * hw);
  U.forEach((u, s) => { for (let i = 0; i < hw; i++) mask[s * hw + i] = (u[i] as number) > 0 ? 1 : 0; });
  const vol = slicesToVolume(mask, v.image.volume.shape, config);
  const prediction = join(out, `${v.id}_pred.nii.gz`);
  writeNifti(prediction, { shape: v.image.volume.shape, data: vol }, v.image.header);
  if (!v.label) return { id: v.id, slices: v.count, prediction };
  let inter = 0, pred = 0, truth = 0;
  const lab = v.label.volume.data;
  for (let i = 0; i < vol.length; i++) {
    const p = vol[i] === 1, t = (lab[i] as number) > 0;
    if (p) pred++;
    if (t) truth++;
    if (p && t) inter++;
  }
  return { id: v.id, slices: v.count, prediction, dice3d: dice(inter, pred, truth) };
}

export async function runNetlist(req: RunRequest): Promise<SimStats> {
  const { net, bytes } = loadNetlistFile(req.netlist);
  const src = sourceCheckpoint(net.sourceCheckpoint, req.netlist, req.checkpoint);
  if (src.warning) req.onNote?.(src.warning);
  const input = net.populations[0];
  const cfg = src.config;
  if (input === undefined || input.C !== 1 || input.H !== cfg.height || input.W !== cfg.width) {
    throw userError('HSNN4011', `netlist ${req.netlist}: input population is ${input?.C}×${input?.H}×${input?.W}, but checkpoint ${src.path} preprocesses to 1×${cfg.height}×${cfg.width}`);
  }
  const volumes = inputPairs(req, src).map((p) => readVolume(p, cfg));
  if (volumes.length === 0) throw userError('HSNN4010', `run input ${req.input}: no subjects to simulate`);
  const hw = cfg.height * cfg.width;
  const jobs = volumes.flatMap((v) => Array.from({ length: v.count }, (_, s) => ({ image: v.slices.subarray(s * hw, (s + 1) * hw), s })));
  const T = req.T ?? net.T;
  const res = await simulateSlices(net, bytes, req.netlist, jobs.map((j, k) => ({ image: j.image, seed: sliceSeed(net.seed, k) })), {
    mode: req.mode, T, threads: req.threads, ...(req.onProgress ? { onProgress: req.onProgress } : {}),
  });
  let at = 0;
  const subjects = volumes.map((v) => { const r = finishVolume(v, res.U.slice(at, at + v.count), cfg, req.out); at += v.count; return r; });
  const scored = subjects.filter((s) => s.dice3d !== undefined);
  const meanDice = scored.length > 0 ? scored.reduce((a, s) => a + (s.dice3d ?? 0), 0) / scored.length : undefined;
  const stats: SimStats = { ...res.stats, subjects, ...(meanDice !== undefined ? { dice: meanDice } : {}) };
  writeFileAtomic(join(req.out, 'stats.json'), `${JSON.stringify(stats, null, 1)}\n`);
  return stats;
}
