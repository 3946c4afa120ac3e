// The checkpoint decoder on bad input: every corrupt file (bad magic, truncated header, header that is not
// JSON, wrong format or version, truncated data, non-finite values, a malformed tensor table) is a coded
// HSNN1101 naming the file, a missing file HSNN1100; a version-2 file whose checksum does not match (a cut
// or a flipped bit) is HSNN1501; a seeded fuzz of truncations and byte flips never crashes with anything but
// a coded error. The round trip keeps header and tensors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { mulberry32 } from '../../core/random.js';
import { CHECKPOINT_MAGIC, CHECKPOINT_VERSION, checkpointDataOffset, decodeCheckpoint, encodeCheckpoint, frameCheckpoint, loadCheckpoint } from '../../formats/checkpoint.js';
import { checkpointDigest } from '../../formats/checkpoint-integrity.js';
import { DEFAULT_PREPROCESS } from '../../data/index.js';

const ARCH = { base: 2, depth: 1, inChannels: 1, height: 8, width: 8, dropout: 0 };
const TENSORS = new Map([
  ['a', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
  ['b', { shape: [4], data: Float32Array.from([-1, 0.5, 0, 7]) }],
]);
const GOOD = encodeCheckpoint({ kind: 'ann', arch: ARCH, preprocess: DEFAULT_PREPROCESS, training: { fold: 0 } }, TENSORS);

function code(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof HsnnError)) throw e;
    return e.diagnostics[0] as { code: string; message: string };
  }
  throw new Error('should throw a coded error');
}

/**
 * GOOD with its header JSON replaced (length field and data offset follow) and its data block passed through
 * `data`. A version-2 object header is sealed again, so the edit reaches the checks after the checksum.
 */
function withHeader(edit: (h: Record<string, unknown>) => unknown, data: (d: Uint8Array) => Uint8Array = (d) => d): Uint8Array {
  const hlen = new DataView(GOOD.buffer, GOOD.byteOffset).getUint32(8, true);
  const header = JSON.parse(Buffer.from(GOOD.subarray(12, 12 + hlen)).toString('utf8')) as Record<string, unknown>;
  const oldStart = checkpointDataOffset(hlen);
  const block = data(GOOD.slice(oldStart));
  let edited = edit(header);
  if (typeof edited === 'object' && edited !== null && !Array.isArray(edited) && (edited as Record<string, unknown>).version === 2) {
    const { checksum: _old, ...rest } = edited as Record<string, unknown>;
    edited = { ...rest, checksum: checkpointDigest(JSON.stringify(rest), block) };
  }
  return frameCheckpoint(edited, block);
}

/** GOOD as a version-1 file: no checksum, so damage reaches the tensor-table checks. */
const v1 = (h: Record<string, unknown>): Record<string, unknown> => {
  const { checksum: _c, ...rest } = h;
  return { ...rest, version: 1 };
};

test('round trip keeps header and tensors', () => {
  const c = decodeCheckpoint(GOOD, 'good.ckpt');
  assert.is(c.header.version, CHECKPOINT_VERSION);
  assert.is(c.header.kind, 'ann');
  assert.equal(c.header.arch, ARCH);
  assert.equal([...c.tensors.keys()], ['a', 'b']);
  assert.equal(c.tensors.get('b'), TENSORS.get('b')?.data);
  assert.equal(c.header.tensors.map((t) => t.offset), [0, 6]);
});

test('bad magic and a file shorter than the fixed prefix', () => {
  const bad = GOOD.slice();
  bad[0] = 0x58;
  assert.match(code(() => decodeCheckpoint(bad, 'm.ckpt')).message, /checkpoint m\.ckpt: not an hsnn checkpoint \(bad magic\)/);
  assert.is(code(() => decodeCheckpoint(Buffer.from(CHECKPOINT_MAGIC, 'latin1'), 'short.ckpt')).code, 'HSNN1101');
  assert.is(code(() => decodeCheckpoint(new Uint8Array(0), 'empty.ckpt')).code, 'HSNN1101');
});

test('truncated header and a header length beyond the limit', () => {
  const hlen = new DataView(GOOD.buffer, GOOD.byteOffset).getUint32(8, true);
  const d = code(() => decodeCheckpoint(GOOD.subarray(0, 12 + hlen - 1), 't.ckpt'));
  assert.is(d.code, 'HSNN1101');
  assert.match(d.message, new RegExp(`t\\.ckpt: truncated or corrupt header \\(claims ${hlen} bytes\\)`));
  const huge = GOOD.slice();
  new DataView(huge.buffer).setUint32(8, 0xffffffff, true);
  assert.match(code(() => decodeCheckpoint(huge, 'h.ckpt')).message, /truncated or corrupt header/);
});

test('header that is not JSON, wrong format, unsupported version, no tensor list', () => {
  const notJson = GOOD.slice();
  notJson[12] = 0x7d; // '}' where '{' was
  assert.match(code(() => decodeCheckpoint(notJson, 'j.ckpt')).message, /header is not valid JSON/);
  assert.match(code(() => decodeCheckpoint(withHeader((h) => ({ ...h, format: 'other' })), 'f.ckpt')).message, /format 'other' is not hsnn-checkpoint/);
  const v = code(() => decodeCheckpoint(withHeader((h) => ({ ...h, version: CHECKPOINT_VERSION + 1 })), 'v.ckpt'));
  assert.is(v.code, 'HSNN1101');
  assert.match(v.message, new RegExp(`version ${CHECKPOINT_VERSION + 1} is not supported \\(this hsnn reads 1 and ${CHECKPOINT_VERSION}\\)`));
  assert.match(code(() => decodeCheckpoint(withHeader((h) => ({ ...h, tensors: 3 })), 'n.ckpt')).message, /no tensor list/);
  assert.match(code(() => decodeCheckpoint(withHeader(() => [1, 2]), 'a.ckpt')).message, /a\.ckpt: header is not a JSON object/);
  const nul = withHeader(() => null);
  assert.match(code(() => decodeCheckpoint(nul, 'z.ckpt')).message, /header is not a JSON object/);
});

test('truncated data, a malformed tensor table and non-finite values name the tensor', () => {
  const cut = code(() => decodeCheckpoint(GOOD.subarray(0, GOOD.length - 4), 'd.ckpt'));
  assert.equal([cut.code, /d\.ckpt: checksum mismatch/.test(cut.message)], ['HSNN1501', true]);
  const cutV1 = withHeader(v1);
  assert.match(code(() => decodeCheckpoint(cutV1.subarray(0, cutV1.length - 4), 'd1.ckpt')).message, /tensor 'b' shape\/offset out of range \(file truncated\?\)/);
  const neg = withHeader((h) => ({ ...h, tensors: [{ name: 'a', shape: [2, 3], offset: -1 }] }));
  assert.match(code(() => decodeCheckpoint(neg, 'o.ckpt')).message, /tensor 'a' shape\/offset out of range/);
  const entry = withHeader((h) => ({ ...h, tensors: [null] }));
  assert.match(code(() => decodeCheckpoint(entry, 'e.ckpt')).message, /e\.ckpt: tensor table entry is not an object/);
  const frac = withHeader((h) => ({ ...h, tensors: [{ name: 'a', shape: [2.5], offset: 0 }] }));
  assert.match(code(() => decodeCheckpoint(frac, 's.ckpt')).message, /tensor 'a' shape\/offset out of range/);
  const nan = withHeader((h) => h, (d) => {
    new DataView(d.buffer, d.byteOffset).setFloat32(d.length - 4 * 4 + 4, Number.NaN, true);
    return d;
  });
  assert.match(code(() => decodeCheckpoint(nan, 'nan.ckpt')).message, /tensor 'b' has a non-finite value at index 1/);
});

test('loadCheckpoint: a missing file and a folder are HSNN1100', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-ckpt-'));
  try {
    assert.equal(code(() => loadCheckpoint(join(dir, 'none.ckpt'))), { code: 'HSNN1100', message: `checkpoint ${join(dir, 'none.ckpt')}: file not found` });
    mkdirSync(join(dir, 'sub.ckpt'));
    assert.match(code(() => loadCheckpoint(join(dir, 'sub.ckpt'))).message, /not a regular file/);
    writeFileSync(join(dir, 'ok.ckpt'), GOOD);
    assert.equal([...loadCheckpoint(join(dir, 'ok.ckpt')).tensors.keys()], ['a', 'b']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Reproducer: a file cut inside the header padding once threw a RangeError (negative data length).
test('fuzz: every truncation and 400 seeded byte flips decode or give HSNN1101 or HSNN1501, nothing else', () => {
  const coded = (c: string | undefined): boolean => c === 'HSNN1101' || c === 'HSNN1501';
  for (let n = 0; n < GOOD.length; n++) assert.ok(coded(code(() => decodeCheckpoint(GOOD.subarray(0, n), 'cut.ckpt')).code), `cut at ${n}`);
  const rand = mulberry32(7);
  for (let k = 0; k < 400; k++) {
    const b = GOOD.slice();
    for (let j = 0; j < 1 + (k % 4); j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    try {
      decodeCheckpoint(b, 'flip.ckpt');
    } catch (e) {
      assert.ok(e instanceof HsnnError && coded(e.diagnostics[0]?.code), `flip ${k}: ${String(e)}`);
    }
  }
});

test.run();
