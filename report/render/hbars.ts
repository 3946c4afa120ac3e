// Horizontal bars on a log axis: total energy per slice of the ANN (each arithmetic variant) and of the
// SNN under each energy model, so costs that differ by orders of magnitude share one readable chart.
import { energy, energyUnit, esc } from './format.js';
import { COLORS, legend, legendWidth, logTicks, plotW, svgDoc } from './svg.js';
import type { Frame, LegendItem } from './svg.js';

export interface HBar {
  readonly label: string;
  /** Picojoules (> 0 to be drawn). */
  readonly pj: number;
  readonly color: string;
}

export function energyByModelChart(id: string, title: string, bars: readonly HBar[], legendItems: readonly LegendItem[]): string {
  const rowH = 24;
  const labelW = Math.min(300, 12 + Math.max(...bars.map((b) => b.label.length)) * 6.6);
  const f: Frame = { width: 960, height: 58 + 16 + bars.length * rowH + 48, left: labelW, right: 90, top: 74, bottom: 48 };
  const pos = bars.map((b) => b.pj).filter((v) => v > 0);
  const ticks = logTicks(pos.length > 0 ? Math.min(...pos) : 1, pos.length > 0 ? Math.max(...pos) : 10);
  const lo = Math.log10(ticks[0] ?? 1);
  const hi = Math.log10(ticks[ticks.length - 1] ?? 10);
  const x = (v: number): number => f.left + (plotW(f) * (Math.log10(v) - lo)) / Math.max(1e-9, hi - lo);
  const base = f.top + bars.length * rowH;
  const grid = ticks.map((t) => `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${f.top}" y2="${base}" stroke="${COLORS.grid}"/>`
    + `<text x="${x(t).toFixed(1)}" y="${base + 16}" text-anchor="middle" fill="${COLORS.ink}">${esc(`${t / energyUnit(t).pj} ${energyUnit(t).unit}`)}</text>`).join('');
  const rows = bars.map((b, i) => {
    const y = f.top + i * rowH;
    const label = `<text x="${f.left - 8}" y="${y + rowH / 2}" dy="0.32em" text-anchor="end" fill="${COLORS.ink}">${esc(b.label)}</text>`;
    if (!(b.pj > 0)) return `${label}<text x="${f.left + 4}" y="${y + rowH / 2}" dy="0.32em" fill="${COLORS.grey}">0</text>`;
    const w = Math.max(1, x(b.pj) - f.left);
    return `${label}<rect x="${f.left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${b.color}"><title>${esc(`${b.label}: ${energy(b.pj)}`)}</title></rect>`
      + `<text x="${(f.left + w + 4).toFixed(1)}" y="${y + rowH / 2}" dy="0.32em" fill="${COLORS.ink}">${esc(energy(b.pj))}</text>`;
  }).join('');
  const axis = `<line x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${base}" stroke="${COLORS.ink}"/>`
    + `<text x="${f.left + plotW(f) / 2}" y="${f.height - 8}" text-anchor="middle" fill="${COLORS.ink}">energy per slice (log scale)</text>`;
  const lg = legend(legendItems, Math.max(f.left, f.width - f.right - legendWidth(legendItems)), 46);
  return svgDoc(id, f, title, `<g class="grid">${grid}</g>${axis}<g class="bars">${rows}</g>${lg}`);
}
