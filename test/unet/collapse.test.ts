// A training run whose output saturates at 0 finds nothing and cannot recover (fold 2 × Dice of Table 1
// did this for 7 epochs). The loop stops it after COLLAPSE_EPOCHS such epochs, `hsnn train` says so
// with HSNN1208, and an experiment job moves the run aside and restarts it with a derived seed and the
// same split, giving up with HSNN1208 after ANN_RESTARTS restarts. A net that finds nothing yet but whose
// loss still falls is not collapsed (the phantom run of train.test.ts starts like that). A learning rate
// of 0.3 collapses the micro preset's ANN on its phantoms within a few epochs; 3e-3 does not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { annConfigFromCheckpoint } from '../../models/unet/ann-checkpoint.js';
import type { EpochRecord } from '../../models/unet/loop-state.js';
import { loadSource } from '../../models/unet/source.js';
import { restartSeed, trainAnn, type AnnTrainConfig } from '../../models/unet/train-ann.js';
import { COLLAPSE_EPOCHS, hasCollapsed } from '../../models/unet/train-loop.js';
import { ANN_RESTARTS, paperAnn } from '../../cli/experiment/job-ann.js';
import { PRESETS } from '../../cli/experiment/presets.js';
import type { SliceDataset } from '../../data/types.js';
import { HsnnError } from '../../core/errors.js';
import { cli } from '../cli/fixture.js';

const micro = PRESETS.micro;
if (!micro) throw new Error('no micro preset');
const COLLAPSING_LR = 0.3;
let dir = '';
let data: SliceDataset;

const cfg = (over: Partial<AnnTrainConfig>): AnnTrainConfig => ({
  data: micro.defaultData, maxSubjects: micro.maxSubjects, preprocess: micro.preprocess, arch: micro.arch,
  fold: 0, folds: micro.folds, seed: 0, loss: 'dice', ...micro.ann, ...over,
});
const job = { fold: 0, folds: micro.folds, loss: 'dice' as const, seed: 0, data: micro.defaultData };
const rec = (dice: number, valDice: number | null, loss = 1): EpochRecord => ({ epoch: 1, loss, dice, valLoss: null, valDice, lr: 1e-3, seconds: 1 });

test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-collapse-'));
  data = loadSource(micro.defaultData, micro.preprocess, micro.maxSubjects);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('hasCollapsed: the last N epochs found nothing on validation (or, without validation, in training) and the loss stood still', () => {
  const zero = rec(0.4, 0);
  assert.ok(hasCollapsed([rec(0.5, 0.8), zero, zero, zero], 3));
  assert.not.ok(hasCollapsed([zero, zero, rec(0, 0.01)], 3), 'one found voxel is not a collapse');
  assert.not.ok(hasCollapsed([zero, zero], 3), 'fewer epochs than the guard');
  assert.not.ok(hasCollapsed([zero, zero, zero], undefined), 'the guard is off');
  assert.not.ok(hasCollapsed([zero, zero, zero], 0), 'the guard is off');
  assert.ok(hasCollapsed([rec(0, null), rec(0, null)], 2), 'no validation: training Dice decides');
  assert.not.ok(hasCollapsed([rec(0, null), rec(0.1, null)], 2));
  assert.not.ok(hasCollapsed([rec(0, 0, 0.5), rec(0, 0, 0.48), rec(0, 0, 0.45)], 3), 'a net that has not learned yet but whose loss falls');
  assert.ok(hasCollapsed([rec(0, 0, 0.5), rec(0, 0, 0.52), rec(0, 0, 0.498)], 3), 'a fall under 1 % is standing still');
});

test('restartSeed: restart 0 keeps the seed, each restart gets its own stream', () => {
  assert.is(restartSeed(5, undefined), 5);
  assert.is(restartSeed(5, 0), 5);
  const seeds = new Set([5, restartSeed(5, 1), restartSeed(5, 2), restartSeed(6, 1)]);
  assert.is(seeds.size, 4);
});

test('a collapsing run stops after the guard, says so on resume too, and records its restart', async () => {
  const out = join(dir, 'train');
  const r = await trainAnn(cfg({ epochs: 12, lr: COLLAPSING_LR, restart: 1 }), { out, dataset: data });
  assert.ok(r.collapsed, 'collapsed');
  assert.ok(r.state.epoch < 12, `stopped at epoch ${r.state.epoch} of 12`);
  assert.ok(hasCollapsed(r.state.history, COLLAPSE_EPOCHS));
  assert.not.ok(hasCollapsed(r.state.history.slice(0, -1), COLLAPSE_EPOCHS), 'it stopped at the first collapsed epoch');
  const file = join(out, 'ann.ckpt');
  const ckpt = loadCheckpoint(file);
  assert.is(annConfigFromCheckpoint(ckpt, file).restart, 1);
  const again = await trainAnn(cfg({ epochs: 12, lr: COLLAPSING_LR, restart: 1 }), { out, dataset: data, resume: { checkpoint: ckpt, file } });
  assert.ok(again.collapsed);
  assert.is(again.epochsRun, 0, 'a collapsed run is not trained further on resume');
});

test('hsnn train: a collapsed run ends with HSNN1208 naming the next --restart', async () => {
  const out = join(dir, 'cli');
  const r = await cli(['train', '--phantoms', '6', '--phantom-shape', '12x40x30', '--base', '2', '--depth', '1', '--folds', '2', '--fold', '0',
    '--val-fraction', '0.25', '--batch', '16', '--lr', String(COLLAPSING_LR), '--epochs', '12', '--restart', '1', '--out', out]);
  assert.is.not(r.code, 0);
  assert.match(r.err, /HSNN1208 .*collapsed at epoch \d+.*--restart 2/);
  assert.ok(existsSync(join(out, 'ann.ckpt')), 'checkpoints kept for inspection');
});

test('an experiment job moves a collapsed ANN aside and restarts it with the same split', async () => {
  const jobDir = join(dir, 'job');
  const collapsed = await trainAnn(cfg({ epochs: 12, lr: COLLAPSING_LR }), { out: join(jobDir, 'ann'), dataset: data });
  assert.ok(collapsed.collapsed, 'the set-up run collapsed');
  const p = { ...micro, ann: { ...micro.ann, epochs: 2 } };
  const r = await paperAnn(p, job, jobDir, data, () => {});
  assert.equal(r.collapsed, [{ restart: 0, epochs: collapsed.state.epoch, dir: 'ann-collapsed-r0' }]);
  const used = loadCheckpoint(r.relu);
  assert.is(used.header.training.restart, 1);
  assert.equal(used.header.training.split, loadCheckpoint(join(jobDir, 'ann-collapsed-r0', 'ann.ckpt')).header.training.split);
  const rerun = await paperAnn(p, job, jobDir, data, () => {});
  assert.equal(rerun.collapsed, r.collapsed, 'a rerun finds the collapsed run from its folder');
  assert.equal(rerun.history, r.history, 'and resumes the restart instead of training again');
});

test('an experiment job gives up with HSNN1208 after its restarts, keeping every collapsed run', async () => {
  const jobDir = join(dir, 'give-up');
  // Earlier restarts as their folders (a rerun counts restarts from them); the last one collapses at 0.3 here.
  for (let k = 0; k < ANN_RESTARTS; k++) mkdirSync(join(jobDir, `ann-collapsed-r${k}`), { recursive: true });
  const p = { ...micro, ann: { ...micro.ann, epochs: 12, lr: COLLAPSING_LR } };
  try {
    await paperAnn(p, job, jobDir, data, () => {});
    assert.unreachable('paperAnn should have thrown');
  } catch (e) {
    assert.instance(e, HsnnError);
    assert.match((e as Error).message, new RegExp(`HSNN1208 fold 0 dice: the ANN \\(restart ${ANN_RESTARTS}\\) collapsed`));
  }
  assert.equal(readdirSync(jobDir).sort(), Array.from({ length: ANN_RESTARTS + 1 }, (_, k) => `ann-collapsed-r${k}`));
});

test.run();
