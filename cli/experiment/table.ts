// Table 1 of the paper from experiment results (table-check.ts reads and cross-checks the jobs): per recipe
// and loss, the ANN, the converted SNN at the fine-tuning T and at the largest simulated T, the fine-tuned
// SNN and the direct-training baseline, with 2D and 3D Dice as mean ± std over folds (simulator numbers for
// SNNs where present, tfjs beside), the paired gap to the ANN, epochs to converge and T. Writes
// DIR/table1.json, DIR/table1.md (with the per-fold appendix, table-md.ts) and DIR/convergence.svg.
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { stat, type Stat } from '../../data/metrics.js';
import type { DirectResult, JobResult, TrainSummary } from './experiment.js';
import type { DiceSummary } from './job-scoring.js';
import type { SimScore } from './sim-score.js';
import { CHART_FILE, convergenceCurves, convergenceSvg } from './table-chart.js';
import { checkJobs, readJobs, recipeOf, type NamedJob } from './table-check.js';
import { tableMarkdown } from './table-md.js';

export { readJobs } from './table-check.js';

export interface TableRow {
  readonly recipe: string;
  readonly loss: string;
  readonly model: string;
  readonly T: number | null;
  /** 'simulator' when every fold's cell is a simulator score, 'tfjs' when none is, else 'mixed'. */
  readonly engine: 'simulator' | 'tfjs' | 'mixed';
  /** Over folds: mean of each fold's mean 2D Dice on slices containing hippocampus. */
  readonly dice2d: Stat;
  /** Over folds: mean of each fold's mean 2D Dice over all slices (empty ∧ empty = 1). */
  readonly dice2dAll: Stat;
  readonly dice3d: Stat;
  /** tfjs 3D Dice beside a simulator row (first evalSubjects test subjects), over folds. */
  readonly tfjs3d: Stat | null;
  /** Over folds: each fold's mean over shared subjects of 100 × (ANN − this model) 3D Dice. */
  readonly gapToAnn: Stat | null;
  readonly epochsToConverge: Stat | null;
  /** epochsToConverge in full passes over the fold's training slices. */
  readonly passesToConverge: Stat | null;
  /** Folds whose direct run hit its epoch cap before the patience rule (bounded, not converged). */
  readonly boundedFolds: readonly number[];
  readonly folds: readonly number[];
  readonly foldsExpected: number;
  /** Subjects scored per fold (the smallest over folds). */
  readonly subjects: number;
}

export interface Table {
  readonly rows: readonly TableRow[];
  readonly preset: string;
  readonly presets: readonly string[];
  readonly jobs: number;
  /** Losses of the paper recipe with no finished job (shown as missing). */
  readonly missingLosses: readonly string[];
  readonly folds: number;
  readonly epochUnit: string;
  readonly jobNames: readonly string[];
}

type Scored = Pick<DiceSummary, 'dice2d' | 'dice2dHippocampus' | 'dice3d' | 'subjects' | 'perSubject'> & { readonly engine?: string };

interface ModelSpec {
  readonly model: string;
  readonly T: number | null;
  readonly pick: (j: JobResult) => Scored | undefined;
  readonly tfjs?: (j: JobResult) => DiceSummary | undefined;
  readonly train?: (j: JobResult) => TrainSummary | undefined;
  readonly direct?: (j: JobResult) => DirectResult | undefined;
}

const LOSSES: readonly string[] = ['bce', 'dice', 'bce-dice'];

/** Mean over subjects present in both of 100 × (ANN − model) 3D Dice. */
export function pairedGap(ann: Scored, model: Scored): number | null {
  const a = new Map((ann.perSubject ?? []).map((s) => [s.id, s.dice3d]));
  const gaps = (model.perSubject ?? []).filter((s) => a.has(s.id)).map((s) => 100 * ((a.get(s.id) as number) - s.dice3d));
  return gaps.length > 0 ? gaps.reduce((x, y) => x + y, 0) / gaps.length : null;
}

const nums = (v: readonly (number | null | undefined)[]): number[] => v.filter((x): x is number => typeof x === 'number');

function row(recipe: string, loss: string, spec: ModelSpec, jobs: readonly JobResult[], foldsExpected: number): TableRow | null {
  const used = jobs.filter((j) => spec.pick(j) !== undefined);
  if (used.length === 0) return null;
  const s = used.map((j) => spec.pick(j) as Scored);
  const sim = s.filter((x) => x.engine === 'simulator').length;
  const tf = spec.tfjs ? nums(used.map((j) => spec.tfjs?.(j)?.dice3d.mean)) : [];
  const gaps = spec.model === 'ANN' ? [] : nums(used.map((j, k) => pairedGap(j.ann, s[k] as Scored)));
  const train = spec.train ? used.map((j) => spec.train?.(j)) : [];
  const bounded = spec.direct ? used.filter((j) => spec.direct?.(j)?.converged === false).map((j) => j.fold) : [];
  // Epochs to converge of a bounded run are a lower bound, not a measurement: left out of the mean.
  const conv = train.filter((_, k) => !bounded.includes((used[k] as JobResult).fold));
  const epochs = nums(conv.map((t) => t?.epochsToConverge));
  const passes = nums(conv.map((t) => t?.passesToConverge));
  return {
    recipe, loss, model: spec.model, T: spec.T, engine: sim === s.length ? 'simulator' : sim === 0 ? 'tfjs' : 'mixed',
    dice2d: stat(s.map((x) => x.dice2dHippocampus.mean)), dice2dAll: stat(s.map((x) => x.dice2d.mean)), dice3d: stat(s.map((x) => x.dice3d.mean)),
    tfjs3d: tf.length > 0 && sim > 0 ? stat(tf) : null, gapToAnn: gaps.length > 0 ? stat(gaps) : null,
    epochsToConverge: epochs.length > 0 ? stat(epochs) : null, passesToConverge: passes.length > 0 ? stat(passes) : null,
    boundedFolds: bounded, folds: used.map((j) => j.fold), foldsExpected, subjects: Math.min(...s.map((x) => x.subjects)),
  };
}

const simAt = (m: Readonly<Record<string, SimScore>> | undefined, T: number): SimScore | undefined => m?.[String(T)];

function specs(recipe: string, jobs: readonly JobResult[]): ModelSpec[] {
  const tFt = jobs[0]?.finetuneT ?? 16;
  const simTs = jobs.flatMap((j) => Object.keys(j.sim?.converted ?? {}).map(Number)).filter((t) => t !== tFt);
  const tfTs = jobs.flatMap((j) => Object.keys(j.converted).map(Number)).filter((t) => t !== tFt);
  const extra = [...new Set(simTs.length > 0 ? simTs : tfTs)].sort((a, b) => a - b);
  const conv = (T: number): ModelSpec => ({ model: 'Converted SNN', T, pick: (j) => simAt(j.sim?.converted, T) ?? j.converted[String(T)], tfjs: (j) => j.converted[String(T)] });
  return [
    { model: 'ANN', T: null, pick: (j) => j.ann, train: (j) => j.ann.training },
    ...(recipe === 'lowlat' ? [{ model: 'QCFS ANN', T: null, pick: (j: JobResult) => j.qcfsAnn, train: (j: JobResult) => j.qcfsAnn?.training }] : []),
    conv(tFt),
    ...extra.map(conv),
    { model: 'Fine-tuned SNN', T: tFt, pick: (j) => simAt(j.sim?.finetuned, tFt) ?? j.finetuned[String(tFt)], tfjs: (j) => j.finetuned[String(tFt)], train: (j) => j.finetuneTraining },
    { model: 'Directly trained SNN', T: tFt, pick: (j) => simAt(j.sim?.direct, tFt) ?? j.direct?.scores[String(tFt)], tfjs: (j) => j.direct?.scores[String(tFt)], train: (j) => j.direct?.training, direct: (j) => j.direct },
  ];
}

export function buildTable(named: readonly NamedJob[]): Table {
  const results = named.map((n) => n.result);
  const rows: TableRow[] = [];
  const recipes = [...new Set(results.map(recipeOf))].sort((a, b) => (a === 'paper' ? -1 : b === 'paper' ? 1 : a.localeCompare(b)));
  for (const recipe of recipes) {
    const inRecipe = results.filter((r) => recipeOf(r) === recipe);
    const losses = [...new Set(inRecipe.map((r) => r.loss))].sort((a, b) => LOSSES.indexOf(a) - LOSSES.indexOf(b));
    for (const loss of losses) {
      const jobs = inRecipe.filter((r) => r.loss === loss).sort((a, b) => a.fold - b.fold);
      for (const spec of specs(recipe, jobs)) {
        const r = row(recipe, loss, spec, jobs, jobs[0]?.folds ?? 0);
        if (r) rows.push(r);
      }
    }
  }
  const paperLosses = new Set<string>(results.filter((r) => recipeOf(r) === 'paper').map((r) => r.loss));
  const first = results[0];
  const spe = first?.config?.finetune.slicesPerEpoch ?? first?.finetuneTraining.slicesPerEpoch;
  return {
    rows, preset: first?.preset ?? '?', presets: [...new Set(results.map((r) => r.preset))], jobs: results.length,
    missingLosses: paperLosses.size > 0 ? LOSSES.filter((l) => !paperLosses.has(l)) : [], folds: first?.folds ?? 0,
    epochUnit: spe !== undefined && spe !== null ? `${spe} training slices` : 'one pass over the training slices',
    jobNames: named.map((n) => n.name),
  };
}

/** Writes the table files; `chart` is the convergence chart's path, null when no job has a direct run. */
export function writeTable(dir: string): { readonly table: Table; readonly chart: string | null } {
  const jobs = readJobs(dir);
  checkJobs(dir, jobs);
  const t = buildTable(jobs);
  const curves = convergenceCurves(dir, jobs);
  writeFileAtomic(join(dir, 'table1.json'), `${JSON.stringify(t, null, 2)}\n`);
  writeFileAtomic(join(dir, 'table1.md'), tableMarkdown(t, jobs, curves.length > 0 ? CHART_FILE : null));
  if (curves.length === 0) return { table: t, chart: null };
  writeFileAtomic(join(dir, CHART_FILE), `${convergenceSvg(curves, t.epochUnit)}\n`);
  return { table: t, chart: join(dir, CHART_FILE) };
}

export { tableMarkdown } from './table-md.js';
