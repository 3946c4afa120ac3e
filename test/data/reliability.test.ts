// Issue 12, "also look at": dataset.json entries that leave the dataset folder are refused (HSNN1505),
// and a label on another voxel grid than its image is refused even when the shapes match (HSNN1506).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { loadDataset } from '../../data/dataset.js';
import { pairSpecs, tempDir, writeNiftiFile } from './fixtures.js';

const t = tempDir('data-rel');
test.after(() => t.cleanup());

const messages = (f: () => unknown): string => {
  try { f(); return ''; } catch (e) { if (e instanceof HsnnError) return e.message; throw e; }
};

test('dataset.json paths outside the folder (../, absolute) are HSNN1505', () => {
  const p = pairSpecs([8, 6, 4]);
  writeNiftiFile(join(t.dir, 'outside.nii.gz'), p.image);
  const ds = join(t.dir, 'ds');
  writeNiftiFile(join(ds, 'imagesTr/a.nii.gz'), p.image);
  writeNiftiFile(join(ds, 'labelsTr/a.nii.gz'), p.label);
  for (const bad of ['../outside.nii.gz', join(t.dir, 'outside.nii.gz')]) {
    writeFileSync(join(ds, 'dataset.json'), JSON.stringify({ training: [{ image: bad, label: './labelsTr/a.nii.gz' }] }));
    assert.match(messages(() => loadDataset(ds)), /HSNN1505 dataset .*dataset\.json: training\[0\] path '.*outside\.nii\.gz' points outside the dataset folder/);
  }
  writeFileSync(join(ds, 'dataset.json'), JSON.stringify({ training: [{ image: './imagesTr/a.nii.gz', label: './labelsTr/a.nii.gz' }] }));
  assert.is(messages(() => loadDataset(ds, { axis: 2, height: 8, width: 8, clipPercentiles: [1, 99] })), '');
});

test('a label with other voxel spacing than its image is HSNN1506, though the shapes match', () => {
  const p = pairSpecs([8, 6, 4]);
  const ds = join(t.dir, 'grid');
  writeNiftiFile(join(ds, 'imagesTr/b.nii.gz'), p.image);
  writeNiftiFile(join(ds, 'labelsTr/b.nii.gz'), { ...p.label, pixdim: [1, 2, 1, 1, 0, 0, 0, 0] });
  assert.match(messages(() => loadDataset(ds)), /HSNN1506 label .*labelsTr\/b\.nii\.gz is on another voxel grid than image .*imagesTr\/b\.nii\.gz \(spacing 1×1×1 vs 2×1×1\)/);
});

test.run();
