// Hand-made SVG building blocks for the report's charts: a plot frame, nice axis ticks, gridlines,
// legends and titles. Output is plain strings with no external resources (fonts are system fonts).
import { esc, sig } from './format.js';

/** Okabe–Ito colours, safe for colour-blind readers. */
export const COLORS = {
  blue: '#0072B2', orange: '#E69F00', green: '#009E73', vermillion: '#D55E00', sky: '#56B4E9', purple: '#CC79A7', yellow: '#F0E442', grey: '#8c8c8c', ink: '#222222', grid: '#e3e3e3',
} as const;

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** The plot area inside an SVG of size width × height. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const plotW = (f: Frame): number => f.width - f.left - f.right;
export const plotH = (f: Frame): number => f.height - f.top - f.bottom;

export function svgDoc(id: string, f: Frame, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${esc(id)}" class="chart" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img" aria-labelledby="${esc(id)}-title" ${FONT} font-size="12">`
    + `<title id="${esc(id)}-title">${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>`
    + `<text x="${f.width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600" fill="${COLORS.ink}">${esc(title)}</text>${body}</svg>`;
}

/** 0 … a round number ≥ max, in about `n` steps of 1, 2, 2.5 or 5 × 10^k. */
export function niceTicks(max: number, n = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 0.999; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Powers of ten covering [min, max] (both > 0). */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const ticks: number[] = [];
  for (let e = lo; e <= Math.max(hi, lo + 1); e++) ticks.push(10 ** e);
  return ticks;
}

/** Horizontal gridlines with labels on the left, and a rotated axis label. */
export function yAxis(f: Frame, ticks: readonly number[], y: (v: number) => number, label: string, fmt: (v: number) => string = sig): string {
  const lines = ticks.map((t) => {
    const py = y(t).toFixed(1);
    return `<line x1="${f.left}" x2="${f.width - f.right}" y1="${py}" y2="${py}" stroke="${COLORS.grid}"/>`
      + `<text x="${f.left - 6}" y="${py}" dy="0.32em" text-anchor="end" fill="${COLORS.ink}">${esc(fmt(t))}</text>`;
  }).join('');
  const cy = f.top + plotH(f) / 2;
  return `<g class="y-axis">${lines}<text transform="translate(16 ${cy}) rotate(-90)" text-anchor="middle" fill="${COLORS.ink}">${esc(label)}</text></g>`;
}

/** Category labels under bands, rotated when they would collide. */
export function xCategories(f: Frame, labels: readonly string[], center: (i: number) => number, band: number, axisLabel: string): string {
  const rotate = labels.some((l) => l.length * 6.5 > band);
  const base = f.height - f.bottom;
  const texts = labels.map((l, i) => {
    const x = center(i).toFixed(1);
    return rotate
      ? `<text transform="translate(${x} ${base + 10}) rotate(-40)" text-anchor="end" fill="${COLORS.ink}">${esc(l)}</text>`
      : `<text x="${x}" y="${base + 16}" text-anchor="middle" fill="${COLORS.ink}">${esc(l)}</text>`;
  }).join('');
  const axis = `<line x1="${f.left}" x2="${f.width - f.right}" y1="${base}" y2="${base}" stroke="${COLORS.ink}"/>`;
  return `<g class="x-axis">${axis}${texts}<text x="${f.left + plotW(f) / 2}" y="${f.height - 6}" text-anchor="middle" fill="${COLORS.ink}">${esc(axisLabel)}</text></g>`;
}

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  /** 'box' for bars and areas, 'line' for line series. */
  readonly mark?: 'box' | 'line';
}

/** One row of legend entries starting at (x, y). */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  let cx = x;
  const parts = items.map((it) => {
    const mark = it.mark === 'line'
      ? `<line x1="${cx}" x2="${cx + 18}" y1="${y}" y2="${y}" stroke="${it.color}" stroke-width="2.5"/><circle cx="${cx + 9}" cy="${y}" r="3" fill="${it.color}"/>`
      : `<rect x="${cx}" y="${y - 6}" width="12" height="12" fill="${it.color}"/>`;
    const tx = cx + (it.mark === 'line' ? 24 : 17);
    const s = `${mark}<text x="${tx}" y="${y}" dy="0.32em" fill="${COLORS.ink}">${esc(it.label)}</text>`;
    cx = tx + it.label.length * 6.6 + 16;
    return s;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** Approximate width of a legend row, to right-align it. */
export function legendWidth(items: readonly LegendItem[]): number {
  return items.reduce((w, it) => w + (it.mark === 'line' ? 24 : 17) + it.label.length * 6.6 + 16, 0) - 16;
}
