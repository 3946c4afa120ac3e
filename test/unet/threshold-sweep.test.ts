// The calibration check of `evaluate --thresholds` / `evaluate-snn --thresholds`: Dice and predicted/true
// volume at several probability cut-offs from one pass, on hand-made 2×2 masks (probability and logit
// inputs give the same counts), the evaluator's 0.5 row equal to its sweep at 0.5, and bad cut-offs coded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { addSweepOverlaps, newOverlapTable, newThresholdSweep, sweepScores, volumeRatio, type ThresholdScore } from '../../data/metrics.js';
import { evaluateSubjects } from '../../models/unet/evaluate.js';
import type { SliceDataset } from '../../data/types.js';
import { join } from 'node:path';
import { cli, makeWorld, withTrainingData } from '../cli/fixture.js';

// Subject s1 = slices A, B; subject s2 = slices C, D (as in metrics.test.ts).
const truth = [[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0]];
const prob = [[0.9, 0.8, 0.1, 0.2], [0.1, 0.4, 0.5, 0.0], [0.0, 0.0, 0.0, 0.0], [0.6, 0.0, 0.0, 0.7]];
const subjects = [{ id: 's1', sliceStart: 0, sliceCount: 2 }, { id: 's2', sliceStart: 2, sliceCount: 2 }];
const masks = Uint8Array.from(truth.flat());
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
// Hand counts. Cut 0.05: s1 inter 4, |P| 7 (A all, B three), |G| 4 → 8/11; s2 only D's two false positives → 0; volume 9/7.
// Cut 0.5: s1 2·2/(2+4) = 2/3; s2 0; volume 4/7. Cut 0.75: s1 2/3; s2 nothing predicted, |G| 3 → 0; volume 2/7.
const expected = [
  { threshold: 0.05, s1: 8 / 11, volume: 9 / 7 },
  { threshold: 0.5, s1: 2 / 3, volume: 4 / 7 },
  { threshold: 0.75, s1: 2 / 3, volume: 2 / 7 },
];

function checkScores(scores: readonly ThresholdScore[], what: string): void {
  assert.equal(scores.map((s) => s.threshold), expected.map((e) => e.threshold), what);
  for (const [k, e] of expected.entries()) {
    const s = scores[k];
    assert.ok(s, `${what}: cut ${e.threshold}`);
    close(s.dice3d.mean, e.s1 / 2, `${what}: mean 3D Dice at ${e.threshold}`);
    assert.is(s.dice3d.n, 2);
    close(s.volumeRatio, e.volume, `${what}: volume at ${e.threshold}`);
  }
}

test('sweep at three cut-offs: hand-counted Dice and volume, the same from probabilities and from logits', () => {
  const cuts = expected.map((e) => e.threshold);
  const p = newThresholdSweep(4, cuts);
  addSweepOverlaps(p, prob.flat(), masks, [0, 1, 2, 3], 4, 'probability');
  checkScores(sweepScores(p, subjects), 'probabilities');
  const l = newThresholdSweep(4, cuts);
  const logits = prob.flat().map((v) => Math.log(v / (1 - v)));
  // Two batches, out of order: the counts land on their slices whatever the batching.
  addSweepOverlaps(l, logits.slice(8), masks, [2, 3], 4, 'logit');
  addSweepOverlaps(l, logits.slice(0, 8), masks, [0, 1], 4, 'logit');
  checkScores(sweepScores(l, subjects), 'logits');
});

test('volume ratio: unscored slices do not count; no truth gives NaN', () => {
  const t = newOverlapTable(3);
  t.pred[0] = 5; t.truth[0] = 2; t.scored[0] = 1;
  t.pred[1] = 100; t.truth[1] = 1;
  assert.is(volumeRatio(t), 2.5);
  const empty = newOverlapTable(2);
  empty.pred[0] = 3; empty.scored[0] = 1;
  assert.ok(Number.isNaN(volumeRatio(empty)));
  assert.throws(() => newThresholdSweep(2, [0.5, 1]), /internal assertion failed: sweep thresholds 0.5,1 must lie in \(0, 1\)/);
});

test('evaluateSubjects: the sweep rides on the same pass, and its 0.5 row is the report itself', async () => {
  await initBackend('cpu');
  const data: SliceDataset = {
    config: { axis: 0, height: 2, width: 2, clipPercentiles: [0, 100] },
    images: new Float32Array(16), masks, n: 4,
    subjects: subjects.map((s) => ({ ...s, shape: [2, 2, 2] as [number, number, number] })),
  };
  const values = tf.tensor4d(prob.flat(), [4, 2, 2, 1]);
  let at = 0;
  const predict = (x: tf.Tensor4D): tf.Tensor4D => {
    const n = x.shape[0];
    const out = values.slice([at, 0, 0, 0], [n, 2, 2, 1]);
    at += n;
    return out;
  };
  const r = await evaluateSubjects(data, ['s1', 's2'], predict, { batchSize: 3, thresholds: expected.map((e) => e.threshold) });
  values.dispose();
  assert.ok(r.sweep, 'the report carries the sweep');
  checkScores(r.sweep, 'evaluateSubjects');
  assert.equal(r.sweep[1]?.dice3d, r.dice3d);
  assert.equal(r.sweep[1]?.dice2dHippocampus, r.dice2dHippocampus);
  const plain = await evaluateSubjects(data, ['s1'], (x) => tf.zerosLike(x));
  assert.is(plain.sweep, undefined, 'no sweep unless asked');
});

const w = makeWorld('sweep');
test.after(() => w.cleanup());

/** The world's random-weight SNN, recorded as trained on three small phantoms so the CLI can score it. */
function phantomCkpt(): string {
  return withTrainingData(w.ckpt, join(w.dir, 'phantom-trained.ckpt'), { kind: 'phantoms', count: 3, seed: 1, shape: [8, 24, 20] });
}

test('CLI: evaluate-snn --thresholds prints a line per cut and puts the sweep in its JSON; bad cut-offs are HSNN1203', async () => {
  const r = await cli(['evaluate-snn', phantomCkpt(), '--all', '--T', '2', '--thresholds', '0.2,0.5', '--backend', 'cpu']);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /cut 0\.20 {2}dice3d [\d.]+ ± [\d.]+ {2}dice2d\(hippocampus\) [\d.]+ {2}volume ×/);
  const json = JSON.parse(r.out.trim().split('\n').pop() as string) as { results: { dice3d: unknown; sweep: { threshold: number; dice3d: unknown }[] }[] };
  const at2 = json.results[0];
  assert.equal(at2?.sweep.map((s) => s.threshold), [0.2, 0.5]);
  assert.equal(at2?.sweep[1]?.dice3d, at2?.dice3d, 'the 0.5 cut is the logit > 0 prediction');
  for (const bad of ['0,0.5', '0.5,1', 'half', '']) {
    for (const cmd of ['evaluate-snn', 'evaluate']) {
      const e = await cli([cmd, w.ckpt, '--thresholds', bad, '--backend', 'cpu']);
      assert.is(e.code, 2, `${cmd} --thresholds '${bad}': ${e.err}`);
      assert.match(e.err, /HSNN1203 option --thresholds: '.*' must be probabilities strictly between 0 and 1/);
    }
  }
});

test.run();
