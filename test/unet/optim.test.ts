// Adam against a hand-written float64 Adam, its state round trip, and the ReduceLROnPlateau state machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { Adam, DEFAULT_ADAM } from '../../models/unet/adam.js';
import { plateauInit, plateauStep } from '../../models/unet/plateau.js';

test.before(async () => { await initBackend(); });

function refAdam(w: number[], grads: number[][], lr: number): number[] {
  const { beta1: b1, beta2: b2, epsilon } = DEFAULT_ADAM;
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const out = w.slice();
  grads.forEach((g, k) => {
    const t = k + 1;
    const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    g.forEach((gi, i) => {
      m[i] = b1 * (m[i] as number) + (1 - b1) * gi;
      v[i] = b2 * (v[i] as number) + (1 - b2) * gi * gi;
      out[i] = (out[i] as number) - (lrT * (m[i] as number)) / (Math.sqrt(v[i] as number) + epsilon);
    });
  });
  return out;
}

const grads = [[0.5, -1, 2, 0], [0.1, -0.2, 3, 0], [-0.5, 1, -2, 1e-3]];

function run(adam: Adam, p: tf.Variable<tf.Rank.R4>, from: number, to: number): void {
  const params = new Map([['w', p]]);
  for (let k = from; k < to; k++) {
    const g = tf.tensor4d(grads[k] as number[], [1, 1, 1, 4]);
    adam.apply(params, new Map([['w', g]]), 0.01);
    g.dispose();
  }
}

test('Adam steps match a float64 reference', () => {
  const p = tf.variable(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]));
  const adam = new Adam(new Map([['w', p]]));
  run(adam, p, 0, 3);
  const want = refAdam([1, 2, 3, 4], grads, 0.01);
  const got = p.dataSync();
  want.forEach((w, i) => assert.ok(Math.abs((got[i] as number) - w) < 1e-6, `w[${i}] ${got[i]} vs ${w}`));
  assert.is(adam.step, 3);
  adam.dispose();
  p.dispose();
});

test('Adam state survives a save/restore exactly', () => {
  const a = tf.variable(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]));
  const adamA = new Adam(new Map([['w', a]]));
  run(adamA, a, 0, 3);
  const b = tf.variable(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]));
  const adamB = new Adam(new Map([['w', b]]));
  run(adamB, b, 0, 1);
  const saved = adamB.stateTensors();
  assert.equal([...saved.keys()].sort(), ['opt/m/w', 'opt/step', 'opt/v/w']);
  const adamC = new Adam(new Map([['w', b]]));
  adamC.restore(saved, 'test');
  run(adamC, b, 1, 3);
  assert.equal(Array.from(b.dataSync()), Array.from(a.dataSync()));
  assert.throws(() => new Adam(new Map([['w', b]])).restore(new Map(), 'x.ckpt'), /HSNN1204.*x\.ckpt/);
  [adamA, adamB, adamC].forEach((o) => o.dispose());
  tf.dispose([a, b]);
});

test('ReduceLROnPlateau halves after `patience` epochs without improvement, down to minLr', () => {
  const cfg = { factor: 0.5, patience: 2, minLr: 0.3, threshold: 1e-4 };
  let s = plateauInit(1);
  const lrs: number[] = [];
  for (const v of [1, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8]) {
    s = plateauStep(cfg, s, v);
    lrs.push(s.lr);
  }
  assert.equal(lrs, [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3]);
  assert.is(s.best, 0.8);
});

test.run();
