// core/sha256.ts against node:crypto: empty input, every length around the padding boundaries, and
// seeded random buffers up to a megabyte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { sha256 } from '../../core/sha256.js';
import { mulberry32 } from '../../core/random.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('known vector: sha256("abc")', () => {
  assert.is(hex(sha256(new TextEncoder().encode('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('equals node:crypto at every length 0..200 and on random buffers up to 1 MiB', () => {
  const rand = mulberry32(7);
  const lengths = [...Array.from({ length: 201 }, (_, i) => i), 1000, 4096, 65_537, 1 << 20];
  for (const n of lengths) {
    const b = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    assert.is(hex(sha256(b)), createHash('sha256').update(b).digest('hex'), `length ${n}`);
  }
});

test.run();
