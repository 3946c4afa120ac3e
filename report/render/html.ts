// report.html: one self-contained page (inline CSS, inline SVG charts, PNG data URIs; a CSP forbids
// any network load) with the summary, the figures, every table and the energy sources.
import type { Report } from '../build.js';
import type { OverlaySlice } from '../inputs/types.js';
import { reportCharts } from './charts.js';
import type { Chart } from './charts.js';
import { esc } from './format.js';
import { overlayFigure } from './overlays.js';
import { allTables, costTables, summaryTable } from './tables.js';
import type { Table } from './tables.js';

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1040px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:16px;margin:24px 0 6px}
.meta{color:#555;font-size:13px;margin:0;padding-left:18px}.meta code{font-size:12px}
table{border-collapse:collapse;font-size:13px;margin:8px 0;width:100%}
th,td{padding:4px 8px;border-bottom:1px solid #e6e6e6;text-align:right;vertical-align:top}
th{background:#f3f3f3;font-weight:600}th:first-child,td:first-child{text-align:left}
tr:nth-child(even) td{background:#fcfcfc}th.src,td.src{text-align:left}td.src{color:#555;font-size:12px}
.note{color:#555;font-size:13px;margin:4px 0 16px}
section.figure{margin:24px 0}section.figure svg{max-width:100%;height:auto;display:block}
.caption{color:#555;font-size:13px;margin:6px 0 0}
.overlays{display:grid;gap:6px 14px;align-items:center;justify-content:start;margin-top:8px}
.overlays figure{margin:0;text-align:center}.overlays img{display:block;margin:0 auto;image-rendering:pixelated}
.overlays figcaption{font-size:12px;color:#444}.col-head{font-weight:600;text-align:center;font-size:13px}
.row-head{font-size:12px;color:#444;max-width:140px}
ul.notes{font-size:13px;color:#333}
`;

function tableHtml(t: Table, opts: { sourceColumn?: number; level?: 2 | 3; notes?: readonly string[] | undefined } = {}): string {
  const src = (i: number): string => (i === opts.sourceColumn ? ' class="src"' : '');
  const head = `<tr>${t.head.map((h, i) => `<th${src(i)}>${esc(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${src(i)}>${esc(c)}</td>`).join('')}</tr>`).join('');
  const list = opts.notes !== undefined && opts.notes.length > 0 ? `<ul class="notes">${opts.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const note = t.note !== undefined && t.note !== '' && list === '' ? `<p class="note">${esc(t.note)}</p>` : list;
  const h = opts.level ?? 2;
  return `<h${h} id="${esc(t.id)}">${esc(t.title)}</h${h}><table>${head}${rows}</table>${note}`;
}

function figureHtml(c: Chart): string {
  return `<section class="figure" data-chart="${esc(c.id)}"><h2>${esc(c.title)}</h2>${c.svg}<p class="caption">${esc(c.caption)}</p></section>`;
}

function overlaysHtml(slices: readonly OverlaySlice[]): string {
  if (slices.length === 0) return '';
  return `<section class="figure" data-figure="overlays"><h2>Segmentation overlays</h2>${overlayFigure(slices)}`
    + '<p class="caption">Input slice; ground truth in green; each network\'s predicted mask in vermillion with the ground truth outlined in green (cf. the paper\'s Fig. 2). Dice is per slice (2D).</p></section>';
}

export function renderHtml(r: Report, overlays: readonly OverlaySlice[] = []): string {
  const inputs = Object.entries(r.inputs).map(([k, v]) => `<li>${esc(k)}: <code>${esc(v)}</code></li>`).join('');
  const a = r.arch;
  const tables = allTables(r).filter((t) => t.id !== 'summary').map((t) => tableHtml(t)).join('');
  const costs = costTables(r).map((t, i) => tableHtml(t, { sourceColumn: 3, level: 3, notes: r.energy.models[i]?.notes })).join('');
  const notes = `<h2 id="notes">Notes and caveats</h2><ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><title>hsnn report</title><style>${CSS}</style></head><body><main>`
    + `<h1>hsnn energy and sparsity report</h1><ul class="meta">${inputs}<li>U-Net base ${a.base}, depth ${a.depth}, input ${a.inChannels}×${a.height}×${a.width}; T = ${r.T}; ${r.slices} slices</li></ul>`
    + tableHtml(summaryTable(r))
    + reportCharts(r).map(figureHtml).join('')
    + overlaysHtml(overlays)
    + tables
    + `<h2>Energy models and sources</h2>${costs}${notes}</main></body></html>`;
}
