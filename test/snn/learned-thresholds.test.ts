// Learnable thresholds: ∂L/∂v of the IF layer against central differences of the surrogate model in v
// (four surrogate/reset variants, u0 = f·v), the tfjs op against the arrays, the per-parameter Adam rate
// of --threshold-lr, and `hsnn finetune --learn-thresholds` end to end on phantoms: learned table in the
// header, log v only in the resumable file, exact resume, a run without the option unchanged, and
// HSNN1410 refusals that write nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { ifBackwardArrays, ifForwardArrays, ifLayer, thresholdGradient, type Surrogate } from '../../models/snn/if-neuron.js';
import { ifLayerLearned, logThresholdName, thresholdOfLog } from '../../models/snn/learned-thresholds.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { readSnn } from '../../models/snn/snn-checkpoint.js';
import { main } from '../../cli/main.js';
import { Adam } from '../../models/unet/adam.js';

let dir = '';
test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-thr-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

const I = [0.4, 0.9, -0.2, 0.7, 1.1, 0.3, 0.5, 0.05, 0.8, 0.6, 1.4, 0.2];
const G = [0.3, -1, 0.5, 2, -0.7, 0.1, 1.2, -0.4, 0.9, 0.25, -0.6, 0.8];

/**
 * Surrogate model as a function of v (float64): u0 = f·v, s_t = hard_t + S(u_t − v) − S0_t with S an
 * antiderivative of the surrogate at the unperturbed v0 (so ∂s/∂v = −∂s/∂u; the normalized window's
 * scale is v0, held), the reset subtracts v·s_t (resetGrad) or v·hard_t (detached), L = Σ g_t·s_t.
 */
function modelLoss(v: number, v0: number, f: number, hard: readonly number[], S0: readonly number[], sur: Surrogate): number {
  const S = (x: number): number => {
    const z = Math.max(-1, Math.min(1, sur.normalized ? x / v0 : x));
    return sur.alpha * (z >= 0 ? z - z * z / 2 : z + z * z / 2);
  };
  let u = f * v;
  let L = 0;
  for (let t = 0; t < I.length; t++) {
    u += I[t] as number;
    const s = (hard[t] as number) + S(u - v) - (S0[t] as number);
    L += (G[t] as number) * s;
    u -= v * (sur.resetGrad ? s : (hard[t] as number));
  }
  return L;
}

/** S0_t of the model at v0 (the same S evaluated on the hard run's membranes). */
function s0Of(v0: number, f: number, hard: readonly number[], sur: Surrogate): number[] {
  const out: number[] = [];
  let u = f * v0;
  for (let t = 0; t < I.length; t++) {
    u += I[t] as number;
    const z = Math.max(-1, Math.min(1, sur.normalized ? (u - v0) / v0 : u - v0));
    out.push(sur.alpha * (z >= 0 ? z - z * z / 2 : z + z * z / 2));
    u -= v0 * (hard[t] as number);
  }
  return out;
}

const VARIANTS: readonly [string, Surrogate][] = [
  ['plain', { alpha: 0.7, normalized: false, resetGrad: false }],
  ['normalized', { alpha: 2, normalized: true, resetGrad: false }],
  ['plain, reset gradient on', { alpha: 0.7, normalized: false, resetGrad: true }],
  ['normalized, reset gradient on', { alpha: 2, normalized: true, resetGrad: true }],
];

for (const [label, sur] of VARIANTS) {
  for (const f of [0, 0.5]) {
    test(`∂L/∂v equals central differences of the surrogate model (${label}, u0 = ${f}·v)`, () => {
      const v0 = 1.3;
      const T = I.length;
      const spikes = new Float32Array(T);
      const dsdu = new Float32Array(T);
      ifForwardArrays(Float32Array.from(I), T, v0, f * v0, spikes, dsdu, sur);
      const delta = new Float32Array(T);
      ifBackwardArrays(Float32Array.from(G), dsdu, T, v0, sur.resetGrad, delta);
      const got = thresholdGradient(delta, spikes, T, f);
      const hard = [...spikes];
      assert.ok(hard.filter((s) => s > 0).length >= 3, 'the neuron fires, so the reset term is exercised');
      const S0 = s0Of(v0, f, hard, sur);
      const eps = 1e-6;
      const fd = (modelLoss(v0 + eps, v0, f, hard, S0, sur) - modelLoss(v0 - eps, v0, f, hard, S0, sur)) / (2 * eps);
      assert.ok(Math.abs(fd - got) < 1e-4 * Math.max(1, Math.abs(fd)), `fd ${fd} vs ${got}`);
      assert.ok(Math.abs(fd) > 0.05, `the check needs a non-zero gradient (${fd})`);
    });
  }
}

test('ifLayerLearned: spikes of ifLayer at v = exp(log v), the same current gradient, ∂L/∂log v = v·∂L/∂v', () => {
  const T = 4;
  const shape: [number, number, number, number] = [T * 2, 3, 3, 2];
  const n = shape.reduce((a, b) => a * b, 1);
  const cur = tf.tensor4d(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 1.2 + 0.4), shape);
  const wts = tf.tensor4d(Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.3)), shape);
  const logV = tf.tensor4d([Math.log(0.9)], [1, 1, 1, 1]);
  const v = thresholdOfLog(logV.dataSync()[0] as number);
  const sur: Surrogate = { alpha: 2, normalized: true, resetGrad: false };
  const o = { T, u0Fraction: 0.5, surrogate: sur };
  const [gc, gl] = tf.grads((c: tf.Tensor, l: tf.Tensor) => tf.sum(tf.mul(ifLayerLearned(c as tf.Tensor4D, l as tf.Tensor4D, o), wts)))([cur, logV]);
  const gPlain = tf.grad((c: tf.Tensor) => tf.sum(tf.mul(ifLayer(c as tf.Tensor4D, { ...o, v }), wts)))(cur);
  assert.equal([...ifLayerLearned(cur, logV, o).dataSync()], [...ifLayer(cur, { T, v, u0Fraction: 0.5 }).dataSync()]);
  assert.equal([...(gc as tf.Tensor).dataSync()], [...gPlain.dataSync()]);
  const spikes = new Float32Array(n);
  const dsdu = new Float32Array(n);
  ifForwardArrays(cur.dataSync() as Float32Array, T, v, 0.5 * v, spikes, dsdu, sur);
  const delta = new Float32Array(n);
  ifBackwardArrays(wts.dataSync() as Float32Array, dsdu, T, v, false, delta);
  const expect = v * thresholdGradient(delta, spikes, T, 0.5);
  const g = (gl as tf.Tensor).dataSync()[0] as number;
  assert.ok(Math.abs(g - expect) < 1e-5 * Math.max(1, Math.abs(expect)) && Math.abs(expect) > 1e-3, `${g} vs ${expect}`);
  tf.dispose([cur, wts, logV, gc as tf.Tensor, gl as tf.Tensor, gPlain]);
});

test('--threshold-lr: Adam scales the step of the named parameters only (lrScale), the others are untouched', () => {
  const mk = (): Map<string, tf.Variable<tf.Rank.R4>> => new Map([['w', tf.variable(tf.tensor4d([1], [1, 1, 1, 1]))], ['w.logThreshold', tf.variable(tf.tensor4d([0], [1, 1, 1, 1]))]]);
  const step = (scale?: ReadonlyMap<string, number>): number[] => {
    const params = mk();
    const adam = new Adam(params);
    const g = new Map([['w', tf.tensor4d([0.3], [1, 1, 1, 1])], ['w.logThreshold', tf.tensor4d([-0.2], [1, 1, 1, 1])]]);
    adam.apply(params, g, 1e-3, scale);
    const out = [...params.values()].map((v) => v.dataSync()[0] as number);
    adam.dispose();
    tf.dispose([...params.values(), ...g.values()]);
    return out;
  };
  const [w1, t1] = step();
  const [w10, t10] = step(new Map([['w.logThreshold', 10]]));
  assert.is(w10, w1);
  assert.ok(Math.abs((t10 as number) - 10 * (t1 as number)) < 1e-7 && (t1 as number) > 0, `${t1} → ${t10}`);
});

const PHANTOM = ['--phantoms', '6', '--phantom-shape', '10x28x28', '--height', '32', '--width', '32', '--base', '4', '--depth', '2', '--folds', '3', '--batch', '8', '--val-fraction', '0.25', '--backend', 'wasm'];

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io = { stdout: { write: (_s: string) => true }, stderr: { write: (s: string) => { err += s; return true; } } };
  return { code: await main(args, io), err };
}

async function ok(args: string[]): Promise<void> {
  const r = await cli(args);
  assert.is(r.code, 0, r.err);
}

test('hsnn finetune --learn-thresholds: learned table in the header, log v only in the resumable file, exact resume', async () => {
  await ok(['train', '--fold', '0', '--epochs', '1', '--lr', '1e-2', '--out', join(dir, 'relu'), ...PHANTOM]);
  const src = join(dir, 'snn.ckpt');
  await ok(['convert', join(dir, 'relu', 'ann.best.ckpt'), '--stat', 'ann', '--u0', '0.5', '--encoding', 'direct', '--T', '4', '--samples', '8', '--out', src, '--backend', 'wasm']);
  const ft = ['finetune', src, '--T', '4', '--batch', '8', '--slices-per-epoch', '16', '--lr', '3e-3', '--sop-weight', '1', '--backend', 'wasm'];
  await ok([...ft, '--epochs', '2', '--learn-thresholds', '--out', join(dir, 'learn')]);
  const converted = readSnn(src).snn.thresholds;
  const learned = readSnn(join(dir, 'learn', 'snn.last.ckpt'));
  assert.equal(learned.snn.learnedThresholds, { parametrisation: 'log', initial: converted });
  const moved = Object.keys(converted).filter((k) => Math.abs((learned.snn.thresholds[k] as number) / (converted[k] as number) - 1) > 1e-3);
  assert.ok(moved.length >= Object.keys(converted).length / 2, `thresholds moved in ${moved.length} layers`);
  const last = loadCheckpoint(join(dir, 'learn', 'snn.last.ckpt'));
  for (const k of Object.keys(converted)) {
    assert.is(learned.snn.thresholds[k], thresholdOfLog(last.tensors.get(logThresholdName(k))?.[0] as number), `${k}: the table is exp of the trained log v`);
  }
  const best = loadCheckpoint(join(dir, 'learn', 'snn.ckpt'));
  assert.ok(best.header.tensors.every((e) => !e.name.endsWith('.logThreshold')), 'the model file holds the weights only (the compiler reads it)');
  assert.ok(best.header.snn?.learnedThresholds !== undefined);
  // 1 epoch, then --resume to 2, must reproduce the 2-epoch run's learned thresholds and weights exactly
  await ok([...ft, '--epochs', '1', '--learn-thresholds', '--out', join(dir, 'resumed')]);
  await ok([...ft, '--epochs', '2', '--learn-thresholds', '--resume', '--out', join(dir, 'resumed')]);
  const r = loadCheckpoint(join(dir, 'resumed', 'snn.last.ckpt'));
  assert.equal(r.header.snn?.thresholds, learned.snn.thresholds);
  assert.equal([...(r.tensors.get('enc0.conv1') as Float32Array)], [...(last.tensors.get('enc0.conv1') as Float32Array)]);
  // without the option: the converted table, no record, no log-v tensors
  await ok([...ft, '--epochs', '1', '--out', join(dir, 'fixed')]);
  const fixed = loadCheckpoint(join(dir, 'fixed', 'snn.last.ckpt'));
  assert.equal(fixed.header.snn?.thresholds, converted);
  assert.is(fixed.header.snn?.learnedThresholds, undefined);
  assert.is((fixed.header.training.finetune as Record<string, unknown>).learnThresholds, undefined);
  assert.ok(fixed.header.tensors.every((e) => !e.name.endsWith('.logThreshold')));
});

test('bad --threshold-lr, --threshold-lr without --learn-thresholds (HSNN1410, nothing written), and switching it on at --resume (HSNN1204)', async () => {
  const src = join(dir, 'snn.ckpt');
  const base = ['finetune', src, '--T', '4', '--epochs', '1', '--backend', 'wasm'];
  for (const [extra, re] of [[['--threshold-lr', '1e-2'], /HSNN1410.*--threshold-lr.*--learn-thresholds/], [['--learn-thresholds', '--threshold-lr', '-1'], /HSNN1410.*--threshold-lr/]] as const) {
    const out = join(dir, `bad${extra.length}`);
    const r = await cli([...base, ...extra, '--out', out]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, re);
    assert.not.ok(existsSync(out));
  }
  const r = await cli(['finetune', src, '--T', '4', '--batch', '8', '--slices-per-epoch', '16', '--lr', '3e-3', '--sop-weight', '1', '--backend', 'wasm', '--epochs', '2', '--learn-thresholds', '--resume', '--out', join(dir, 'fixed')]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN1204.*learnThresholds/, r.err);
});

test.run();
