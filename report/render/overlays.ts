// The Fig. 2-style segmentation figure: for each slice, the input, the ground truth (green) and each
// network's predicted mask (vermillion, with the truth outlined in green), as upscaled PNG data URIs
// with the slice's 2D Dice under each prediction.
import type { OverlaySlice } from '../inputs/types.js';
import { esc } from './format.js';
import { pngDataUri } from './png.js';

const TRUTH: readonly [number, number, number] = [0, 158, 115];
const PRED: readonly [number, number, number] = [213, 94, 0];

export function dice2d(a: Uint8Array, b: Uint8Array): number | null {
  let inter = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    inter += (a[i] ?? 0) & (b[i] ?? 0);
    sa += a[i] ?? 0;
    sb += b[i] ?? 0;
  }
  return sa + sb === 0 ? null : (2 * inter) / (sa + sb);
}

/** Pixels of the mask with a 4-neighbour outside the mask. */
function outline(m: Uint8Array, h: number, w: number): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (m[i] !== 1) continue;
      const edge = x === 0 || y === 0 || x === w - 1 || y === h - 1 || m[i - 1] !== 1 || m[i + 1] !== 1 || m[i - w] !== 1 || m[i + w] !== 1;
      out[i] = edge ? 1 : 0;
    }
  }
  return out;
}

/** Grey image with optional mask fill (alpha 0.55) and outline, upscaled `k`× by pixel repetition. */
function render(s: OverlaySlice, fill: Uint8Array | undefined, fillColor: readonly number[], edge: Uint8Array | undefined, k: number): string {
  const { height: h, width: w } = s;
  const rgba = new Uint8Array(h * k * w * k * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const g = Math.round(255 * Math.min(1, Math.max(0, s.image[i] ?? 0)));
      let px = [g, g, g];
      if (fill?.[i] === 1) px = px.map((v, c) => Math.round(0.45 * v + 0.55 * (fillColor[c] ?? 0)));
      if (edge?.[i] === 1) px = [...TRUTH];
      for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) rgba.set([px[0] ?? 0, px[1] ?? 0, px[2] ?? 0, 255], (((y * k + dy) * w * k) + x * k + dx) * 4);
    }
  }
  return pngDataUri({ width: w * k, height: h * k, rgba });
}

function cell(src: string, caption: string, alt: string): string {
  return `<figure class="panel"><img src="${src}" alt="${esc(alt)}"/><figcaption>${esc(caption)}</figcaption></figure>`;
}

/** HTML for the whole figure; columns: input, ground truth, then one per prediction label. */
export function overlayFigure(slices: readonly OverlaySlice[], scale = 3): string {
  const labels = slices[0]?.predictions.map((p) => p.label) ?? [];
  const head = ['input', 'ground truth', ...labels].map((l) => `<div class="col-head">${esc(l)}</div>`).join('');
  const rows = slices.map((s) => {
    const edge = outline(s.truth, s.height, s.width);
    const preds = s.predictions.map((p) => {
      const d = dice2d(p.mask, s.truth);
      return cell(render(s, p.mask, PRED, edge, scale), `${p.label}: Dice ${d === null ? 'n/a (both empty)' : d.toFixed(3)}`, `${s.title}, ${p.label} prediction`);
    });
    return `<div class="row-head">${esc(s.title)}</div>`
      + cell(render(s, undefined, PRED, undefined, scale), '\u00a0', `${s.title}, input`)
      + cell(render(s, s.truth, TRUTH, undefined, scale), `${s.truth.reduce((a, v) => a + v, 0)} pixels`, `${s.title}, ground truth`)
      + preds.join('');
  }).join('');
  return `<div class="overlays" style="grid-template-columns: auto repeat(${2 + labels.length}, auto)"><div class="corner"></div>${head}${rows}</div>`;
}
