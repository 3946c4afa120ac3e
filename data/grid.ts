// Voxel-grid agreement of an image and its label: equal shapes are not enough when the spacing or the
// voxel-to-world transform differ (a label resampled or saved from another scan). Compared with a relative
// tolerance, because writers round float32 header fields differently.
import { userError } from '../core/errors.js';
import type { NiftiHeader } from './nifti-read.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a), Math.abs(b));

/** What differs between the two grids ("spacing 1×1×1 vs 2×1×1"), or undefined when they agree. */
export function gridMismatch(image: NiftiHeader, label: NiftiHeader): string | undefined {
  const si = image.pixdim.slice(1, 4), sl = label.pixdim.slice(1, 4);
  if (!si.every((v, i) => close(v, sl[i] ?? NaN))) return `spacing ${si.join('×')} vs ${sl.join('×')}`;
  const flat = (h: NiftiHeader): number[] => h.affine.slice(0, 3).flatMap((r) => [...r]);
  const ai = flat(image), al = flat(label);
  if (!ai.every((v, i) => close(v, al[i] ?? NaN))) return `voxel-to-world ${ai.map((v) => v.toFixed(3)).join(',')} vs ${al.map((v) => v.toFixed(3)).join(',')}`;
  return undefined;
}

/** HSNN1506 when a label is not on its image's voxel grid (all 211 MSD and sample pairs agree). */
export function checkPairGrid(image: NiftiHeader, label: NiftiHeader, imagePath: string, labelPath: string): void {
  const why = gridMismatch(image, label);
  if (why !== undefined) throw userError('HSNN1506', `label ${labelPath} is on another voxel grid than image ${imagePath} (${why}); resample it onto the image's grid`);
}
