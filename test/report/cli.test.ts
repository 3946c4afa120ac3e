// `hsnn report` in-process on the hand-made fixture: exit code, the four output files, what report.json
// holds, a self-contained HTML, rates.json readable by `hsnn compile --rates`, and coded errors.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main.js';
import { parseRates as compilerParseRates } from '../../compiler/import/rates.js';
import type { Report } from '../../report/build.js';
import { writeFixtureRuns } from './fixture.js';

function capture(): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  return { io: { stdout: { write: (s: string) => { o += s; return true; } }, stderr: { write: (s: string) => { e += s; return true; } } }, out: () => o, err: () => e };
}

const root = mkdtempSync(join(tmpdir(), 'hsnn-report-cli-'));
const dirs = writeFixtureRuns(root);

test('hsnn report RUN_DIR --compare writes json, md, html and rates', async () => {
  const out = join(root, 'out');
  const c = capture();
  const code = await main(['report', dirs.runDir, '--compare', dirs.compareDir, '--out', out], c.io);
  assert.is(code, 0, c.err());
  assert.match(c.out(), /energy per slice on loihi: ANN 496 µJ, SNN [\d.]+ mJ/);
  for (const f of ['report.json', 'report.md', 'report.html', 'rates.json']) assert.ok(existsSync(join(out, f)), f);

  const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.equal(r.labels, { run: 'fine-tuned', compare: 'converted' });
  assert.is(r.energy.primary, 'loihi');
  assert.equal(r.energy.models.map((m) => m.id), ['loihi', 'loihi-sanafe', 'truenorth', 'horowitz-generic']);
  assert.is(r.ann.macs, [...r.ann.layers].reduce((s, l) => s + l.macs, 0));
  assert.is(r.energy.layers.length, 19, 'input + 18 U-Net layers');
  assert.equal(r.sparsity.runs.map((x) => x.label), ['converted', 'fine-tuned']);
  assert.ok(r.sparsity.runs.every((x) => x.layers.length === 17 && x.layers.every((l) => l.silentFraction !== undefined)));
  assert.equal(r.dice.map((s) => s.label), ['converted', 'fine-tuned']);
  assert.equal(r.overlays, ['subject 003, slice 18', 'subject 017, slice 22']);
  assert.is(r.coreMap?.cells.length, r.noc.cores);

  const md = readFileSync(join(out, 'report.md'), 'utf8');
  for (const h of ['## Summary', '## Energy per layer and slice (SNN on loihi)', '## Sparsity per layer', '## Per-core load balance (per slice)', '# Energy models and sources']) assert.ok(md.includes(h), h);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  // Self-contained: the only URL is the SVG namespace; images are data URIs.
  const urls = [...html.matchAll(/(?:src|href)\s*=\s*"([^"]*)"|url\(([^)]*)\)/g)].map((m) => m[1] ?? m[2] ?? '');
  assert.ok(urls.every((u) => u.startsWith('data:') || u.startsWith('#')), `external references: ${urls.filter((u) => !u.startsWith('data:') && !u.startsWith('#')).join(', ')}`);
  assert.not.match(html, /<script|<link|@import/);

  const rates = compilerParseRates(JSON.parse(readFileSync(join(out, 'rates.json'), 'utf8')), join(out, 'rates.json'));
  assert.is(rates.layers.length, 17, 'spiking layers');
  assert.is(rates.T, 16);
});

test('--target picks the primary model; --energy-model adds a custom one', async () => {
  const model = join(root, 'chip.json');
  writeFileSync(model, JSON.stringify({ id: 'my-chip', costs: { synop: { pj: 1, source: 'test' } } }));
  const out = join(root, 'out2');
  const c = capture();
  assert.is(await main(['report', dirs.runDir, '--out', out, '--energy-model', model, '--target', 'my-chip'], c.io), 0, c.err());
  const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  assert.is(r.energy.primary, 'my-chip');
  assert.match(r.energy.why, /--target/);
  assert.is(r.labels.run, 'SNN');
  assert.ok(r.energy.models.some((m) => m.id === 'truenorth'));
});

test('--png without Chromium writes the report and says why the PNGs were skipped', async () => {
  const saved = process.env.HSNN_CHROMIUM;
  process.env.HSNN_CHROMIUM = join(root, 'no-chromium');
  try {
    const c = capture();
    assert.is(await main(['report', dirs.runDir, '--out', join(root, 'out-png'), '--png'], c.io), 0, c.err());
    assert.match(c.out(), /note: PNG figures skipped: Chromium not found at .*no-chromium/);
    assert.ok(existsSync(join(root, 'out-png', 'report.html')));
  } finally {
    if (saved === undefined) delete process.env.HSNN_CHROMIUM;
    else process.env.HSNN_CHROMIUM = saved;
  }
});

test('user errors are coded and name the file', async () => {
  const c = capture();
  assert.is(await main(['report', join(root, 'nowhere')], c.io), 2);
  assert.match(c.err(), /HSNN7010 run stats .*nowhere\/stats\.json: file not found/);

  const bad = join(root, 'bad');
  writeFixtureRuns(bad);
  writeFileSync(join(bad, 'finetuned', 'stats.json'), JSON.stringify({ T: 0, slices: 2, populations: [], cores: [], totals: {} }));
  const c2 = capture();
  assert.is(await main(['report', join(bad, 'finetuned')], c2.io), 2);
  assert.match(c2.err(), /HSNN7011 run stats .*stats\.json: T must be a positive integer/);
  assert.match(c2.err(), /HSNN7011 .*populations must be a non-empty list/);

  const c3 = capture();
  assert.is(await main(['report', dirs.runDir, '--out', join(root, 'out3'), '--target', 'nope'], c3.io), 2);
  assert.match(c3.err(), /HSNN7003 --target 'nope' is not a known energy model \(known: loihi, loihi-sanafe, truenorth, horowitz-generic\)/);
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
