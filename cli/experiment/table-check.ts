// Reading and cross-checking the jobs of one Table 1 folder: every job of a recipe must have been run with
// the same config (result.json `config`, code version aside), the low-latency jobs must share the paper
// jobs' data, architecture, split and scoring, and every --direct baseline the same patience and cap.
// A job that differs is a coded error (HSNN1313) naming the job folder and the field.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { userError } from '../../core/errors.js';
import { RESULT_FILE, type JobResult } from './experiment.js';
import { configDifference, showValue, valueAt } from './config-diff.js';
import { JOB_FILE } from './job-config.js';

export interface NamedJob {
  /** Job folder name, e.g. fold0-dice or fold0-dice-lowlat. */
  readonly name: string;
  readonly result: JobResult;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw userError('HSNN1306', `experiment file ${file} is not valid JSON`);
  }
}

/** Results written before they carried `startedWith` take it from the job's job.json, when it was collected. */
function withStartedWith(result: JobResult, jobFile: string): JobResult {
  if (!existsSync(jobFile)) return result;
  const started = (readJson(jobFile) as { startedWith?: JobResult['startedWith'] }).startedWith;
  return started ? { ...result, startedWith: started } : result;
}

export function readJobs(dir: string): NamedJob[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw userError('HSNN1306', `experiment folder ${dir} does not exist`);
  const out: NamedJob[] = [];
  for (const name of readdirSync(dir).sort()) {
    const f = join(dir, name, RESULT_FILE);
    if (!existsSync(f)) continue;
    const result = readJson(f) as JobResult;
    out.push({ name, result: result.startedWith ? result : withStartedWith(result, join(dir, name, JOB_FILE)) });
  }
  if (out.length === 0) throw userError('HSNN1306', `experiment folder ${dir} has no */${RESULT_FILE} yet (run hsnn experiment first)`);
  return out;
}

export const recipeOf = (j: JobResult): string => j.recipe ?? 'paper';

function differs(dir: string, job: NamedJob, ref: NamedJob, a: unknown, b: unknown, prefix: string): void {
  const d = configDifference(a, b);
  if (d === null) return;
  const root = d === '(root)';
  const field = `${prefix}${root ? '' : `.${d}`}`;
  const va = root ? a : valueAt(a, d), vb = root ? b : valueAt(b, d);
  throw userError('HSNN1313', `experiment folder ${dir}: job ${job.name} has ${field} = ${showValue(va, 60)} but job ${ref.name} has ${showValue(vb, 60)}; one table needs one protocol (rerun the job or use another folder)`);
}

/** What the low-latency recipe must share with the paper recipe (the rest of its config is its own). */
const SHARED = ['folds', 'seed', 'maxSubjects', 'datasetSubjects', 'arch', 'preprocess', 'scoring.tfjs.subjects', 'scoring.simulator.target', 'scoring.simulator.quantize', 'scoring.simulator.ratesSlices', 'scoring.simulator.ratesSeed'];

export function checkJobs(dir: string, jobs: readonly NamedJob[]): void {
  for (const j of jobs) if (!j.result.config) throw userError('HSNN1313', `experiment folder ${dir}: job ${j.name} has no config block in its result.json (made by an older hsnn); rerun it to rescore`);
  const byRecipe = new Map<string, NamedJob[]>();
  for (const j of jobs) byRecipe.set(recipeOf(j.result), [...(byRecipe.get(recipeOf(j.result)) ?? []), j]);
  for (const group of byRecipe.values()) {
    const ref = group[0] as NamedJob;
    // The preset first: a folder mixing presets should say so, not name the first setting the presets differ in.
    for (const j of group.slice(1)) differs(dir, j, ref, j.result.config?.preset, ref.result.config?.preset, 'config.preset');
    for (const j of group.slice(1)) differs(dir, j, ref, j.result.config, ref.result.config, 'config');
  }
  const refs = [...byRecipe.values()].map((g) => g[0] as NamedJob);
  const base = refs[0] as NamedJob;
  for (const r of refs.slice(1)) for (const k of SHARED) differs(dir, r, base, valueAt(r.result.config, k), valueAt(base.result.config, k), `config.${k}`);
  const direct = jobs.filter((j) => j.result.direct);
  const d0 = direct[0];
  for (const j of direct.slice(1)) {
    if (d0 && recipeOf(j.result) === recipeOf(d0.result)) {
      differs(dir, j, d0, { patience: j.result.direct?.patience, maxEpochs: j.result.direct?.maxEpochs }, { patience: d0.result.direct?.patience, maxEpochs: d0.result.direct?.maxEpochs }, 'direct');
    }
  }
}
