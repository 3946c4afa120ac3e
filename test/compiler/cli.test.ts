// `hsnn compile` and `hsnn inspect` in-process through main(): files written atomically and readable
// back, summaries printed, rates and thresholds files honoured, and user errors exit 2 with every code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { loadNetlist } from '../../proto/decode.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { makeCheckpointBytes, TINY_ARCH } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-compile-'));
const ckpt = join(dir, 'tiny.ckpt');
writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 42));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

test('compile prints the summary and writes a netlist that inspect reads back', async () => {
  const pb = join(dir, 'tiny.netlist.pb');
  const r = await run(['compile', ckpt, '--target', 'loihi', '-o', pb]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /target loihi, int8, T=8/);
  assert.match(r.out, /cores: {8}14 on 1 chip/);
  assert.match(r.out, /quantisation: max \|w − q·scale\|/);
  assert.match(r.out, /compile: {6}\d+ ms/);
  assert.ok(existsSync(pb));
  const m = loadNetlist(pb);
  assert.is(m.cores.length, 14);
  const i = await run(['inspect', pb, '--json']);
  assert.is(i.code, 0, i.err);
  const report = JSON.parse(i.out) as { summary: { cores: number; target: string }; populations: { name: string; cores: number }[] };
  assert.is(report.summary.cores, 14);
  assert.is(report.populations.find((p) => p.name === 'dec0.conv1')?.cores, 1);
  const text = await run(['inspect', pb]);
  assert.match(text.out, /projections:\n.*enc0\.conv1 +conv2d +input → enc0\.conv1/);
});

test('compile --rates: measured rates replace the assumed one', async () => {
  const rates = join(dir, 'rates.json');
  const layers = [{ name: 'input', neurons: 256, rate: 0.3, silentFraction: 0 }, ...unetLayers(TINY_ARCH).map((l) => ({ name: l.name, neurons: 1, rate: 0.05, silentFraction: 0.5 }))];
  writeFileSync(rates, JSON.stringify({ T: 8, slices: 4, layers }));
  const r = await run(['compile', ckpt, '--target', 'generic', '--rates', rates, '--json', '-o', join(dir, 'r.pb')]);
  assert.is(r.code, 0, r.err);
  const s = JSON.parse(r.out) as { traffic: { assumedRate: number; messagesPerStep: number } };
  assert.is(s.traffic.assumedRate, 0);
  assert.ok(s.traffic.messagesPerStep > 0);
  assert.match(r.err, /warning: HSNN2202 rates .*layer 'enc0\.conv1' lists 1 neurons, the model has 1024/);
});

test('compile an ANN checkpoint with --thresholds', async () => {
  const ann = join(dir, 'ann.ckpt');
  writeFileSync(ann, makeCheckpointBytes(TINY_ARCH, 42, { kind: 'ann' }));
  const th = join(dir, 'th.json');
  writeFileSync(th, JSON.stringify({ thresholds: Object.fromEntries(unetLayers(TINY_ARCH).map((l) => [l.name, 1.5])), T: 12 }));
  const r = await run(['compile', ann, '--thresholds', th, '--target', 'generic', '--quantize', 'int16', '-o', join(dir, 'a.pb')]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /int16, T=12/);
  assert.is(loadNetlist(join(dir, 'a.pb')).populations[1]?.threshold, 1.5);
});

test('user errors exit 2 and print every diagnostic; nothing is written', async () => {
  const out = join(dir, 'never.pb');
  const r = await run(['compile', ckpt, '--target', 'speck', '-o', out]);
  assert.is(r.code, 2);
  assert.match(r.err, /HSNN2007 layer dec1\.up/);
  assert.match(r.err, /HSNN2005 model needs 13 cores/);
  assert.not.ok(existsSync(out));
  const bad = await run(['compile', ckpt, '--quantize', 'int4', '-o', out]);
  assert.is(bad.code, 2);
  assert.match(bad.err, /HSNN2204 --quantize int4/);
  writeFileSync(join(dir, 'junk.pb'), 'not a netlist at all');
  const i = await run(['inspect', join(dir, 'junk.pb')]);
  assert.is(i.code, 2);
  assert.match(i.err, /HSNN2301 netlist .*junk\.pb: not a valid hsnn netlist/);
  assert.ok(readFileSync(ckpt).length > 0);
});

test.run();
