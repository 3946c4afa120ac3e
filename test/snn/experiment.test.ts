// The SNN commands end to end on the 'micro' preset (tiny U-Net, 6 phantom subjects): `hsnn experiment`
// writes a per-job result and Table 1 with the paper's rows; the converted checkpoint round-trips through
// `hsnn evaluate-snn`, `hsnn rates` and `hsnn finetune --resume`; bad inputs give coded errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { initBackend } from '../../models/backend/select.js';
import { loadSnn } from '../../models/snn/snn-checkpoint.js';
import type { Table } from '../../cli/experiment/table.js';
import type { RatesReport } from '../../models/snn/rates.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-snn-exp-'));
const sink = (): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string; err: () => string } => {
  let o = '';
  let e = '';
  return { io: { stdout: { write: (s: string) => { o += s; return true; } }, stderr: { write: (s: string) => { e += s; return true; } } }, out: () => o, err: () => e };
};
const lastJson = (s: string): Record<string, unknown> => JSON.parse(s.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;

test.before(async () => { await initBackend(); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('experiment (micro) writes a job result and Table 1 with ANN / converted / fine-tuned rows', async () => {
  const s = sink();
  const code = await main(['experiment', '--preset', 'micro', '--out', dir, '--fold', '0'], s.io);
  assert.is(code, 0, s.err());
  const t = JSON.parse(readFileSync(join(dir, 'table1.json'), 'utf8')) as Table;
  assert.equal(t.rows.map((r) => `${r.model}@${r.T ?? '-'}`), ['ANN@-', 'Converted SNN@4', 'Converted SNN@8', 'Fine-tuned SNN@4']);
  for (const r of t.rows) {
    assert.ok(r.dice3d.mean >= 0 && r.dice3d.mean <= 1 && r.dice2d.mean >= 0 && r.dice2d.mean <= 1, JSON.stringify(r));
    assert.equal(r.folds, [0]);
  }
  assert.ok(t.rows[0]?.epochsToConverge && t.rows[3]?.epochsToConverge, 'ANN and fine-tuning record epochs to converge');
  assert.match(readFileSync(join(dir, 'table1.md'), 'utf8'), /\| dice \| Fine-tuned SNN \| 4 \|/);
  const ft = loadSnn(join(dir, 'fold0-dice', 'finetune', 'snn.ckpt'));
  assert.is(ft.snn.origin, 'finetuned');
  assert.is(ft.snn.T, 4);
  ft.weights.forEach((w) => w.dispose());
  const again = sink();
  assert.is(await main(['table', dir], again.io), 0);
  assert.is(lastJson(again.out()).rows, 4);
});

test('evaluate-snn scores several T; rates writes the compiler format; finetune resumes', async () => {
  const ckpt = join(dir, 'fold0-dice', 'snn-converted.ckpt');
  const e = sink();
  assert.is(await main(['evaluate-snn', ckpt, '--T', '2,4', '--subjects', '1'], e.io), 0, e.err());
  const ev = lastJson(e.out()) as { results: { T: number; dice3d: { mean: number } }[] };
  assert.equal(ev.results.map((r) => r.T), [2, 4]);
  const v = sink();
  assert.is(await main(['evaluate-snn', ckpt, '--T', '4', '--validation'], v.io), 0, v.err());
  const t = sink();
  assert.is(await main(['evaluate-snn', ckpt, '--T', '4'], t.io), 0, t.err());
  const ids = (s: string): string[] => (lastJson(s) as { results: { perSubject: { id: string }[] }[] }).results[0]?.perSubject.map((p) => p.id) ?? [];
  const split = loadSnn(ckpt);
  split.weights.forEach((w) => w.dispose());
  const recorded = split.header.training.split as { validation: string[]; test: string[] };
  assert.equal(ids(v.out()), recorded.validation, '--validation scores the recorded validation subjects');
  assert.equal(ids(t.out()), recorded.test);
  assert.match(v.err(), /fold 0 validation set/);
  const r = sink();
  const ratesFile = join(dir, 'rates.json');
  assert.is(await main(['rates', ckpt, '--out', ratesFile, '--slices', '4', '--T', '4'], r.io), 0, r.err());
  const rates = JSON.parse(readFileSync(ratesFile, 'utf8')) as RatesReport;
  assert.is(rates.T, 4);
  assert.is(rates.slices, 4);
  assert.equal(rates.layers.map((l) => l.name), ['enc0.conv1', 'enc0.conv2', 'mid.conv1', 'mid.conv2', 'dec0.up', 'dec0.conv1', 'dec0.conv2']);
  assert.ok(rates.layers.every((l) => l.rate >= 0 && l.rate <= 1 && l.silentFraction >= 0 && l.silentFraction <= 1 && l.neurons > 0));
  assert.is(rates.layers[0]?.neurons, 64 * 48 * 2);
  const f = sink();
  const out = join(dir, 'fold0-dice', 'finetune');
  assert.is(await main(['finetune', ckpt, '--out', out, '--resume', '--snapshots', '--epochs', '2', '--T', '4', '--batch', '8'], f.io), 0, f.err());
  const fj = lastJson(f.out());
  assert.is(fj.epochs, 2);
  assert.is(fj.epochsRun, 1);
  assert.ok(existsSync(join(out, 'snn.last.ckpt')));
  assert.ok(existsSync(join(out, 'snn.e2.ckpt')), 'the resumed epoch is snapshotted');
  assert.not.ok(existsSync(join(out, 'snn.e1.ckpt')), 'epoch 1 ran without --snapshots');
  const a = sink();
  assert.is(await main(['average', join(out, 'snn.e2.ckpt'), join(out, 'snn.last.ckpt'), '--out', join(out, 'mean.ckpt')], a.io), 0, a.err());
  const mean = loadSnn(join(out, 'mean.ckpt'));
  assert.is(mean.snn.T, 4);
  mean.weights.forEach((w) => w.dispose());
});

test('bad inputs are coded errors naming the file or option', async () => {
  const ann = join(dir, 'fold0-dice', 'ann', 'ann.best.ckpt');
  const snn = join(dir, 'fold0-dice', 'snn-converted.ckpt');
  const cases: [string[], RegExp][] = [
    [['convert', snn, '--out', join(dir, 'x.ckpt')], /HSNN1205 .*snn-converted\.ckpt/],
    [['finetune', ann, '--out', join(dir, 'ft')], /HSNN1301 .*ann\.best\.ckpt/],
    [['convert', ann, '--out', join(dir, 'x.ckpt'), '--method', 'p120'], /HSNN1303 option --method: 'p120'/],
    [['finetune', snn, '--out', join(dir, 'ft'), '--fold', '1'], /HSNN1305 option --fold 1/],
    [['finetune', snn, '--out', join(dir, 'fold0-dice', 'finetune'), '--resume', '--T', '8'], /HSNN1204 .*--resume with different settings: T 8/],
    [['table', join(dir, 'nothing')], /HSNN1306/],
  ];
  for (const [argv, re] of cases) {
    const s = sink();
    assert.is(await main(argv, s.io), 2, argv.join(' '));
    assert.match(s.err(), re);
  }
});

test.run();
