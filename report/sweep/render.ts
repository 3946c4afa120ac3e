// A sweep's outputs: the Pareto table (Markdown and HTML, one row per point, energy in every view and
// whether the point is on that view's frontier) and a self-contained HTML page with one chart per view.
import { paretoChart } from '../render/pareto.js';
import { energy, esc } from '../render/format.js';
import { markdownTable } from '../render/markdown.js';
import type { Table } from '../render/tables.js';
import { viewFronts, type AnnPoint, type SweepPoint } from './pareto.js';

export function paretoTable(points: readonly SweepPoint[], ann: AnnPoint): Table {
  const fronts = viewFronts(points);
  const rows = points.map((p, i) => [p.name, String(p.T), p.dice.toFixed(4), `${(p.meanRate * 100).toFixed(2)} %`,
    ...fronts.map((v) => `${energy(v.points[i]?.pj ?? Number.NaN)}${v.points[i]?.front === true ? ' ★' : ''}`)]);
  rows.push(['ANN', '', ann.dice !== null ? ann.dice.toFixed(4) : 'not measured', '', ...fronts.map((v) => energy(v.annPj))]);
  const subjects = points[0]?.subjects ?? [];
  return {
    id: 'pareto', title: 'Pareto table: 3D Dice against SNN energy per slice',
    head: ['network', 'T', 'Dice', 'IF rate', ...fronts.map((v) => `${v.title}${v.mixesNodes ? ' (mixes nodes)' : ''}`)],
    rows,
    note: `★ = on the Pareto frontier of that view (no other point has at least its Dice for at most its energy). Dice: mean 3D Dice over ${subjects.length} subjects (${subjects.join(', ')}). Last row: the ANN's energy in each view.`,
  };
}

export function sweepMarkdown(points: readonly SweepPoint[], ann: AnnPoint): string {
  return `# hsnn sweep\n\n${markdownTable(paretoTable(points, ann))}`;
}

export function sweepHtml(points: readonly SweepPoint[], ann: AnnPoint): string {
  const t = paretoTable(points, ann);
  const head = `<tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  const charts = viewFronts(points).map((v) => `<section class="figure" data-chart="pareto-${esc(v.id)}">${paretoChart(`pareto-${v.id}`, v, ann)}</section>`).join('');
  return '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><title>hsnn sweep</title>`
    + '<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:24px;color:#222}table{border-collapse:collapse;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #e6e6e6;text-align:right}th:first-child,td:first-child{text-align:left}section.figure svg{max-width:100%;height:auto}</style></head><body>'
    + `<h1>hsnn sweep: Dice against energy</h1><h2 id="pareto">${esc(t.title)}</h2><table>${head}${rows}</table><p>${esc(t.note ?? '')}</p>${charts}</body></html>`;
}
