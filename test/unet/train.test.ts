// Phantom training end to end (tiny U-Net, 32×32): the loss falls, files are written, a resumed run is
// bit-identical to an uninterrupted one, and `hsnn evaluate` prints the documented JSON last.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { loadSource, type DataSource } from '../../models/unet/source.js';
import { trainAnn, type AnnTrainConfig } from '../../models/unet/train-ann.js';
import type { SliceDataset } from '../../data/types.js';
import { main } from '../../cli/main.js';

const source: DataSource = { kind: 'phantoms', count: 6, seed: 1, shape: [10, 28, 28] };
const preprocess = { axis: 0, height: 32, width: 32, clipPercentiles: [0.5, 99.5] } as const;
const cfg: AnnTrainConfig = {
  data: source, maxSubjects: null, preprocess, arch: { base: 4, depth: 2, inChannels: 1, height: 32, width: 32, dropout: 0.1 },
  fold: 0, folds: 3, seed: 5, loss: 'bce-dice', epochs: 8, batch: 8, lr: 1e-2, patience: 3, minLr: 1e-5, valFraction: 0.25, flips: false,
};
let dir = '';
let data: SliceDataset;

test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-unet-train-'));
  data = loadSource(source, preprocess);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('training on phantoms lowers the loss and writes ckpt, best ckpt and train.jsonl', async () => {
  const out = join(dir, 'run');
  const tensorsBefore = tf.memory().numTensors;
  const r = await trainAnn(cfg, { out, dataset: data });
  assert.is(tf.memory().numTensors, tensorsBefore, 'trainAnn leaks no tensors');
  const h = r.state.history;
  assert.is(h.length, 8);
  const first = h[0]?.loss ?? 0;
  const last = h[h.length - 1]?.loss ?? 1;
  assert.ok(last < 0.8 * first, `loss ${first} → ${last} should fall by 20%`);
  const lines = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.map((l) => l.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const k of ['loss', 'valLoss', 'valDice', 'lr', 'seconds']) assert.type(lines[0]?.[k], 'number', k);
  const ck = loadCheckpoint(join(out, 'ann.ckpt'));
  assert.is(ck.header.kind, 'ann');
  assert.is(ck.header.training.epoch, 8);
  assert.ok(ck.header.tensors.some((e) => e.name === 'opt/m/enc0.conv1'));
  const best = loadCheckpoint(join(out, 'ann.best.ckpt'));
  assert.is(best.header.training.bestEpoch, r.state.bestEpoch);
  assert.not.ok(best.header.tensors.some((e) => e.name.startsWith('opt/')));
});

test('resume after epoch 1 reproduces an uninterrupted 3-epoch run exactly', async () => {
  const straight = join(dir, 'straight');
  const split = join(dir, 'split');
  await trainAnn({ ...cfg, epochs: 3 }, { out: straight, dataset: data });
  await trainAnn({ ...cfg, epochs: 1 }, { out: split, dataset: data });
  const file = join(split, 'ann.ckpt');
  const before = tf.memory().numTensors;
  const r = await trainAnn({ ...cfg, epochs: 3 }, { out: split, dataset: data, resume: { checkpoint: loadCheckpoint(file), file } });
  assert.is(tf.memory().numTensors, before, 'a resumed run leaks no tensors');
  assert.is(r.epochsRun, 2);
  const a = loadCheckpoint(join(straight, 'ann.ckpt'));
  const b = loadCheckpoint(file);
  assert.equal([...b.tensors.keys()], [...a.tensors.keys()]);
  for (const [name, t] of a.tensors) assert.ok(Buffer.from(t.buffer, t.byteOffset, t.byteLength).equals(Buffer.from((b.tensors.get(name) as Float32Array).buffer, (b.tensors.get(name) as Float32Array).byteOffset, t.byteLength)), `tensor ${name} differs`);
  const strip = (h: readonly Record<string, unknown>[]): unknown[] => h.map(({ seconds: _s, ...rest }) => rest);
  assert.equal(strip(b.header.training.history as Record<string, unknown>[]), strip(a.header.training.history as Record<string, unknown>[]));
});

test('hsnn evaluate prints {dice2d, dice3d, subjects} as its last stdout line', async () => {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: (s: string) => { stderr += s; } } };
  const ckpt = join(dir, 'run', 'ann.best.ckpt');
  assert.ok(existsSync(ckpt));
  assert.is(await main(['evaluate', ckpt, '--backend', 'wasm'], io), 0, stderr);
  const last = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { dice2d: { mean: number; std: number }; dice3d: { mean: number; std: number }; subjects: { id: string; dice3d: number }[] };
  for (const s of [last.dice2d, last.dice3d]) {
    assert.ok(s.mean >= 0 && s.mean <= 1 && s.std >= 0, JSON.stringify(s));
  }
  assert.is(last.subjects.length, 2, 'fold 0 of 3 over 6 subjects has 2 test subjects');
  for (const s of last.subjects) assert.ok(/^phantom_\d+$/.test(s.id) && s.dice3d >= 0 && s.dice3d <= 1);
  stdout = '';
  assert.is(await main(['evaluate', ckpt, '--all', '--backend', 'wasm'], io), 0);
  const all = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { subjects: unknown[] };
  assert.is(all.subjects.length, 6);
  assert.is(await main(['evaluate', ckpt, '--all', '--fold', '1'], io), 2);
  assert.match(stderr, /HSNN1203/);
});

test.run();
