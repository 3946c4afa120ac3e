// Phantoms: deterministic bytes per seed, per-subject variation, MSD-like labels and contrast, the same
// preprocessing as real data, and fast enough to be the default dataset of quick tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { generatePhantomSubjects, generatePhantoms } from '../../data/index.js';
import type { RawSubject } from '../../data/index.js';

const digest = (subjects: readonly RawSubject[]): string => {
  const h = createHash('sha256');
  for (const s of subjects) {
    h.update(new Uint8Array(s.image.data.buffer));
    h.update(new Uint8Array(s.label.data.buffer));
  }
  return h.digest('hex');
};

test('same seed gives identical bytes, another seed differs', () => {
  const a = generatePhantomSubjects({ count: 3, seed: 11 });
  assert.is(digest(generatePhantomSubjects({ count: 3, seed: 11 })), digest(a));
  assert.is.not(digest(generatePhantomSubjects({ count: 3, seed: 12 })), digest(a));
  const dsA = generatePhantoms({ count: 2, seed: 5 });
  const dsB = generatePhantoms({ count: 2, seed: 5 });
  assert.equal(dsA.images, dsB.images);
  assert.equal(dsA.masks, dsB.masks);
});

test('subject i depends only on (seed, i), not on the count', () => {
  const few = generatePhantomSubjects({ count: 2, seed: 9 });
  const many = generatePhantomSubjects({ count: 5, seed: 9 });
  assert.is(digest(many.slice(0, 2)), digest(few));
  assert.equal(many.map((s) => s.id), ['phantom_000', 'phantom_001', 'phantom_002', 'phantom_003', 'phantom_004']);
});

function centroid(s: RawSubject): [number, number, number, number] {
  const [nx, ny] = s.image.shape;
  let n = 0, cx = 0, cy = 0, cz = 0;
  s.label.data.forEach((v, i) => {
    if (v === 0) return;
    n++; cx += i % nx; cy += Math.floor(i / nx) % ny; cz += Math.floor(i / (nx * ny));
  });
  return [cx / n, cy / n, cz / n, n];
}

test('MSD-like: shapes in range, labels 0/1/2 both present, size/position vary, structure has contrast', () => {
  const subjects = generatePhantomSubjects({ count: 8, seed: 1 });
  const sizes = new Set<number>();
  const xs = new Set<number>();
  for (const s of subjects) {
    const [nx, ny, nz] = s.image.shape;
    assert.ok(nx >= 31 && nx <= 43 && ny >= 40 && ny <= 59 && nz >= 24 && nz <= 47, s.image.shape.join('x'));
    const values = new Set(s.label.data);
    assert.ok(values.has(0) && values.has(1) && values.has(2), `${s.id}: ${[...values].join(',')}`);
    assert.ok([...values].every((v) => v <= 2));
    const [cx, , , n] = centroid(s);
    assert.ok(n > 800 && n < 8000, `${s.id}: ${n} foreground voxels`);
    sizes.add(n);
    xs.add(Math.round(cx));
    // Structure vs a shell around it: the mean intensities differ by clearly more than the noise.
    let inside = 0, ni = 0, all = 0;
    s.image.data.forEach((v, i) => { all += v; if ((s.label.data[i] as number) > 0) { inside += v; ni++; } });
    const outside = (all - inside) / (s.image.data.length - ni);
    assert.ok(Math.abs(inside / ni - outside) > 10, `${s.id}: contrast ${inside / ni} vs ${outside}`);
    assert.ok(s.image.data.every((v) => Number.isFinite(v) && v >= 0));
  }
  assert.is(sizes.size, subjects.length, 'thickness/length vary');
  assert.ok(xs.size >= 3, 'position varies');
});

test('fixed shape option, and the same preprocessing as real data', () => {
  const ds = generatePhantoms({ count: 3, seed: 2, shape: [20, 30, 16] }, { axis: 0, height: 32, width: 16, clipPercentiles: [0.5, 99.5] });
  assert.is(ds.n, 60);
  assert.ok(ds.subjects.every((s) => s.shape.join() === '20,30,16'));
  assert.ok(ds.images.every((v) => v >= 0 && v <= 1));
  assert.ok(ds.masks.some((v) => v === 1));
});

test('20 subjects are fast', () => {
  const t = performance.now();
  const ds = generatePhantoms({ count: 20, seed: 3 });
  const ms = performance.now() - t;
  console.log(`  generatePhantoms(20): ${ds.n} slices in ${ms.toFixed(0)} ms`);
  // Generous bound for a loaded 2-core CI box; unloaded it takes a few hundred ms.
  assert.ok(ms < 3000, `${ms} ms`);
});

test.run();
