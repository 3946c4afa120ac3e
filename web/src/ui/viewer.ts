// The slice viewer: two stacked canvases, the preprocessed slice the network saw (grey) below and
// the overlay above (prediction U > 0 filled, label outlined). Pixels are scaled by an integer so a
// 64×48 slice stays crisp.
export interface ViewerVolume {
  readonly height: number;
  readonly width: number;
  readonly count: number;
  readonly images: Float32Array;
  readonly truth?: Uint8Array;
  /** Prediction mask per slice, filled in as slices finish. */
  readonly masks: (Uint8Array | undefined)[];
}

export const SCALE = 6;
const PRED = [230, 97, 0, 150] as const;
const TRUTH = [0, 200, 83, 255] as const;

function fit(c: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D {
  if (c.width !== w * SCALE || c.height !== h * SCALE) { c.width = w * SCALE; c.height = h * SCALE; }
  const ctx = c.getContext('2d');
  if (ctx === null) throw new Error('internal: no 2D canvas context');
  ctx.imageSmoothingEnabled = false;
  return ctx;
}

function toCanvas(img: ImageData): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  c.getContext('2d')?.putImageData(img, 0, 0);
  return c;
}

function put(ctx: CanvasRenderingContext2D, img: ImageData): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.drawImage(toCanvas(img), 0, 0, img.width * SCALE, img.height * SCALE);
}

function isEdge(m: Uint8Array, i: number, w: number, h: number): boolean {
  const x = i % w, y = (i - x) / w;
  return x === 0 || y === 0 || x === w - 1 || y === h - 1 || m[i - 1] === 0 || m[i + 1] === 0 || m[i - w] === 0 || m[i + w] === 0;
}

export function drawSlice(base: HTMLCanvasElement, overlay: HTMLCanvasElement, v: ViewerVolume, s: number): void {
  const { height: h, width: w } = v, hw = h * w;
  const grey = new ImageData(w, h), over = new ImageData(w, h);
  const mask = v.masks[s];
  for (let i = 0; i < hw; i++) {
    const g = Math.round(255 * Math.min(1, Math.max(0, v.images[s * hw + i] as number)));
    grey.data.set([g, g, g, 255], 4 * i);
    if (mask?.[i] === 1) over.data.set(PRED, 4 * i);
    if (v.truth?.[s * hw + i] === 1 && isEdge(v.truth.subarray(s * hw, (s + 1) * hw), i, w, h)) over.data.set(TRUTH, 4 * i);
  }
  put(fit(base, w, h), grey);
  put(fit(overlay, w, h), over);
}

/** The slice with the most predicted (else labelled) pixels: where to look first. */
export function busiestSlice(v: ViewerVolume): number {
  let best = 0, most = -1;
  for (let s = 0; s < v.count; s++) {
    const m = v.masks[s] ?? v.truth?.subarray(s * v.height * v.width, (s + 1) * v.height * v.width);
    const n = m ? m.reduce((a, b) => a + b, 0) : 0;
    if (n > most) { most = n; best = s; }
  }
  return best;
}
