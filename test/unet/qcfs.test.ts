// QCFS activation: forward against the plain-number definition, both gradients against finite differences
// of the straight-through function, cpu vs wasm backends, the minimum-MSE λ choice against p99.9, and
// `hsnn train --activation qcfs --init-from` end to end on phantoms (checkpoint round trip, resume, bad input).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint, saveCheckpoint } from '../../formats/checkpoint.js';
import { chooseLambda } from '../../models/unet/qcfs-init.js';
import { qcfs, qcfsValue } from '../../models/unet/qcfs.js';
import { loadAnn, modelTensors } from '../../models/unet/ann-checkpoint.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { compareBackends } from '../kernels/compare.js';
import { main } from '../../cli/main.js';

const L = 4;
const LAMBDA = 1.3;
// Points off the clamp's kinks (q ∉ {0, L} inside (0, λ)) and off the rounding jumps, so central differences are exact.
const XS = [-0.7, -0.3, 0.3, 0.47, 0.61, 0.8, 0.99, 1.6, 2.5];

let dir = '';
test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-qcfs-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('qcfs forward equals λ·clamp(⌊x·L/λ + ½⌋/L, 0, 1)', () => {
  const y = tf.tidy(() => qcfs(tf.tensor4d(XS, [1, 1, 1, XS.length]), tf.tensor4d([LAMBDA], [1, 1, 1, 1]), L).dataSync());
  XS.forEach((x, i) => assert.ok(Math.abs((y[i] as number) - qcfsValue(x, LAMBDA, L)) < 1e-6, `x ${x}: ${y[i]} vs ${qcfsValue(x, LAMBDA, L)}`));
  assert.is(qcfsValue(0.16, 1.3, 4), 0, 'below λ/(2L) rounds to 0');
  assert.is(qcfsValue(9, 1.3, 4), 1.3, 'above λ clips to λ');
});

/** The straight-through function: the rounding residual r = frac(x·L/λ0 + ½) held at its value at λ0. */
function ste(x: number, lambda: number, lambda0: number): number {
  const z0 = (x * L) / lambda0 + 0.5;
  const r = z0 - Math.floor(z0);
  return lambda * Math.min(1, Math.max(0, ((x * L) / lambda + 0.5 - r) / L));
}

test('λ and x gradients equal central differences of the straight-through function', () => {
  const w = XS.map((_, i) => 0.5 + 0.37 * i); // a weighted sum, so every element's gradient counts
  const [gx, gl] = tf.tidy(() => {
    const f = (x: tf.Tensor, l: tf.Tensor): tf.Scalar => tf.sum(tf.mul(qcfs(x as tf.Tensor4D, l as tf.Tensor4D, L), tf.tensor4d(w, [1, 1, 1, XS.length])));
    const g = tf.grads(f)([tf.tensor4d(XS, [1, 1, 1, XS.length]), tf.tensor4d([LAMBDA], [1, 1, 1, 1])]);
    return [g[0]?.dataSync() as Float32Array, g[1]?.dataSync() as Float32Array];
  });
  const h = 1e-4;
  let fdL = 0;
  XS.forEach((x, i) => {
    const wi = w[i] as number;
    fdL += (wi * (ste(x, LAMBDA + h, LAMBDA) - ste(x, LAMBDA - h, LAMBDA))) / (2 * h);
    const zx = (x * L) / LAMBDA + 0.5;
    const fdX = (wi * ((LAMBDA * Math.min(1, Math.max(0, ((x + h) * L / LAMBDA + 0.5 - (zx - Math.floor(zx))) / L))) - LAMBDA * Math.min(1, Math.max(0, ((x - h) * L / LAMBDA + 0.5 - (zx - Math.floor(zx))) / L)))) / (2 * h);
    assert.ok(Math.abs((gx[i] as number) - fdX) < 1e-3, `dy/dx at ${x}: ${gx[i]} vs ${fdX}`);
  });
  assert.ok(Math.abs((gl[0] as number) - fdL) < 1e-3 * Math.max(1, Math.abs(fdL)), `dL/dλ ${gl[0]} vs finite differences ${fdL}`);
  assert.ok(Math.abs(gl[0] as number) > 0.1, 'the λ gradient is not trivially zero');
});

test('qcfs forward and both gradients agree on the cpu and wasm backends', async () => {
  const f = (): tf.Tensor[] => {
    const x = tf.mul(tf.randomNormal([2, 6, 5, 3], 0, 1.5, 'float32', 7), 1) as tf.Tensor4D;
    const l = tf.tensor4d([0.9], [1, 1, 1, 1]);
    const y = qcfs(x, l, 3);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(qcfs(a as tf.Tensor4D, b as tf.Tensor4D, 3))))([x, l]);
    return [y, ...g];
  };
  const c = await compareBackends(f);
  assert.ok(c.shapesMatch);
  assert.ok(c.relError < 1e-5, `relative error ${c.relError}`);
  await initBackend('wasm');
});

test('minimum-MSE λ beats p99.9 at L = 4 on heavy-tailed activations and zeroes fewer of them', () => {
  // Log-normal positive values with a long tail (as a deep layer's ReLU outputs), plus half zeros.
  let s = 12345;
  const rand = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const v = Float32Array.from({ length: 20000 }, (_, i) => (i % 2 === 0 ? -1 : Math.exp(Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand()))));
  const c = chooseLambda('t', v, 4);
  assert.ok(c.mse < 0.8 * c.mseP999, `MSE ${c.mse} vs p99.9 ${c.mseP999}`);
  assert.ok(c.lambda < c.p999, `λ ${c.lambda} below p99.9 ${c.p999}`);
  const pos = v.filter((x) => x > 0);
  const zeroedAtP999 = pos.filter((x) => qcfsValue(x, c.p999, 4) === 0).length / pos.length;
  assert.ok(c.zeroedFraction < zeroedAtP999 - 0.1, `zeroed ${c.zeroedFraction} vs ${zeroedAtP999} at p99.9`);
});

const PHANTOM = ['--phantoms', '6', '--phantom-shape', '10x28x28', '--height', '32', '--width', '32', '--base', '4', '--depth', '2', '--folds', '3', '--batch', '8', '--val-fraction', '0.25', '--backend', 'wasm'];

function capture(): { io: Parameters<typeof main>[1]; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { stdout: { write: (x: string) => { o += x; } }, stderr: { write: (x: string) => { e += x; } } }, out: () => o, err: () => e };
}

test('hsnn train --activation qcfs --init-from: λ per layer in the checkpoint, resumable, loadable', async () => {
  const relu = join(dir, 'relu');
  const c0 = capture();
  assert.is(await main(['train', '--fold', '0', '--epochs', '1', '--lr', '1e-2', '--out', relu, ...PHANTOM], c0.io), 0, c0.err());
  const q = join(dir, 'qcfs');
  const args = ['train', '--init-from', join(relu, 'ann.best.ckpt'), '--activation', 'qcfs', '--levels', '4', '--init-slices', '16', '--lr', '1e-3', '--backend', 'wasm', '--out', q];
  const c1 = capture();
  assert.is(await main([...args, '--epochs', '1'], c1.io), 0, c1.err());
  const ck = loadCheckpoint(join(q, 'ann.ckpt'));
  assert.equal(ck.header.activation, { kind: 'qcfs', levels: 4 });
  assert.is(ck.header.training.fold, 0);
  const init = ck.header.training.lambdaInit as { name: string; lambda: number }[];
  assert.is(init.length, 12, 'one λ per spiking layer of a depth-2 U-Net');
  assert.ok(ck.tensors.has('opt/m/enc0.conv1.lambda'), 'Adam trains λ');
  assert.is((ck.header.training.initFrom as { sha256: string }).sha256.length, 64);
  const loaded = loadAnn(join(q, 'ann.ckpt'));
  assert.is(loaded.lambdas?.size, 12);
  for (const c of init) assert.ok((loaded.lambdas?.get(c.name) ?? 0) > 0, c.name);
  disposeWeights(loaded.weights);
  const c2 = capture();
  assert.is(await main([...args, '--epochs', '2', '--resume'], c2.io), 0, c2.err());
  const resumed = loadCheckpoint(join(q, 'ann.ckpt'));
  assert.is(resumed.header.training.epoch, 2);
  assert.equal(resumed.header.training.lambdaInit, init, 'the λ initialisation record survives --resume');
  const c3 = capture();
  assert.is(await main(['evaluate', join(q, 'ann.best.ckpt'), '--backend', 'wasm'], c3.io), 0, c3.err());
});

test('bad --levels, --levels without qcfs and a qcfs --init-from are coded errors; nothing is written', async () => {
  for (const [levels, code] of [['0', 'HSNN1400'], ['1.5', 'HSNN1400'], ['-2', 'HSNN1400']] as const) {
    const c = capture();
    const out = join(dir, `bad-${levels}`);
    assert.is(await main(['train', '--fold', '0', '--activation', 'qcfs', '--levels', levels, '--out', out, ...PHANTOM], c.io), 2);
    assert.match(c.err(), new RegExp(`${code}.*--levels`));
    assert.not.ok(existsSync(out), 'a refused run writes nothing');
  }
  const c = capture();
  assert.is(await main(['train', '--fold', '0', '--levels', '4', '--out', join(dir, 'bad-relu'), ...PHANTOM], c.io), 2);
  assert.match(c.err(), /HSNN1401.*--levels/);
  const c2 = capture();
  assert.is(await main(['train', '--init-from', join(dir, 'qcfs', 'ann.best.ckpt'), '--activation', 'qcfs', '--levels', '2', '--out', join(dir, 'bad-init')], c2.io), 2);
  assert.match(c2.err(), /HSNN1403.*--init-from/);
  const c3 = capture();
  assert.is(await main(['train', '--init-from', join(dir, 'relu', 'ann.best.ckpt'), '--fold', '1', '--activation', 'qcfs', '--levels', '2', '--out', join(dir, 'bad-fold')], c3.io), 2);
  assert.match(c3.err(), /HSNN1403.*fold/);
  assert.not.ok(existsSync(join(dir, 'bad-init')) || existsSync(join(dir, 'bad-fold')));
});

test('a qcfs checkpoint with λ = 0 or NaN is a coded error naming the layer', () => {
  const src = loadCheckpoint(join(dir, 'qcfs', 'ann.best.ckpt'));
  const { tensors: _t, format: _f, version: _v, ...header } = src.header;
  for (const [value, re] of [[0, /HSNN1402.*'enc1\.conv2'/], [Number.NaN, /HSNN1101.*enc1\.conv2\.lambda/]] as const) {
    const t = modelTensors(src);
    t.set('enc1.conv2.lambda', { shape: [1, 1, 1, 1], data: Float32Array.of(value) });
    const file = join(dir, `lambda-${String(value)}.ckpt`);
    saveCheckpoint(file, header, t);
    assert.throws(() => loadAnn(file), re);
  }
});

test.run();
