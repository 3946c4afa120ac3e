// Issue 12, defects 2, 7, 8 and 10 on the compiler side: the chip budget stops a tiny-core target before
// any traffic is built, netlists with thresholds ≤ 0 or cores over their own target's limits are refused,
// target-file numbers must fit their netlist field, and --thresholds cannot silently replace an SNN's own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { decodeNetlist } from '../../proto/decode.js';
import { encodeNetlist } from '../../proto/encode.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { cli } from '../cli/fixture.js';
import { compileTiny, makeCheckpointBytes, TINY_ARCH } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hsnn-compiler-rel-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const ckpt = join(dir, 'tiny.ckpt');
writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 42));
const base = compileTiny(GENERIC, { sampleLayers: 0 });

const codes = (f: () => unknown): string[] => {
  try { f(); return []; } catch (e) { if (e instanceof HsnnError) return e.diagnostics.map((d) => `${d.code} ${d.message}`); throw e; }
};

test('defect 2: neuronsPerCore 1 with --max-chips 2 fails fast with HSNN2003 from a core-count bound', async () => {
  const t = join(dir, 't.json');
  writeFileSync(t, JSON.stringify({ extends: 'loihi', neuronsPerCore: 1 }));
  const t0 = Date.now();
  const r = await cli(['compile', ckpt, '--target-file', t, '--max-chips', '2', '--spike-sample-layers', '0', '-o', join(dir, 'x.pb')]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN2003 model needs at least 8704 cores = 68 chips of 128; target loihi-custom allows 2 chips/);
  assert.ok(Date.now() - t0 < 10_000);
});

test('defect 7: IF thresholds 0 or −5 are refused by both netlist readers', () => {
  for (const q of [0, -5]) {
    const m = { ...base.netlist, populations: base.netlist.populations.map((p, i) => (i === 1 ? { ...p, thresholdQ: q } : p)) };
    const bytes = encodeNetlist(m);
    assert.ok(codes(() => decodeNetlist(bytes, 'x.pb')).some((d) => /^HSNN2308 .*threshold_q -?\d+ must be > 0/.test(d)));
    // The simulator reads through the same proto reader, so it refuses with the same code.
    assert.ok(codes(() => decodeSimNetlist(bytes, 'x.pb')).some((d) => /^HSNN2308 .*threshold_q -?\d+ must be > 0/.test(d)));
  }
});

test('defect 8: a core over its own target\'s neuron limit is refused (inspect used to show 102 400 %)', () => {
  const m = { ...base.netlist, target: base.netlist.target === null ? null : { ...base.netlist.target, neuronsPerCore: 1 } };
  assert.ok(codes(() => decodeNetlist(encodeNetlist(m), 'x.pb')).some((d) => /^HSNN2307 .*core 0: \d+ neurons exceed target 'generic' limit 1 per core/.test(d)));
});

test('defect 8: target-file values that do not fit their uint32 field are refused, not stored as 0', async () => {
  for (const [key, v] of [['neuronsPerCore', 1e300], ['coresPerChip', 2.5], ['maxChips', 2 ** 32]] as const) {
    const t = join(dir, `${key}.json`);
    writeFileSync(t, JSON.stringify({ extends: 'loihi', [key]: v }));
    const r = await cli(['compile', ckpt, '--target-file', t, '-o', join(dir, 'y.pb')]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`HSNN2203 target file .*: '${key}' .* must be an integer ≤ 4294967295`));
  }
});

test('defect 10: --thresholds on an SNN checkpoint needs --override-thresholds', async () => {
  const th = join(dir, 'th.json');
  writeFileSync(th, JSON.stringify({ thresholds: Object.fromEntries(unetLayers(TINY_ARCH).filter((l) => l.spiking).map((l) => [l.name, 2])) }));
  const refused = await cli(['compile', ckpt, '--thresholds', th, '--spike-sample-layers', '0', '-o', join(dir, 'z.pb')]);
  assert.is(refused.code, 2, refused.err);
  assert.match(refused.err, /HSNN2502 checkpoint .*tiny\.ckpt is an SNN with its own trained thresholds/);
  const forced = await cli(['compile', ckpt, '--thresholds', th, '--override-thresholds', '--spike-sample-layers', '0', '-o', join(dir, 'z.pb')]);
  assert.is(forced.code, 0, forced.err);
});

test.run();
