// `hsnn experiment --preset quick` as a user runs it (one fold, Dice loss, the preset's phantoms): Table 1
// must have the paper's rows and be sane — the ANN segments, conversion at the fine-tuning T loses most of
// it, and fine-tuning wins it back. This is the slowest test (minutes); the micro preset covers the rest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { initBackend } from '../../models/backend/select.js';
import type { Table } from '../../cli/experiment/table.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-snn-quick-'));

test.before(async () => { await initBackend(); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('experiment --preset quick: Table 1 has the paper rows and fine-tuned beats converted at T 16', async () => {
  let err = '';
  const io = { stdout: { write: (): boolean => true }, stderr: { write: (s: string): boolean => { err += s; return true; } } };
  const code = await main(['experiment', '--preset', 'quick', '--fold', '0', '--losses', 'dice', '--out', dir], io);
  assert.is(code, 0, err.slice(-2000));
  const t = JSON.parse(readFileSync(join(dir, 'table1.json'), 'utf8')) as Table;
  const row = (model: string, T: number | null): Table['rows'][number] => {
    const r = t.rows.find((x) => x.model === model && (x.T ?? null) === T);
    assert.ok(r, `row ${model} @ T ${T ?? '-'} in ${JSON.stringify(t.rows.map((x) => [x.model, x.T]))}`);
    return r;
  };
  const ann = row('ANN', null);
  const converted16 = row('Converted SNN', 16);
  const converted64 = row('Converted SNN', 64);
  const finetuned = row('Fine-tuned SNN', 16);
  for (const r of t.rows) {
    assert.equal(r.folds, [0]);
    for (const d of [r.dice2d, r.dice3d]) assert.ok(Number.isFinite(d.mean) && d.mean >= 0 && d.mean <= 1, JSON.stringify(r));
  }
  assert.ok(ann.dice3d.mean > 0.3, `ANN 3D Dice ${ann.dice3d.mean}`);
  assert.ok(finetuned.dice3d.mean > converted16.dice3d.mean + 0.1, `fine-tuned ${finetuned.dice3d.mean} vs converted ${converted16.dice3d.mean} at T 16`);
  assert.ok(converted64.dice3d.mean >= converted16.dice3d.mean, 'conversion improves with T');
  assert.ok(finetuned.epochsToConverge && finetuned.epochsToConverge.mean >= 1, 'fine-tuning records epochs to converge');
  assert.match(readFileSync(join(dir, 'table1.md'), 'utf8'), /\| dice \| Fine-tuned SNN \| 16 \|/);
});

test.run();
