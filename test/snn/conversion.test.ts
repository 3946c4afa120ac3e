// Conversion on a tiny U-Net: balancing sets each threshold to the statistic of the current it measures,
// spike rates approach ANN activation / Λ as T grows, per-branch factors are folded into the concat conv,
// the percentile histogram agrees with an exact sort, and a fixed seed reproduces every spike.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { unetForward } from '../../models/unet/forward.js';
import { heNormalValues } from '../../models/unet/weights.js';
import { encodePoisson, sliceSeed } from '../../core/poisson-rng.js';
import { ifForwardArrays } from '../../models/snn/if-neuron.js';
import { balanceThresholds, type BalanceOptions, type Calibration } from '../../models/snn/balance.js';
import { CurrentStats } from '../../models/snn/current-stats.js';
import { snnInfer, snnInferAt } from '../../models/snn/stream.js';
import type { SnnParams } from '../../models/snn/network.js';

test.before(async () => { await initBackend(); });

const arch: UNetArch = { base: 2, depth: 1, inChannels: 1, height: 8, width: 8, dropout: 0 };
const ann = new Map(unetLayers(arch).map((l, i) => [l.name, heNormalValues(l, i, 11)]));
const N = 6;
const images = Float32Array.from({ length: N * 64 }, (_, i) => 0.5 + 0.45 * Math.sin(i * 0.37) * Math.cos(i * 0.11));
const cal: Calibration = { images, n: N, height: 8, width: 8, sliceIds: [0, 1, 2, 3, 4, 5] };
const base: BalanceOptions = { method: 'max', stat: 'step', perBranch: true, u0Fraction: 0, T: 12, seed: 5, chunkImages: 1000 };
const tensors = (w: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): Map<string, tf.Tensor4D> =>
  new Map([...w].map(([k, v]) => [k, tf.tensor4d(v.data, v.shape as [number, number, number, number])]));

test('step balancing sets v to the max per-step input current, layer after layer', () => {
  const r = balanceThresholds(arch, ann, cal, base);
  const spikes = encodePoisson(images, N, 64, base.T, cal.sliceIds.map((s) => sliceSeed(base.seed, s)));
  const x = tf.tensor4d(spikes, [base.T * N, 8, 8, 1]);
  const c1 = tf.conv2d(x, tf.tensor4d(ann.get('enc0.conv1') as Float32Array, [3, 3, 1, 2]), 1, 'same');
  const cur1 = c1.dataSync() as Float32Array;
  const v1 = Math.max(...cur1);
  assert.ok(Math.abs((r.thresholds['enc0.conv1'] as number) - v1) < 1e-6 * v1, `v1 ${r.thresholds['enc0.conv1']} vs ${v1}`);
  // second layer: its current comes from the first layer's spikes with the threshold just found
  const s1 = new Float32Array(cur1.length);
  ifForwardArrays(cur1, base.T, v1, 0, s1);
  const c2 = tf.conv2d(tf.tensor4d(s1, [base.T * N, 8, 8, 2]), tf.tensor4d(ann.get('enc0.conv2') as Float32Array, [3, 3, 2, 2]), 1, 'same');
  const v2 = Math.max(...(c2.dataSync() as Float32Array));
  assert.ok(Math.abs((r.thresholds['enc0.conv2'] as number) - v2) < 1e-5 * v2, `v2 ${r.thresholds['enc0.conv2']} vs ${v2}`);
  assert.ok(r.layers.every((l) => l.v === l.max));
  tf.dispose([x, c1, c2]);
});

test('rate balancing uses the largest mean current; percentiles sit below the max', () => {
  const rate = balanceThresholds(arch, ann, cal, { ...base, stat: 'rate' });
  const step = balanceThresholds(arch, ann, cal, base);
  const p = balanceThresholds(arch, ann, cal, { ...base, method: 'p90' });
  assert.ok((rate.thresholds['enc0.conv1'] as number) < (step.thresholds['enc0.conv1'] as number));
  assert.ok((p.thresholds['enc0.conv1'] as number) < (step.thresholds['enc0.conv1'] as number));
});

test('per-branch balancing folds Λ_b / Λ_ref into the two weight slices of the concat conv', () => {
  const r = balanceThresholds(arch, ann, cal, base);
  const rec = r.layers.find((l) => l.name === 'dec0.conv1');
  const scale = (n: string): number => r.layers.find((l) => l.name === n)?.scale as number;
  const [fa, fb] = rec?.branchFactors ?? [Number.NaN, Number.NaN];
  const ref = Math.sqrt(scale('dec0.up') * scale('enc0.conv2'));
  assert.ok(Math.abs(fa - scale('dec0.up') / ref) < 1e-9 && Math.abs(fb - scale('enc0.conv2') / ref) < 1e-9);
  const w0 = ann.get('dec0.conv1') as Float32Array;
  const w1 = r.weights.get('dec0.conv1')?.data as Float32Array;
  // HWIO [3, 3, 4, 2]: input channels 0–1 come from dec0.up, 2–3 from enc0.conv2
  for (let i = 0; i < w0.length; i++) {
    const cin = Math.floor(i / 2) % 4;
    assert.ok(Math.abs((w1[i] as number) - (w0[i] as number) * (cin < 2 ? fa : fb)) < 1e-6);
  }
  assert.ok(Math.abs(r.readoutScale - scale('dec0.conv2')) < 1e-9);
});

test('spike rates approach ANN activation / Λ with shrinking error as T grows', () => {
  const r = balanceThresholds(arch, ann, cal, { ...base, stat: 'ann', method: 'max' });
  const w = tensors(r.weights);
  const annW = new Map([...ann].map(([k, v]) => [k, tf.tensor4d(v, [...(unetLayers(arch).find((l) => l.name === k)?.weightShape ?? [])] as [number, number, number, number])]));
  const x = tf.tensor4d(images, [N, 8, 8, 1]);
  const acts = new Map<string, Float32Array>();
  tf.tidy(() => { unetForward(arch, annW, x, (pre, l) => { const y = tf.relu(pre); acts.set(l.name, y.dataSync() as Float32Array); return y; }); });
  const p: SnnParams = { thresholds: r.thresholds, u0Fraction: 0, readoutScale: r.readoutScale };
  const errAt = (T: number, layer: string): number => {
    let err = 0;
    snnInfer(arch, w, p, x, { T, seed: 3, sliceIds: cal.sliceIds }, {
      onSpikes: (l, s) => {
        if (l.name !== layer) return;
        const d = s.dataSync();
        const a = acts.get(layer) as Float32Array;
        const lam = r.layers.find((q) => q.name === layer)?.scale as number;
        for (let i = 0; i < a.length; i++) {
          let n = 0;
          for (let t = 0; t < T; t++) n += d[t * a.length + i] as number;
          err += Math.abs(n / T - Math.min(1, (a[i] as number) / lam));
        }
        err /= a.length;
      },
    }).dispose();
    return err;
  };
  for (const layer of ['enc0.conv1', 'dec0.conv2']) {
    const e = [16, 64, 512].map((T) => errAt(T, layer));
    assert.ok((e[1] as number) < (e[0] as number) && (e[2] as number) < 0.5 * (e[0] as number), `${layer}: errors ${e.map((v) => v.toFixed(4)).join(' > ')}`);
  }
  tf.dispose([x, ...w.values(), ...annW.values()]);
});

test('same seed → identical spikes and logits; another seed differs; read-outs at several T equal separate runs', () => {
  const r = balanceThresholds(arch, ann, cal, base);
  const w = tensors(r.weights);
  const p: SnnParams = { thresholds: r.thresholds, u0Fraction: 0, readoutScale: r.readoutScale };
  const x = tf.tensor4d(images, [N, 8, 8, 1]);
  const run = (seed: number, T = 10): Float32Array => {
    const l = snnInfer(arch, w, p, x, { T, seed, sliceIds: cal.sliceIds });
    const d = l.dataSync() as Float32Array;
    l.dispose();
    return d;
  };
  assert.equal([...run(9)], [...run(9)]);
  assert.not.equal([...run(9)], [...run(10)]);
  const at = snnInferAt(arch, w, p, x, { T: 10, seed: 9, sliceIds: cal.sliceIds }, [4, 10]);
  for (const [k, T] of [4, 10].entries()) {
    const a = at[k]?.dataSync() as Float32Array;
    const b = run(9, T);
    assert.ok(a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-4 * (1 + Math.abs(v))), `T ${T}`);
  }
  tf.dispose([x, ...w.values(), ...at]);
});

test('histogram percentiles agree with an exact sort within one bin', () => {
  const v = Float32Array.from({ length: 20000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 5);
  const s = new CurrentStats();
  s.add(v.subarray(0, 7000));
  s.add(v.subarray(7000));
  const pos = [...v].filter((x) => x > 0).sort((a, b) => a - b);
  assert.is(s.max, pos[pos.length - 1]);
  for (const p of [50, 99, 99.9]) {
    const exact = pos[Math.min(pos.length - 1, Math.floor((p / 100) * pos.length))] as number;
    assert.ok(Math.abs(s.percentile(p) - exact) <= 1e-3 * exact, `p${p}: ${s.percentile(p)} vs ${exact}`);
  }
  assert.ok(Math.abs(s.positiveFraction - pos.length / v.length) < 1e-12);
});

test.run();
