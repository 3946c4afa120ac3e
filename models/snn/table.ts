// Table 1 of the paper from experiment results: for each loss, the ANN, the converted SNN (at the
// fine-tuning T and at the largest evaluated T), the fine-tuned SNN (and the direct-training baseline when
// run), with 2D and 3D Dice as mean ± std over folds, epochs to converge and T. Reads DIR/*/result.json,
// writes DIR/table1.json and DIR/table1.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic.js';
import { stat, type Stat } from '../../data/metrics.js';
import { RESULT_FILE, type DiceSummary, type JobResult, type TrainSummary } from './experiment.js';
import { userError } from '../../core/errors.js';

type Scored = Pick<DiceSummary, 'dice2d' | 'dice2dHippocampus' | 'dice3d'>;

export interface TableRow {
  readonly loss: string;
  readonly model: string;
  readonly T: number | null;
  /** Over folds: mean of each fold's mean 2D Dice on slices containing hippocampus. */
  readonly dice2d: Stat;
  /** Over folds: mean of each fold's mean 2D Dice over all slices (empty ∧ empty = 1). */
  readonly dice2dAll: Stat;
  readonly dice3d: Stat;
  readonly epochsToConverge: Stat | null;
  readonly folds: readonly number[];
}

export interface Table {
  readonly rows: readonly TableRow[];
  readonly preset: string;
  readonly jobs: number;
}

export function readResults(dir: string): JobResult[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw userError('HSNN1306', `experiment folder ${dir} does not exist`);
  const out: JobResult[] = [];
  for (const name of readdirSync(dir).sort()) {
    const f = join(dir, name, RESULT_FILE);
    if (!existsSync(f)) continue;
    try {
      out.push(JSON.parse(readFileSync(f, 'utf8')) as JobResult);
    } catch {
      throw userError('HSNN1306', `result file ${f} is not valid JSON`);
    }
  }
  if (out.length === 0) throw userError('HSNN1306', `experiment folder ${dir} has no */${RESULT_FILE} yet (run hsnn experiment first)`);
  return out;
}

function row(loss: string, model: string, T: number | null, jobs: readonly JobResult[], pick: (j: JobResult) => Scored | undefined, train?: (j: JobResult) => TrainSummary | undefined): TableRow | null {
  const used = jobs.filter((j) => pick(j) !== undefined);
  if (used.length === 0) return null;
  const s = used.map((j) => pick(j) as Scored);
  const epochs = train ? used.map((j) => train(j)?.epochsToConverge).filter((e): e is number => typeof e === 'number') : [];
  return {
    loss, model, T,
    dice2d: stat(s.map((x) => x.dice2dHippocampus.mean)), dice2dAll: stat(s.map((x) => x.dice2d.mean)), dice3d: stat(s.map((x) => x.dice3d.mean)),
    epochsToConverge: train && epochs.length > 0 ? stat(epochs) : null, folds: used.map((j) => j.fold),
  };
}

export function buildTable(results: readonly JobResult[]): Table {
  const rows: TableRow[] = [];
  for (const loss of [...new Set(results.map((r) => r.loss))]) {
    const jobs = results.filter((r) => r.loss === loss);
    const tFt = jobs[0]?.finetuneT ?? 16;
    const tMax = Math.max(...jobs.flatMap((j) => [...Object.keys(j.converted), ...Object.keys(j.sim?.converted ?? {})].map(Number)));
    const candidates = [
      row(loss, 'ANN', null, jobs, (j) => j.ann, (j) => j.ann.training),
      row(loss, 'Converted SNN', tFt, jobs, (j) => j.sim?.converted[String(tFt)] ?? j.converted[String(tFt)]),
      tMax !== tFt ? row(loss, 'Converted SNN', tMax, jobs, (j) => j.sim?.converted[String(tMax)] ?? j.converted[String(tMax)]) : null,
      row(loss, 'Fine-tuned SNN', tFt, jobs, (j) => j.sim?.finetuned[String(tFt)] ?? j.finetuned[String(tFt)], (j) => j.finetuneTraining),
      row(loss, 'Directly trained SNN', tFt, jobs, (j) => j.sim?.direct?.[String(tFt)] ?? j.direct?.scores[String(tFt)], (j) => j.direct?.training),
    ];
    for (const r of candidates) if (r) rows.push(r);
  }
  return { rows, preset: results[0]?.preset ?? '?', jobs: results.length };
}

const pm = (s: Stat): string => (s.n === 0 ? '–' : `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`);

export function tableMarkdown(t: Table): string {
  const lines = [
    `# Table 1 (preset ${t.preset}, ${t.jobs} jobs)`,
    '',
    'Dice: mean ± std over folds of each fold\'s mean; 2D over test slices containing hippocampus, 3D per subject.',
    'Epochs to converge: epoch of best validation Dice (ANN training, SNN fine-tuning); conversion trains nothing.',
    '',
    '| Loss | Model | T | 2D Dice | 3D Dice | Epochs to converge | Folds |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of t.rows) {
    lines.push(`| ${r.loss} | ${r.model} | ${r.T ?? '–'} | ${pm(r.dice2d)} | ${pm(r.dice3d)} | ${r.epochsToConverge ? `${r.epochsToConverge.mean.toFixed(1)} ± ${r.epochsToConverge.std.toFixed(1)}` : '–'} | ${r.folds.length} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeTable(dir: string): Table {
  const t = buildTable(readResults(dir));
  writeFileAtomic(join(dir, 'table1.json'), `${JSON.stringify(t, null, 2)}\n`);
  writeFileAtomic(join(dir, 'table1.md'), tableMarkdown(t));
  return t;
}
