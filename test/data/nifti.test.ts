// NIfTI-1 reading (every supported datatype, endianness, scaling, the committed MSD samples) and the writer's
// round trip: data and geometry survive, the file is gzip, nothing temporary is left behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNifti, readNifti, readNiftiHeader, writeNifti } from '../../data/index.js';
import type { NiftiHeader } from '../../data/index.js';
import { HsnnError } from '../../core/errors.js';
import { niftiBytes, samplesDir, tempDir, writeNiftiFile } from './fixtures.js';

const tmp = tempDir('nifti');
test.after(() => tmp.cleanup());

const CASES: readonly { dt: number; name: string; values: number[] }[] = [
  { dt: 2, name: 'uint8', values: [0, 1, 127, 255, 3, 9] },
  { dt: 256, name: 'int8', values: [-128, -1, 0, 1, 127, 5] },
  { dt: 4, name: 'int16', values: [-32768, -2, 0, 300, 32767, 7] },
  { dt: 512, name: 'uint16', values: [0, 1, 40000, 65535, 12, 13] },
  { dt: 8, name: 'int32', values: [-2e9, -1, 0, 1, 2e9, 77] },
  { dt: 768, name: 'uint32', values: [0, 1, 16777216, 4000000, 9, 10] },
  { dt: 16, name: 'float32', values: [-1.5, 0, 0.25, 1e6, 3.75, -0.125] },
  { dt: 64, name: 'float64', values: [-1.5, 0, 0.25, 1e6, 3.75, -0.125] },
];

for (const c of CASES) {
  for (const bigEndian of [false, true]) {
    test(`reads ${c.name} ${bigEndian ? 'big' : 'little'}-endian, .nii and .nii.gz`, () => {
      for (const ext of ['.nii', '.nii.gz']) {
        const path = writeNiftiFile(join(tmp.dir, `${c.name}-${bigEndian}${ext}`), { dims: [3, 1, 2, 3], datatype: c.dt, values: c.values, bigEndian });
        const img = readNifti(path);
        assert.equal([...img.volume.shape], [1, 2, 3]);
        assert.equal(Array.from(img.volume.data), c.values.map((v) => Math.fround(v)));
        assert.is(img.header.littleEndian, !bigEndian);
      }
    });
  }
}

test('applies scl_slope and scl_inter; slope 0 means unscaled', () => {
  const scaled = parseNifti(niftiBytes({ dims: [3, 2, 1, 1], datatype: 4, values: [10, -4], slope: 0.5, inter: 100 }), 'a.nii');
  assert.equal(Array.from(scaled.volume.data), [105, 98]);
  const unscaled = parseNifti(niftiBytes({ dims: [3, 2, 1, 1], datatype: 4, values: [10, -4], slope: 0, inter: 100 }), 'b.nii');
  assert.equal(Array.from(unscaled.volume.data), [10, -4]);
});

test('accepts a 4D file whose 4th dimension is 1', () => {
  const img = parseNifti(niftiBytes({ dims: [4, 2, 2, 2, 1], datatype: 2, values: [1, 2, 3, 4, 5, 6, 7, 8] }), 'c.nii');
  assert.equal([...img.volume.shape], [2, 2, 2]);
  assert.is(img.volume.data[7], 8);
});

test('voxel order is NIfTI order (x fastest)', () => {
  const img = parseNifti(niftiBytes({ dims: [3, 2, 3, 4], datatype: 2, values: Array.from({ length: 24 }, (_, i) => i) }), 'd.nii');
  // voxel (x=1, y=2, z=3) = 1 + 2*(2 + 3*3)
  assert.is(img.volume.data[1 + 2 * (2 + 3 * 3)], 23);
});

// samples/ holds three real MSD subjects byte-identical to the shared set, so these always run.
test('real MSD files (samples/): shapes match dataset.json, labels are 0/1/2', () => {
  const meta = JSON.parse(readFileSync(join(samplesDir, 'dataset.json'), 'utf8')) as { training: { image: string; label: string; shape: number[] }[] };
  assert.is(meta.training.length, 3);
  for (const e of meta.training) {
    const img = readNifti(join(samplesDir, e.image));
    const lab = readNifti(join(samplesDir, e.label));
    assert.equal([...img.volume.shape], e.shape, e.image);
    assert.equal([...lab.volume.shape], e.shape, e.label);
    const values = new Set(lab.volume.data);
    assert.ok([...values].every((v) => v === 0 || v === 1 || v === 2), `${e.label}: ${[...values].join(',')}`);
    assert.ok(values.has(1) && values.has(2), `${e.label} has both hippocampus parts`);
    assert.is(img.header.pixdim[1], 1);
  }
});

/** A header with a rotated qform, a distinct sform, anisotropic voxels and qfac -1. */
function geometryFixture(path: string, dims: [number, number, number], datatype: number, values: number[]): NiftiHeader {
  const s = Math.SQRT1_2;
  writeNiftiFile(path, {
    dims: [3, ...dims], datatype, values,
    pixdim: [-1, 0.9, 1.1, 1.3, 0, 0, 0, 0],
    qform: { code: 1, quatern: [0, 0, s], offset: [-12.5, 30.25, 7] },
    sform: { code: 2, srow: [0, -1.1, 0, 12, 0.9, 0, 0, -30, 0, 0, 1.3, 5.5] },
  });
  return readNiftiHeader(path);
}

test('writer round trip: uint8 labels keep data and geometry', () => {
  const dims: [number, number, number] = [3, 4, 5];
  const values = Array.from({ length: 60 }, (_, i) => i % 3);
  const ref = geometryFixture(join(tmp.dir, 'ref.nii'), dims, 16, values);
  const out = join(tmp.dir, 'out', 'pred.nii.gz');
  writeNifti(out, { shape: dims, data: Uint8Array.from(values) }, ref);
  const bytes = readFileSync(out);
  assert.equal([bytes[0], bytes[1]], [0x1f, 0x8b], 'gzip magic');
  const back = readNifti(out);
  assert.is(back.header.datatype, 2);
  assert.equal(Array.from(back.volume.data), values);
  for (const key of ['dims', 'pixdim', 'qformCode', 'sformCode', 'quatern', 'qoffset', 'srow', 'affine', 'xyztUnits'] as const) {
    assert.equal(back.header[key], ref[key], key);
  }
  assert.equal(back.header.affine[0], [0, -1.100000023841858, 0, 12], 'sform wins (code 2 > qform 1)');
  assert.equal(readdirSync(join(tmp.dir, 'out')), ['pred.nii.gz'], 'no temp files left');
});

test('writer round trip: float32 and int16 arrays, .nii stays uncompressed', () => {
  const dims: [number, number, number] = [2, 2, 2];
  const ref = geometryFixture(join(tmp.dir, 'ref2.nii.gz'), dims, 2, [0, 1, 2, 3, 4, 5, 6, 7]);
  const f = Float32Array.from([0.5, -1, 2.25, 3, 4, 5, 6, 1e-3]);
  writeNifti(join(tmp.dir, 'f.nii'), { shape: dims, data: f }, ref);
  assert.is(readFileSync(join(tmp.dir, 'f.nii')).readInt32LE(0), 348);
  assert.equal(readNifti(join(tmp.dir, 'f.nii')).volume.data, f);
  const s = Int16Array.from([-300, 0, 1, 2, 3, 4, 5, 32000]);
  writeNifti(join(tmp.dir, 's.nii.gz'), { shape: dims, data: s }, ref);
  const back = readNifti(join(tmp.dir, 's.nii.gz'));
  assert.is(back.header.datatype, 4);
  assert.equal(Array.from(back.volume.data), Array.from(s));
});

test('writer round trip on a real MSD header (samples/)', () => {
  const ref = readNifti(join(samplesDir, 'labelsTr', 'hippocampus_003.nii.gz'));
  const out = join(tmp.dir, 'hippocampus_003_pred.nii.gz');
  writeNifti(out, { shape: ref.volume.shape, data: Uint8Array.from(ref.volume.data) }, ref.header);
  const back = readNifti(out);
  assert.equal(back.volume.data, ref.volume.data);
  assert.equal(back.header.affine, ref.header.affine);
  assert.equal(back.header.pixdim, ref.header.pixdim);
});

test('writer rejects a volume that does not match the reference grid, and odd extensions', () => {
  const ref = geometryFixture(join(tmp.dir, 'ref3.nii'), [2, 2, 2], 2, []);
  const bad = (f: () => void, re: RegExp): void => {
    try {
      f();
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, HsnnError);
      assert.match((e as HsnnError).message, re);
    }
  };
  bad(() => writeNifti(join(tmp.dir, 'x.nii.gz'), { shape: [2, 2, 3], data: new Uint8Array(12) }, ref), /HSNN1016 .*x\.nii\.gz.*2x2x3.*2x2x2/);
  bad(() => writeNifti(join(tmp.dir, 'x.nii.gz'), { shape: [2, 2, 2], data: new Uint8Array(7) }, ref), /HSNN1016 .*needs 8 voxels/);
  bad(() => writeNifti(join(tmp.dir, 'x.png'), { shape: [2, 2, 2], data: new Uint8Array(8) }, ref), /HSNN1016 .*x\.png.*\.nii\.gz/);
  assert.not.ok(existsSync(join(tmp.dir, 'x.nii.gz')));
});

test.run();
