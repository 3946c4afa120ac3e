// Raw volumes → model-ready 2D slices: per-volume percentile clip scaled to [0, 1], labels > 0 merged
// into one mask, the two in-plane axes centre padded (zeros) or cropped to (height, width), slices
// taken along config.axis. slicesToVolume undoes the pad/crop so predictions can be written as NIfTI.
import { userError } from '../core/errors.js';
import type { PreprocessConfig } from './types.js';
import type { RawSubject, Shape3 } from './volume.js';

/** 64x48 slices along axis 0 hold every MSD hippocampus volume without cropping (see README). */
export const DEFAULT_PREPROCESS: PreprocessConfig = { axis: 0, height: 64, width: 48, clipPercentiles: [0.5, 99.5] };

export function validateConfig(config: PreprocessConfig, where = 'preprocessing config'): void {
  const bad = (what: string): never => { throw userError('HSNN1014', `${where}: ${what}`); };
  if (config.axis !== 0 && config.axis !== 1 && config.axis !== 2) bad(`axis ${String(config.axis)} must be 0, 1 or 2`);
  if (!Number.isInteger(config.height) || config.height < 1) bad(`height ${config.height} must be a positive integer`);
  if (!Number.isInteger(config.width) || config.width < 1) bad(`width ${config.width} must be a positive integer`);
  const [lo, hi] = config.clipPercentiles;
  if (!(lo >= 0 && hi <= 100 && lo < hi)) bad(`clipPercentiles [${lo}, ${hi}] must satisfy 0 <= low < high <= 100`);
}

/**
 * Percentiles with linear interpolation between order statistics (numpy's default), p in [0, 100].
 * Quickselect (Wirth's Hoare-partition selection, median-of-three pivot) instead of a full sort:
 * this runs once per volume and a sort dominated the load time of the whole dataset.
 */
export function percentiles(data: ArrayLike<number>, ps: readonly number[]): number[] {
  const n = data.length;
  if (n === 0) return ps.map(() => 0);
  const a = new Float64Array(n);
  a.set(data);
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(ps.length).fill(0);
  let left = 0;
  for (const { p, i } of order) {
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
    const k = Math.floor(pos);
    const lo = selectKth(a, k, Math.min(left, k), n - 1);
    // After selection everything right of k is >= a[k], so order statistic k + 1 is their minimum.
    let hi = lo;
    if (k + 1 < n && pos > k) {
      hi = Infinity;
      for (let j = k + 1; j < n; j++) if ((a[j] as number) < hi) hi = a[j] as number;
    }
    out[i] = lo + (pos - k) * (hi - lo);
    left = k;
  }
  return out;
}

/** Rearranges a[l..r] so a[k] is the k-th smallest, smaller values left of it and larger right. */
function selectKth(a: Float64Array, k: number, l: number, r: number): number {
  let lo = l;
  let hi = r;
  while (lo < hi) {
    const x = median3(a[lo] as number, a[(lo + hi) >> 1] as number, a[hi] as number);
    let i = lo;
    let j = hi;
    do {
      while ((a[i] as number) < x) i++;
      while (x < (a[j] as number)) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return a[k] as number;
}

function median3(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}

/** The two in-plane axes for a slicing axis, in increasing order: rows follow the first, columns the second. */
export function inPlaneAxes(axis: 0 | 1 | 2): readonly [number, number] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

/** Source index for output index 0: negative when padding (zeros before), positive when cropping. */
export function centreOffset(size: number, target: number): number {
  return size <= target ? -Math.floor((target - size) / 2) : Math.floor((size - target) / 2);
}

/** Where slice pixel (row, col) of slice s comes from, as strides into the flat NIfTI volume. */
interface SliceGeometry {
  readonly count: number;
  readonly sliceStride: number;
  readonly rows: { readonly size: number; readonly stride: number; readonly offset: number };
  readonly cols: { readonly size: number; readonly stride: number; readonly offset: number };
}

function sliceGeometry(shape: Shape3, config: PreprocessConfig): SliceGeometry {
  const strides = [1, shape[0], shape[0] * shape[1]] as const;
  const [ra, ca] = inPlaneAxes(config.axis);
  const rs = shape[ra] as number;
  const cs = shape[ca] as number;
  return {
    count: shape[config.axis],
    sliceStride: strides[config.axis],
    rows: { size: rs, stride: strides[ra] as number, offset: centreOffset(rs, config.height) },
    cols: { size: cs, stride: strides[ca] as number, offset: centreOffset(cs, config.width) },
  };
}

export interface PreprocessedSubject {
  readonly id: string;
  readonly shape: Shape3;
  readonly count: number;
  /** count * height * width each. */
  readonly images: Float32Array;
  readonly masks: Uint8Array;
  /** Foreground voxels that fell outside the (height, width) box; 0 when nothing was cropped. */
  readonly croppedForeground: number;
  readonly imagePath?: string;
  readonly labelPath?: string;
}

export function preprocessSubject(subject: RawSubject, config: PreprocessConfig): PreprocessedSubject {
  const { shape } = subject.image;
  const g = sliceGeometry(shape, config);
  const [lo, hi] = percentiles(subject.image.data, config.clipPercentiles) as [number, number];
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  const plane = config.height * config.width;
  const images = new Float32Array(g.count * plane);
  const masks = new Uint8Array(g.count * plane);
  const img = subject.image.data;
  const lab = subject.label.data;
  let kept = 0;
  for (let s = 0; s < g.count; s++) {
    for (let r = 0; r < config.height; r++) {
      const u = r + g.rows.offset;
      if (u < 0 || u >= g.rows.size) continue;
      const rowBase = s * g.sliceStride + u * g.rows.stride;
      const outBase = s * plane + r * config.width;
      for (let c = 0; c < config.width; c++) {
        const v = c + g.cols.offset;
        if (v < 0 || v >= g.cols.size) continue;
        const src = rowBase + v * g.cols.stride;
        const x = img[src] as number;
        images[outBase + c] = (x <= lo ? 0 : x >= hi ? hi - lo : x - lo) * scale;
        if ((lab[src] as number) > 0) {
          masks[outBase + c] = 1;
          kept++;
        }
      }
    }
  }
  return {
    id: subject.id, shape, count: g.count, images, masks,
    croppedForeground: countForeground(lab) - kept,
    ...(subject.imagePath !== undefined ? { imagePath: subject.imagePath } : {}),
    ...(subject.labelPath !== undefined ? { labelPath: subject.labelPath } : {}),
  };
}

function countForeground(label: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < label.length; i++) if ((label[i] as number) > 0) n++;
  return n;
}

/**
 * Inverse of the slicing: (count, height, width) slices of one subject back to its original (x, y, z)
 * voxel grid. Padded pixels are dropped; cropped-away voxels come back as 0.
 */
export function slicesToVolume<T extends Uint8Array | Float32Array>(slices: T, shape: Shape3, config: PreprocessConfig): T {
  const g = sliceGeometry(shape, config);
  const plane = config.height * config.width;
  if (slices.length !== g.count * plane) {
    throw userError('HSNN1016', `prediction has ${slices.length} values; a ${shape.join('x')} volume sliced along axis ${config.axis} at ${config.height}x${config.width} needs ${g.count * plane}`);
  }
  const n = shape[0] * shape[1] * shape[2];
  const out = (slices instanceof Uint8Array ? new Uint8Array(n) : new Float32Array(n)) as T;
  for (let s = 0; s < g.count; s++) {
    for (let u = 0; u < g.rows.size; u++) {
      const r = u - g.rows.offset;
      if (r < 0 || r >= config.height) continue;
      for (let v = 0; v < g.cols.size; v++) {
        const c = v - g.cols.offset;
        if (c < 0 || c >= config.width) continue;
        out[s * g.sliceStride + u * g.rows.stride + v * g.cols.stride] = slices[s * plane + r * config.width + c] as number;
      }
    }
  }
  return out;
}
