// Line chart of Dice against timesteps T, one line per network (converted, fine-tuned, ANN reference).
// T is drawn on a log2 axis when it spans a factor of 8 or more, as T usually doubles between runs.
import type { DiceSeries } from '../inputs/types.js';
import { esc, sig } from './format.js';
import { COLORS, legend, legendWidth, niceTicks, plotH, plotW, svgDoc, yAxis } from './svg.js';
import type { Frame, LegendItem } from './svg.js';
import { SERIES_COLORS } from './bars.js';

function xScale(f: Frame, ts: readonly number[]): { x: (t: number) => number; ticks: number[] } {
  const lo = Math.min(...ts);
  const hi = Math.max(...ts);
  if (lo > 0 && hi / lo >= 8) {
    const a = Math.floor(Math.log2(lo));
    const b = Math.ceil(Math.log2(hi));
    const x = (t: number): number => f.left + (plotW(f) * (Math.log2(t) - a)) / Math.max(1, b - a);
    return { x, ticks: Array.from({ length: b - a + 1 }, (_, i) => 2 ** (a + i)) };
  }
  const ticks = niceTicks(hi, 6);
  const top = ticks[ticks.length - 1] ?? 1;
  return { x: (t: number) => f.left + (plotW(f) * t) / top, ticks };
}

function colorOf(label: string, i: number): string {
  if (/ann/i.test(label)) return COLORS.grey;
  if (/fine/i.test(label)) return COLORS.blue;
  if (/conver/i.test(label)) return COLORS.orange;
  return SERIES_COLORS[i % SERIES_COLORS.length] ?? COLORS.ink;
}

export function diceChart(id: string, series: readonly DiceSeries[]): string {
  const f: Frame = { width: 960, height: 380, left: 64, right: 20, top: 58, bottom: 48 };
  const ts = series.flatMap((s) => s.points.map((p) => p.T));
  const { x, ticks } = xScale(f, ts.length > 0 ? ts : [1]);
  const y = (d: number): number => f.top + plotH(f) * (1 - d);
  const base = f.height - f.bottom;
  const xAxis = `<g class="x-axis"><line x1="${f.left}" x2="${f.width - f.right}" y1="${base}" y2="${base}" stroke="${COLORS.ink}"/>`
    + ticks.map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${base}" y2="${base + 4}" stroke="${COLORS.ink}"/><text x="${x(t)}" y="${base + 16}" text-anchor="middle" fill="${COLORS.ink}">${sig(t)}</text>`).join('')
    + `<text x="${f.left + plotW(f) / 2}" y="${f.height - 8}" text-anchor="middle" fill="${COLORS.ink}">timesteps T</text></g>`;
  const items: LegendItem[] = [];
  const lines = series.map((s, i) => {
    const color = colorOf(s.label, i);
    items.push({ label: s.label, color, mark: 'line' });
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.T).toFixed(1)},${y(p.dice).toFixed(1)}`).join(' ');
    const dots = s.points.map((p) => `<circle cx="${x(p.T).toFixed(1)}" cy="${y(p.dice).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.label}: T = ${p.T}, Dice = ${p.dice.toFixed(3)}`)}</title></circle>`).join('');
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2.5"/>${dots}`;
  }).join('');
  const body = yAxis(f, [0, 0.2, 0.4, 0.6, 0.8, 1], y, 'Dice') + xAxis + `<g class="lines">${lines}</g>`
    + legend(items, Math.max(f.left, f.width - f.right - legendWidth(items)), 40);
  return svgDoc(id, f, 'Dice against timesteps T', body);
}
