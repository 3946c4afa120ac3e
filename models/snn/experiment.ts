// One Table-1 job = (fold, loss): train the ANN → convert → fine-tune with BPTT (→ optionally the
// direct-training baseline), then score every model by the preset's protocol (job-scoring.ts). Every stage
// writes into OUT/fold{k}-{loss}/ and is skipped or resumed when its output is already there, so a killed
// job restarts where it stopped. The job ends by writing OUT/fold{k}-{loss}/result.json (read by table.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceDataset } from '../../data/types.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { ensureDir, writeFileAtomic } from '../../core/atomic.js';
import { userError } from '../../core/errors.js';
import type { LossName } from '../unet/losses.js';
import type { DataSource } from '../unet/source.js';
import { ANN_BEST_CKPT, ANN_CKPT, trainAnn } from '../unet/train-ann.js';
import type { ProgressEvent } from '../unet/train-loop.js';
import { convertAnn } from './convert.js';
import { finetuneSnn, SNN_LAST_CKPT, type FinetuneResult } from './finetune.js';
import { checkSameConfig, codeVersion, jobConfig, type CodeVersion, type JobConfig } from './job-config.js';
import { evalIds, scoreAnn, scoreSnnSim, scoreSnnTfjs, type DiceSummary, type Log, type ScoreContext } from './job-scoring.js';
import type { SimScore } from './sim-score.js';
import { readSnn } from './snn-checkpoint.js';
import type { ExperimentPreset } from './presets.js';

export type { DiceSummary } from './job-scoring.js';

export interface JobSpec {
  readonly fold: number;
  readonly folds: number;
  readonly loss: LossName;
  readonly seed: number;
  readonly data: DataSource;
  /** Also train the SNN from scratch with the same surrogate (epochs-to-converge baseline). */
  readonly direct: boolean;
  /** Simulator worker threads (does not change any result). */
  readonly threads?: number;
}

export interface TrainSummary {
  readonly epochs: number;
  /** Best validation-Dice epoch: where validation Dice stopped improving. */
  readonly epochsToConverge: number | null;
  readonly secondsPerEpoch: number | null;
  /** Slices per epoch and training slices of the fold: epochs × slicesPerEpoch / trainingSlices = full passes. */
  readonly slicesPerEpoch?: number;
  readonly trainingSlices?: number;
  /** epochsToConverge in full passes over the training slices. */
  readonly passesToConverge?: number | null;
}

/** Simulator scores by T (string keys, as JSON has them). */
export type SimScores = Readonly<Record<string, SimScore>>;

export interface JobResult {
  readonly preset: string;
  readonly recipe?: string;
  readonly fold: number;
  readonly folds: number;
  readonly loss: LossName;
  readonly config?: JobConfig;
  readonly codeVersion?: CodeVersion;
  /** tfjs on every test subject of the fold. */
  readonly ann: DiceSummary & { readonly training: TrainSummary };
  /** tfjs scores by T (string keys, as JSON has them), on the first evalSubjects test subjects. */
  readonly converted: Readonly<Record<string, DiceSummary>>;
  readonly finetuned: Readonly<Record<string, DiceSummary>>;
  /** Simulator scores: the fine-tuning T on every test subject; the converted SNN also at convertedSimTs on evalSubjects. */
  readonly sim?: { readonly converted: SimScores; readonly finetuned: SimScores; readonly direct?: SimScores };
  /** T the fine-tuning trained at. */
  readonly finetuneT: number;
  readonly finetuneTraining: TrainSummary;
  readonly direct?: { readonly scores: Readonly<Record<string, DiceSummary>>; readonly training: TrainSummary };
  readonly seconds: number;
}

export const jobDir = (out: string, fold: number, loss: string, suffix = ''): string => join(out, `fold${fold}-${loss}${suffix}`);
export const RESULT_FILE = 'result.json';
export const JOB_FILE = 'job.json';

function trainSummary(history: readonly { seconds: number }[], bestEpoch: number | null, slicesPerEpoch?: number, trainingSlices?: number): TrainSummary {
  const passes = slicesPerEpoch !== undefined && trainingSlices !== undefined && trainingSlices > 0 && bestEpoch !== null ? (bestEpoch * slicesPerEpoch) / trainingSlices : null;
  return {
    epochs: history.length, epochsToConverge: bestEpoch, secondsPerEpoch: history.length > 0 ? history.reduce((a, e) => a + e.seconds, 0) / history.length : null,
    ...(slicesPerEpoch !== undefined && trainingSlices !== undefined ? { slicesPerEpoch, trainingSlices, passesToConverge: passes } : {}),
  };
}

const trainingSliceCount = (data: SliceDataset, ids: readonly string[]): number => {
  const want = new Set(ids);
  return data.subjects.filter((s) => want.has(s.id)).reduce((a, s) => a + s.sliceCount, 0);
};

async function annStage(p: ExperimentPreset, job: JobSpec, dir: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<{ file: string; test: string[]; train: string[]; training: TrainSummary }> {
  const ckpt = join(dir, 'ann', ANN_CKPT);
  const resume = existsSync(ckpt) ? { checkpoint: loadCheckpoint(ckpt), file: ckpt } : undefined;
  log(`${resume ? 'resuming' : 'training'} ANN (${p.ann.epochs} epochs)`);
  const r = await trainAnn({
    data: job.data, maxSubjects: p.maxSubjects, preprocess: p.preprocess, arch: p.arch, fold: job.fold, folds: job.folds, seed: job.seed, loss: job.loss, ...p.ann,
  }, { out: join(dir, 'ann'), dataset: data, ...(resume ? { resume } : {}), ...(onProgress ? { onProgress } : {}) });
  const n = trainingSliceCount(data, r.split.train);
  return { file: join(dir, 'ann', ANN_BEST_CKPT), test: [...r.split.test], train: [...r.split.train], training: trainSummary(r.state.history, r.state.bestEpoch, n, n) };
}

async function finetuneStage(converted: string, p: ExperimentPreset, job: JobSpec, out: string, data: SliceDataset, fromScratch: boolean, onProgress?: (e: ProgressEvent) => void): Promise<FinetuneResult> {
  const s = readSnn(converted);
  const last = join(out, SNN_LAST_CKPT);
  return finetuneSnn({
    source: { checkpoint: s.checkpoint, file: converted, snn: s.snn, params: s.params }, data, out,
    cfg: { ...p.finetune, loss: job.loss, seed: job.seed, fromScratch },
    ...(existsSync(last) ? { resume: { checkpoint: loadCheckpoint(last), file: last } } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** job.json: written when the job first runs, checked on every restart (HSNN1311 names the field). */
function pinConfig(dir: string, cfg: JobConfig): void {
  const file = join(dir, JOB_FILE);
  if (existsSync(file)) {
    let stored: { config?: unknown };
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as { config?: unknown };
    } catch {
      throw userError('HSNN1311', `job ${file}: not valid JSON; delete it only if the job's settings are known to match`);
    }
    checkSameConfig(file, stored.config, cfg);
    return;
  }
  ensureDir(dir);
  writeFileAtomic(file, `${JSON.stringify({ config: cfg, startedWith: codeVersion() }, null, 2)}\n`);
}

export async function runJob(p: ExperimentPreset, job: JobSpec, out: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<JobResult> {
  const t0 = performance.now();
  const dir = jobDir(out, job.fold, job.loss);
  const config = jobConfig(p, job.folds, job.seed, data.subjects.length, 'paper', job.direct ? { direct: true } : {});
  pinConfig(dir, config);
  const ann = await annStage(p, job, dir, data, log, onProgress);
  const c: ScoreContext = { p, dir, data, test: ann.test, threads: job.threads ?? 1, log };
  const annScore = await scoreAnn(c, ann.file);
  const converted = join(dir, 'snn-converted.ckpt');
  if (!existsSync(converted)) convertAnn({ ann: ann.file, out: converted, dataset: data, options: { ...p.convert, seed: job.seed } });
  const T = p.finetune.T;
  const convertedTfjs = await scoreSnnTfjs(c, 'converted', converted, T);
  log('fine-tuning');
  const ft = await finetuneStage(converted, p, job, join(dir, 'finetune'), data, false, onProgress);
  const ftTfjs = await scoreSnnTfjs(c, 'finetuned', ft.checkpoint, T);
  let direct: { r: FinetuneResult; tfjs: DiceSummary } | undefined;
  if (job.direct) {
    const d = await finetuneStage(converted, p, job, join(dir, 'direct'), data, true, onProgress);
    direct = { r: d, tfjs: await scoreSnnTfjs(c, 'direct', d.checkpoint, T) };
  }
  // Simulator last: it is the longest stage, and the training above is what a restart must not repeat.
  const simConverted: Record<string, SimScore> = { [String(T)]: await scoreSnnSim(c, 'converted', converted, T, ann.test) };
  const simFinetuned = { [String(T)]: await scoreSnnSim(c, 'finetuned', ft.checkpoint, T, ann.test) };
  const simDirect = direct ? { [String(T)]: await scoreSnnSim(c, 'direct', direct.r.checkpoint, T, ann.test) } : undefined;
  for (const extra of p.scoring.convertedSimTs) if (extra !== T) simConverted[String(extra)] = await scoreSnnSim(c, 'converted', converted, extra, evalIds(c));
  const trainSlices = trainingSliceCount(data, ann.train);
  const perEpoch = p.finetune.slicesPerEpoch ?? trainSlices;
  const result: JobResult = {
    preset: p.name, recipe: 'paper', fold: job.fold, folds: job.folds, loss: job.loss, config, codeVersion: codeVersion(),
    ann: { ...annScore, training: ann.training },
    converted: { [String(T)]: convertedTfjs }, finetuned: { [String(T)]: ftTfjs },
    sim: { converted: simConverted, finetuned: simFinetuned, ...(simDirect ? { direct: simDirect } : {}) },
    finetuneT: T,
    finetuneTraining: trainSummary(ft.state.history, ft.state.bestEpoch, perEpoch, trainSlices),
    ...(direct ? { direct: { scores: { [String(T)]: direct.tfjs }, training: trainSummary(direct.r.state.history, direct.r.state.bestEpoch, perEpoch, trainSlices) } } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
  writeFileAtomic(join(dir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
