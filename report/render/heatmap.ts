// Core-map heatmaps: every core of the mesh at its global (x, y), coloured by a per-core value (load:
// SOPs, traffic: NoC messages). Unused mesh positions are pale grey; chip boundaries are drawn thick.
import type { CoreCell, CoreMap } from '../core-map.js';
import { count, esc } from './format.js';
import { COLORS, svgDoc } from './svg.js';
import type { Frame } from './svg.js';

/** A perceptually ordered ramp (viridis stops), t in [0, 1]. */
const RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]] as const;

export function rampColor(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const a = RAMP[i] ?? RAMP[0];
  const b = RAMP[i + 1] ?? RAMP[0];
  const mix = (k: number): number => Math.round((a[k] ?? 0) + ((b[k] ?? 0) - (a[k] ?? 0)) * (u - i));
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly value: (c: CoreCell) => number;
}

function panel(m: CoreMap, p: Panel, ox: number, oy: number, cell: number): string {
  const max = Math.max(0, ...m.cells.map(p.value));
  const bg = `<rect x="${ox}" y="${oy}" width="${m.width * cell}" height="${m.height * cell}" fill="#f2f2f2" stroke="#cccccc"/>`;
  const rects = m.cells.map((c) => {
    const v = p.value(c);
    const tip = `core ${c.id} (${c.x}, ${c.y}) chip ${c.chip} · ${c.population} · ${c.neurons} neurons · ${count(v)} ${p.unit}`;
    return `<rect x="${ox + c.x * cell + 0.5}" y="${oy + c.y * cell + 0.5}" width="${cell - 1}" height="${cell - 1}" fill="${rampColor(max > 0 ? v / max : 0)}"><title>${esc(tip)}</title></rect>`;
  }).join('');
  const chipLines: string[] = [];
  for (let k = 1; k < m.chips; k++) {
    const x = ox + k * m.meshWidth * cell;
    chipLines.push(`<line x1="${x}" x2="${x}" y1="${oy}" y2="${oy + m.height * cell}" stroke="${COLORS.ink}" stroke-width="2"/>`);
  }
  const title = `<text x="${ox + (m.width * cell) / 2}" y="${oy - 10}" text-anchor="middle" font-weight="600" fill="${COLORS.ink}">${esc(p.title)}</text>`;
  const bar = colorbar(ox, oy + m.height * cell + 24, Math.max(120, m.width * cell), max, p.unit);
  return `<g class="panel">${title}${bg}${rects}${chipLines.join('')}${ticks(m, ox, oy, cell)}${bar}</g>`;
}

/** x at each chip's first column and the last one; y at the top and bottom rows. */
function ticks(m: CoreMap, ox: number, oy: number, cell: number): string {
  const xs = [...new Set([...Array.from({ length: m.chips }, (_, k) => k * m.meshWidth), m.width - 1])].filter((x) => x < m.width);
  const lx = xs.map((x) => `<text x="${ox + (x + 0.5) * cell}" y="${oy + m.height * cell + 13}" text-anchor="middle" font-size="10" fill="${COLORS.grey}">${x}</text>`);
  const ly = [0, m.height - 1].map((y) => `<text x="${ox - 4}" y="${oy + (y + 0.5) * cell}" dy="0.32em" text-anchor="end" font-size="10" fill="${COLORS.grey}">${y}</text>`);
  return lx.join('') + ly.join('');
}

function colorbar(x: number, y: number, w: number, max: number, unit: string): string {
  const stops = RAMP.map((_, i) => `<stop offset="${i / (RAMP.length - 1)}" stop-color="${rampColor(i / (RAMP.length - 1))}"/>`).join('');
  const id = `ramp-${Math.round(x)}-${Math.round(y)}`;
  return `<defs><linearGradient id="${id}">${stops}</linearGradient></defs><rect x="${x}" y="${y}" width="${w}" height="10" fill="url(#${id})"/>`
    + `<text x="${x}" y="${y + 24}" fill="${COLORS.ink}">0</text><text x="${x + w}" y="${y + 24}" text-anchor="end" fill="${COLORS.ink}">${esc(`${count(max)} ${unit}`)}</text>`;
}

export function coreMapChart(id: string, m: CoreMap): string {
  const cell = Math.max(3, Math.min(26, Math.floor(420 / m.width), Math.floor(420 / m.height)));
  const pw = Math.max(120, m.width * cell);
  const f: Frame = { width: Math.max(960, 2 * pw + 120), height: 58 + 26 + m.height * cell + 66, left: 40, right: 40, top: 58, bottom: 56 };
  const gap = f.width - 2 * pw - f.left - f.right;
  const oy = f.top + 26;
  const load: Panel = { title: 'Load: SOPs per slice', unit: 'SOPs', value: (c) => c.sops };
  const traffic: Panel = { title: 'Traffic: NoC messages in + out per slice', unit: 'messages', value: (c) => c.messages };
  const note = `<text x="${f.width / 2}" y="42" text-anchor="middle" fill="${COLORS.grey}">${esc(`${m.cells.length} cores on a ${m.width} × ${m.height} mesh${m.chips > 1 ? `, ${m.chips} chips` : ''}; x to the right, y down`)}</text>`;
  return svgDoc(id, f, 'Core map: load and traffic on the mesh', note + panel(m, load, f.left, oy, cell) + panel(m, traffic, f.left + pw + gap, oy, cell));
}
