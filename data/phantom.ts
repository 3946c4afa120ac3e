// Synthetic MR-like hippocampus phantoms: the embedded default dataset when no --data is given, and the
// input of fast tests. Each subject is a curved tube (thick anterior head, thin posterior tail) whose
// position, bend and thickness vary, on a smoothly varying tissue background with a bias field, a dark
// CSF pocket beside the head, and Gaussian noise. Labels 1 (anterior) / 2 (posterior), like MSD.
import { userError } from '../core/errors.js';
import type { PreprocessConfig, SliceDataset } from './types.js';
import type { RawSubject, Shape3 } from './volume.js';
import { DEFAULT_PREPROCESS } from './preprocess.js';
import { buildSliceDataset } from './assemble.js';
import { gaussian, hashSeed, mulberry32, randInt, uniform } from '../core/random.js';
import type { Rand } from '../core/random.js';

export interface PhantomOptions {
  readonly count: number;
  readonly seed: number;
  /** Fixed (nx, ny, nz) for every subject; by default each subject draws one in the MSD range 31–43 × 40–59 × 24–47. */
  readonly shape?: Shape3;
}

type Vec3 = readonly [number, number, number];

/** Centreline samples; the tube is their segments swept with a radius interpolated along t. */
const SEGMENTS = 24;

interface Tube {
  readonly points: readonly Vec3[];
  readonly radius: readonly number[];
  /** t below this is anterior (label 1). */
  readonly split: number;
  /** Cross-section flattening: z distances count this many times over (an elliptic, not round, tube). */
  readonly flatten: number;
}

interface Wave { readonly k: Vec3; readonly amp: number; readonly phase: number }

interface Params {
  readonly shape: Shape3;
  readonly tube: Tube;
  readonly base: number;
  readonly contrast: number;
  readonly noise: number;
  readonly waves: readonly Wave[];
  readonly bias: Vec3;
  readonly csf: { readonly centre: Vec3; readonly radii: Vec3 };
}

/** MSD's typical volume; smaller or larger phantom shapes scale the structure with them. */
const TYPICAL: Shape3 = [37, 50, 35];

function sizeScale(shape: Shape3): number {
  return Math.min(1.5, Math.max(0.25, Math.cbrt((shape[0] / TYPICAL[0]) * (shape[1] / TYPICAL[1]) * (shape[2] / TYPICAL[2]))));
}

function drawTube(rand: Rand, shape: Shape3): Tube {
  const [nx, ny, nz] = shape;
  const k = sizeScale(shape);
  const length = ny * uniform(rand, 0.6, 0.8);
  const y0 = (ny - length) / 2 + k * uniform(rand, -2, 2);
  const cx = nx / 2 + k * uniform(rand, -3, 3);
  const cz = nz / 2 + k * uniform(rand, -2.5, 2.5);
  // The main bend lies in the (y, z) plane, so axis-0 slices show the banana; a smaller one bends in x.
  const bendZ = k * uniform(rand, 2.5, 5.5) * (rand() < 0.5 ? -1 : 1);
  const bendX = k * uniform(rand, -3, 3);
  const sCurve = k * uniform(rand, -1.5, 1.5);
  const tilt = uniform(rand, -0.12, 0.12);
  const rHead = k * uniform(rand, 6.5, 8.5);
  const rTail = k * uniform(rand, 3, 4.5);
  const points: Vec3[] = [];
  const radius: number[] = [];
  for (let k = 0; k <= SEGMENTS; k++) {
    const t = k / SEGMENTS;
    const arc = Math.sin(Math.PI * t) - 0.64;
    points.push([cx + bendX * arc, y0 + t * length, cz + bendZ * arc + tilt * (t - 0.5) * length + sCurve * Math.sin(2 * Math.PI * t)]);
    radius.push(rTail + (rHead - rTail) * Math.pow(1 - t, 1.5) + 0.35 * k * Math.sin(3 * Math.PI * t) * (1 - t));
  }
  // The head is thicker, so a split at t ≈ 0.26 gives anterior ≈ posterior volume, as in MSD.
  return { points, radius, split: uniform(rand, 0.22, 0.3), flatten: uniform(rand, 1.3, 1.8) };
}

function drawParams(rand: Rand, fixed: Shape3 | undefined): Params {
  const shape: Shape3 = fixed ?? [randInt(rand, 31, 43), randInt(rand, 40, 59), randInt(rand, 24, 47)];
  const tube = drawTube(rand, shape);
  const waves = Array.from({ length: 5 }, (): Wave => {
    const wavelength = uniform(rand, 6, 30);
    const dir = [gaussian(rand), gaussian(rand), gaussian(rand)];
    const norm = Math.hypot(dir[0] as number, dir[1] as number, dir[2] as number) || 1;
    const f = (2 * Math.PI) / wavelength / norm;
    return { k: [(dir[0] as number) * f, (dir[1] as number) * f, (dir[2] as number) * f], amp: uniform(rand, 5, 13), phase: uniform(rand, 0, 2 * Math.PI) };
  });
  const head = tube.points[Math.round(SEGMENTS * 0.15)] as Vec3;
  const rHead = tube.radius[0] as number;
  const side = rand() < 0.5 ? -1 : 1;
  const k = sizeScale(shape);
  const base = uniform(rand, 70, 110);
  return {
    shape, tube, waves,
    base,
    // Mostly darker than the surroundings, as grey-matter hippocampus is in T1 MRI; sometimes brighter.
    contrast: base * uniform(rand, 0.25, 0.45) * (rand() < 0.7 ? -1 : 1),
    noise: uniform(rand, 2, 6),
    bias: [uniform(rand, -0.006, 0.006), uniform(rand, -0.006, 0.006), uniform(rand, -0.006, 0.006)],
    csf: { centre: [head[0], head[1], head[2] + side * (rHead / tube.flatten + 2.2 * k)], radii: [k * uniform(rand, 2, 3.5), k * uniform(rand, 4, 7), k * uniform(rand, 1.3, 2)] },
  };
}

/**
 * Segment table of the tube, flat for the hot loop: start point, direction, 1/|dir|², end radii. Points
 * live in a space whose z is multiplied by `flatten`, where the elliptic tube is round.
 */
interface Segments { readonly a: Float64Array; readonly d: Float64Array; readonly inv: Float64Array; readonly r: Float64Array; readonly rMax: Float64Array; readonly flatten: number }

function segmentTable(tube: Tube): Segments {
  const a = new Float64Array(3 * SEGMENTS), d = new Float64Array(3 * SEGMENTS);
  const inv = new Float64Array(SEGMENTS), r = new Float64Array(SEGMENTS + 1), rMax = new Float64Array(SEGMENTS);
  for (let k = 0; k < SEGMENTS; k++) {
    const [px, py, pz] = tube.points[k] as Vec3;
    const [qx, qy, qz] = tube.points[k + 1] as Vec3;
    const p = [px, py, pz * tube.flatten];
    const q = [qx, qy, qz * tube.flatten];
    a.set(p, 3 * k);
    const dir = p.map((v, c) => (q[c] as number) - v);
    d.set(dir, 3 * k);
    const len2 = dir.reduce((acc, v) => acc + v * v, 0);
    inv[k] = len2 > 0 ? 1 / len2 : 0;
    rMax[k] = Math.max(tube.radius[k] as number, tube.radius[k + 1] as number);
  }
  tube.radius.forEach((v, k) => { r[k] = v; });
  return { a, d, inv, r, rMax, flatten: tube.flatten };
}

/** Membership is negligible beyond this distance outside the surface (sigmoid width 0.45 voxel). */
const EDGE_REACH = 4;

/**
 * Signed distance to the tube surface (negative inside) and the centreline parameter of the nearest
 * part, for every voxel within EDGE_REACH of the surface. Each segment only visits its own box, which
 * is several times cheaper than testing every segment at every voxel of the whole tube's box.
 */
function tubeDistances(g: Segments, shape: Shape3): { sdf: Float32Array; t: Float32Array } {
  const [nx, ny, nz] = shape;
  const sdf = new Float32Array(nx * ny * nz).fill(Infinity);
  const tOut = new Float32Array(nx * ny * nz);
  for (let k = 0; k < SEGMENTS; k++) {
    const ax = g.a[3 * k] as number, ay = g.a[3 * k + 1] as number, az = g.a[3 * k + 2] as number;
    const dx = g.d[3 * k] as number, dy = g.d[3 * k + 1] as number, dz = g.d[3 * k + 2] as number;
    const reach = (g.rMax[k] as number) + EDGE_REACH;
    const [x0, x1] = span([ax, ax + dx], reach, nx);
    const [y0, y1] = span([ay, ay + dy], reach, ny);
    // In voxel z the tube is thinner than `reach`, so this box is a (safe) superset.
    const [z0, z1] = span([az / g.flatten, (az + dz) / g.flatten], reach, nz);
    const r0 = g.r[k] as number, r1 = g.r[k + 1] as number, inv = g.inv[k] as number;
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const px = x - ax, py = y - ay, pz = z * g.flatten - az;
          const s = Math.min(1, Math.max(0, (px * dx + py * dy + pz * dz) * inv));
          const ex = px - s * dx, ey = py - s * dy, ez = pz - s * dz;
          const d = Math.sqrt(ex * ex + ey * ey + ez * ez) - (r0 * (1 - s) + r1 * s);
          const i = x + nx * (y + ny * z);
          if (d < (sdf[i] as number)) {
            sdf[i] = d;
            tOut[i] = (k + s) / SEGMENTS;
          }
        }
      }
    }
  }
  return { sdf, t: tOut };
}

/** Inclusive voxel range within `margin` of the given coordinates, clamped to [0, size). */
function span(values: readonly number[], margin: number, size: number): readonly [number, number] {
  return [Math.max(0, Math.floor(Math.min(...values) - margin)), Math.min(size - 1, Math.ceil(Math.max(...values) + margin))];
}

/** cos(k·p + phase) summed over waves, as per-axis cos/sin tables: cos(a+b+c) = Re(e^ia e^ib e^ic). */
function waveField(p: Params): Float32Array {
  const [nx, ny, nz] = p.shape;
  const field = new Float32Array(nx * ny * nz);
  for (const w of p.waves) {
    const table = (n: number, k: number, ph: number): [Float64Array, Float64Array] => {
      const c = new Float64Array(n), s = new Float64Array(n);
      for (let i = 0; i < n; i++) { c[i] = Math.cos(k * i + ph); s[i] = Math.sin(k * i + ph); }
      return [c, s];
    };
    const [cx, sx] = table(nx, w.k[0], w.phase);
    const [cy, sy] = table(ny, w.k[1], 0);
    const [cz, sz] = table(nz, w.k[2], 0);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        // e^{i(b+c)} for this (y, z), then one complex multiply per x.
        const re = (cy[y] as number) * (cz[z] as number) - (sy[y] as number) * (sz[z] as number);
        const im = (sy[y] as number) * (cz[z] as number) + (cy[y] as number) * (sz[z] as number);
        const row = nx * (y + ny * z);
        for (let x = 0; x < nx; x++) field[row + x] = (field[row + x] as number) + w.amp * ((cx[x] as number) * re - (sx[x] as number) * im);
      }
    }
  }
  return field;
}

function background(p: Params, waves: Float32Array): Float32Array {
  const [nx, ny, nz] = p.shape;
  const out = new Float32Array(nx * ny * nz);
  const c = p.csf;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        const bias = 1 + p.bias[0] * (x - nx / 2) + p.bias[1] * (y - ny / 2) + p.bias[2] * (z - nz / 2);
        const e = ((x - c.centre[0]) / c.radii[0]) ** 2 + ((y - c.centre[1]) / c.radii[1]) ** 2 + ((z - c.centre[2]) / c.radii[2]) ** 2;
        // Soft CSF pocket; beyond 2.5 radii its weight is below 1e-4 and skipped.
        const csf = e > 6.25 ? 0 : 1 / (1 + Math.exp((Math.sqrt(e) - 1) * 6));
        out[i] = ((p.base + (waves[i] as number)) * (1 - csf) + p.base * 0.3 * csf) * bias;
      }
    }
  }
  return out;
}

/** Blend the structure into the background and write its labels. */
function drawStructure(p: Params, image: Float32Array, label: Uint8Array): void {
  const { sdf, t } = tubeDistances(segmentTable(p.tube), p.shape);
  const inside = p.base + p.contrast;
  for (let i = 0; i < image.length; i++) {
    const d = sdf[i] as number;
    if (d > EDGE_REACH) continue;
    // Partial-volume edge: membership falls from 1 to 0 over about one voxel.
    const m = 1 / (1 + Math.exp(d / 0.45));
    image[i] = (image[i] as number) * (1 - m) + inside * m;
    if (d < 0) label[i] = (t[i] as number) < p.tube.split ? 1 : 2;
  }
}

let noiseSamples: Float64Array | undefined;

/** 4096 fixed standard-normal samples (seeded, so every run sees the same table). */
function noiseTable(): Float64Array {
  if (!noiseSamples) {
    const rand = mulberry32(0x6e6f6973);
    noiseSamples = Float64Array.from({ length: 4096 }, () => gaussian(rand));
  }
  return noiseSamples;
}

function renderSubject(id: string, p: Params, rand: Rand): RawSubject {
  const n = p.shape[0] * p.shape[1] * p.shape[2];
  const image = background(p, waveField(p));
  const label = new Uint8Array(n);
  drawStructure(p, image, label);
  const table = noiseTable();
  for (let i = 0; i < n; i++) {
    // Two 12-bit lookups from one draw, summed: smoother than one lookup, far cheaper than Box–Muller.
    const h = (rand() * 4294967296) >>> 0;
    const g = ((table[h & 4095] as number) + (table[(h >>> 12) & 4095] as number)) * Math.SQRT1_2;
    image[i] = Math.max(0, (image[i] as number) + p.noise * g);
  }
  return { id, image: { shape: p.shape, data: image }, label: { shape: p.shape, data: label } };
}

/** In-memory phantom volumes, shaped like what readNifti gives for MSD. Subject i depends only on (seed, i). */
export function generatePhantomSubjects(opts: PhantomOptions): RawSubject[] {
  if (!Number.isInteger(opts.count) || opts.count < 1) throw userError('HSNN1017', `phantoms: count ${opts.count} must be a positive integer`);
  if (!Number.isInteger(opts.seed)) throw userError('HSNN1017', `phantoms: seed ${opts.seed} must be an integer`);
  if (opts.shape && !opts.shape.every((n) => Number.isInteger(n) && n >= 8)) {
    throw userError('HSNN1017', `phantoms: shape ${opts.shape.join('x')} must be integers >= 8`);
  }
  return Array.from({ length: opts.count }, (_, i) => {
    const rand = mulberry32(hashSeed(opts.seed, i, 0x70686e74));
    return renderSubject(`phantom_${String(i).padStart(3, '0')}`, drawParams(rand, opts.shape), rand);
  });
}

/** Phantoms through the same preprocessing as real data. */
export function generatePhantoms(opts: PhantomOptions, config: PreprocessConfig = DEFAULT_PREPROCESS): SliceDataset {
  return buildSliceDataset(generatePhantomSubjects(opts), config);
}
