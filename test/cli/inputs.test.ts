// Issue 12, defects 3, 11 and 14: a lone NaN volume is refused like one in a dataset, oversized NIfTI
// volumes are refused from the header before decompression, and messages name files and say what to do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseNifti } from '../../data/nifti-read.js';
import { niftiBytes } from '../data/fixtures.js';
import { ensureWasm, repoRoot } from '../sim/fixture.js';
import { cli, makeWorld, withTrainingData } from './fixture.js';

const w = makeWorld('inputs');
test.after(() => w.cleanup());

test('defect 3: run on one all-NaN or partly-NaN volume without --label is HSNN1008 naming the file', async () => {
  ensureWasm();
  for (const [name, values] of [['allnan.nii.gz', new Array(360).fill(NaN)], ['somenan.nii.gz', Array.from({ length: 360 }, (_, i) => (i === 77 ? NaN : i))]] as const) {
    const image = w.nifti(name, { dims: [3, 12, 10, 3], values });
    const r = await cli(['run', w.netlist, '--input', image, '--out', join(w.dir, 'o'), '--threads', '1']);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`HSNN1008 image .*${name}: \\d+ voxel\\(s\\) are NaN`));
  }
});

test('defect 11: a 512³ volume is refused from its header, before the voxels are inflated', () => {
  const header = niftiBytes({ dims: [3, 512, 512, 512], datatype: 2, values: [] }).subarray(0, 352);
  const small = gzipSync(Buffer.concat([header, Buffer.alloc(1 << 20)]));
  assert.ok(small.length < 1_100_000);
  const before = process.memoryUsage().rss;
  try { parseNifti(small, 'big.nii.gz'); assert.unreachable(); } catch (e) {
    assert.match((e as Error).message, /HSNN1504 NIfTI big\.nii\.gz: 512x512x512 = 134217728 voxels exceeds the voxel limit 16777216; set HSNN_MAX_VOXELS=134217728 to raise it/);
  }
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
  process.env.HSNN_MAX_VOXELS = '100';
  try {
    assert.throws(() => parseNifti(gzipSync(niftiBytes({ dims: [3, 12, 10, 3], values: [] })), 'v.nii.gz'), /HSNN1504 .*360 voxels exceeds the voxel limit 100/);
  } finally {
    delete process.env.HSNN_MAX_VOXELS;
  }
});

test('defect 14: run --label errors name the label file, not the subject id', async () => {
  ensureWasm();
  const label = w.nifti('float_label.nii.gz', { dims: [3, 12, 10, 3], values: Array.from({ length: 360 }, () => 0.5) });
  const r = await cli(['run', w.netlist, '--input', w.image, '--label', label, '--out', join(w.dir, 'o'), '--threads', '1']);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN1009 label .*float_label\.nii\.gz: 360 voxel/);
});

test('defect 14: an empty netlist says it is empty, not "version 0"', async () => {
  const empty = join(w.dir, 'empty.pb');
  writeFileSync(empty, '');
  const r = await cli(['inspect', empty]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN2301 netlist .*empty\.pb: the file is empty/);
});

test('defect 14: a checkpoint whose recorded data folder is gone says so and suggests --data', async () => {
  const moved = withTrainingData(w.ckpt, join(w.dir, 'moved.ckpt'), { kind: 'dir', path: join(w.dir, 'gone') });
  const r = await cli(['evaluate-snn', moved, '--T', '2', '--backend', 'cpu']);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN1204 checkpoint .*moved\.ckpt was trained on .*gone, which no longer exists; pass --data DIR/);
});

test('defect 14: rates prints no tfjs install banner (the backend is chosen before any tensor exists)', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/hsnn.mjs'), 'rates', w.ckpt, '--out', join(w.dir, 'r.json'), '--backend', 'cpu'], { encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^error: HSNN1204 /);
  assert.not.match(r.stderr, /tfjs-node|Hi there/);
});

test.run();
