// Checkpoint averaging: the mean is element-wise and loadable, and networks that do not share thresholds,
// T or the fold split are refused with a coded error and no output file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { DEFAULT_PREPROCESS } from '../../data/index.js';
import type { SnnHeader } from '../../formats/checkpoint.js';
import { loadSnn, saveSnn } from '../../models/snn/snn-checkpoint.js';
import { averageSnnFiles } from '../../models/snn/average.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { HsnnError } from '../../core/errors.js';
import { main } from '../../cli/main.js';

const arch: UNetArch = { base: 2, depth: 1, inChannels: 1, height: 8, width: 8, dropout: 0 };
const layers = unetLayers(arch);
const thresholds = Object.fromEntries(layers.filter((l) => l.spiking).map((l, i) => [l.name, 1 + i / 10]));
const snn: SnnHeader = { thresholds, u0Fraction: 0, T: 16, encoding: 'poisson', seed: 0, readoutScale: 3, origin: 'finetuned' };
const split = { train: ['a', 'b'], validation: ['c'], test: ['d'] };
let dir = '';

test.before(() => { dir = mkdtempSync(join(tmpdir(), 'hsnn-avg-')); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

/** A checkpoint whose every weight of layer k is value(k). */
function write(name: string, value: (k: number) => number, over: { snn?: Partial<SnnHeader>; fold?: number } = {}): string {
  const tensors = new Map(layers.map((l, k) => [l.name, { shape: l.weightShape, data: new Float32Array(l.weightShape.reduce((a, b) => a * b, 1)).fill(value(k)) }]));
  const path = join(dir, name);
  saveSnn(path, {
    base: { arch, preprocess: DEFAULT_PREPROCESS },
    training: { fold: over.fold ?? 0, folds: 5, seed: 0, split, valFraction: 0.1, history: [{ epoch: 1 }], epoch: 7, bestValDice: 0.5 },
    snn: { ...snn, ...over.snn },
    tensors,
  });
  return path;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof HsnnError) return e.message; // "CODE message"
    throw e;
  }
  return 'no error';
}

test('the mean is element-wise, keeps the SNN parameters and the split, and records its inputs', () => {
  const a = write('a.ckpt', (k) => k);
  const b = write('b.ckpt', (k) => 2 * k + 1);
  const c = write('c.ckpt', () => -4);
  const out = join(dir, 'mean.ckpt');
  const r = averageSnnFiles([a, b, c], out);
  assert.is(r.inputs.length, 3);
  const m = loadSnn(out);
  try {
    for (const [k, l] of layers.entries()) {
      const w = m.checkpoint.tensors.get(l.name) as Float32Array;
      const want = (k + (2 * k + 1) - 4) / 3;
      assert.ok(w.every((v) => Math.abs(v - want) < 1e-6), `layer ${l.name}: want ${want}, got ${w[0]}`);
    }
    assert.equal(m.snn.thresholds, thresholds);
    assert.is(m.snn.T, 16);
    assert.equal(m.header.training.split, split);
    assert.is(m.header.training.history, undefined, 'one run\'s history must not pass for the mean\'s');
    const averaged = m.header.training.averaged as { path: string; sha256: string; epoch: number }[];
    assert.equal(averaged.map((x) => x.path), [a, b, c]);
    assert.ok(averaged.every((x) => /^[0-9a-f]{64}$/.test(x.sha256) && x.epoch === 7));
  } finally {
    disposeWeights(m.weights);
  }
});

test('networks with another threshold, T or fold are refused, naming the file, and nothing is written', () => {
  const a = write('base.ckpt', () => 1);
  const out = join(dir, 'refused.ckpt');
  const v = write('v.ckpt', () => 1, { snn: { thresholds: { ...thresholds, 'enc0.conv1': 9 } } });
  assert.match(code(() => averageSnnFiles([a, v], out)), /^HSNN1307 .*v\.ckpt: threshold of layer 'enc0\.conv1' \(9 vs 1\)/);
  const t = write('t.ckpt', () => 1, { snn: { T: 32 } });
  assert.match(code(() => averageSnnFiles([a, t], out)), /^HSNN1307 .*t\.ckpt: T \(32 vs 16\)/);
  const f = write('f.ckpt', () => 1, { fold: 1 });
  assert.match(code(() => averageSnnFiles([a, f], out)), /^HSNN1307 .*f\.ckpt: training\.fold/);
  assert.match(code(() => averageSnnFiles([a], out)), /^HSNN1307 averaging needs at least 2/);
  assert.not.ok(existsSync(out));
});

test('a corrupt input (NaN weight) is named and nothing is written', () => {
  const a = write('ok.ckpt', () => 1);
  const bad = write('nan.ckpt', () => 1);
  const bytes = readFileSync(bad);
  bytes.writeFloatLE(Number.NaN, bytes.length - 4);
  writeFileSync(bad, bytes);
  const out = join(dir, 'nan-mean.ckpt');
  assert.match(code(() => averageSnnFiles([a, bad], out)), /^HSNN1101 checkpoint .*nan\.ckpt: tensor '.*' has a non-finite value/);
  assert.not.ok(existsSync(out));
});

test('hsnn average: a JSON summary on success; a missing input is exit 2 with its name', async () => {
  const a = write('cli-a.ckpt', () => 1);
  const b = write('cli-b.ckpt', () => 3);
  const out = join(dir, 'cli-mean.ckpt');
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  assert.is(await main(['average', a, b, '--out', out], io), 0);
  assert.is((JSON.parse(stdout.trim().split('\n').at(-1) as string) as { out: string }).out, out);
  const missing = join(dir, 'missing.ckpt');
  assert.is(await main(['average', a, missing, '--out', join(dir, 'cli-none.ckpt')], io), 2);
  assert.match(stderr, `HSNN1100 checkpoint ${missing}: file not found`);
  assert.not.ok(existsSync(join(dir, 'cli-none.ckpt')));
});

test.run();
