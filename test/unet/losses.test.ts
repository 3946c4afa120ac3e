// Losses against an independent float64 JS computation: values, and tfjs gradients vs central finite differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { bceDiceFromLogits, bceFromLogits, diceLossFromLogits, DICE_EPS, parseLossName, type LogitLoss } from '../../models/unet/losses.js';
import { mulberry32 } from '../../core/random.js';

const sig = (z: number): number => 1 / (1 + Math.exp(-z));
const refBce = (z: number[], y: number[]): number => z.reduce((a, zi, i) => a - ((y[i] as number) * Math.log(sig(zi)) + (1 - (y[i] as number)) * Math.log(1 - sig(zi))), 0) / z.length;
function refDiceLoss(z: number[], y: number[]): number {
  let inter = 0, ps = 0, ys = 0;
  z.forEach((zi, i) => { const p = sig(zi); inter += p * (y[i] as number); ps += p; ys += y[i] as number; });
  return 1 - (2 * inter + DICE_EPS) / (ps + ys + DICE_EPS);
}
const refBceDice = (z: number[], y: number[]): number => 0.3 * refBce(z, y) + 0.7 * refDiceLoss(z, y);

const shape: [number, number, number, number] = [2, 3, 3, 1];
const rand = mulberry32(11);
const Z = Array.from({ length: 18 }, () => (rand() - 0.5) * 6);
const Y = Array.from({ length: 18 }, () => (rand() < 0.4 ? 1 : 0));

function checkGradient(name: string, loss: LogitLoss, ref: (z: number[], y: number[]) => number): void {
  const y = tf.tensor4d(Y, shape);
  const z = tf.tensor4d(Z, shape);
  const value = loss(z, y).dataSync()[0] as number;
  assert.ok(Math.abs(value - ref(Z, Y)) < 1e-5, `${name} value ${value} vs reference ${ref(Z, Y)}`);
  const g = tf.grad((zz: tf.Tensor) => loss(zz, y))(z).dataSync();
  const h = 1e-5;
  Z.forEach((_, i) => {
    const zp = Z.slice(); zp[i] = (zp[i] as number) + h;
    const zm = Z.slice(); zm[i] = (zm[i] as number) - h;
    const fd = (ref(zp, Y) - ref(zm, Y)) / (2 * h);
    const err = Math.abs((g[i] as number) - fd);
    assert.ok(err < 1e-5 + 1e-3 * Math.abs(fd), `${name} d/dz[${i}]: tfjs ${g[i]} vs finite difference ${fd}`);
  });
  tf.dispose([y, z]);
}

test.before(async () => { await initBackend(); });

test('BCE from logits: value and gradient match finite differences', () => checkGradient('bce', bceFromLogits, refBce));
test('soft Dice loss: value and gradient match finite differences', () => checkGradient('dice', diceLossFromLogits, refDiceLoss));
test('BCE-Dice = 0.3 BCE + 0.7 Dice: value and gradient', () => checkGradient('bce-dice', bceDiceFromLogits, refBceDice));

test('BCE stays finite and exact at extreme logits', () => {
  const z = tf.tensor1d([100, -100, 100, -100]);
  const y = tf.tensor1d([1, 1, 0, 0]);
  const v = bceFromLogits(z, y).dataSync()[0] as number;
  assert.ok(Math.abs(v - 50) < 1e-4, `mean of [0, 100, 100, 0] is 50, got ${v}`);
  tf.dispose([z, y]);
});

test('Dice is pooled over the whole batch, not averaged per slice', () => {
  // Slice 0 perfect with large area, slice 1 tiny and wrong: pooled Dice stays high, per-slice mean would be ~0.5.
  const y = tf.tensor4d([1, 1, 1, 1, 0, 0, 0, 1], [2, 2, 2, 1]);
  const z = tf.tensor4d([50, 50, 50, 50, 50, -50, -50, -50], [2, 2, 2, 1]);
  const loss = diceLossFromLogits(z, y).dataSync()[0] as number;
  assert.ok(Math.abs(loss - (1 - 8 / 10)) < 1e-4, `pooled Dice loss ${loss} should be 1 - 2·4/(5+5)`);
  tf.dispose([y, z]);
});

test('loss names are checked', () => {
  assert.is(parseLossName('bce-dice'), 'bce-dice');
  assert.throws(() => parseLossName('focal'), /HSNN1203/);
});

test.run();
