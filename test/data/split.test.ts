// Subject-level k-fold and validation splits: disjoint, covering, balanced, seeded and deterministic.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kFoldSplit, validationSplit } from '../../data/index.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `subject_${String(i).padStart(3, '0')}`);

test('k folds: test sets disjoint, covering, balanced; train is the complement', () => {
  for (const [n, k] of [[208, 5], [10, 3], [7, 7], [23, 4]] as const) {
    const all = ids(n);
    const seen = new Map<string, number>();
    const sizes: number[] = [];
    for (let f = 0; f < k; f++) {
      const { train, test: held } = kFoldSplit(all, k, f, 42);
      sizes.push(held.length);
      for (const id of held) seen.set(id, (seen.get(id) ?? 0) + 1);
      assert.is(train.length + held.length, n);
      const heldSet = new Set(held);
      assert.ok(train.every((id) => !heldSet.has(id)), 'train and test disjoint');
    }
    assert.is(seen.size, n, 'every subject tested once');
    assert.ok([...seen.values()].every((c) => c === 1));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced: ${sizes.join(',')}`);
  }
});

test('k folds: same seed same split, other seed other split, input order irrelevant', () => {
  const all = ids(40);
  const a = kFoldSplit(all, 5, 2, 7);
  assert.equal(kFoldSplit(all, 5, 2, 7), a);
  assert.not.equal(kFoldSplit(all, 5, 2, 8).test, a.test);
  const shuffledInput = [...all].reverse();
  assert.equal([...kFoldSplit(shuffledInput, 5, 2, 7).test].sort(), [...a.test].sort());
  // The split is a shuffle, not contiguous blocks of the sorted ids.
  const idx = a.test.map((id) => all.indexOf(id));
  assert.ok(idx.some((v, i) => i > 0 && v !== (idx[i - 1] as number) + 1));
});

test('validation carve-out: seeded, ~10%, at least one, disjoint from train', () => {
  const train = ids(166);
  const v = validationSplit(train, 0.1, 3);
  assert.is(v.validation.length, 17);
  assert.is(v.train.length, 149);
  const vs = new Set(v.validation);
  assert.ok(v.train.every((id) => !vs.has(id)));
  assert.equal(validationSplit(train, 0.1, 3), v);
  assert.not.equal(validationSplit(train, 0.1, 4).validation, v.validation);
  assert.is(validationSplit(ids(4), 0.1, 0).validation.length, 1);
  assert.is(validationSplit(ids(1), 0.1, 0).validation.length, 0);
  assert.is(validationSplit(ids(20), 0, 0).validation.length, 0);
});

test.run();
