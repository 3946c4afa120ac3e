// Bad input to the energy report through the CLI: a custom energy JSON with negative, NaN-like, infinite
// or missing costs, a run directory without stats.json, a bad --ann-buffer-kb. Each is a coded error
// naming the file and field, and no output folder is created.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

test('--ann-buffer-kb must be a positive size: HSNN7400', async () => {
  assert.match(await report([dirs.runDir, '--ann-buffer-kb', '-5'], join(root, 'out4')), /HSNN7400 --ann-buffer-kb -5/);
});

test.run();
