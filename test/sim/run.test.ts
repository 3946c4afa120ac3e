// `hsnn run` end to end: a tiny random-weight U-Net (64×48 input) compiled for the generic target, run on a
// phantom MSD folder written at test time (1 and 2 threads give the same stats) and on a committed real
// MSD volume from samples/ with its label. Needs no ../shared data, so it runs on CI.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writePhantomFolder } from '../../cli/pipeline/phantom-folder.js';
import { compileFile } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { readNifti } from '../../data/nifti-read.js';
import { makeCheckpointBytes } from '../compiler/helpers.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { parseSourceCheckpoint } from '../../formats/source-checkpoint.js';
import { ensureWasm, repoRoot } from './fixture.js';

const SAMPLES = join(repoRoot, 'samples');
const IMAGE = join(SAMPLES, 'imagesTr/hippocampus_003.nii.gz');
const LABEL = join(SAMPLES, 'labelsTr/hippocampus_003.nii.gz');

function capture(): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string; err: () => string } {
  let o = '', e = '';
  return { io: { stdout: { write: (s) => { o += s; return true; } }, stderr: { write: (s) => { e += s; return true; } } }, out: () => o, err: () => e };
}

test('source_checkpoint parsing: path, sha256 and a thresholds suffix', () => {
  const sha = 'ab'.repeat(32);
  assert.equal(parseSourceCheckpoint(`runs/x/snn.ckpt sha256:${sha}`), { path: 'runs/x/snn.ckpt', sha256: sha });
  assert.equal(parseSourceCheckpoint(`a b.ckpt sha256:${sha}; thresholds t.json`), { path: 'a b.ckpt', sha256: sha });
  assert.equal(parseSourceCheckpoint('plain.ckpt'), { path: 'plain.ckpt', sha256: '' });
});

/** A tiny SNN for 64×48 slices, compiled for the generic target, in `dir`. */
function tinyNetlist(dir: string): string {
  const ckpt = join(dir, 'snn.ckpt');
  writeFileSync(ckpt, makeCheckpointBytes({ base: 2, depth: 1, inChannels: 1, height: 64, width: 48, dropout: 0 }, 5, { T: 4 }));
  const netlist = join(dir, 'm.netlist.pb');
  writeFileSync(netlist, compileFile(ckpt, builtinTarget('generic'), { placementRounds: 0, sampleLayers: 0 }).bytes);
  return netlist;
}

const strip = (s: SimStats): unknown => ({ ...s, wallMs: 0, subjects: s.subjects?.map((x) => ({ ...x, prediction: '' })) });

test('hsnn run on a phantom MSD folder: predictions on each input grid, Dice, identical stats with 1 and 2 threads', async () => {
  ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-run-'));
  try {
    const netlist = tinyNetlist(dir);
    const data = writePhantomFolder(join(dir, 'phantoms'), 2, 11).dir;
    const subjects = (JSON.parse(readFileSync(join(data, 'dataset.json'), 'utf8')) as { training: { image: string }[] }).training
      .map((e) => ({ id: e.image.replace(/^.*\//, '').replace(/\.nii\.gz$/, ''), shape: readNifti(join(data, e.image)).volume.shape }));
    const slices = subjects.reduce((a, s) => a + (s.shape[0] ?? 0), 0);
    const runs: SimStats[] = [];
    for (const threads of [1, 2]) {
      const c = capture();
      const out = join(dir, `out${threads}`);
      const code = await main(['run', netlist, '--input', data, '--threads', String(threads), '--out', out], c.io);
      assert.is(code, 0, c.err());
      assert.match(c.out(), new RegExp(`${slices} slices of 2 volume\\(s\\)`));
      assert.match(c.out(), /mean 3D Dice .* over 2 labelled volume/);
      for (const s of subjects) assert.equal([...readNifti(join(out, `${s.id}_pred.nii.gz`)).volume.shape], [...s.shape], s.id);
      runs.push(JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as SimStats);
    }
    const [a, b] = runs as [SimStats, SimStats];
    assert.is(a.slices, slices);
    assert.ok(a.totals.sops > 0 && a.totals.inputSpikes > 0);
    assert.ok(typeof a.dice === 'number' && a.dice >= 0 && a.dice <= 1);
    assert.equal(strip(a), strip(b));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hsnn run on one real MSD volume (samples/) with its label: prediction on the input grid and Dice', async () => {
  ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-run-'));
  try {
    const netlist = tinyNetlist(dir);
    const c = capture();
    const out = join(dir, 'out');
    assert.is(await main(['run', netlist, '--input', IMAGE, '--label', LABEL, '--threads', '2', '--out', out], c.io), 0, c.err());
    assert.match(c.out(), /mean 3D Dice/);
    assert.match(c.err(), /34\/34 slices/);
    assert.equal([...readNifti(join(out, 'hippocampus_003_pred.nii.gz')).volume.shape], [34, 52, 35]);
    const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as SimStats;
    assert.is(stats.slices, 34);
    assert.ok(typeof stats.dice === 'number' && stats.dice >= 0 && stats.dice <= 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hsnn run: a missing source checkpoint is HSNN4011, a missing input HSNN4010', async () => {
  ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-run-'));
  try {
    const ckpt = join(dir, 'snn.ckpt');
    writeFileSync(ckpt, makeCheckpointBytes({ base: 2, depth: 1, inChannels: 1, height: 16, width: 16, dropout: 0 }, 5, { T: 4 }));
    const netlist = join(dir, 'm.netlist.pb');
    writeFileSync(netlist, compileFile(ckpt, builtinTarget('generic'), { placementRounds: 0, sampleLayers: 0 }).bytes);
    let c = capture();
    assert.is(await main(['run', netlist, '--input', join(dir, 'nope.nii.gz'), '--out', dir], c.io), 2);
    assert.match(c.err(), /HSNN4010/);
    rmSync(ckpt);
    c = capture();
    assert.is(await main(['run', netlist, '--input', join(dir, 'nope.nii.gz'), '--out', dir], c.io), 2);
    assert.match(c.err(), /HSNN4011/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
