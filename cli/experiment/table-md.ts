// Markdown of Table 1: one block per recipe (paper, then low-latency), rows loss × model, missing cells and
// losses shown with their fold counts, the paper's figures where ../shared or the issue states them (never
// invented), then the per-fold appendix with per-job numbers (simulator and tfjs) and paired gaps.
import type { Stat } from '../../data/metrics.js';
import type { JobResult } from './experiment.js';
import { pairedGap, type Table, type TableRow } from './table.js';
import { recipeOf, type NamedJob } from './table-check.js';
import { COLLAPSE_RULE } from '../../models/unet/train-loop.js';

const f3 = (x: number): string => x.toFixed(3);
const pm = (s: Stat | null, digits = 3): string => (s === null || s.n === 0 ? 'missing' : s.n === 1 ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`);

/** Paper column: only what the sources give (issue 15's ranges over the three losses); † marks the note. */
export function paperCell(r: Pick<TableRow, 'recipe' | 'model' | 'T'>): string {
  if (r.recipe !== 'paper') return '—';
  if (r.model === 'Converted SNN' && r.T === 200) return '21.6–65.9 (3D) †';
  if (r.model === 'Fine-tuned SNN') return 'ANN − 1.3…2.4 points (3D); ≈ 10 epochs †';
  if (r.model === 'Directly trained SNN') return '≈ 60 epochs †';
  return 'not in ../shared';
}

function epochsCell(r: TableRow): string {
  const e = r.epochsToConverge ? `${r.epochsToConverge.mean.toFixed(1)}${r.epochsToConverge.n > 1 ? ` ± ${r.epochsToConverge.std.toFixed(1)}` : ''}` : r.boundedFolds.length > 0 ? 'bounded' : '–';
  return r.boundedFolds.length > 0 ? `${e} (bounded in folds ${r.boundedFolds.join(', ')})` : e;
}

const engineCell = (r: TableRow): string => `${r.engine === 'simulator' ? 'simulator' : r.engine}, ${r.subjects} subj.`;

function block(t: Table, recipe: string, level: number): string[] {
  const title = recipe === 'paper' ? 'Paper recipe (ReLU ANN → Poisson conversion → BPTT fine-tuning)' : `${recipe === 'lowlat' ? 'Low-latency' : recipe} recipe (QCFS ANN → direct-input conversion → BPTT fine-tuning)`;
  const lines = [
    `${'#'.repeat(level)} ${title}`, '',
    '| Loss | Model | T | 2D Dice | 3D Dice | scored by | 3D Dice, tfjs | gap to ANN (points, paired) | Epochs to converge | Full passes | Folds | Paper |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of t.rows.filter((x) => x.recipe === recipe)) {
    const folds = `${r.folds.length}/${r.foldsExpected}`;
    lines.push(`| ${r.loss} | ${r.model} | ${r.T ?? '–'} | ${pm(r.dice2d)} | ${pm(r.dice3d)} | ${engineCell(r)} | ${r.tfjs3d ? pm(r.tfjs3d) : '–'} | ${r.gapToAnn ? pm(r.gapToAnn, 2) : '–'} | ${epochsCell(r)} | ${r.passesToConverge ? pm(r.passesToConverge, 2) : '–'} | ${folds} | ${paperCell(r)} |`);
  }
  if (recipe === 'paper') for (const loss of t.missingLosses) lines.push(`| ${loss} | every model | | missing | missing | | | | | | 0/${t.folds} | |`);
  return lines;
}

const NOTES = [
  'Dice: mean ± std over folds of each fold\'s mean (a single fold shows its mean); 2D over test slices containing hippocampus, 3D per subject.',
  'SNN rows are the simulator (compiled for the target and quantisation in result.json `config.scoring.simulator`) on every test subject',
  'of the fold, except the converted SNN at the larger T, which is simulated on the first evalSubjects; tfjs (float) on the first evalSubjects',
  'is given beside. ANN rows are tfjs on every test subject. The gap to the ANN is paired subject by subject.',
  'Epochs to converge: the epoch of best validation Dice; a direct run that hit its epoch cap before its patience ran out is bounded and left',
  'out of the mean. Full passes = epochs × slices per epoch / training slices of the fold.',
  '',
  '† The paper\'s figures as issue 15 quotes them: ranges over the three losses (fine-tuned SNN 1.3–2.4 points of 3D Dice below the ANN,',
  'converted SNN at T = 200 21.6–65.9 3D Dice, about 10 epochs to converge against about 60 for direct training). The paper\'s per-loss',
  'Table 1 values are not in ../shared/docs, so none is shown. For scale, ../shared/docs/CONVERSION-NOTES.md reports an independent',
  'PyTorch run of this U-Net (Dice loss, 166/42 split): ANN 0.897 3D Dice after 30 epochs; converted 0.00 at T = 16 and 0.865 at T = 200',
  '(10 test subjects). The paper used ADNI; this is MSD Task04, cropped to 64 × 48, and its epochs are counted as stated above.',
];

const sim = (j: JobResult, m: 'converted' | 'finetuned' | 'direct', T: number): string => {
  const s = j.sim?.[m]?.[String(T)];
  return s ? `${f3(s.dice3d.mean)} (${s.subjects})` : 'missing';
};

const shortCode = (c: JobResult['codeVersion']): string => (c?.commit ? `${c.commit.slice(0, 7)}${c.dirty ? '+' : ''}` : '?');

/** The finishing run's commit, preceded by the first run's when the job was resumed on other code. */
function codeCell(j: JobResult): string {
  const end = shortCode(j.codeVersion);
  const start = j.startedWith ? shortCode(j.startedWith) : end;
  return start === end ? end : `${start} → ${end}`;
}

function appendix(jobs: readonly NamedJob[]): string[] {
  const lines = [
    '## Per-fold appendix', '',
    'Simulator 3D Dice (subjects scored) unless marked tfjs; gap = paired 100 × (ANN − fine-tuned) over the fold\'s test subjects.', '',
    '| Job | Recipe | ANN (tfjs) | QCFS ANN (tfjs) | converted, T ft | converted, larger T | fine-tuned | fine-tuned (tfjs) | gap | SOP/MAC fine-tuned | direct | epochs ft / direct | code |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { name, result: j } of jobs) {
    const T = j.finetuneT;
    const big = Object.keys(j.sim?.converted ?? {}).map(Number).filter((x) => x !== T).sort((a, b) => b - a)[0];
    const ft = j.sim?.finetuned[String(T)];
    const gap = ft ? pairedGap(j.ann, ft) : null;
    const d = j.direct ? `${sim(j, 'direct', T)}${j.direct.converged === false ? ', bounded' : ''}` : '–';
    const epochs = `${j.finetuneTraining.epochsToConverge ?? '–'} / ${j.direct ? `${j.direct.training.epochsToConverge ?? '–'} of ${j.direct.training.epochs}` : '–'}`;
    const code = codeCell(j);
    lines.push(`| ${name}${j.ann.collapsedRuns?.length ? ' ‡' : ''} | ${recipeOf(j)} | ${f3(j.ann.dice3d.mean)} (${j.ann.subjects}) | ${j.qcfsAnn ? `${f3(j.qcfsAnn.dice3d.mean)} (${j.qcfsAnn.subjects})` : '–'} | ${sim(j, 'converted', T)} | ${big !== undefined ? `T ${big}: ${sim(j, 'converted', big)}` : '–'} | ${sim(j, 'finetuned', T)} | ${j.finetuned[String(T)] ? `${f3(j.finetuned[String(T)]?.dice3d.mean ?? 0)} (${j.finetuned[String(T)]?.subjects})` : 'missing'} | ${gap !== null ? gap.toFixed(2) : '–'} | ${ft ? ft.sopPerMac.toFixed(2) : '–'} | ${d} | ${epochs} | ${code} |`);
  }
  const restarted = jobs.filter(({ result: j }) => (j.ann.collapsedRuns?.length ?? 0) > 0);
  if (restarted.length > 0) {
    const runs = restarted.map(({ name, result: j }) => `${name}: ${(j.ann.collapsedRuns ?? []).map((c) => `restart ${c.restart} collapsed after ${c.epochs} epochs`).join(', ')}`);
    lines.push('', `‡ The ANN collapsed (${COLLAPSE_RULE}) and was trained again with the next restart number: a new init, batch order and dropout, the same split (${runs.join('; ')}).`);
  }
  return lines;
}

/** The blocks, notes and chart link, block headings at `level` (2 in table1.md, 4 inside the README's Table 1 section). */
export function tableBlocks(t: Table, chart: string | null, level = 2): string[] {
  const lines: string[] = [];
  for (const r of [...new Set(t.rows.map((x) => x.recipe))]) lines.push(...block(t, r, level), '');
  lines.push(...NOTES, '');
  if (chart) lines.push(`Convergence of direct training against fine-tuning (validation 3D Dice per epoch of ${t.epochUnit}): ![convergence](${chart})`, '');
  return lines;
}

/** The whole table1.md; without `jobs` only the blocks and notes (what the CLI prints). */
export function tableMarkdown(t: Table, jobs?: readonly NamedJob[], chart?: string | null): string {
  const lines = [`# Table 1 (${t.presets.join(' + ')}; ${t.jobs} jobs, ${t.folds} folds)`, '', ...tableBlocks(t, chart ?? null)];
  if (jobs) lines.push(...appendix(jobs), '');
  return `${lines.join('\n')}`;
}
