// IF neuron: forward dynamics against hand-worked sequences, the surrogate against its formula, and the
// BPTT backward against finite differences of the surrogate model (spike values kept, gradients through
// the surrogate), plus the tfjs customGrad wrapper against the array implementation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { ifBackwardArrays, ifForwardArrays, ifLayer, surrogateDerivative, type Surrogate } from '../../models/snn/if-neuron.js';

test.before(async () => { await initBackend(); });

const run = (cur: number[], v: number, u0: number): number[] => {
  const spikes = new Float32Array(cur.length);
  ifForwardArrays(Float32Array.from(cur), cur.length, v, u0, spikes);
  return [...spikes];
};

test('IF forward matches hand-worked sequences (reset by subtraction, strict >)', () => {
  // u: 0.5+0.25=0.75 | +0.5=1.25>1 → 0.25 | +1=1.25 → 0.25 | +0 | +2.5=2.75 → 1.75 (one spike per step)
  assert.equal(run([0.25, 0.5, 1, 0, 2.5], 1, 0.5), [0, 1, 1, 0, 1]);
  // u = v exactly does not fire
  assert.equal(run([1, 0, 0.5], 1, 0), [0, 0, 1]);
  // threshold 2: constant current 0.5 from u0 = 1 fires every 4th step after the first crossing
  assert.equal(run([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 2, 1), [0, 0, 1, 0, 0, 0, 1]);
  // negative current pulls below zero and delays
  assert.equal(run([-1, 1.5, 0.6], 1, 0), [0, 0, 1]);
});

test('IF forward counts spikes and silent neurons over time-major data', () => {
  // T = 2, M = 3: neuron 0 fires twice, neuron 1 never, neuron 2 once
  const cur = Float32Array.of(2, 0, 0.6, 2, 0.1, 0.6);
  const s = new Float32Array(6);
  const c = ifForwardArrays(cur, 2, 1, 0, s);
  assert.equal([...s], [1, 0, 0, 1, 0, 1]);
  assert.equal(c, { spikes: 3, silent: 1, neurons: 3, T: 2 });
});

const plain: Surrogate = { alpha: 0.3, normalized: false, resetGrad: false };
const norm: Surrogate = { alpha: 0.3, normalized: true, resetGrad: false };

test('surrogate derivative is alpha·max(0, 1 − |u − v|), and the normalised variant works on u/v', () => {
  assert.ok(Math.abs(surrogateDerivative(1.5, 1, plain) - 0.15) < 1e-12);
  assert.is(surrogateDerivative(2.5, 1, plain), 0);
  assert.ok(Math.abs(surrogateDerivative(10, 10, plain) - 0.3) < 1e-12);
  assert.is(surrogateDerivative(12, 10, plain), 0);
  // normalised: (α/v)·max(0, 1 − |u/v − 1|): at u = 1.5v → 0.5·α/v
  assert.ok(Math.abs(surrogateDerivative(15, 10, norm) - 0.015) < 1e-12);
  // it is the derivative of S(u) = α·q(u/v − 1), q the clamped quadratic with q′(z) = max(0, 1 − |z|), checked by central differences
  const S = (u: number, v: number): number => {
    const z = Math.max(-1, Math.min(1, u / v - 1));
    return 0.3 * (z >= 0 ? z - z * z / 2 : z + z * z / 2);
  };
  for (const u of [3.3, 7.9, 10.4, 14.2, 19.5]) {
    const fd = (S(u + 1e-5, 10) - S(u - 1e-5, 10)) / 2e-5;
    assert.ok(Math.abs(fd - surrogateDerivative(u, 10, norm)) < 1e-6, `u=${u}: fd ${fd}`);
  }
});

/**
 * Loss of the surrogate model L(I) = Σ_t g_t·S(u_t), with the hard spikes of the unperturbed run kept in
 * the reset (detached) or the reset following S (resetGrad), evaluated in float64.
 */
function surrogateLoss(I: number[], g: number[], hard: number[], v: number, u0: number, resetGrad: boolean, S: (u: number) => number, S0: number[]): number {
  let u = u0;
  let L = 0;
  for (let t = 0; t < I.length; t++) {
    u += I[t] as number;
    const s = S(u);
    L += (g[t] as number) * s;
    const o = (hard[t] as number) + (resetGrad ? s - (S0[t] as number) : 0);
    u -= v * o;
  }
  return L;
}

for (const [label, sur] of [['plain', { ...plain, alpha: 0.7 }], ['normalised', norm], ['plain, reset gradient on', { ...plain, resetGrad: true }], ['normalised, reset gradient on', { ...norm, resetGrad: true }]] as const) {
  test(`BPTT equals finite differences of the surrogate model (${label})`, () => {
    const v = 1.3;
    const u0 = 0.65;
    const I = [0.4, 0.9, -0.2, 0.7, 1.1, 0.3, 0.5, 0.05, 0.8, 0.6];
    const g = [0.3, -1, 0.5, 2, -0.7, 0.1, 1.2, -0.4, 0.9, 0.25];
    const T = I.length;
    const spikes = new Float32Array(T);
    const dsdu = new Float32Array(T);
    ifForwardArrays(Float32Array.from(I), T, v, u0, spikes, dsdu, sur);
    const grad = new Float32Array(T);
    ifBackwardArrays(Float32Array.from(g), dsdu, T, v, sur.resetGrad, grad);
    // S is an antiderivative of the surrogate; S0 its values on the unperturbed trajectory
    const S = (u: number): number => {
      const z = sur.normalized ? Math.max(-1, Math.min(1, u / v - 1)) : Math.max(-1, Math.min(1, u - v));
      return sur.alpha * (z >= 0 ? z - z * z / 2 : z + z * z / 2);
    };
    const S0: number[] = [];
    let u = u0;
    for (let t = 0; t < T; t++) {
      u += I[t] as number;
      S0.push(S(u));
      u -= v * (spikes[t] as number);
    }
    const hard = [...spikes];
    let nonzero = 0;
    for (let k = 0; k < T; k++) {
      const eps = 1e-6;
      const up = I.map((x, i) => (i === k ? x + eps : x));
      const dn = I.map((x, i) => (i === k ? x - eps : x));
      const fd = (surrogateLoss(up, g, hard, v, u0, sur.resetGrad, S, S0) - surrogateLoss(dn, g, hard, v, u0, sur.resetGrad, S, S0)) / (2 * eps);
      assert.ok(Math.abs(fd - (grad[k] as number)) < 1e-5, `step ${k}: fd ${fd} vs bptt ${grad[k]}`);
      if (Math.abs(fd) > 1e-3) nonzero++;
    }
    assert.ok(nonzero >= 5, 'the check must exercise non-zero gradients');
  });
}

test('ifLayer customGrad: spikes and gradient equal the array implementation', () => {
  const T = 4;
  const cur = tf.tensor4d(Float32Array.from({ length: T * 2 * 3 * 3 * 2 }, (_, i) => Math.sin(i * 1.7) * 1.2 + 0.4), [T * 2, 3, 3, 2]);
  const wts = tf.tensor4d(Float32Array.from({ length: cur.size }, (_, i) => Math.cos(i * 0.3)), cur.shape);
  const sur: Surrogate = { alpha: 0.5, normalized: true, resetGrad: false };
  const o = { T, v: 0.9, u0Fraction: 0.5, surrogate: sur };
  const g = tf.grad((c: tf.Tensor) => tf.sum(tf.mul(ifLayer(c as tf.Tensor4D, o), wts)))(cur);
  const spikes = new Float32Array(cur.size);
  const dsdu = new Float32Array(cur.size);
  ifForwardArrays(cur.dataSync() as Float32Array, T, 0.9, 0.45, spikes, dsdu, sur);
  const expect = new Float32Array(cur.size);
  ifBackwardArrays(wts.dataSync() as Float32Array, dsdu, T, 0.9, false, expect);
  assert.equal([...ifLayer(cur, { T, v: 0.9, u0Fraction: 0.5 }).dataSync()], [...spikes]);
  const got = g.dataSync();
  let maxErr = 0;
  for (let i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs((got[i] as number) - (expect[i] as number)));
  assert.ok(maxErr < 1e-6, `max error ${maxErr}`);
  assert.ok(expect.some((x) => Math.abs(x) > 0.01));
  tf.dispose([cur, wts, g]);
});

test.run();
