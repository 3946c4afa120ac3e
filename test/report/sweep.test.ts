// hsnn sweep on tiny seeded checkpoints and two phantom subjects: the Pareto front rule, the fold-split
// refusal (HSNN7410, nothing written), an end-to-end sweep with its table, page and records, and a rerun
// that skips every recorded point.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writePhantomFolder } from '../../cli/pipeline/phantom-folder.js';
import { encodeCheckpoint } from '../../formats/checkpoint.js';
import { paretoFront } from '../../report/sweep/pareto.js';
import { randomWeights, snnHeader, TINY_ARCH } from '../compiler/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-sweep-'));
const data = writePhantomFolder(join(dir, 'phantoms'), 2, 11).dir;
const preprocess = { axis: 0 as const, height: TINY_ARCH.height, width: TINY_ARCH.width, clipPercentiles: [1, 99] as const };

function ckpt(name: string, training: Record<string, unknown>, kind: 'snn' | 'ann' = 'snn'): string {
  const file = join(dir, name);
  const header = { kind, arch: TINY_ARCH, preprocess, training, ...(kind === 'snn' ? { snn: snnHeader(TINY_ARCH, undefined, 4) } : {}) };
  writeFileSync(file, encodeCheckpoint(header, randomWeights(TINY_ARCH, 5)));
  return file;
}
const split = { fold: 0, folds: 5, seed: 3 };
const a = ckpt('a.ckpt', split), b = ckpt('b.ckpt', { ...split, seed: 4 }), ann = ckpt('ann.ckpt', split, 'ann');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io = { stdout: { write: (s: string) => { out += s; return true; } }, stderr: { write: (s: string) => { err += s; return true; } } };
  const code = await main(argv, io);
  return { code, out, err };
}

test('Pareto front: a point is on it unless another has at least its Dice for at most its energy', () => {
  const front = paretoFront([{ dice: 0.8, pj: 10 }, { dice: 0.7, pj: 20 }, { dice: 0.9, pj: 30 }, { dice: 0.8, pj: 10 }, { dice: 0.5, pj: 5 }]);
  assert.equal([...front].sort(), [0, 2, 3, 4]);
});

test('checkpoints with different fold splits: HSNN7410 naming the file and field, nothing written', async () => {
  const out = join(dir, 'mixed');
  const r = await cli(['sweep', '--ckpt', a, '--ckpt', b, '--data', data, '--ann', ann, '--ann-dice', '0.5', '--out', out, '--no-png']);
  assert.is.not(r.code, 0);
  assert.match(r.err, /HSNN7410 sweep checkpoint .*b\.ckpt: training\.seed = 4 differs from .*a\.ckpt \(3\)/);
  assert.not.ok(existsSync(out), 'no output folder');
});

test('sweep end to end: table, page, records; a rerun skips recorded points', async () => {
  const out = join(dir, 'ok');
  const argv = ['sweep', '--ckpt', a, '--T', '2,4', '--data', data, '--subjects', '1', '--ann', ann, '--ann-dice', '0.5', '--threads', '1', '--out', out, '--no-png'];
  const r = await cli(argv);
  assert.is(r.code, 0, r.err);
  const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { points: { T: number; subjects: string[]; views: { id: string; snnPj: number }[] }[]; ann: { dice: number } };
  assert.equal(sweep.points.map((p) => p.T), [2, 4]);
  assert.is(sweep.points[0]?.subjects.length, 1, '--subjects 1');
  assert.ok(sweep.points.every((p) => p.views.some((v) => v.id === 'int8-no-reuse') && p.views.every((v) => v.snnPj > 0)));
  // Twice the steps cost more energy in every view (the same weights, more spikes and updates).
  assert.ok(sweep.points[1]!.views.every((v, i) => v.snnPj > sweep.points[0]!.views[i]!.snnPj));
  assert.is(sweep.ann.dice, 0.5);
  assert.match(readFileSync(join(out, 'pareto.md'), 'utf8'), /\| a \| 2 \|/);
  assert.match(readFileSync(join(out, 'sweep.html'), 'utf8'), /data-chart="pareto-int8-no-reuse"/);
  const before = readFileSync(join(out, 'points', 'a-T2.json'), 'utf8');
  const again = await cli(argv);
  assert.is(again.code, 0);
  assert.match(again.err, /\[1\/2\] a T=2: recorded .* skipped/);
  assert.match(again.err, /\[2\/2\] a T=4: recorded .* skipped/);
  assert.is(readFileSync(join(out, 'points', 'a-T2.json'), 'utf8'), before);
});

test.run();
