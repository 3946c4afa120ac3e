// The browser page's file handling, run in Node (Blob and streams are the same APIs): bounded NIfTI
// reads agree with the CLI's parser, refuse a header claiming GiB after reading its 348 bytes (plain
// or gzipped), report corrupt and truncated gzip; the node:* stand-in throws a coded error; dropped
// files are sorted into volume, label and netlist.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { parseNifti } from '../../data/nifti-read.js';
import { readNetlistBlob, readNiftiBlob } from '../../web/src/worker/read-input.js';
import { readFileSync as stubRead, join as stubJoin } from '../../web/src/node-stub.js';
import { sortDropped } from '../../web/src/ui/inputs.js';
import type { Choice } from '../../web/src/ui/inputs.js';
import { claimsGigabytes, phantom } from '../../web/test/bad-files.js';

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof HsnnError) return e.diagnostics.map((d) => d.code).join(',');
    throw e;
  }
  return 'no error';
}

const blob = (name: string, bytes: Uint8Array): { name: string; blob: Blob } => ({ name, blob: new Blob([bytes]) });

test('a sample .nii.gz read through the page equals the CLI parser, header and voxels', async () => {
  const bytes = readFileSync('samples/imagesTr/hippocampus_003.nii.gz');
  const page = await readNiftiBlob(blob('s.nii.gz', bytes));
  const cli = parseNifti(bytes, 's.nii.gz');
  assert.equal(page.header, cli.header);
  assert.ok(Buffer.from(page.volume.data.buffer).equals(Buffer.from(cli.volume.data.buffer)), 'same voxels');
});

test('plain and gzipped phantoms read like the CLI; extra bytes past the claimed size are ignored', async () => {
  const raw = phantom([5, 6, 7], 3);
  const padded = new Uint8Array(raw.length + 1000);
  padded.set(raw);
  for (const b of [raw, gzipSync(raw), padded]) {
    const page = await readNiftiBlob(blob('p.nii', b));
    assert.equal(Array.from(page.volume.data), Array.from(parseNifti(raw, 'p.nii').volume.data));
  }
});

test('a header claiming 32 GiB is refused with HSNN6001, plain or gzipped with 64 MiB of data behind it', async () => {
  assert.is(await code(readNiftiBlob(blob('huge.nii', claimsGigabytes()))), 'HSNN6001');
  const big = new Uint8Array(352 + 64 * 2 ** 20);
  big.set(claimsGigabytes());
  const gz = gzipSync(big, { level: 1 });
  const t0 = performance.now();
  assert.is(await code(readNiftiBlob(blob('huge.nii.gz', gz))), 'HSNN6001');
  console.log(`  refused the gzipped 32 GiB claim in ${(performance.now() - t0).toFixed(0)} ms`);
});

test('corrupt gzip is HSNN1002, truncated voxels HSNN1006, text HSNN1003', async () => {
  const gz = gzipSync(phantom([8, 8, 8]));
  const broken = gz.slice();
  for (let i = 20; i < 60; i++) broken[i] = 0xff;
  assert.is(await code(readNiftiBlob(blob('bad.nii.gz', broken))), 'HSNN1002');
  assert.is(await code(readNiftiBlob(blob('short.nii', phantom([8, 8, 8]).slice(0, 900)))), 'HSNN1006');
  assert.is(await code(readNiftiBlob(blob('t.nii', new TextEncoder().encode('hello'.repeat(100))))), 'HSNN1003');
});

test('a netlist over the page limit is HSNN6005 before it is read', async () => {
  const fake = { size: 2 ** 30, arrayBuffer: () => { throw new Error('must not be read'); } } as unknown as Blob;
  assert.is(await code(readNetlistBlob({ name: 'big.netlist.pb', blob: fake })), 'HSNN6005');
});

test('the node:* stand-in throws HSNN6004 naming the function', async () => {
  assert.is(await code(() => stubRead()), 'HSNN6004');
  assert.is(await code(() => stubJoin()), 'HSNN6004');
});

test('dropped files: .pb is the netlist, a label-named volume the label, else the second one', () => {
  const f = (name: string): File => new File([new Uint8Array(1)], name);
  const c: Choice = {};
  sortDropped([f('seg_001.nii.gz'), f('img_001.nii.gz'), f('m.netlist.pb')], c);
  assert.is(c.image?.name, 'img_001.nii.gz');
  assert.is(c.label?.name, 'seg_001.nii.gz');
  assert.is(c.netlist?.name, 'm.netlist.pb');
  const d: Choice = {};
  sortDropped([f('a.nii.gz'), f('b.nii.gz')], d);
  assert.is(d.image?.name, 'a.nii.gz');
  assert.is(d.label?.name, 'b.nii.gz');
  sortDropped([f('c.nii')], d);
  assert.is(d.image?.name, 'c.nii');
  assert.is(d.label, undefined, 'one dropped volume clears the old label');
});

test.run();
