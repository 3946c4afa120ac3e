// The convergence chart of `hsnn table`: validation 3D Dice per epoch of direct training (from scratch)
// against fine-tuning (from the converted SNN), one pair of lines per job that has a direct run, plus the
// fine-tuning of the paper-recipe job of the same fold and loss (fold{k}-{loss}) when that is a different
// job: the paper compares direct training with its T = 16 fine-tuning. Read from the jobs' train.jsonl
// logs, so a direct run still in progress is drawn too; T from each job's result. Plain SVG (report/render).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esc } from '../../report/render/format.js';
import { COLORS, legend, niceTicks, plotH, plotW, svgDoc, yAxis, type Frame, type LegendItem } from '../../report/render/svg.js';
import { FINETUNE_LOG } from '../../models/snn/finetune.js';
import type { NamedJob } from './table-check.js';

export const CHART_FILE = 'convergence.svg';

export interface CurvePoint { readonly epoch: number; readonly valDice: number }
export interface Curve {
  readonly job: string;
  readonly kind: 'direct' | 'finetune';
  /** The job's fine-tuning T (result.json finetuneT), which direct training shares; null before the job has a result. */
  readonly T: number | null;
  readonly points: readonly CurvePoint[];
}

function readLog(file: string): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as { epoch?: unknown; valDice?: unknown };
      if (typeof r.epoch === 'number' && typeof r.valDice === 'number') out.push({ epoch: r.epoch, valDice: r.valDice });
    } catch {
      // A log line cut by a kill mid-write: the checkpointed history rewrites the log on resume.
    }
  }
  return out;
}

/** Fine-tuning and direct curves of every job folder of DIR that has a direct/train.jsonl (and its paper job's fine-tuning). */
export function convergenceCurves(dir: string, jobs: readonly NamedJob[]): Curve[] {
  const curves: Curve[] = [];
  const jobT = (name: string): number | null => jobs.find((j) => j.name === name)?.result.finetuneT ?? null;
  const finetune = (name: string): void => {
    const ft = join(dir, name, 'finetune', FINETUNE_LOG);
    if (existsSync(ft) && !curves.some((c) => c.job === name && c.kind === 'finetune')) curves.push({ job: name, kind: 'finetune', T: jobT(name), points: readLog(ft) });
  };
  for (const name of readdirSync(dir).sort()) {
    const direct = join(dir, name, 'direct', FINETUNE_LOG);
    if (!existsSync(direct)) continue;
    const T = jobT(name);
    curves.push({ job: name, kind: 'direct', T, points: readLog(direct) });
    finetune(name);
    const paper = name.replace(/-lowlat$/, '');
    if (paper !== name) finetune(paper);
  }
  return curves.filter((c) => c.points.length > 0);
}

const PALETTE = [COLORS.blue, COLORS.vermillion, COLORS.green, COLORS.purple, COLORS.orange, COLORS.sky];

/** SVG: x = epoch (`epochUnit` says what one epoch is), y = validation 3D Dice; direct dashed, fine-tuning solid. */
export function convergenceSvg(curves: readonly Curve[], epochUnit: string): string {
  const f: Frame = { width: 960, height: 400, left: 64, right: 20, top: 58, bottom: 52 };
  const maxEpoch = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => p.epoch)));
  // Whole epochs only: a tick at 2.5 epochs names no point of the logs.
  const ticks = niceTicks(maxEpoch, Math.min(8, maxEpoch)).filter((t) => Number.isInteger(t));
  const top = ticks[ticks.length - 1] ?? maxEpoch;
  const x = (e: number): number => f.left + (plotW(f) * e) / top;
  const y = (d: number): number => f.top + plotH(f) * (1 - Math.min(1, Math.max(0, d)));
  const base = f.height - f.bottom;
  const xAxis = `<g class="x-axis"><line x1="${f.left}" x2="${f.width - f.right}" y1="${base}" y2="${base}" stroke="${COLORS.ink}"/>`
    + ticks.map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${base}" y2="${base + 4}" stroke="${COLORS.ink}"/><text x="${x(t)}" y="${base + 16}" text-anchor="middle" fill="${COLORS.ink}">${t}</text>`).join('')
    + `<text x="${f.left + plotW(f) / 2}" y="${f.height - 10}" text-anchor="middle" fill="${COLORS.ink}">${esc(`epoch (${epochUnit})`)}</text></g>`;
  const keys = curves.map((c) => `${c.job} ${c.kind}`);
  const items: LegendItem[] = [];
  const lines = curves.map((c) => {
    const color = PALETTE[keys.indexOf(`${c.job} ${c.kind}`) % PALETTE.length] ?? COLORS.ink;
    const label = `${c.job} ${c.kind === 'direct' ? 'direct' : 'fine-tuning'}${c.T !== null ? ` (T ${c.T})` : ''}`;
    items.push({ label, color, mark: 'line' });
    const d = c.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.epoch).toFixed(1)},${y(p.valDice).toFixed(1)}`).join(' ');
    const dots = c.points.map((p) => `<circle cx="${x(p.epoch).toFixed(1)}" cy="${y(p.valDice).toFixed(1)}" r="3" fill="${color}"><title>${esc(`${label}: epoch ${p.epoch}, validation Dice ${p.valDice.toFixed(3)}`)}</title></circle>`).join('');
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2.2"${c.kind === 'direct' ? ' stroke-dasharray="6 4"' : ''}/>${dots}`;
  }).join('');
  const body = yAxis(f, [0, 0.2, 0.4, 0.6, 0.8, 1], y, 'validation 3D Dice') + xAxis + `<g class="lines">${lines}</g>` + legend(items.slice(0, 6), f.left, 40);
  return svgDoc('convergence', f, 'Direct training (dashed) against fine-tuning (solid): validation Dice per epoch', body);
}
