// Every bad input gives a coded HSNN10xx error that names the file (or folder) at fault. The bad files
// are generated in a temp folder. loadDataset collects the problems of every subject into one error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HsnnError } from '../../core/errors.js';
import { DEFAULT_PREPROCESS, generatePhantoms, kFoldSplit, loadDataset, readNifti, selectSubjects, validationSplit } from '../../data/index.js';
import { niftiBytes, pairSpecs, tempDir, writeNiftiFile } from './fixtures.js';
import type { NiftiSpec } from './fixtures.js';

const tmp = tempDir('errors');
test.after(() => tmp.cleanup());

/** Runs f, expects an HsnnError whose codes include `code` and whose message matches every pattern. */
function expectError(f: () => unknown, code: string, ...patterns: (string | RegExp)[]): HsnnError {
  try {
    f();
  } catch (e) {
    if (!(e instanceof HsnnError)) throw e;
    assert.ok(e.diagnostics.some((d) => d.code === code), `expected ${code}, got: ${e.message}`);
    for (const p of patterns) assert.ok(typeof p === 'string' ? e.message.includes(p) : p.test(e.message), `${e.message}\n  does not match ${String(p)}`);
    return e;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

function badFile(name: string, spec: NiftiSpec): string {
  return writeNiftiFile(join(tmp.dir, name), spec);
}

const ok3d: NiftiSpec = { dims: [3, 2, 2, 2], datatype: 2, values: [1, 2, 3, 4, 5, 6, 7, 8] };

test('HSNN1001: missing file, and a folder where a file should be', () => {
  const missing = join(tmp.dir, 'nope.nii.gz');
  expectError(() => readNifti(missing), 'HSNN1001', missing, 'not found');
  expectError(() => readNifti(tmp.dir), 'HSNN1001', tmp.dir, 'directory');
});

test('HSNN1002: corrupt and truncated gzip', () => {
  const garbage = join(tmp.dir, 'garbage.nii.gz');
  writeFileSync(garbage, Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xfe, 0xfd, 0x00, 0x13]));
  expectError(() => readNifti(garbage), 'HSNN1002', garbage, 'gzip');
  const cut = join(tmp.dir, 'cut.nii.gz');
  const gz = gzipSync(niftiBytes(ok3d));
  writeFileSync(cut, gz.subarray(0, gz.length - 20));
  expectError(() => readNifti(cut), 'HSNN1002', cut);
});

test('HSNN1003: not a NIfTI-1 file (magic, sizeof_hdr, NIfTI-2, hdr/img pair, too short)', () => {
  expectError(() => readNifti(badFile('magic.nii', { ...ok3d, magic: 'xyz' })), 'HSNN1003', 'magic.nii', 'magic');
  expectError(() => readNifti(badFile('sizeof.nii.gz', { ...ok3d, sizeofHdr: 999 })), 'HSNN1003', 'sizeof.nii.gz', 'sizeof_hdr is 999');
  expectError(() => readNifti(badFile('v2.nii', { ...ok3d, sizeofHdr: 540 })), 'HSNN1003', 'v2.nii', 'NIfTI-2');
  expectError(() => readNifti(badFile('pair.nii', { ...ok3d, magic: 'ni1' })), 'HSNN1003', 'pair.nii', '.hdr/.img');
  const short = join(tmp.dir, 'short.nii');
  writeFileSync(short, 'hello, not an image');
  expectError(() => readNifti(short), 'HSNN1003', short, '348');
});

test('HSNN1004: a volume that is not 3D', () => {
  expectError(() => readNifti(badFile('t3.nii', { dims: [4, 2, 2, 2, 3], datatype: 2 })), 'HSNN1004', 't3.nii', '4D', '2x2x2x3');
  expectError(() => readNifti(badFile('flat.nii', { dims: [2, 4, 4], datatype: 2 })), 'HSNN1004', 'flat.nii', 'dim[0] is 2');
  expectError(() => readNifti(badFile('empty.nii', { dims: [3, 4, 0, 4], datatype: 2 })), 'HSNN1004', 'empty.nii', 'empty axis');
});

test('HSNN1005: unsupported datatype, or bitpix that disagrees with it', () => {
  expectError(() => readNifti(badFile('cplx.nii', { dims: [3, 2, 2, 2], datatype: 32 })), 'HSNN1005', 'cplx.nii', 'complex64');
  expectError(() => readNifti(badFile('rgb.nii.gz', { dims: [3, 2, 2, 2], datatype: 128 })), 'HSNN1005', 'rgb.nii.gz', 'rgb24');
  expectError(() => readNifti(badFile('bitpix.nii', { ...ok3d, bitpix: 16 })), 'HSNN1005', 'bitpix.nii', 'bitpix 16');
});

test('HSNN1006: truncated voxel data', () => {
  expectError(() => readNifti(badFile('trunc.nii.gz', { dims: [3, 4, 4, 4], datatype: 16, truncate: 10 })), 'HSNN1006', 'trunc.nii.gz', 'needs 256 bytes', 'has 246');
});

/** A suffix-layout dataset folder holding the given subjects. */
function dataset(name: string, subjects: Record<string, { image: NiftiSpec; label: NiftiSpec }>): string {
  const dir = join(tmp.dir, name);
  for (const [id, s] of Object.entries(subjects)) {
    writeNiftiFile(join(dir, `${id}.nii.gz`), s.image);
    writeNiftiFile(join(dir, `${id}_label.nii.gz`), s.label);
  }
  return dir;
}

const small: readonly [number, number, number] = [3, 4, 5];

test('HSNN1007: image and label shapes disagree', () => {
  const p = pairSpecs(small);
  const dir = dataset('shape', { s1: { image: p.image, label: { ...p.label, dims: [3, 3, 4, 6] } } });
  expectError(() => loadDataset(dir), 'HSNN1007', 's1.nii.gz', 's1_label.nii.gz', '3x4x5', '3x4x6');
});

test('HSNN1008: NaN in an image; HSNN1009: non-integer or negative labels', () => {
  const p = pairSpecs(small);
  const nan = Array.from(p.image.values ?? []);
  nan[7] = Number.NaN;
  expectError(() => loadDataset(dataset('nan', { s1: { image: { ...p.image, values: nan }, label: p.label } })), 'HSNN1008', 's1.nii.gz', 'NaN', '(1, 2, 0)');
  const frac = Array.from(p.label.values ?? []);
  frac[5] = 0.5;
  expectError(() => loadDataset(dataset('frac', { s1: { image: p.image, label: { ...p.label, datatype: 16, values: frac } } })), 'HSNN1009', 's1_label.nii.gz', '0.5');
  const neg = Array.from(p.label.values ?? []);
  neg[2] = -1;
  expectError(() => loadDataset(dataset('neg', { s1: { image: p.image, label: { ...p.label, datatype: 4, values: neg } } })), 'HSNN1009', 's1_label.nii.gz', '-1');
});

test('loadDataset reports every bad subject at once', () => {
  const p = pairSpecs(small);
  const nan = Array.from(p.image.values ?? []);
  nan[0] = Number.NaN;
  const dir = dataset('many', {
    a: p,
    b: { image: { ...p.image, values: nan }, label: p.label },
    c: { image: p.image, label: { ...p.label, dims: [3, 5, 4, 3] } },
  });
  writeFileSync(join(dir, 'd.nii.gz'), 'not gzip, not nifti');
  writeNiftiFile(join(dir, 'd_label.nii.gz'), p.label);
  const e = expectError(() => loadDataset(dir), 'HSNN1008', 'b.nii.gz');
  assert.equal(e.diagnostics.map((d) => d.code), ['HSNN1008', 'HSNN1007', 'HSNN1003']);
});

test('HSNN1010: dataset folder missing, a file, or holding no pairs', () => {
  const missing = join(tmp.dir, 'no-such-dataset');
  expectError(() => loadDataset(missing), 'HSNN1010', missing, 'not found');
  expectError(() => loadDataset(badFile('file.nii', ok3d)), 'HSNN1010', 'file.nii', 'not a folder');
  const empty = join(tmp.dir, 'empty-ds');
  mkdirSync(join(empty, 'images'), { recursive: true });
  mkdirSync(join(empty, 'labels'), { recursive: true });
  expectError(() => loadDataset(empty), 'HSNN1010', empty, 'no image/label pairs');
});

test('HSNN1011: malformed dataset.json', () => {
  const dir = join(tmp.dir, 'msd-bad');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dataset.json'), '{"training": [');
  expectError(() => loadDataset(dir), 'HSNN1011', 'dataset.json', 'JSON');
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ training: [] }));
  expectError(() => loadDataset(dir), 'HSNN1011', 'training');
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ training: [{ image: './imagesTr/a.nii.gz' }] }));
  expectError(() => loadDataset(dir), 'HSNN1011', 'training[0]');
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ training: [{ image: './imagesTr/a.nii.gz', label: './labelsTr/a.nii.gz' }] }));
  expectError(() => loadDataset(dir), 'HSNN1001', join(dir, 'imagesTr', 'a.nii.gz'));
});

test('HSNN1012: images without labels and labels without images', () => {
  const p = pairSpecs(small);
  const dir = dataset('unpaired', { a: p });
  writeNiftiFile(join(dir, 'lonely.nii.gz'), p.image);
  writeNiftiFile(join(dir, 'orphan_seg.nii'), p.label);
  const e = expectError(() => loadDataset(dir), 'HSNN1012', 'lonely.nii.gz has no label', 'orphan_seg.nii has no image');
  assert.is(e.diagnostics.length, 2);
  const folders = join(tmp.dir, 'unpaired-folders');
  writeNiftiFile(join(folders, 'images', 'x.nii.gz'), p.image);
  writeNiftiFile(join(folders, 'labels', 'y.nii.gz'), p.label);
  expectError(() => loadDataset(folders), 'HSNN1012', 'images/x.nii.gz has no labels/x.nii.gz', 'labels/y.nii.gz has no images/y.nii.gz');
});

test('HSNN1013: unknown subject ids and bad subject counts', () => {
  const dir = dataset('select', { a: pairSpecs(small), b: pairSpecs(small, 2) });
  expectError(() => loadDataset(dir, DEFAULT_PREPROCESS, { subjects: ['a', 'zz'] }), 'HSNN1013', 'zz');
  expectError(() => loadDataset(dir, DEFAULT_PREPROCESS, { maxSubjects: 0 }), 'HSNN1013', 'max subject count 0');
  const ds = loadDataset(dir);
  expectError(() => selectSubjects(ds, ['q']), 'HSNN1013', "q");
});

test('HSNN1014: invalid preprocessing config', () => {
  const dir = dataset('config', { a: pairSpecs(small) });
  expectError(() => loadDataset(dir, { ...DEFAULT_PREPROCESS, height: 0 }), 'HSNN1014', 'height 0');
  expectError(() => loadDataset(dir, { ...DEFAULT_PREPROCESS, axis: 3 as 0 }), 'HSNN1014', 'axis 3');
  expectError(() => loadDataset(dir, { ...DEFAULT_PREPROCESS, clipPercentiles: [50, 10] }), 'HSNN1014', 'clipPercentiles');
});

test('HSNN1015: invalid split arguments; HSNN1017: invalid phantom options', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  expectError(() => kFoldSplit(ids, 5, 5, 0), 'HSNN1015', 'fold 5');
  expectError(() => kFoldSplit(ids, 1, 0, 0), 'HSNN1015', 'folds 1');
  expectError(() => kFoldSplit(['a', 'b'], 5, 0, 0), 'HSNN1015', 'cannot fill 5 folds');
  expectError(() => kFoldSplit([...ids, 'a'], 2, 0, 0), 'HSNN1015', "'a' is listed twice");
  expectError(() => validationSplit(ids, 1, 0), 'HSNN1015', 'fraction 1');
  expectError(() => generatePhantoms({ count: 0, seed: 1 }), 'HSNN1017', 'count 0');
  expectError(() => generatePhantoms({ count: 1, seed: 1, shape: [4, 40, 40] }), 'HSNN1017', 'shape 4x40x40');
});

test.run();
