// The shipped models work without training: compile the pretrained SNN for loihi, simulate one real MSD
// subject (the committed samples/, so it runs on every clone), and build the report from that run. Also the phantom MSD-folder writer the main job uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main.js';
import { loadDataset } from '../../data/dataset.js';
import { writePhantomFolder } from '../../cli/pipeline/phantom-folder.js';
import { pipelineStages } from '../../cli/pipeline/stages.js';

const root = resolve(import.meta.dirname, '../..');
const DATA = join(root, 'samples');
const PRETRAINED = join(root, 'models/pretrained');

function capture(): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string } {
  let o = '';
  return { io: { stdout: { write: (s) => { o += s; return true; } }, stderr: { write: () => true } }, out: () => o };
}

test('phantom folder: MSD layout that loadDataset reads back, reused when unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-ph-'));
  try {
    const a = writePhantomFolder(join(dir, 'p'), 4, 3);
    assert.is(a.reused, false);
    const ds = loadDataset(join(dir, 'p'));
    assert.is(ds.subjects.length, 4);
    assert.ok(ds.masks.some((v) => v === 1), 'phantoms contain hippocampus voxels');
    assert.is(writePhantomFolder(join(dir, 'p'), 4, 3).reused, true);
    assert.is(writePhantomFolder(join(dir, 'p'), 5, 3).reused, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pipeline plan: training stages are skipped with pretrained models and the report comes last', () => {
  const base = { out: '/o', data: '/d', fold: 0, loss: 'bce-dice', finetuneLoss: 'dice', target: 'loihi', T: 8, annEpochs: 1, calibration: { samples: 2, T: 4 }, finetuneEpochs: 1, finetuneBatch: 2, finetuneSlices: 0, arch: { base: 4, depth: 1 }, diceTs: [4], diceSubjects: 1, threads: 1 };
  const full = pipelineStages(base).map((s) => s.argv[0]);
  assert.equal(full.slice(0, 3), ['train', 'convert', 'finetune']);
  assert.is(full[full.length - 1], 'report');
  const ft = pipelineStages(base).find((s) => s.argv[0] === 'finetune')?.argv ?? [];
  assert.is(ft[ft.indexOf('--loss') + 1], 'dice', 'fine-tuning uses its own loss, not the ANN\'s');
  const pre = pipelineStages({ ...base, pretrained: { ann: 'a', converted: 'c', finetuned: 'f' } }).map((s) => s.argv[0]);
  assert.not.ok(pre.includes('train') || pre.includes('convert') || pre.includes('finetune'));
  assert.is(pre.filter((c) => c === 'compile').length, 2);
});

test('pretrained SNN: compile for loihi, simulate a real subject, report', async () => {
  const ckpt = join(PRETRAINED, 'snn-converted.ckpt');
  const image = join(DATA, 'imagesTr/hippocampus_003.nii.gz');
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-pre-'));
  try {
    const netlist = join(dir, 'm.netlist.pb');
    let c = capture();
    assert.is(await main(['compile', ckpt, '--target', 'loihi', '--spike-sample-layers', '0', '-o', netlist], c.io), 0, 'compile');
    c = capture();
    const run = join(dir, 'run');
    const args = ['run', netlist, '--input', image, '--label', join(DATA, 'labelsTr/hippocampus_003.nii.gz'), '--checkpoint', ckpt, '--T', '8', '--threads', '1', '--out', run];
    assert.is(await main(args, c.io), 0, 'run');
    const stats = JSON.parse(readFileSync(join(run, 'stats.json'), 'utf8')) as { totals: { sops: number; spikes: number } };
    assert.ok(stats.totals.sops > 0 && stats.totals.spikes > 0, 'the simulated network is active');
    c = capture();
    assert.is(await main(['report', run, '--ann', join(PRETRAINED, 'ann.ckpt'), '--out', join(dir, 'report')], c.io), 0, 'report');
    assert.ok(readFileSync(join(dir, 'report', 'report.html'), 'utf8').includes('<svg'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
