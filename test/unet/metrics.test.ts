// Dice definitions on hand-made 2×2 masks: per-slice, both-empty rule, hippocampus-only variant,
// per-subject 3D pooling, and the evaluator's batching across subject boundaries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { addOverlaps, dice, newOverlapTable, sliceDice, stat, subjectDice } from '../../data/metrics.js';
import { evaluateSubjects } from '../../models/unet/evaluate.js';
import type { SliceDataset } from '../../data/types.js';

// Four 2×2 slices. Subject s1 = slices 0, 1; subject s2 = slices 2, 3.
const truth = [
  [1, 1, 1, 1], // A: |G| = 4
  [0, 0, 0, 0], // B: empty
  [1, 1, 1, 0], // C: |G| = 3
  [0, 0, 0, 0], // D: empty
];
const pred = [
  [0.9, 0.8, 0.1, 0.2], // A: 2 hits, |P| = 2 → 2·2/(2+4) = 2/3
  [0.1, 0.4, 0.5, 0.0], // B: 0.5 is not > 0.5 → empty, both empty → 1
  [0.0, 0.0, 0.0, 0.0], // C: missed → 0
  [0.6, 0.0, 0.0, 0.7], // D: 2 false positives → 0
];
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

function dataset(): SliceDataset {
  return {
    config: { axis: 0, height: 2, width: 2, clipPercentiles: [0, 100] },
    images: new Float32Array(16), masks: Uint8Array.from(truth.flat()), n: 4,
    subjects: [
      { id: 's1', sliceStart: 0, sliceCount: 2, shape: [2, 2, 2] },
      { id: 's2', sliceStart: 2, sliceCount: 2, shape: [2, 2, 2] },
    ],
  };
}

test('dice of counts, both empty = 1', () => {
  assert.is(dice(0, 0, 0), 1);
  assert.is(dice(0, 3, 0), 0);
  close(dice(2, 2, 4), 2 / 3, 'dice');
});

test('population mean ± std', () => {
  const s = stat([0, 1]);
  assert.equal([s.mean, s.std, s.n], [0.5, 0.5, 2]);
  assert.ok(Number.isNaN(stat([]).mean));
});

test('2D and 3D Dice on hand-made masks', () => {
  const t = newOverlapTable(4);
  const ds = dataset();
  addOverlaps(t, pred.flat(), ds.masks, [0, 1, 2, 3], 4);
  const d2 = sliceDice(t);
  const all = [2 / 3, 1, 0, 0];
  const mean = all.reduce((a, b) => a + b) / 4;
  close(d2.all.mean, mean, '2D mean');
  close(d2.all.std, Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / 4), '2D std');
  close(d2.hippocampus.mean, 1 / 3, '2D over hippocampus slices (A, C)');
  assert.is(d2.hippocampus.n, 2);
  const d3 = subjectDice(t, ds.subjects);
  // s1: inter 2, |P| 2, |G| 4 → 2/3;  s2: inter 0, |P| 2, |G| 3 → 0
  assert.equal(d3.map((s) => s.id), ['s1', 's2']);
  close(d3[0]?.dice3d ?? -1, 2 / 3, 's1');
  close(d3[1]?.dice3d ?? -1, 0, 's2');
});

test('unscored slices and subjects are left out', () => {
  const t = newOverlapTable(4);
  const ds = dataset();
  addOverlaps(t, pred.slice(2).flat(), ds.masks, [2, 3], 4);
  assert.is(sliceDice(t).all.n, 2);
  assert.equal(subjectDice(t, ds.subjects).map((s) => s.id), ['s2']);
});

test('evaluateSubjects batches across subjects and scores only the requested ones', async () => {
  await initBackend();
  const ds = dataset();
  const probs = pred.flat();
  let at = 0;
  const predict = (x: tf.Tensor4D): tf.Tensor4D => {
    const n = x.shape[0] * 4;
    const out = tf.tensor4d(probs.slice(at, at + n), [x.shape[0], 2, 2, 1]);
    at += n;
    return out;
  };
  const r = await evaluateSubjects(ds, ['s1', 's2'], predict, { batchSize: 3 });
  assert.is(r.slices, 4);
  close(r.dice3d.mean, 1 / 3, '3D mean');
  close(r.dice3d.std, 1 / 3, '3D std');
  close(r.dice2dHippocampus.mean, 1 / 3, '2D hippocampus');
  at = 8;
  const only2 = await evaluateSubjects(ds, ['s2'], predict);
  assert.equal(only2.subjects.map((s) => s.id), ['s2']);
  assert.is(only2.dice2d.n, 2);
});

test.run();
