// Issue 12, defect 7: checkpoints (format 2, SHA-256 in the header) and netlists (format 2, sha256 seal)
// detect every bit flip with a coded "corrupt" error, while the shipped version-1 checkpoints and
// version-1 netlists still load, noted as carrying no checksum.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { decodeNetlist } from '../../proto/decode.js';
import { encodeNetlist } from '../../proto/encode.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, type Checkpoint } from '../../formats/checkpoint.js';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { compileTiny } from '../compiler/helpers.js';
import { repoRoot } from '../sim/fixture.js';
import { cli, makeWorld } from './fixture.js';

const w = makeWorld('integrity');
test.after(() => w.cleanup());
const PRETRAINED = join(repoRoot, 'models/pretrained');

function reencode(c: Checkpoint): Uint8Array {
  return encodeCheckpoint(c.header, new Map([...c.tensors].map(([n, d]) => [n, { shape: c.header.tensors.find((e) => e.name === n)?.shape ?? [], data: d }])));
}

/** Flips one seeded bit per case; returns the codes, or 'loaded' for a silent load. */
function flips(bytes: Uint8Array, cases: number, decode: (b: Uint8Array) => unknown): string[] {
  const r = mulberry32(hashSeed(12, bytes.length));
  return Array.from({ length: cases }, () => {
    const b = bytes.slice();
    const i = Math.floor(r() * b.length);
    b[i] = (b[i] as number) ^ (1 << Math.floor(r() * 8));
    try { decode(b); return 'loaded'; } catch (e) {
      if (!(e instanceof HsnnError)) throw e;
      return e.diagnostics[0]?.code ?? '?';
    }
  });
}

test('shipped checkpoints load: version 1 marked as carrying no checksum, version 2 verified; re-saved ones are version 2', () => {
  const files = readdirSync(PRETRAINED).filter((f) => f.endsWith('.ckpt'));
  assert.ok(files.length >= 4);
  let v1 = 0;
  for (const f of files) {
    const c = loadCheckpoint(join(PRETRAINED, f));
    assert.ok(c.header.version === 1 || c.header.version === 2, f);
    assert.is(c.integrity, c.header.version === 1 ? 'none' : 'verified', f);
    if (c.header.version === 1) v1++;
    const again = decodeCheckpoint(reencode(c), f);
    assert.is(again.header.version, 2);
    assert.is(again.integrity, 'verified');
    assert.equal([...again.tensors.keys()], [...c.tensors.keys()]);
  }
  // The pre-checksum format must stay readable: most shipped files are still version 1.
  assert.ok(v1 >= 3, `only ${v1} version-1 checkpoints shipped`);
});

test('defect 7: 20 bit flips in a version-2 checkpoint are all refused (HSNN1501/HSNN1101), none load', () => {
  const bytes = new Uint8Array(readFileSync(w.ckpt));
  const got = flips(bytes, 20, (b) => decodeCheckpoint(b, 'flip.ckpt'));
  assert.not.ok(got.includes('loaded'), got.join(' '));
  assert.ok(got.every((c) => c === 'HSNN1501' || c === 'HSNN1101'), got.join(' '));
  assert.ok(got.filter((c) => c === 'HSNN1501').length >= 10);
});

test('defect 7: 20 bit flips in a version-2 netlist are all refused by both readers', () => {
  const bytes = new Uint8Array(readFileSync(w.netlist));
  const got = flips(bytes, 20, (b) => decodeNetlist(b, 'flip.pb'));
  assert.not.ok(got.includes('loaded'), got.join(' '));
  assert.ok(got.filter((c) => c === 'HSNN2501').length >= 15, got.join(' '));
  const sim = flips(bytes, 20, (b) => decodeSimNetlist(b, 'flip.pb'));
  assert.not.ok(sim.includes('loaded'), sim.join(' '));
});

test('a version-1 netlist (no seal) still decodes, and inspect says it carries no seal', async () => {
  const m = compileTiny(GENERIC, { sampleLayers: 0 }).netlist;
  const v1 = join(w.dir, 'v1.pb');
  writeFileSync(v1, encodeNetlist({ ...m, version: 1 }));
  assert.is(decodeNetlist(readFileSync(v1), v1).version, 1);
  assert.is(decodeSimNetlist(readFileSync(v1), v1).name, m.name);
  const r = await cli(['inspect', v1]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /v1 \(carries no sha256 seal: written before format version 2\)/);
});

test.run();
