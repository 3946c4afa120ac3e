// One Table-1 job = (fold, loss): train the ANN → score it → convert → score the converted SNN against T →
// fine-tune with BPTT → score it against T (→ optionally the direct-training baseline). Every stage writes
// into OUT/fold{k}-{loss}/ and is skipped or resumed when its output is already there, so a killed job
// restarts where it stopped. The job ends by writing OUT/fold{k}-{loss}/result.json (read by table.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceDataset } from '../../data/types.js';
import type { Stat } from '../../data/metrics.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { annPredict } from '../unet/ann.js';
import { loadAnn } from '../unet/ann-checkpoint.js';
import { evaluateSubjects, type EvalReport } from '../unet/evaluate.js';
import type { LossName } from '../unet/losses.js';
import type { DataSource } from '../unet/source.js';
import { ANN_BEST_CKPT, ANN_CKPT, trainAnn } from '../unet/train-ann.js';
import { disposeWeights } from '../unet/weights.js';
import type { ProgressEvent } from '../unet/train-loop.js';
import { convertAnn } from './convert.js';
import { diceAgainstT } from './evaluate-snn.js';
import { finetuneSnn, SNN_LAST_CKPT, type FinetuneResult } from './finetune.js';
import { loadSnn, readSnn } from './snn-checkpoint.js';
import type { ExperimentPreset } from './presets.js';

export interface JobSpec {
  readonly fold: number;
  readonly folds: number;
  readonly loss: LossName;
  readonly seed: number;
  readonly data: DataSource;
  /** Also train the SNN from scratch with the same surrogate (epochs-to-converge baseline). */
  readonly direct: boolean;
}

export interface DiceSummary {
  readonly dice2d: Stat;
  readonly dice2dHippocampus: Stat;
  readonly dice3d: Stat;
  readonly subjects: number;
}

export interface TrainSummary {
  readonly epochs: number;
  /** Best validation-Dice epoch: where validation Dice stopped improving. */
  readonly epochsToConverge: number | null;
  readonly secondsPerEpoch: number | null;
}

export interface JobResult {
  readonly preset: string;
  readonly fold: number;
  readonly folds: number;
  readonly loss: LossName;
  readonly ann: DiceSummary & { readonly training: TrainSummary };
  readonly converted: Readonly<Record<string, DiceSummary>>;
  /** Scores by T (string keys, as JSON has them). */
  readonly finetuned: Readonly<Record<string, DiceSummary>>;
  /** T the fine-tuning trained at. */
  readonly finetuneT: number;
  readonly finetuneTraining: TrainSummary;
  readonly direct?: { readonly scores: Readonly<Record<string, DiceSummary>>; readonly training: TrainSummary };
  readonly seconds: number;
}

export const jobDir = (out: string, fold: number, loss: string): string => join(out, `fold${fold}-${loss}`);
export const RESULT_FILE = 'result.json';

const summary = (r: EvalReport): DiceSummary => ({ dice2d: r.dice2d, dice2dHippocampus: r.dice2dHippocampus, dice3d: r.dice3d, subjects: r.subjects.length });

function trainSummary(history: readonly { seconds: number }[], bestEpoch: number | null): TrainSummary {
  return { epochs: history.length, epochsToConverge: bestEpoch, secondsPerEpoch: history.length > 0 ? history.reduce((a, e) => a + e.seconds, 0) / history.length : null };
}

type Log = (line: string) => void;

async function annStage(p: ExperimentPreset, job: JobSpec, dir: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<{ file: string; test: string[]; training: TrainSummary }> {
  const ckpt = join(dir, 'ann', ANN_CKPT);
  const resume = existsSync(ckpt) ? { checkpoint: loadCheckpoint(ckpt), file: ckpt } : undefined;
  log(`${resume ? 'resuming' : 'training'} ANN (${p.ann.epochs} epochs)`);
  const r = await trainAnn({
    data: job.data, maxSubjects: p.maxSubjects, preprocess: p.preprocess, arch: p.arch, fold: job.fold, folds: job.folds, seed: job.seed, loss: job.loss, ...p.ann,
  }, { out: join(dir, 'ann'), dataset: data, ...(resume ? { resume } : {}), ...(onProgress ? { onProgress } : {}) });
  return { file: join(dir, 'ann', ANN_BEST_CKPT), test: [...r.split.test], training: trainSummary(r.state.history, r.state.bestEpoch) };
}

async function scoreSnn(file: string, p: ExperimentPreset, data: SliceDataset, ids: readonly string[]): Promise<Record<string, DiceSummary>> {
  const s = loadSnn(file);
  try {
    const rs = await diceAgainstT(s.header.arch, s.weights, s.params, s.snn.seed, data, ids, p.evalTs);
    return Object.fromEntries(rs.map((r) => [String(r.T), summary(r.report)]));
  } finally {
    disposeWeights(s.weights);
  }
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

export async function runJob(p: ExperimentPreset, job: JobSpec, out: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<JobResult> {
  const t0 = performance.now();
  const dir = jobDir(out, job.fold, job.loss);
  const ann = await annStage(p, job, dir, data, log, onProgress);
  const evalIds = p.evalSubjects === null ? ann.test : ann.test.slice(0, p.evalSubjects);
  const a = loadAnn(ann.file);
  const annReport = await evaluateSubjects(data, evalIds, (x) => annPredict(p.arch, a.weights, x, a.activation)).finally(() => disposeWeights(a.weights));
  log(`ANN dice3d ${annReport.dice3d.mean.toFixed(4)} on ${evalIds.length} test subjects; converting`);
  const converted = join(dir, 'snn-converted.ckpt');
  if (!existsSync(converted)) convertAnn({ ann: ann.file, out: converted, dataset: data, options: { ...p.convert, seed: job.seed } });
  const convertedScores = await scoreSnn(converted, p, data, evalIds);
  log(`converted dice3d ${Object.entries(convertedScores).map(([T, s]) => `T${T} ${s.dice3d.mean.toFixed(3)}`).join(' ')}; fine-tuning`);
  const ft = await finetuneStage(converted, p, job, join(dir, 'finetune'), data, false, onProgress);
  const ftScores = await scoreSnn(ft.checkpoint, p, data, evalIds);
  log(`fine-tuned dice3d ${Object.entries(ftScores).map(([T, s]) => `T${T} ${s.dice3d.mean.toFixed(3)}`).join(' ')}`);
  let direct: JobResult['direct'];
  if (job.direct) {
    const d = await finetuneStage(converted, p, job, join(dir, 'direct'), data, true, onProgress);
    direct = { scores: await scoreSnn(d.checkpoint, p, data, evalIds), training: trainSummary(d.state.history, d.state.bestEpoch) };
  }
  const result: JobResult = {
    preset: p.name, fold: job.fold, folds: job.folds, loss: job.loss,
    ann: { ...summary(annReport), training: ann.training },
    converted: convertedScores, finetuned: ftScores, finetuneT: p.finetune.T,
    finetuneTraining: trainSummary(ft.state.history, ft.state.bestEpoch),
    ...(direct ? { direct } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
  writeFileAtomic(join(dir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
