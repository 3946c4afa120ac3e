// Issue 12, defects 1, 4 (file-system errors) and 12: an output that resolves to an input is refused
// before any work (same path, hard link, symlink), and bad output locations are one coded line, no hang.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeWorld } from './fixture.js';
import { ensureWasm } from '../sim/fixture.js';

const w = makeWorld('outputs');
test.after(() => w.cleanup());

test('defect 1: compile -o onto its own checkpoint (same path, hard link, symlink) is refused and the input kept', async () => {
  const before = readFileSync(w.ckpt);
  const hard = join(w.dir, 'hard.ckpt');
  const soft = join(w.dir, 'soft.ckpt');
  linkSync(w.ckpt, hard);
  symlinkSync(w.ckpt, soft);
  for (const out of [w.ckpt, hard, soft]) {
    const r = await cli(['compile', w.ckpt, '--target', 'generic', '--spike-sample-layers', '0', '-o', out]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /HSNN9501 -o .* is the input/);
  }
  assert.ok(readFileSync(w.ckpt).equals(before));
});

test('defect 1: average, convert, rates and finetune refuse an output that is their input', async () => {
  const cases: string[][] = [
    ['average', w.ckpt, w.ckpt, '--out', w.ckpt],
    ['convert', w.ckpt, '--out', w.ckpt],
    ['rates', w.ckpt, '--out', w.ckpt],
    ['finetune', join(w.dir, 'snn.ckpt'), '--out', w.dir],
  ];
  for (const argv of cases) {
    const r = await cli(argv);
    assert.is(r.code, 2, `${argv[0]}: ${r.err}`);
    assert.match(r.err, /HSNN9501/, argv[0]);
  }
});

test('defect 1: run --out refuses a folder where the prediction would replace the input label', async () => {
  ensureWasm();
  const image = w.nifti('sub/x.nii.gz', { dims: [3, 12, 10, 3], values: Array.from({ length: 360 }, (_, i) => i % 17) });
  const label = w.nifti('sub/x_pred.nii.gz', { dims: [3, 12, 10, 3], datatype: 2, values: [] });
  const r = await cli(['run', w.netlist, '--input', image, '--label', label, '--out', join(w.dir, 'sub'), '--threads', '1']);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN9501 --out .*x_pred\.nii\.gz/);
});

test('defect 4: outputs under a regular file, onto a folder, or unwritable are one coded line', async () => {
  const file = join(w.dir, 'plain.txt');
  writeFileSync(file, 'x');
  for (const out of [join(file, 'x.pb'), w.dir]) {
    const r = await cli(['compile', w.ckpt, '--target', 'generic', '--spike-sample-layers', '0', '-o', out]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /^error: HSNN1502 cannot (write|create folder) /);
    assert.not.match(r.err, /ENOTDIR|EISDIR|at .*\.ts:/);
    assert.is(r.err.trim().split('\n').length, 1);
  }
});

test('defect 12: run --out under /proc fails fast with a coded error instead of spinning', async () => {
  ensureWasm();
  const t0 = Date.now();
  const r = await cli(['run', w.netlist, '--input', w.image, '--out', '/proc/hsnn-x/y', '--threads', '1']);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN1502 cannot create folder \/proc\/hsnn-x\/y/);
  assert.ok(Date.now() - t0 < 20000);
});

test.run();
