// QCFS conversion and direct input: with a constant current and u0 = v/2, T = L steps of IF with reset by
// subtraction reproduce the QCFS activation exactly; `hsnn convert` on a qcfs ANN takes v = λ_l / λ_in
// with no data read; a direct SNN runs through evaluate-snn, rates, finetune and average; bad options
// are coded errors and write nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint, saveCheckpoint } from '../../formats/checkpoint.js';
import { qcfs, qcfsValue } from '../../models/unet/qcfs.js';
import { loadAnn, modelTensors } from '../../models/unet/ann-checkpoint.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { ifLayer } from '../../models/snn/if-neuron.js';
import { encodeInput } from '../../models/snn/network.js';
import { readSnn } from '../../models/snn/snn-checkpoint.js';
import { main } from '../../cli/main.js';

let dir = '';
test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-qcfs-snn-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Spike count · v / T of one IF layer driven by the constant currents `I` for T steps from u0 = v/2. */
function ifValue(I: readonly number[], v: number, T: number): number[] {
  const cur = tf.tile(tf.tensor4d([...I], [1, 1, 1, I.length]), [T, 1, 1, 1]) as tf.Tensor4D;
  const s = ifLayer(cur, { T, v, u0Fraction: 0.5 });
  const counts = tf.sum(s, 0).dataSync();
  tf.dispose([cur, s]);
  return Array.from(counts, (n) => (n * v) / T);
}

test('constant current, u0 = v/2, T = L steps of IF give exactly λ·clamp(⌊I·L/λ + ½⌋/L, 0, 1)', () => {
  for (const [lambda, L] of [[1, 4], [0.37, 2], [13.5, 8], [2.2, 1]] as const) {
    // k/L steps plus an offset on either side of each rounding point (ties at exactly ½ excluded: there IF
    // rounds down, because it fires on u > v, where ⌊· + ½⌋ rounds up), below 0 and above λ.
    const I: number[] = [];
    for (let k = -2; k <= L + 2; k++) for (const d of [0.05, 0.3, 0.45, 0.55, 0.7, 0.95]) I.push((lambda * (k + d)) / L);
    const snn = ifValue(I, lambda, L);
    const ann = tf.tidy(() => qcfs(tf.tensor4d(I, [1, 1, 1, I.length]), tf.tensor4d([lambda], [1, 1, 1, 1]), L).dataSync());
    I.forEach((x, i) => {
      assert.ok(Math.abs((snn[i] as number) - qcfsValue(x, lambda, L)) < 1e-5 * lambda, `λ ${lambda}, L ${L}, I ${x}: IF ${snn[i]} vs qcfs ${qcfsValue(x, lambda, L)}`);
      assert.ok(Math.abs((ann[i] as number) - (snn[i] as number)) < 1e-5 * lambda);
    });
  }
});

test('direct encoding repeats the slice every step; the first conv then sees a constant current', () => {
  const x = tf.tensor4d([0.1, 0.9, 0.5, 0.25], [2, 1, 2, 1]);
  const e = encodeInput(x, 3, 0, [0, 1], 'direct');
  assert.equal(e.shape, [6, 1, 2, 1]);
  assert.equal(Array.from(e.dataSync()), [0.1, 0.9, 0.5, 0.25, 0.1, 0.9, 0.5, 0.25, 0.1, 0.9, 0.5, 0.25].map((v) => Math.fround(v)));
  tf.dispose([x, e]);
});

const PHANTOM = ['--phantoms', '6', '--phantom-shape', '10x28x28', '--height', '32', '--width', '32', '--base', '4', '--depth', '2', '--folds', '3', '--batch', '8', '--val-fraction', '0.25', '--backend', 'wasm'];

function capture(): { io: Parameters<typeof main>[1]; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { stdout: { write: (x: string) => { o += x; } }, stderr: { write: (x: string) => { e += x; } } }, out: () => o, err: () => e };
}

async function ok(args: string[]): Promise<string> {
  const c = capture();
  assert.is(await main(args, c.io), 0, c.err());
  return c.out();
}

test('hsnn convert on a qcfs ANN: v = λ_l / λ_in, readout scale λ of its input, u0 = v/2, T = L, no data read', async () => {
  await ok(['train', '--fold', '0', '--epochs', '1', '--lr', '1e-2', '--out', join(dir, 'relu'), ...PHANTOM]);
  await ok(['train', '--init-from', join(dir, 'relu', 'ann.best.ckpt'), '--activation', 'qcfs', '--levels', '4', '--init-slices', '16', '--epochs', '1', '--backend', 'wasm', '--out', join(dir, 'q')]);
  // The same ANN with its data source moved away: conversion must not need it.
  const src = loadCheckpoint(join(dir, 'q', 'ann.best.ckpt'));
  const { tensors: _t, format: _f, version: _v, ...header } = src.header;
  const moved = join(dir, 'q-moved.ckpt');
  saveCheckpoint(moved, { ...header, training: { ...header.training, data: { kind: 'dir', path: join(dir, 'no-such-data') } } }, modelTensors(src));
  const snnFile = join(dir, 'snn-direct.ckpt');
  await ok(['convert', moved, '--encoding', 'direct', '--out', snnFile, '--backend', 'wasm']);
  const s = readSnn(snnFile).snn;
  const ann = loadAnn(moved);
  disposeWeights(ann.weights);
  const lam = (n: string): number => ann.lambdas?.get(n) as number;
  assert.is(s.encoding, 'direct');
  assert.is(s.u0Fraction, 0.5);
  assert.is(s.T, 4);
  assert.is(s.conversion?.rule, 'qcfs');
  const close = (a: number | undefined, b: number, what: string): void => assert.ok(Math.abs((a as number) - b) < 1e-9 * b, `${what}: ${a} vs ${b}`);
  close(s.thresholds['enc0.conv1'], lam('enc0.conv1'), 'first layer v = λ (input scale 1)');
  close(s.thresholds['enc0.conv2'], lam('enc0.conv2') / lam('enc0.conv1'), 'v = λ_l / λ_in');
  close(s.thresholds['mid.conv1'], lam('mid.conv1') / lam('enc1.conv2'), 'pooling keeps the scale');
  close(s.thresholds['dec0.conv1'], lam('dec0.conv1') / Math.sqrt(lam('dec0.up') * lam('enc0.conv2')), 'concat conv: geometric mean of its branches');
  close(s.readoutScale, lam('dec0.conv2'), 'readout scale');
  assert.is(unetLayers(src.header.arch).filter((l) => l.spiking).length, Object.keys(s.thresholds).length);
});

test('a direct-input SNN runs through evaluate-snn, rates, finetune and average', async () => {
  const snnFile = join(dir, 'snn-q.ckpt');
  await ok(['convert', join(dir, 'q', 'ann.best.ckpt'), '--encoding', 'direct', '--out', snnFile, '--backend', 'wasm']);
  const ev = JSON.parse((await ok(['evaluate-snn', snnFile, '--T', '1,2,4', '--backend', 'wasm'])).trim().split('\n').pop() ?? '{}') as { results: { T: number; dice3d: { mean: number } }[] };
  assert.equal(ev.results.map((r) => r.T), [1, 2, 4]);
  for (const r of ev.results) assert.ok(r.dice3d.mean >= 0 && r.dice3d.mean <= 1);
  await ok(['rates', snnFile, '--slices', '8', '--out', join(dir, 'rates.json'), '--backend', 'wasm']);
  const ft = join(dir, 'ft');
  await ok(['finetune', snnFile, '--T', '2', '--epochs', '2', '--batch', '8', '--slices-per-epoch', '8', '--snapshots', '--out', ft, '--backend', 'wasm']);
  assert.is(readSnn(join(ft, 'snn.ckpt')).snn.encoding, 'direct', 'fine-tuning keeps the encoding');
  await ok(['average', join(ft, 'snn.e1.ckpt'), join(ft, 'snn.e2.ckpt'), '--out', join(dir, 'avg.ckpt')]);
  assert.is(readSnn(join(dir, 'avg.ckpt')).snn.encoding, 'direct');
  // A Poisson network with otherwise equal parameters cannot be averaged with it.
  const p = loadCheckpoint(join(ft, 'snn.e1.ckpt'));
  const { tensors: _t, format: _f, version: _v, ...h } = p.header;
  const poisson = join(dir, 'poisson.ckpt');
  saveCheckpoint(poisson, { ...h, snn: { ...(h.snn as NonNullable<typeof h.snn>), encoding: 'poisson' } }, modelTensors(p));
  const c = capture();
  assert.is(await main(['average', join(ft, 'snn.e2.ckpt'), poisson, '--out', join(dir, 'mixed.ckpt')], c.io), 2);
  assert.match(c.err(), /HSNN1307.*encoding/);
  assert.not.ok(existsSync(join(dir, 'mixed.ckpt')));
});

test('calibration options on a qcfs ANN and an unknown --encoding are coded errors; nothing is written', async () => {
  for (const [extra, re] of [[['--method', 'max'], /HSNN1404.*--method/], [['--samples', '8'], /HSNN1404.*--samples/], [['--encoding', 'analog'], /HSNN1404.*--encoding/]] as const) {
    const out = join(dir, `refused-${extra[0].slice(2)}.ckpt`);
    const c = capture();
    assert.is(await main(['convert', join(dir, 'q', 'ann.best.ckpt'), ...extra, '--out', out], c.io), 2);
    assert.match(c.err(), re);
    assert.not.ok(existsSync(out));
  }
});

test.run();
