// One Table-1 job = (fold, loss, recipe): the ANN (job-ann.ts: trained for the paper recipe, the paper's
// ANN + a QCFS warm start for the low-latency one) → convert → fine-tune with BPTT (→ with --direct, the
// same SNN trained from scratch until validation Dice stops improving), then every model scored by the
// preset's protocol (job-scoring.ts). Every stage writes into the job folder and is skipped or resumed when
// its output is there, so a killed job restarts where it stopped. The job ends by writing result.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceDataset } from '../../data/types.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { COLLAPSE_EPOCHS, COLLAPSE_RULE, type ProgressEvent } from '../../models/unet/train-loop.js';
import { userError } from '../../core/errors.js';
import { convertAnn } from '../../models/snn/convert.js';
import { finetuneSnn, SNN_LAST_CKPT, type FinetuneResult } from '../../models/snn/finetune.js';
import { lowlatAnn, paperAnn, paperAnnFile, type AnnJobSpec, type AnnStageResult, type CollapsedRun, type EpochLog } from './job-ann.js';
import { codeVersion, jobConfig, pinConfig, type CodeVersion, type JobConfig } from './job-config.js';
import { evalIds, scoreAnn, scoreSnnSim, scoreSnnTfjs, type DiceSummary, type Log, type ScoreContext } from './job-scoring.js';
import type { SimScore } from './sim-score.js';
import { readSnn } from '../../models/snn/snn-checkpoint.js';
import type { DirectStage, ExperimentPreset } from './presets.js';

export type { DiceSummary } from './job-scoring.js';

export interface JobSpec extends AnnJobSpec {
  /** Also train the SNN from scratch with the same surrogate (epochs-to-converge baseline). */
  readonly direct: boolean;
  /** Simulator worker threads (does not change any result). */
  readonly threads?: number;
  /** lowlat: experiment folder or checkpoint holding the paper recipe's ANN (default: the --out folder). */
  readonly annFrom?: string;
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
  /** Validation 3D Dice per epoch, for readers of result.json (the chart of `hsnn table` reads the train.jsonl logs, so it also draws a running job). */
  readonly valDice?: readonly (number | null)[];
}

/** Simulator scores by T (string keys, as JSON has them). */
export type SimScores = Readonly<Record<string, SimScore>>;

export interface DirectResult {
  readonly scores: Readonly<Record<string, DiceSummary>>;
  readonly training: TrainSummary;
  readonly patience?: number;
  readonly maxEpochs?: number;
  /** True: validation Dice did not improve for `patience` epochs; false: the run hit maxEpochs (bounded). */
  readonly converged?: boolean;
}

export interface JobResult {
  readonly preset: string;
  readonly recipe?: string;
  readonly fold: number;
  readonly folds: number;
  readonly loss: JobSpec['loss'];
  readonly config?: JobConfig;
  /** The code of the run that finished the job (read when it started, before any stage ran). */
  readonly codeVersion?: CodeVersion;
  /** The code the job was first started with (job.json); differs from codeVersion when a resume ran newer code. */
  readonly startedWith?: CodeVersion;
  /** The ReLU ANN, tfjs on every test subject of the fold; collapsedRuns: paper ANN runs restarted before it (job-ann.ts). */
  readonly ann: DiceSummary & { readonly training: TrainSummary; readonly collapsedRuns?: readonly CollapsedRun[] };
  /** lowlat: where the ReLU ANN came from, and the QCFS ANN warm-started from it. */
  readonly annSource?: { readonly path: string; readonly sha256: string };
  readonly qcfsAnn?: DiceSummary & { readonly training: TrainSummary };
  /** tfjs scores by T (string keys, as JSON has them), on the first evalSubjects test subjects. */
  readonly converted: Readonly<Record<string, DiceSummary>>;
  readonly finetuned: Readonly<Record<string, DiceSummary>>;
  /** Simulator scores: the fine-tuning T on every test subject; the converted SNN also at convertedSimTs on evalSubjects. */
  readonly sim?: { readonly converted: SimScores; readonly finetuned: SimScores; readonly direct?: SimScores };
  /** T the fine-tuning trained at. */
  readonly finetuneT: number;
  readonly finetuneTraining: TrainSummary;
  readonly direct?: DirectResult;
  readonly seconds: number;
}

export const jobDir = (out: string, fold: number, loss: string, suffix = ''): string => join(out, `fold${fold}-${loss}${suffix}`);
export const recipeSuffix = (recipe: string): string => (recipe === 'paper' ? '' : `-${recipe}`);
export const RESULT_FILE = 'result.json';

function trainSummary(history: readonly EpochLog[], bestEpoch: number | null, slicesPerEpoch: number, trainingSlices: number): TrainSummary {
  return {
    epochs: history.length, epochsToConverge: bestEpoch, secondsPerEpoch: history.length > 0 ? history.reduce((a, e) => a + e.seconds, 0) / history.length : null,
    slicesPerEpoch, trainingSlices, passesToConverge: trainingSlices > 0 && bestEpoch !== null ? (bestEpoch * slicesPerEpoch) / trainingSlices : null,
    valDice: history.map((e) => e.valDice ?? null),
  };
}

const trainingSliceCount = (data: SliceDataset, ids: readonly string[]): number => {
  const want = new Set(ids);
  return data.subjects.filter((s) => want.has(s.id)).reduce((a, s) => a + s.sliceCount, 0);
};

async function finetuneStage(converted: string, p: ExperimentPreset, job: JobSpec, out: string, data: SliceDataset, direct: DirectStage | undefined, onProgress?: (e: ProgressEvent) => void): Promise<FinetuneResult> {
  const s = readSnn(converted);
  const last = join(out, SNN_LAST_CKPT);
  return finetuneSnn({
    source: { checkpoint: s.checkpoint, file: converted, snn: s.snn, params: s.params }, data, out,
    cfg: { ...p.finetune, loss: job.loss, seed: job.seed, fromScratch: direct !== undefined, ...(direct ? { epochs: direct.maxEpochs } : {}) },
    ...(existsSync(last) ? { resume: { checkpoint: loadCheckpoint(last), file: last } } : {}),
    // From scratch (direct) the first epochs may find nothing yet, and patience ends a stuck run anyway.
    ...(direct ? { stopPatience: direct.patience } : { collapseEpochs: COLLAPSE_EPOCHS }),
    ...(onProgress ? { onProgress } : {}),
  });
}

function annStage(p: ExperimentPreset, job: JobSpec, dir: string, out: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<AnnStageResult> {
  if (p.recipe === 'lowlat') return lowlatAnn(p, job, dir, paperAnnFile(job.annFrom ?? out, job.fold, job.loss), data, log, onProgress);
  return paperAnn(p, job, dir, data, log, onProgress);
}

export async function runJob(p: ExperimentPreset, job: JobSpec, out: string, data: SliceDataset, log: Log, onProgress?: (e: ProgressEvent) => void): Promise<JobResult> {
  const t0 = performance.now();
  const dir = jobDir(out, job.fold, job.loss, recipeSuffix(p.recipe));
  const config = jobConfig(p, job.folds, job.seed, data.subjects.length, p.recipe, p.qcfs ? { qcfs: p.qcfs } : {});
  // Read now: the tree may be checked out anew while a long job runs, and this process runs what it loaded.
  const code = codeVersion();
  const startedWith = pinConfig(dir, config);
  const ann = await annStage(p, job, dir, out, data, log, onProgress);
  const c: ScoreContext = { p, dir, data, test: ann.test, threads: job.threads ?? 1, log };
  const trainSlices = trainingSliceCount(data, ann.train);
  const annScore = await scoreAnn(c, ann.relu);
  const qcfsScore = ann.qcfs ? await scoreAnn(c, ann.qcfs.file, 'qcfs-ann') : undefined;
  const converted = join(dir, 'snn-converted.ckpt');
  if (!existsSync(converted)) convertAnn({ ann: ann.toConvert, out: converted, dataset: data, options: { ...p.convert, seed: job.seed } });
  const T = p.finetune.T;
  const convertedTfjs = await scoreSnnTfjs(c, 'converted', converted, T);
  log('fine-tuning');
  const ft = await finetuneStage(converted, p, job, join(dir, 'finetune'), data, undefined, onProgress);
  if (ft.collapsed) {
    throw userError('HSNN1208', `fold ${job.fold} ${job.loss}: fine-tuning collapsed at epoch ${ft.state.epoch}, ${COLLAPSE_RULE} (kept in ${join(dir, 'finetune')}); check the converted SNN ${converted} and lower the fine-tuning lr`);
  }
  const ftTfjs = await scoreSnnTfjs(c, 'finetuned', ft.checkpoint, T);
  let direct: { r: FinetuneResult; tfjs: DiceSummary } | undefined;
  if (job.direct) {
    log(`direct training from scratch at T ${T} (patience ${p.direct.patience}, at most ${p.direct.maxEpochs} epochs)`);
    const d = await finetuneStage(converted, p, job, join(dir, 'direct'), data, p.direct, onProgress);
    direct = { r: d, tfjs: await scoreSnnTfjs(c, 'direct', d.checkpoint, T) };
  }
  // Simulator last: it is the longest scoring stage, and the training above is what a restart must not repeat.
  const simConverted: Record<string, SimScore> = { [String(T)]: await scoreSnnSim(c, 'converted', converted, T, ann.test) };
  const simFinetuned = { [String(T)]: await scoreSnnSim(c, 'finetuned', ft.checkpoint, T, ann.test) };
  const simDirect = direct ? { [String(T)]: await scoreSnnSim(c, 'direct', direct.r.checkpoint, T, ann.test) } : undefined;
  for (const extra of p.scoring.convertedSimTs) if (extra !== T) simConverted[String(extra)] = await scoreSnnSim(c, 'converted', converted, extra, evalIds(c));
  const perEpoch = p.finetune.slicesPerEpoch ?? trainSlices;
  const result: JobResult = {
    preset: p.name, recipe: p.recipe, fold: job.fold, folds: job.folds, loss: job.loss, config, codeVersion: code, ...(startedWith ? { startedWith } : {}),
    ann: { ...annScore, training: trainSummary(ann.history, ann.bestEpoch, trainSlices, trainSlices), ...(ann.collapsed ? { collapsedRuns: ann.collapsed } : {}) },
    ...(ann.source ? { annSource: ann.source } : {}),
    ...(ann.qcfs && qcfsScore ? { qcfsAnn: { ...qcfsScore, training: trainSummary(ann.qcfs.history, ann.qcfs.bestEpoch, trainSlices, trainSlices) } } : {}),
    converted: { [String(T)]: convertedTfjs }, finetuned: { [String(T)]: ftTfjs },
    sim: { converted: simConverted, finetuned: simFinetuned, ...(simDirect ? { direct: simDirect } : {}) },
    finetuneT: T,
    finetuneTraining: trainSummary(ft.state.history, ft.state.bestEpoch, perEpoch, trainSlices),
    ...(direct ? {
      direct: {
        scores: { [String(T)]: direct.tfjs }, training: trainSummary(direct.r.state.history, direct.r.state.bestEpoch, perEpoch, trainSlices),
        patience: p.direct.patience, maxEpochs: p.direct.maxEpochs, converged: direct.r.stoppedEarly,
      },
    } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
  writeFileAtomic(join(dir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
