// Bad input to the energy report through the CLI: a custom energy JSON with negative, NaN (quoted or a
// bare token), infinite, missing or misspelt costs, a run directory without stats.json, a bad
// --ann-buffer-kb. Each is a coded error naming the file and field; no output folder is created, and an
// existing one (an earlier good report) is left byte for byte as it was.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main.js';
import { writeFixtureRuns } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'hsnn-bad-'));
const dirs = writeFixtureRuns(root);

async function report(args: string[], out: string): Promise<string> {
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => { err += s; return true; } } };
  const code = await main(['report', ...args, '--out', out], io);
  assert.is.not(code, 0, 'fails');
  assert.not.ok(existsSync(out), `nothing written under ${out}`);
  return err;
}

/** Every file under dir (relative path → bytes), to prove a failed report left an earlier one alone. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, readFileSync(join(d, e.name)).toString('base64'));
    }
  };
  walk(dir, '');
  return out;
}

/** A good report into out, then the bad arguments into the same out: coded failure, out unchanged. */
async function reportOver(args: string[], out: string): Promise<string> {
  const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
  assert.is(await main(['report', dirs.runDir, '--out', out], quiet), 0, 'the good report first');
  const before = snapshot(out);
  assert.ok(before.has('report.json'), 'the earlier report is there');
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => { err += s; return true; } } };
  assert.is.not(await main(['report', ...args, '--out', out], io), 0, 'fails');
  assert.equal(snapshot(out), before, `${out} is unchanged`);
  return err;
}

function model(name: string, body: string): string {
  const f = join(root, name);
  writeFileSync(f, body);
  return f;
}

test('custom energy JSON: negative, NaN-like, infinite and missing costs each name the file and field', async () => {
  const src = '"source": "datasheet"';
  const f = model('chip.json', `{ "id": "chip", "costs": { "synop": { "pj": -2, ${src} }, "neuronActive": { "pj": "NaN", ${src} }, "hopEW": { "pj": 1e999, ${src} }, "spikeOut": { ${src} } }, "staticPower": { "mwPerCore": -1, ${src} } }`);
  const err = await report([dirs.runDir, '--energy-model', f], join(root, 'out1'));
  for (const field of ['costs.synop', 'costs.neuronActive', 'costs.hopEW', 'costs.spikeOut', 'staticPower']) {
    assert.match(err, new RegExp(`HSNN7002 energy model .*chip\\.json: ${field.replace('.', '\\.')}:`), field);
  }
});

test('custom energy JSON without a synop cost: HSNN7002 costs.synop is required', async () => {
  const f = model('nosyn.json', '{ "id": "x", "costs": { "hopEW": { "pj": 1, "source": "s" } } }');
  assert.match(await report([dirs.runDir, '--energy-model', f], join(root, 'out2')), /HSNN7002 energy model .*nosyn\.json: costs\.synop: is required/);
});

test('a run directory without stats.json: HSNN7010 naming the file', async () => {
  const empty = join(root, 'empty-run');
  mkdirSync(empty);
  assert.match(await report([empty], join(root, 'out3')), /HSNN7010 run stats .*empty-run\/stats\.json: file not found/);
});

test('custom energy JSON with bare NaN / Infinity tokens: HSNN7002 names each field, not a parse position', async () => {
  const src = '"source": "datasheet"';
  const f = model('bare.json', `{ "id": "bare", "costs": { "synop": { "pj": NaN, ${src} }, "hopEW": { "pj": Infinity, ${src} }, "hopNS": { "pj": -Infinity, ${src} }, "withinCore": { "pj": 1, "source": "NaN is fine in a string" } }, "staticPower": { "mwPerCore": NaN, ${src} } }`);
  const err = await report([dirs.runDir, '--energy-model', f], join(root, 'out5'));
  assert.match(err, /HSNN7002 energy model .*bare\.json: costs\.synop: pj must be a finite number >= 0, got NaN/);
  assert.match(err, /bare\.json: costs\.hopEW: pj must be a finite number >= 0, got Infinity/);
  assert.match(err, /bare\.json: costs\.hopNS: pj must be a finite number >= 0, got -Infinity/);
  assert.match(err, /bare\.json: staticPower: mwPerCore must be a finite number .*got NaN/);
  assert.not.match(err, /withinCore/, 'a string that says NaN is not a bare token');
});

test('custom energy JSON: a cost without pj, a misspelt cost and a bad synopByKind are named', async () => {
  const f = model('typo.json', '{ "id": "t", "costs": { "synop": { "source": "s" }, "neuronactive": { "pj": 1, "source": "s" }, "synopByKind": { "conv2d": { "pj": 1, "source": "s" } } } }');
  const err = await report([dirs.runDir, '--energy-model', f], join(root, 'out6'));
  assert.match(err, /HSNN7002 energy model .*typo\.json: costs\.synop: pj is missing/);
  assert.match(err, /typo\.json: costs\.neuronactive: unknown cost \(known: synop, neuronActive/);
  assert.match(err, /typo\.json: costs\.synopByKind\.conv2d: unknown synapse kind/);
});

test('an energy model file that does not exist: HSNN7001 naming it', async () => {
  assert.match(await report([dirs.runDir, '--energy-model', join(root, 'nope.json')], join(root, 'out7')), /HSNN7001 energy model .*nope\.json: cannot read the file/);
});

test('--compare without stats.json: HSNN7010 naming the compared file', async () => {
  const empty = join(root, 'empty-compare');
  mkdirSync(empty);
  assert.match(await report([dirs.runDir, '--compare', empty], join(root, 'out8')), /HSNN7010 run stats .*empty-compare\/stats\.json: file not found/);
});

test('bad input over an earlier report: the output folder is left exactly as it was', async () => {
  const out = join(root, 'kept');
  const neg = model('neg.json', '{ "id": "neg", "costs": { "synop": { "pj": -1, "source": "s" } } }');
  assert.match(await reportOver([dirs.runDir, '--energy-model', neg], out), /HSNN7002 .*neg\.json: costs\.synop/);
  const nan = model('nan.json', '{ "id": "nan", "costs": { "synop": { "pj": NaN, "source": "s" } } }');
  assert.match(await reportOver([dirs.runDir, '--energy-model', nan], out), /HSNN7002 .*nan\.json: costs\.synop: pj must be a finite number >= 0, got NaN/);
  const empty = join(root, 'empty-run2');
  mkdirSync(empty);
  assert.match(await reportOver([empty], out), /HSNN7010 run stats .*empty-run2\/stats\.json: file not found/);
});

test('--ann-buffer-kb must be a positive size: HSNN7400', async () => {
  assert.match(await report([dirs.runDir, '--ann-buffer-kb', '-5'], join(root, 'out4')), /HSNN7400 --ann-buffer-kb -5/);
});

test.run();
