// Bar charts: categories along x, one or more bars per category, each bar a stack of segments.
// Grouped bars (firing rate, converted vs fine-tuned) are stacks of one segment; the energy chart
// puts an ANN bar and a stacked SNN bar (synaptic, neuron, routing, other) side by side per layer.
import { esc, sig } from './format.js';
import { COLORS, legend, legendWidth, niceTicks, plotH, plotW, svgDoc, xCategories, yAxis } from './svg.js';
import type { Frame, LegendItem } from './svg.js';

export interface Segment {
  readonly label: string;
  readonly color: string;
}

export interface BarSpec {
  /** Shown in tooltips, e.g. 'ANN' or 'fine-tuned'. */
  readonly name: string;
  readonly segments: readonly Segment[];
  /** values[category][segment], already in the axis unit. */
  readonly values: readonly (readonly number[])[];
}

export interface BarChartOptions {
  readonly id: string;
  readonly title: string;
  readonly categories: readonly string[];
  readonly bars: readonly BarSpec[];
  readonly yLabel: string;
  readonly xLabel: string;
  readonly yFmt?: (v: number) => string;
  readonly width?: number;
  readonly height?: number;
}

function legendItems(bars: readonly BarSpec[]): LegendItem[] {
  const seen = new Map<string, LegendItem>();
  for (const b of bars) for (const s of b.segments) if (!seen.has(s.label)) seen.set(s.label, { label: s.label, color: s.color });
  return [...seen.values()];
}

function barRects(o: BarChartOptions, f: Frame, y: (v: number) => number, band: number): string {
  const nb = o.bars.length;
  const barW = Math.max(2, (band * 0.8) / nb);
  const fmt = o.yFmt ?? sig;
  const out: string[] = [];
  o.categories.forEach((cat, i) => {
    o.bars.forEach((b, j) => {
      const x = f.left + i * band + band * 0.1 + j * barW;
      let acc = 0;
      (b.values[i] ?? []).forEach((v, k) => {
        const seg = b.segments[k];
        if (seg === undefined || !(v > 0)) return;
        const y0 = y(acc);
        const y1 = y(acc + v);
        acc += v;
        out.push(`<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${Math.max(0.5, y0 - y1).toFixed(1)}" fill="${seg.color}"><title>${esc(`${cat} · ${b.name} · ${seg.label}: ${fmt(v)}`)}</title></rect>`);
      });
    });
  });
  return `<g class="bars">${out.join('')}</g>`;
}

export function barChart(o: BarChartOptions): string {
  const longest = Math.max(0, ...o.categories.map((c) => c.length));
  const f: Frame = { width: o.width ?? 960, height: o.height ?? 380, left: 72, right: 16, top: 58, bottom: Math.min(130, 40 + longest * 5) };
  const band = plotW(f) / Math.max(1, o.categories.length);
  const max = Math.max(0, ...o.bars.flatMap((b) => b.values.map((row) => row.reduce((s, v) => s + Math.max(0, v), 0))));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const y = (v: number): number => f.top + plotH(f) * (1 - v / top);
  const items = legendItems(o.bars);
  const body = yAxis(f, ticks, y, o.yLabel, o.yFmt)
    + barRects(o, f, y, band)
    + xCategories(f, o.categories, (i) => f.left + (i + 0.5) * band, band, o.xLabel)
    + legend(items, Math.max(f.left, f.width - f.right - legendWidth(items)), 40);
  return svgDoc(o.id, f, o.title, body);
}

export const SERIES_COLORS = [COLORS.orange, COLORS.blue, COLORS.green, COLORS.purple, COLORS.vermillion, COLORS.sky] as const;
