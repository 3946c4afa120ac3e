// The Table-1 scoring protocol on the 'micro' preset (6 phantoms): result.json carries the config block,
// the ANN on every test subject, tfjs SNN scores on the first evalSubjects, simulator scores (all test
// subjects at the fine-tuning T, the converted SNN also at the larger T) with per-subject Dice and SOP/MAC;
// a rerun reuses every stage file; a stale stage file and a restart with other settings are coded errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { initBackend } from '../../models/backend/select.js';
import type { JobResult } from '../../cli/experiment/experiment.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-snn-proto-'));
const job = join(dir, 'fold0-dice');
const run = async (extra: string[] = []): Promise<{ code: number; err: string }> => {
  let err = '';
  const io = { stdout: { write: (): boolean => true }, stderr: { write: (s: string): boolean => { err += s; return true; } } };
  const code = await main(['experiment', '--preset', 'micro', '--out', dir, '--fold', '0', ...extra], io);
  return { code, err };
};
const STAGES = ['ann-tfjs', 'converted-tfjs-T4', 'finetuned-tfjs-T4', 'converted-sim-T4', 'finetuned-sim-T4', 'converted-sim-T8'];

test.before(async () => { await initBackend(); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

test('result.json: config, ANN on all test subjects, tfjs on evalSubjects, simulator rows with SOP/MAC', async () => {
  const r = await run();
  assert.is(r.code, 0, r.err.slice(-2000));
  const res = JSON.parse(readFileSync(join(job, 'result.json'), 'utf8')) as JobResult;
  const cfg = res.config;
  assert.ok(cfg, 'config block');
  assert.is(cfg.preset, 'micro');
  assert.is(cfg.finetune.T, 4);
  assert.equal(cfg.scoring.tfjs, { T: 4, subjects: 1 });
  assert.equal(cfg.scoring.simulator.convertedTs, [8]);
  assert.is(cfg.scoring.simulator.target, 'loihi');
  assert.is(cfg.scoring.simulator.quantize, 'int8');
  assert.ok(res.codeVersion && 'commit' in res.codeVersion);
  const pinned = JSON.parse(readFileSync(join(job, 'job.json'), 'utf8')) as { startedWith?: unknown };
  assert.equal(res.startedWith, pinned.startedWith, 'result.json carries the code the job was first started with');
  // 6 phantoms, 2 folds: 3 test subjects.
  assert.is(res.ann.subjects, 3);
  assert.is(res.ann.perSubject?.length, 3);
  assert.is(res.converted['4']?.subjects, 1);
  assert.is(res.finetuned['4']?.subjects, 1);
  const sim = res.sim;
  assert.ok(sim);
  const full = sim.finetuned['4'];
  assert.ok(full && full.subjects === 3 && full.perSubject.length === 3);
  assert.equal(full.perSubject.map((s) => s.id), res.ann.perSubject?.map((s) => s.id), 'paired with the ANN subject by subject');
  assert.ok(full.sopsPerSlice > 0 && full.sopPerMac > 0 && Number.isFinite(full.sopPerMac));
  assert.is(sim.converted['4']?.subjects, 3);
  const t8 = sim.converted['8'];
  assert.ok(t8 && t8.subjects === 1 && t8.T === 8);
  assert.ok(t8.sopsPerSlice > (sim.converted['4']?.sopsPerSlice ?? Infinity), 'twice the steps, more SOPs');
  assert.ok(res.finetuneTraining.passesToConverge !== undefined && res.finetuneTraining.trainingSlices !== undefined && res.finetuneTraining.trainingSlices > 0);
});

test('a rerun reuses every stage file; a stale stage file or other settings are coded errors', async () => {
  const times = STAGES.map((s) => statSync(join(job, 'scores', `${s}.json`)).mtimeMs);
  const again = await run();
  assert.is(again.code, 0, again.err.slice(-2000));
  assert.equal(STAGES.map((s) => statSync(join(job, 'scores', `${s}.json`)).mtimeMs), times, 'no stage rescored');
  assert.is((again.err.match(/reusing /g) ?? []).length, STAGES.length);
  const f = join(job, 'scores', 'converted-sim-T8.json');
  const stored = JSON.parse(readFileSync(f, 'utf8')) as { key: Record<string, unknown>; result: unknown };
  writeFileSync(f, JSON.stringify({ ...stored, key: { ...stored.key, T: 7 } }));
  const stale = await run();
  assert.is(stale.code, 2);
  assert.match(stale.err, /HSNN1310 stage file .*converted-sim-T8\.json was made with T 7, this run asks for 8/);
  writeFileSync(f, JSON.stringify(stored));
  const other = await run(['--finetune-epochs', '2']);
  assert.is(other.code, 2);
  assert.match(other.err, /HSNN1311 job .*fold0-dice.job\.json: was started with config\.finetune\.epochs = 1, this run asks for 2/);
});

test.run();
