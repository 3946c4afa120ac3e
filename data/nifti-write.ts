// NIfTI-1 writer: encodes a 3D volume (nifti-encode.ts) with the geometry of a reference header and
// writes it as .nii.gz (gzipped) or .nii, atomically, so a prediction written from an input scan
// overlays it in ITK-SNAP / 3D Slicer.
import { gzipSync } from 'node:zlib';
import { userError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import { encodeNifti } from './nifti-encode.js';
import type { NiftiHeader } from './nifti-parse.js';
import type { Volume3D, VoxelArray } from './volume.js';

export { encodeNifti } from './nifti-encode.js';

/** Write `path` (.nii.gz gzipped, .nii raw) with the reference header's geometry. */
export function writeNifti(path: string, volume: Volume3D<VoxelArray>, referenceHeader: NiftiHeader): void {
  const gz = path.endsWith('.nii.gz');
  if (!gz && !path.endsWith('.nii')) {
    throw userError('HSNN1016', `NIfTI ${path}: output name must end in .nii.gz or .nii`);
  }
  const raw = encodeNifti(volume, referenceHeader, path);
  writeFileAtomic(path, gz ? gzipSync(raw, { level: 6 }) : raw);
}
