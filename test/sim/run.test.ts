// `hsnn run` end to end on a real MSD volume: a tiny random-weight U-Net (64×48 input) compiled for the
// generic target, simulated with 1 and 2 threads. Skips when ../shared/data/msd-hippocampus is absent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main.js';
import { compileFile } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { readNifti } from '../../models/data/nifti-read.js';
import { makeCheckpointBytes } from '../compiler/helpers.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { parseSourceCheckpoint } from '../../runtime-wasm/host/run/preprocess-config.js';
import { ensureWasm, repoRoot } from './fixture.js';

const DATA = resolve(repoRoot, '../shared/data/msd-hippocampus');
const IMAGE = join(DATA, 'imagesTr/hippocampus_001.nii.gz');
const LABEL = join(DATA, 'labelsTr/hippocampus_001.nii.gz');

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

test('hsnn run: prediction on the input grid, Dice, identical stats with 1 and 2 threads', async () => {
  if (!existsSync(IMAGE)) { console.log(`  (skipped: ${DATA} not found)`); return; }
  ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-run-'));
  try {
    const ckpt = join(dir, 'snn.ckpt');
    writeFileSync(ckpt, makeCheckpointBytes({ base: 2, depth: 1, inChannels: 1, height: 64, width: 48, dropout: 0 }, 5, { T: 4 }));
    const netlist = join(dir, 'm.netlist.pb');
    writeFileSync(netlist, compileFile(ckpt, builtinTarget('generic'), { placementRounds: 0, sampleLayers: 0 }).bytes);
    const runs: SimStats[] = [];
    for (const threads of [1, 2]) {
      const c = capture();
      const out = join(dir, `out${threads}`);
      const code = await main(['run', netlist, '--input', IMAGE, '--label', LABEL, '--threads', String(threads), '--out', out], c.io);
      assert.is(code, 0, c.err());
      assert.match(c.out(), /mean 3D Dice/);
      assert.match(c.err(), /35\/35 slices/);
      const pred = readNifti(join(out, 'hippocampus_001_pred.nii.gz'));
      assert.equal([...pred.volume.shape], [35, 51, 35]);
      runs.push(JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as SimStats);
    }
    const [a, b] = runs as [SimStats, SimStats];
    assert.is(a.slices, 35);
    assert.ok(a.totals.sops > 0 && a.totals.inputSpikes > 0);
    assert.ok(typeof a.dice === 'number' && a.dice >= 0 && a.dice <= 1);
    const strip = (s: SimStats): unknown => ({ ...s, wallMs: 0, subjects: s.subjects?.map((x) => ({ ...x, prediction: '' })) });
    assert.equal(strip(a), strip(b));
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
