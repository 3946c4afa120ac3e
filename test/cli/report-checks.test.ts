// Issue 12, defects 9 and 13: `report --ann` must name the U-Net the netlist was compiled from, and energy
// costs that overflow (1e308 pJ) are refused instead of printing "n/a" and "∞×".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNetlist } from '../../proto/decode.js';
import { encodeNetlist } from '../../proto/encode.js';
import { makeCheckpointBytes } from '../compiler/helpers.js';
import { ensureWasm } from '../sim/fixture.js';
import { cli, makeWorld, SMALL_ARCH } from './fixture.js';

const w = makeWorld('report-checks');
test.after(() => w.cleanup());
const runDir = join(w.dir, 'run');
const ann = (name: string, base: number): string => {
  const f = join(w.dir, name);
  writeFileSync(f, makeCheckpointBytes({ ...SMALL_ARCH, base }, 3, { kind: 'ann' }));
  return f;
};

test.before(async () => {
  ensureWasm();
  const r = await cli(['run', w.netlist, '--input', w.image, '--label', w.label, '--out', runDir, '--threads', '1']);
  assert.is(r.code, 0, r.err);
});

test('defect 9: --ann of another architecture is HSNN7501; the matching one reports', async () => {
  const wrong = await cli(['report', runDir, '--ann', ann('wide.ckpt', 8), '--out', join(w.dir, 'rep1')]);
  assert.is(wrong.code, 2, wrong.err);
  assert.match(wrong.err, /HSNN7501 arch of checkpoint .*wide\.ckpt is not the U-Net of netlist .*m\.netlist\.pb \(base 8 vs 2\)/);
  const right = await cli(['report', runDir, '--ann', ann('same.ckpt', 2), '--out', join(w.dir, 'rep2')]);
  assert.is(right.code, 0, right.err);
});

test('defect 13: a netlist energy model of 1e308 pJ is HSNN7502, not a report of n/a and ∞×', async () => {
  const m = decodeNetlist(readFileSync(w.netlist), w.netlist);
  const energy = m.target?.energy;
  assert.ok(m.target !== null && energy !== null && energy !== undefined);
  const bad = join(w.dir, 'overflow.pb');
  writeFileSync(bad, encodeNetlist({ ...m, target: { ...m.target, energy: { ...energy, synopPj: 1e308, neuronUpdateActivePj: 1e308 } } }));
  const r = await cli(['report', runDir, '--netlist', bad, '--out', join(w.dir, 'rep3')]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN7502 energy model '[^']+': the SNN run's energy per slice is Infinity pJ/);
});

test('defect 13: a custom energy model cost above 1e12 pJ is refused', async () => {
  const model = join(w.dir, 'huge.json');
  writeFileSync(model, JSON.stringify({ id: 'huge', costs: { synop: { pj: 1e308, source: 'test' } } }));
  const r = await cli(['report', runDir, '--energy-model', model, '--out', join(w.dir, 'rep4')]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN7002 .*pj 1e\+308 exceeds 1000000000000/);
});

test.run();
