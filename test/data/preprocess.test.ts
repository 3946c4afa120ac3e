// Preprocessing on hand-made volumes: percentile clip and [0, 1] scaling, centre pad and crop, slicing
// along each axis, label merging, the inverse (slicesToVolume), subject selection and the summary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSliceDataset, percentiles, preprocessSubject, selectSubjects, slicesToVolume, summarizeDataset, formatDatasetSummary } from '../../data/index.js';
import type { PreprocessConfig, RawSubject } from '../../data/index.js';
import { mulberry32 } from '../../core/random.js';

type Shape = [number, number, number];
const noClip = [0, 100] as const;

/** A subject whose image value at (x, y, z) is f(x, y, z), label g(x, y, z). */
function subject(id: string, shape: Shape, f: (x: number, y: number, z: number) => number, g: (x: number, y: number, z: number) => number = () => 0): RawSubject {
  const n = shape[0] * shape[1] * shape[2];
  const image = new Float32Array(n);
  const label = new Uint8Array(n);
  for (let z = 0; z < shape[2]; z++) for (let y = 0; y < shape[1]; y++) for (let x = 0; x < shape[0]; x++) {
    const i = x + shape[0] * (y + shape[1] * z);
    image[i] = f(x, y, z);
    label[i] = g(x, y, z);
  }
  return { id, image: { shape, data: image }, label: { shape, data: label } };
}

/** Sort-based reference percentile (numpy 'linear'). */
function refPercentile(data: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(data).sort();
  const pos = (p / 100) * (s.length - 1);
  const i = Math.floor(pos);
  return (s[i] as number) + (pos - i) * ((s[Math.min(i + 1, s.length - 1)] as number) - (s[i] as number));
}

test('percentiles match a sort-based reference, including ties and extremes', () => {
  const rand = mulberry32(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rand() * 400);
    const data = Float32Array.from({ length: n }, () => (trial % 2 ? Math.floor(rand() * 5) : rand() * 1000 - 500));
    const ps = [0, 0.5, rand() * 100, 50, 99.5, 100];
    const got = percentiles(data, ps);
    ps.forEach((p, i) => assert.ok(Math.abs((got[i] as number) - refPercentile(data, p)) < 1e-9, `n=${n} p=${p}`));
  }
  assert.equal(percentiles([1, 2, 3, 4, 5], [25, 50]), [2, 3]);
});

test('clip to percentiles then scale to [0, 1]', () => {
  // values 0..99 along x; p10 = 9.9, p90 = 89.1
  const s = subject('a', [100, 1, 1], (x) => x);
  const cfg: PreprocessConfig = { axis: 2, height: 100, width: 1, clipPercentiles: [10, 90] };
  const out = preprocessSubject(s, cfg);
  for (let x = 0; x < 100; x++) {
    const want = (Math.min(89.1, Math.max(9.9, x)) - 9.9) / (89.1 - 9.9);
    assert.ok(Math.abs((out.images[x] as number) - want) < 1e-6, `x=${x}: ${out.images[x]} vs ${want}`);
  }
  assert.is(out.images[0], 0);
  assert.is(out.images[99], 1);
});

test('a constant volume scales to zeros, not NaN', () => {
  const out = preprocessSubject(subject('c', [2, 3, 4], () => 42), { axis: 0, height: 3, width: 4, clipPercentiles: [0.5, 99.5] });
  assert.ok(out.images.every((v) => v === 0));
});

/** Expected slice pixel: voxel at in-plane (u, v) = (row + offR, col + offC), else 0. */
function checkSlicing(shape: Shape, cfg: PreprocessConfig, offR: number, offC: number): void {
  const value = (x: number, y: number, z: number): number => 1 + x + 10 * y + 100 * z;
  const out = preprocessSubject(subject('s', shape, value), { ...cfg, clipPercentiles: noClip });
  const lo = 1;
  const hi = value(shape[0] - 1, shape[1] - 1, shape[2] - 1);
  const [ra, ca] = cfg.axis === 0 ? [1, 2] : cfg.axis === 1 ? [0, 2] : [0, 1];
  assert.is(out.count, shape[cfg.axis]);
  for (let s = 0; s < out.count; s++) for (let r = 0; r < cfg.height; r++) for (let c = 0; c < cfg.width; c++) {
    const u = r + offR, v = c + offC;
    const inside = u >= 0 && u < (shape[ra] as number) && v >= 0 && v < (shape[ca] as number);
    const p = [0, 0, 0];
    p[cfg.axis] = s; p[ra] = u; p[ca] = v;
    const want = inside ? (value(p[0] as number, p[1] as number, p[2] as number) - lo) / (hi - lo) : 0;
    const got = out.images[(s * cfg.height + r) * cfg.width + c] as number;
    assert.ok(Math.abs(got - want) < 1e-6, `axis ${cfg.axis} slice ${s} (${r}, ${c}): ${got} vs ${want}`);
  }
}

test('centre pad with zeros (odd margins put the extra row/col after)', () => {
  // axis 0: in-plane (y, z) = (3, 2) into 6x5: rows pad floor(3/2) = 1 before, cols floor(3/2) = 1 before
  checkSlicing([2, 3, 2], { axis: 0, height: 6, width: 5, clipPercentiles: noClip }, -1, -1);
});

test('centre crop (odd excess drops the extra row/col at the end)', () => {
  // axis 0: in-plane (7, 6) into 4x3: rows start floor(3/2) = 1, cols floor(3/2) = 1
  checkSlicing([2, 7, 6], { axis: 0, height: 4, width: 3, clipPercentiles: noClip }, 1, 1);
});

test('slicing along axis 1 and 2 takes the other two axes in order', () => {
  checkSlicing([4, 3, 5], { axis: 1, height: 4, width: 5, clipPercentiles: noClip }, 0, 0);
  checkSlicing([4, 3, 5], { axis: 2, height: 6, width: 2, clipPercentiles: noClip }, -1, 0);
});

test('labels > 0 merge into one mask; cropped foreground is counted', () => {
  const s = subject('m', [1, 6, 1], () => 1, (_x, y) => [0, 1, 2, 2, 0, 1][y] as number);
  const keep = preprocessSubject(s, { axis: 0, height: 6, width: 1, clipPercentiles: noClip });
  assert.equal(Array.from(keep.masks), [0, 1, 1, 1, 0, 1]);
  assert.is(keep.croppedForeground, 0);
  const crop = preprocessSubject(s, { axis: 0, height: 2, width: 1, clipPercentiles: noClip });
  assert.equal(Array.from(crop.masks), [1, 1]);
  assert.is(crop.croppedForeground, 2);
  const summary = summarizeDataset(buildSliceDataset([s], { axis: 0, height: 2, width: 1, clipPercentiles: noClip }));
  assert.is(summary.croppedForeground, 2);
  assert.match(formatDatasetSummary(summary), /warning: the 2x1 box cropped 2 hippocampus voxels from 1 subject/);
});

test('slicesToVolume inverts the pad exactly and zeroes what the crop dropped', () => {
  const rand = mulberry32(3);
  const shape: Shape = [5, 7, 4];
  const labels = (x: number, y: number, z: number): number => ((x * 31 + y * 17 + z * 7 + Math.floor(rand() * 3)) % 3);
  const s = subject('inv', shape, (x) => x, labels);
  for (const axis of [0, 1, 2] as const) {
    const padCfg: PreprocessConfig = { axis, height: 9, width: 8, clipPercentiles: noClip };
    const back = slicesToVolume(preprocessSubject(s, padCfg).masks, shape, padCfg);
    assert.equal(Array.from(back), Array.from(s.label.data, (v) => (v > 0 ? 1 : 0)), `axis ${axis}`);
  }
  const cropCfg: PreprocessConfig = { axis: 2, height: 3, width: 7, clipPercentiles: noClip };
  const back = slicesToVolume(preprocessSubject(s, cropCfg).masks, shape, cropCfg);
  for (let i = 0; i < back.length; i++) {
    const x = i % 5;
    const want = x >= 1 && x < 4 ? ((s.label.data[i] as number) > 0 ? 1 : 0) : 0;
    assert.is(back[i], want, `voxel ${i}`);
  }
  const f = slicesToVolume(new Float32Array(4 * 9 * 8).fill(0.5), shape, { axis: 2, height: 9, width: 8, clipPercentiles: noClip });
  assert.instance(f, Float32Array);
  assert.ok(f.every((v) => v === 0.5));
});

test('buildSliceDataset stacks subjects; selectSubjects copies the right slices', () => {
  const cfg: PreprocessConfig = { axis: 2, height: 4, width: 4, clipPercentiles: noClip };
  const a = subject('a', [4, 4, 2], (x, y, z) => x + y + z, (x) => (x === 0 ? 1 : 0));
  const b = subject('b', [4, 4, 3], (x) => 10 - x, (_x, y) => (y === 3 ? 2 : 0));
  const ds = buildSliceDataset([a, b], cfg);
  assert.is(ds.n, 5);
  assert.equal(ds.subjects.map((s) => [s.id, s.sliceStart, s.sliceCount]), [['a', 0, 2], ['b', 2, 3]]);
  assert.is(ds.images.length, 5 * 16);
  const only = selectSubjects(ds, ['b']);
  assert.is(only.n, 3);
  assert.equal(only.subjects[0]?.sliceStart, 0);
  assert.equal(only.images, ds.images.slice(2 * 16));
  assert.equal(only.masks, ds.masks.slice(2 * 16));
  const summary = summarizeDataset(ds);
  assert.is(summary.subjects, 2);
  assert.is(summary.slices, 5);
  assert.is(summary.slicesWithForeground, 5);
  assert.is(summary.foregroundFraction, (2 * 4 + 3 * 4) / (5 * 16));
  assert.match(formatDatasetSummary(summary, 'tiny'), /tiny: 2 subjects, 5 slices of 4x4 along axis 2/);
});

test.run();
