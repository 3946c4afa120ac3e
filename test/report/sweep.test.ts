// hsnn sweep on tiny seeded checkpoints and two phantom subjects: the Pareto front rule, T paired per
// checkpoint, the fold-split refusal (HSNN7410 naming file and field; nothing written, an earlier sweep
// left as it was), an end-to-end sweep with progress, table, page and records, a rerun that skips every
// recorded point, a resume that runs only the missing one, and the chart's marks in the HTML and the PNG.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writePhantomFolder } from '../../cli/pipeline/phantom-folder.js';
import { encodeCheckpoint } from '../../formats/checkpoint.js';
import { pairTs } from '../../cli/pipeline/sweep-plan.js';
import { HsnnError } from '../../core/errors.js';
import { exportFigures } from '../../report/render/browser.js';
import { findChromium } from '../../report/render/browser.js';
import { decodePng } from '../../report/render/png.js';
import { paretoChart } from '../../report/render/pareto.js';
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
const c = ckpt('c.ckpt', split);
const d = ckpt('d.ckpt', { ...split, split: { train: ['s1', 's2'], test: ['s3'] } }), e = ckpt('e.ckpt', { ...split, split: { train: ['s1', 's3'], test: ['s2'] } });

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

test('Pareto chart: a narrow Dice range (0.879–0.898, as measured) still gets Dice ticks; a label at the right edge turns left', () => {
  const v = { id: 'v', title: 'v', mixesNodes: false, annPj: 4.95e9, points: [{ name: 'snn-lowT', T: 4, dice: 0.883, pj: 3.59e9, front: true }, { name: 'snn-finetuned', T: 16, dice: 0.8793, pj: 9.79e9, front: false }] };
  const svg = paretoChart('c', v, { checkpoint: 'ann', dice: 0.8977, subjects: ['s'] });
  for (const t of ['0.88', '0.89', '0.9']) assert.match(svg, new RegExp(`>${t.replace('.', '\\.')}</text>`), `tick ${t}`);
  assert.match(svg, /text-anchor="end"[^>]*>snn-finetuned T=16</, 'the rightmost label is drawn left of its point');
});

test('T per checkpoint: none = own T, once = all, once per checkpoint = paired; a mismatch is HSNN7411', () => {
  assert.equal(pairTs(['x', 'y'], []), [['own'], ['own']]);
  assert.equal(pairTs(['x', 'y'], [[4, 8]]), [[4, 8], [4, 8]]);
  assert.equal(pairTs(['x', 'y'], [[4], ['own', 32]]), [[4], ['own', 32]]);
  assert.equal(pairTs(['x'], [[4], [8]]), [[4, 8]], 'one checkpoint: repeated --T add up');
  assert.throws(() => pairTs(['x', 'y', 'z'], [[4], [8]]), (err: unknown) => err instanceof HsnnError && /HSNN7411|--T: given 2 times for 3 checkpoints/.test(err.message));
});

/** Every file under dir with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) if (f.isFile()) out[join(f.parentPath, f.name)] = readFileSync(join(f.parentPath, f.name)).toString('base64');
  return out;
}

test('checkpoints with different fold splits: HSNN7410 naming the file and field, nothing written', async () => {
  const out = join(dir, 'mixed');
  const r = await cli(['sweep', '--ckpt', a, '--ckpt', b, '--data', data, '--ann', ann, '--ann-dice', '0.5', '--out', out, '--no-png']);
  assert.is.not(r.code, 0);
  assert.match(r.err, /HSNN7410 sweep checkpoint .*b\.ckpt: training\.seed = 4 differs from .*a\.ckpt \(3\)/);
  assert.not.ok(existsSync(out), 'no output folder');
});

test('different subject lists: HSNN7410 names training.split.<list>, briefly', async () => {
  const r = await cli(['sweep', '--ckpt', d, '--ckpt', e, '--data', data, '--ann-dice', '0.5', '--out', join(dir, 'split'), '--no-png']);
  assert.is.not(r.code, 0);
  assert.match(r.err, /HSNN7410 sweep checkpoint .*e\.ckpt: training\.split\.train = \["s1","s3"\] differs from .*d\.ckpt \(\["s1","s2"\]\)/);
  assert.not.ok(existsSync(join(dir, 'split')), 'no output folder');
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
  // A refused sweep into the same folder leaves the earlier one byte for byte.
  const kept = tree(out);
  const mixed = await cli(['sweep', '--ckpt', a, '--ckpt', b, '--data', data, '--ann-dice', '0.5', '--out', out, '--no-png']);
  assert.match(mixed.err, /HSNN7410 .*b\.ckpt: training\.seed/);
  assert.equal(tree(out), kept, 'the earlier sweep is untouched');
});

test('an --ann of another U-Net size: HSNN7501 naming both files, before anything runs', async () => {
  const out = join(dir, 'wrong-ann');
  const r = await cli(['sweep', '--ckpt', a, '--data', data, '--subjects', '1', '--out', out, '--no-png']);
  assert.is.not(r.code, 0);
  assert.match(r.err, /HSNN7501 sweep: arch of checkpoint .*models\/pretrained\/ann\.ckpt is not the U-Net of checkpoint .*a\.ckpt \(base 16 vs 4/);
  assert.not.ok(r.err.includes('simulating'), 'nothing was simulated');
  assert.not.ok(existsSync(out), 'no output folder');
});

const SWEEP2 = join(dir, 'paired');
const argv2 = ['sweep', '--ckpt', a, '--T', '2', '--ckpt', c, '--T', 'own,3', '--data', data, '--subjects', '1', '--ann', ann, '--ann-dice', '0.95', '--threads', '1', '--out', SWEEP2, '--no-png'];

test('T per checkpoint end to end, with progress; a resume runs only the point that is missing', async () => {
  const r = await cli(argv2);
  assert.is(r.code, 0, r.err);
  const sweep = JSON.parse(readFileSync(join(SWEEP2, 'sweep.json'), 'utf8')) as { points: { name: string; T: number }[] };
  assert.equal(sweep.points.map((p) => `${p.name}-T${p.T}`), ['a-T2', 'c-T4', 'c-T3'], 'a at 2; c at its own T (4), then 3');
  assert.match(r.err, /\[1\/3\] a T=2: compile, simulate, cost\n/, 'progress: which point starts');
  assert.match(r.err, /simulating \[#+\] 35\/35 slices/, 'progress within a point: the simulator\'s slices');
  assert.match(r.err, /\[1\/3\] a T=2: Dice \d\.\d{4} in \d+\.\d s/, 'progress: each point\'s Dice and time');
  assert.match(r.err, /\[3\/3\] c T=3: Dice/);
  // An interrupted sweep: the last point's record is gone; the rerun runs that point only.
  const first = readFileSync(join(SWEEP2, 'points', 'a-T2.json'), 'utf8');
  rmSync(join(SWEEP2, 'points', 'c-T3.json'));
  const again = await cli(argv2);
  assert.is(again.code, 0, again.err);
  assert.match(again.err, /\[1\/3\] a T=2: recorded .* skipped/);
  assert.match(again.err, /\[2\/3\] c T=4: recorded .* skipped/);
  assert.match(again.err, /\[3\/3\] c T=3: compile, simulate, cost/);
  assert.is(readFileSync(join(SWEEP2, 'points', 'a-T2.json'), 'utf8'), first, 'a recorded point is not rewritten');
  assert.ok(existsSync(join(SWEEP2, 'points', 'c-T3.json')), 'the missing point is recorded again');
});

test('sweep.html: every view\'s chart marks the frontier (filled points, dashed step line) and the ANN (diamond)', () => {
  const html = readFileSync(join(SWEEP2, 'sweep.html'), 'utf8');
  const charts = html.split('<section class="figure"').slice(1);
  assert.ok(charts.length >= 4, `one chart per view (${charts.length})`);
  for (const ch of charts) {
    assert.match(ch, /<circle class="front"/, 'frontier points');
    assert.match(ch, /<path class="frontier" d="M[\d.]+,[\d.]+/, 'the frontier line');
    assert.match(ch, /<path class="ann" d="M[\d.]+,[\d.]+ l7,7/, 'the ANN diamond');
    assert.match(ch, /ANN: Dice 0\.950/, 'the ANN point carries its Dice');
    assert.match(ch, /class="legend".*SNN on the frontier.*Pareto frontier.*ANN/, 'the legend names the marks');
  }
});

/** Pixels within 40 (per channel) of an RGB colour. */
function near(png: Uint8Array, rgb: readonly [number, number, number]): number {
  const img = decodePng(png);
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (Math.abs((img.rgba[i] as number) - rgb[0]) < 40 && Math.abs((img.rgba[i + 1] as number) - rgb[1]) < 40 && Math.abs((img.rgba[i + 2] as number) - rgb[2]) < 40) n++;
  return n;
}

if (findChromium() === undefined) test.skip('sweep PNGs mark the frontier and the ANN (needs Chromium)', () => undefined);
else {
  test('sweep PNGs mark the frontier and the ANN', async () => {
    const png = await exportFigures(join(SWEEP2, 'sweep.html'), join(SWEEP2, 'figures'));
    if ('reason' in png) throw new Error(png.reason);
    assert.ok(png.files.some((f) => f.endsWith('pareto-int8-no-reuse.png')), png.files.join(', '));
    for (const f of png.files) {
      const bytes = readFileSync(f);
      // Two diamonds (plot + legend) of ~98 px² each at 2× scale, anti-aliased: well above one.
      assert.ok(near(bytes, [0xd5, 0x5e, 0x00]) > 400, `${f}: the ANN diamond is drawn`);
      assert.ok(near(bytes, [0x00, 0x72, 0xb2]) > 400, `${f}: frontier points and line are drawn`);
    }
  });
}

test.run();
