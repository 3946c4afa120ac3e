// Pareto chart of a sweep: 3D Dice against SNN energy per slice (log axis) for one energy view, with
// the frontier drawn as a step line, points on it filled, and the ANN's point marked as a diamond.
import type { AnnPoint, ViewFront } from '../sweep/pareto.js';
import { energy, energyUnit, esc, sig } from './format.js';
import { COLORS, logTicks, plotH, plotW, svgDoc, yAxis } from './svg.js';
import type { Frame } from './svg.js';

/** Ticks inside [lo, hi] at a nice step of about a fifth of the range (Dice ranges are narrow: 0.87–0.91). */
function rangeTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function diceRange(ds: readonly number[]): [number, number] {
  const lo = Math.min(...ds), hi = Math.max(...ds);
  const pad = Math.max(0.01, (hi - lo) * 0.15);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

/** A point's label, right of it, or left of it where it would run past the plot's right edge. */
function pointLabel(px: number, py: number, label: string, f: Frame): string {
  const left = px + 8 + label.length * 6.2 > f.width - 4;
  return `<text x="${(left ? px - 8 : px + 8).toFixed(1)}" y="${(py - 8).toFixed(1)}" text-anchor="${left ? 'end' : 'start'}" fill="${COLORS.ink}" font-size="11">${esc(label)}</text>`;
}

/** The legend draws the chart's own marks (filled / open circle, dashed frontier, diamond), so a reader of the PNG can tell them apart. */
function marksLegend(x0: number, y: number): string {
  const text = (x: number, label: string): string => `<text x="${x}" y="${y}" dy="0.32em" fill="${COLORS.ink}" font-size="12">${esc(label)}</text>`;
  const parts = [
    `<circle cx="${x0 + 5}" cy="${y}" r="5" fill="${COLORS.blue}" stroke="${COLORS.blue}" stroke-width="2"/>${text(x0 + 16, 'SNN on the frontier')}`,
    `<circle cx="${x0 + 145}" cy="${y}" r="5" fill="#ffffff" stroke="${COLORS.blue}" stroke-width="2"/>${text(x0 + 156, 'SNN, dominated')}`,
    `<line x1="${x0 + 265}" x2="${x0 + 291}" y1="${y}" y2="${y}" stroke="${COLORS.blue}" stroke-width="1.5" stroke-dasharray="4 3"/>${text(x0 + 297, 'Pareto frontier')}`,
    `<path d="M${x0 + 412},${y - 7} l7,7 l-7,7 l-7,-7 z" fill="${COLORS.vermillion}"/>${text(x0 + 424, 'ANN (same subjects)')}`,
  ];
  return `<g class="legend">${parts.join('')}</g>`;
}

export function paretoChart(id: string, v: ViewFront, ann: AnnPoint): string {
  const f: Frame = { width: 760, height: 380, left: 64, right: 24, top: 58, bottom: 50 };
  const es = [...v.points.map((p) => p.pj), v.annPj].filter((e) => e > 0 && Number.isFinite(e));
  const ticks = logTicks(Math.min(...es), Math.max(...es));
  const lo = Math.log10(ticks[0] ?? 1), hi = Math.log10(ticks[ticks.length - 1] ?? 10);
  const x = (pj: number): number => f.left + (plotW(f) * (Math.log10(pj) - lo)) / Math.max(1e-9, hi - lo);
  const ds = [...v.points.map((p) => p.dice), ...(ann.dice !== null ? [ann.dice] : [])];
  const [d0, d1] = diceRange(ds.length > 0 ? ds : [0, 1]);
  const y = (d: number): number => f.top + plotH(f) * (1 - (d - d0) / (d1 - d0));
  const yTicks = rangeTicks(d0, d1);
  const base = f.height - f.bottom;
  const u = energyUnit(Math.max(...es));
  const xAxis = `<g class="x-axis"><line x1="${f.left}" x2="${f.width - f.right}" y1="${base}" y2="${base}" stroke="${COLORS.ink}"/>`
    + ticks.map((t) => `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${f.top}" y2="${base}" stroke="${COLORS.grid}"/><text x="${x(t).toFixed(1)}" y="${base + 16}" text-anchor="middle" fill="${COLORS.ink}">${esc(energy(t))}</text>`).join('')
    + `<text x="${f.left + plotW(f) / 2}" y="${f.height - 8}" text-anchor="middle" fill="${COLORS.ink}">energy per slice (log; ${u.unit} scale)</text></g>`;
  const front = v.points.filter((p) => p.front).sort((a, b) => a.pj - b.pj);
  const step = front.map((p, i) => `${i === 0 ? 'M' : 'H'}${x(p.pj).toFixed(1)}${i === 0 ? `,${y(p.dice).toFixed(1)}` : ` V${y(p.dice).toFixed(1)}`}`).join(' ');
  const many = new Set(v.points.map((p) => p.name)).size > 1;
  const dots = v.points.map((p) => `<circle class="${p.front ? 'front' : 'point'}" cx="${x(p.pj).toFixed(1)}" cy="${y(p.dice).toFixed(1)}" r="5" fill="${p.front ? COLORS.blue : '#ffffff'}" stroke="${COLORS.blue}" stroke-width="2"><title>${esc(`${p.name}, T = ${p.T}: Dice ${p.dice.toFixed(3)}, ${energy(p.pj)}`)}</title></circle>`
    + pointLabel(x(p.pj), y(p.dice), many ? `${p.name} T=${p.T}` : `T=${p.T}`, f)).join('');
  const ay = ann.dice !== null ? y(ann.dice) : f.top + 10;
  const ax = x(v.annPj);
  const annMark = `<path class="ann" d="M${ax.toFixed(1)},${(ay - 7).toFixed(1)} l7,7 l-7,7 l-7,-7 z" fill="${COLORS.vermillion}"><title>${esc(`ANN: ${ann.dice !== null ? `Dice ${ann.dice.toFixed(3)}, ` : 'Dice not measured, '}${energy(v.annPj)}`)}</title></path>`;
  const body = yAxis(f, yTicks, y, '3D Dice', (t) => sig(t)) + xAxis + `<path class="frontier" d="${step}" fill="none" stroke="${COLORS.blue}" stroke-width="1.5" stroke-dasharray="4 3"/>` + dots + annMark
    + marksLegend(f.left, 40);
  return svgDoc(id, f, `Dice against energy: ${v.title}${v.mixesNodes ? ' (mixes nodes)' : ''}`, body);
}
