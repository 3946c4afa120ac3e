// Table 1 over both recipes on the 'micro' presets (phantoms): the paper job, then the low-latency job
// reusing its ANN with the direct-training baseline; `hsnn table` writes both blocks, missing losses, the
// per-fold appendix and the convergence chart. Bad inputs: a low-latency job without its paper ANN, jobs
// whose configs or presets differ, a result without config, and options that do not fit the preset.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { initBackend } from '../../models/backend/select.js';
import type { JobResult } from '../../cli/experiment/experiment.js';
import type { Table } from '../../cli/experiment/table.js';
import { paperCell } from '../../cli/experiment/table-md.js';
import { README_BEGIN, README_END } from '../../cli/experiment/table-readme.js';
import { patienceExhausted } from '../../models/unet/train-loop.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-snn-table-'));
const cli = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '', err = '';
  const io = { stdout: { write: (s: string): boolean => { out += s; return true; } }, stderr: { write: (s: string): boolean => { err += s; return true; } } };
  return { code: await main(argv, io), out: out, err: err };
};
const result = (d: string, job: string): JobResult => JSON.parse(readFileSync(join(d, job, 'result.json'), 'utf8')) as JobResult;

test.before(async () => { await initBackend(); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('lowlat without the paper ANN is HSNN1312 naming the missing checkpoint', async () => {
  const r = await cli(['experiment', '--preset', 'micro-lowlat', '--out', join(dir, 'empty'), '--fold', '0']);
  assert.is(r.code, 2);
  assert.match(r.err, /HSNN1312 .*fold0-dice.ann.ann\.best\.ckpt/);
});

test('paper then lowlat --direct: both blocks, QCFS row, direct converged or bounded, appendix and chart', async () => {
  const p = await cli(['experiment', '--preset', 'micro', '--out', dir, '--fold', '0']);
  assert.is(p.code, 0, p.err.slice(-2000));
  const l = await cli(['experiment', '--preset', 'micro-lowlat', '--out', dir, '--fold', '0', '--direct', '--patience', '1', '--max-epochs', '3']);
  assert.is(l.code, 0, l.err.slice(-2000));
  const low = result(dir, 'fold0-dice-lowlat');
  assert.is(low.recipe, 'lowlat');
  assert.is(low.annSource?.sha256.length, 64);
  assert.ok(low.qcfsAnn && low.qcfsAnn.subjects === 3);
  assert.equal(Object.keys(low.sim?.converted ?? {}), ['4'], 'no larger-T row for the low-latency recipe');
  const d = low.direct;
  assert.ok(d && d.patience === 1 && d.maxEpochs === 3);
  const best = d.training.epochsToConverge ?? 0;
  assert.is(d.converged, patienceExhausted({ epoch: d.training.epochs, bestEpoch: best }, 1), 'converged ⇔ patience ran out');
  assert.ok(d.training.epochs <= 3);
  if (d.converged) assert.is(d.training.epochs - best, 1, 'stopped as soon as the patience ran out');
  else assert.is(d.training.epochs, 3, 'bounded runs stop at the cap');
  assert.ok(patienceExhausted({ epoch: 5, bestEpoch: 2 }, 3) && !patienceExhausted({ epoch: 4, bestEpoch: 2 }, 3) && !patienceExhausted({ epoch: 9, bestEpoch: 2 }, undefined));
  assert.is(d.training.passesToConverge, (best * (d.training.slicesPerEpoch ?? 0)) / (d.training.trainingSlices ?? 1));
  const t = JSON.parse(readFileSync(join(dir, 'table1.json'), 'utf8')) as Table;
  const keys = t.rows.map((r) => `${r.recipe}:${r.model}@${r.T ?? '-'}`);
  assert.equal(keys, [
    'paper:ANN@-', 'paper:Converted SNN@4', 'paper:Converted SNN@8', 'paper:Fine-tuned SNN@4',
    'lowlat:ANN@-', 'lowlat:QCFS ANN@-', 'lowlat:Converted SNN@4', 'lowlat:Fine-tuned SNN@4', 'lowlat:Directly trained SNN@4',
  ]);
  const ft = t.rows.find((r) => r.recipe === 'paper' && r.model === 'Fine-tuned SNN');
  assert.ok(ft && ft.engine === 'simulator' && ft.tfjs3d !== null && ft.gapToAnn !== null && ft.foldsExpected === 2);
  assert.equal(t.missingLosses, ['bce', 'bce-dice']);
  const md = readFileSync(join(dir, 'table1.md'), 'utf8');
  assert.match(md, /\| bce \| every model \| \| missing \| missing \|.*\| 0\/2 \|/);
  assert.match(md, /\| dice \| Converted SNN \| 8 \|.*\| 1\/2 \| not in \.\.\/shared \|/, 'the paper range is for T = 200 only');
  assert.match(paperCell({ recipe: 'paper', model: 'Converted SNN', T: 200 }), /21\.6–65\.9/);
  assert.is(paperCell({ recipe: 'lowlat', model: 'Converted SNN', T: 200 }), '—');
  assert.match(md, /not in \.\.\/shared\/docs/);
  assert.match(md, /## Per-fold appendix[\s\S]*\| fold0-dice-lowlat \| lowlat \|/);
  const svg = readFileSync(join(dir, 'convergence.svg'), 'utf8');
  assert.match(svg, /^<svg /);
  assert.match(svg, /fold0-dice-lowlat direct \(T 4\)/);
  assert.match(svg, /fold0-dice fine-tuning \(T 4\)/, "the paper job's fine-tuning of the same fold is drawn beside");
  assert.match(svg, /stroke-dasharray/);
});

test('table --readme splices the blocks between the markers, keeps the text around them and is idempotent; bad markers are HSNN1314', async () => {
  const docs = join(dir, 'docs');
  mkdirSync(docs, { recursive: true });
  const readme = join(docs, 'README.md');
  writeFileSync(readme, `# Results\n\nbefore\n${README_BEGIN}\nstale numbers\n${README_END}\nafter: the reading\n`);
  let r = await cli(['table', dir, '--readme', readme]);
  assert.is(r.code, 0, r.err);
  const once = readFileSync(readme, 'utf8');
  assert.ok(once.startsWith('# Results\n\nbefore\n') && once.endsWith(`${README_END}\nafter: the reading\n`));
  assert.not.match(once, /stale numbers/);
  assert.match(once, /#### Paper recipe[\s\S]*\| dice \| Fine-tuned SNN \| 4 \|/);
  assert.match(once, /#### Low-latency recipe/);
  assert.match(once, /!\[convergence\]\(\.\.\/convergence\.svg\)/, 'chart path relative to the README');
  assert.not.match(once, /Per-fold appendix/);
  assert.is((await cli(['table', dir, '--readme', readme])).code, 0);
  assert.is(readFileSync(readme, 'utf8'), once, 'a second run changes nothing');
  const cases: [string, RegExp][] = [
    ['no markers\n', /found 0 begin, 0 end/],
    [`${README_END}\n${README_BEGIN}\n`, /end first/],
    [`${README_BEGIN}\n${README_END}\n${README_BEGIN}\n`, /found 2 begin, 1 end/],
  ];
  rmSync(join(dir, 'table1.md'));
  for (const [text, re] of cases) {
    writeFileSync(readme, text);
    r = await cli(['table', dir, '--readme', readme]);
    assert.is(r.code, 2);
    assert.match(r.err, /HSNN1314 .*--readme .*README\.md/);
    assert.match(r.err, re);
    assert.is(readFileSync(readme, 'utf8'), text, 'the file is left as it was');
  }
  assert.not.ok(existsSync(join(dir, 'table1.md')), 'nothing written when the README is refused');
  r = await cli(['table', dir, '--readme', join(docs, 'missing.md')]);
  assert.match(r.err, /HSNN1314 .*missing\.md: no such file/);
});

test('the appendix marks a restarted ANN with its collapsed runs, and a job resumed on other code with both commits', async () => {
  const folder = join(dir, 'restarted');
  mkdirSync(join(folder, 'fold0-dice'), { recursive: true });
  const r = result(dir, 'fold0-dice');
  const collapsedRuns = [{ restart: 0, epochs: 8, dir: 'ann-collapsed-r0' }];
  const startedWith = { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false };
  writeFileSync(join(folder, 'fold0-dice', 'result.json'), JSON.stringify({ ...r, startedWith, ann: { ...r.ann, collapsedRuns } }));
  const t = await cli(['table', folder]);
  assert.is(t.code, 0, t.err);
  const md = readFileSync(join(folder, 'table1.md'), 'utf8');
  assert.match(md, /\| fold0-dice ‡ \| paper \|/);
  assert.match(md, /‡ The ANN collapsed .*\(fold0-dice: restart 0 collapsed after 8 epochs\)/);
  assert.is((await cli(['table', dir])).code, 0);
  const plain = readFileSync(join(dir, 'table1.md'), 'utf8');
  assert.not.match(plain, /‡/, 'no mark without a restart');
  assert.match(md, /\| 0123456 → [0-9a-f?]/, 'first and finishing commits');
  assert.not.match(plain, /\| [0-9a-f?]{7}\+? → /, 'one commit when the job ran on one');
});

test('an unreadable result.json or job.json is HSNN1306 naming the file', async () => {
  const folder = join(dir, 'unreadable');
  mkdirSync(join(folder, 'fold0-dice'), { recursive: true });
  writeFileSync(join(folder, 'fold0-dice', 'result.json'), '{"preset": ');
  let r = await cli(['table', folder]);
  assert.is(r.code, 2);
  assert.match(r.err, /HSNN1306 experiment file .*fold0-dice.result\.json is not valid JSON/);
  const { startedWith: _s, ...old } = result(dir, 'fold0-dice');
  writeFileSync(join(folder, 'fold0-dice', 'result.json'), JSON.stringify(old));
  writeFileSync(join(folder, 'fold0-dice', 'job.json'), 'not json');
  r = await cli(['table', folder]);
  assert.match(r.err, /HSNN1306 experiment file .*fold0-dice.job\.json is not valid JSON/, 'a result without startedWith reads it from job.json');
  assert.not.ok(existsSync(join(folder, 'table1.md')));
});

test('a folder whose jobs differ in config or preset, or lack config, is HSNN1313 naming job and field', async () => {
  const src = join(dir, 'fold0-dice');
  const bad = join(dir, 'bad');
  const put = (name: string, edit: (r: JobResult & Record<string, unknown>) => unknown): void => {
    mkdirSync(join(bad, name), { recursive: true });
    writeFileSync(join(bad, name, 'result.json'), JSON.stringify(edit(JSON.parse(readFileSync(join(src, 'result.json'), 'utf8')) as JobResult & Record<string, unknown>)));
  };
  cpSync(join(src, 'result.json'), join(bad, 'fold0-dice', 'result.json'), { recursive: true });
  put('fold1-dice', (r) => ({ ...r, fold: 1, config: { ...r.config, finetune: { ...r.config?.finetune, epochs: 3 } } }));
  let r = await cli(['table', bad]);
  assert.is(r.code, 2);
  assert.match(r.err, /HSNN1313 .*job fold1-dice has config\.finetune\.epochs = 3 but job fold0-dice has 1/);
  put('fold1-dice', (x) => ({ ...x, fold: 1, preset: 'quick', config: { ...x.config, preset: 'quick', ann: { ...x.config?.ann, batch: 8 } } }));
  r = await cli(['table', bad]);
  assert.match(r.err, /HSNN1313 .*job fold1-dice has config\.preset = "quick" but job fold0-dice has "micro"/);
  put('fold1-dice', (x) => { const { config: _c, ...rest } = x; return { ...rest, fold: 1 }; });
  r = await cli(['table', bad]);
  assert.match(r.err, /HSNN1313 .*job fold1-dice has no config block/);
  assert.not.ok(existsSync(join(bad, 'table1.md')), 'nothing written on a refused folder');
});

test('options that do not fit the preset are HSNN1203', async () => {
  const cases: [string[], RegExp][] = [
    [['--preset', 'micro-lowlat', '--ann-epochs', '2'], /HSNN1203 option --ann-epochs: preset micro-lowlat/],
    [['--preset', 'micro', '--ann-from', dir], /HSNN1203 option --ann-from/],
    [['--preset', 'micro', '--patience', '2'], /HSNN1203 options --patience and --max-epochs .*add --direct/],
    [['--preset', 'micro', '--direct', '--patience', '4', '--max-epochs', '4'], /HSNN1203 option --max-epochs 4: must exceed --patience 4/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(['experiment', '--out', join(dir, 'opts'), '--fold', '0', ...argv]);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.err, re);
  }
});

test.run();
