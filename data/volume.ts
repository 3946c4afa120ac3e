// In-memory 3D volumes as read from NIfTI files or generated as phantoms, and the checks every
// image/label pair passes before preprocessing (shape agreement, finite intensities, integer labels).
// Voxel order is NIfTI's: x fastest, flat index = x + nx * (y + ny * z).
import { userError } from '../core/errors.js';

export type Shape3 = readonly [number, number, number];

export type VoxelArray = Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

export interface Volume3D<T extends ArrayLike<number> = Float32Array> {
  /** (nx, ny, nz). */
  readonly shape: Shape3;
  readonly data: T;
}

/** One subject before preprocessing: what the NIfTI reader or the phantom generator hands over. */
export interface RawSubject {
  readonly id: string;
  readonly image: Volume3D<Float32Array>;
  /** Integer labels (MSD: 0 background, 1 anterior, 2 posterior). */
  readonly label: Volume3D<Float32Array | Uint8Array>;
  readonly imagePath?: string;
  readonly labelPath?: string;
}

export function voxelCount(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2];
}

/** (x, y, z) of a flat NIfTI index, for messages that point at a voxel. */
export function voxelCoord(shape: Shape3, index: number): string {
  const x = index % shape[0];
  const y = Math.floor(index / shape[0]) % shape[1];
  const z = Math.floor(index / (shape[0] * shape[1]));
  return `(${x}, ${y}, ${z})`;
}

export function sameShape(a: Shape3, b: Shape3): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export function checkPairShapes(imageShape: Shape3, labelShape: Shape3, imageName: string, labelName: string): void {
  if (!sameShape(imageShape, labelShape)) {
    throw userError('HSNN1007', `image ${imageName} is ${imageShape.join('x')} but label ${labelName} is ${labelShape.join('x')}; they must match voxel for voxel`);
  }
}

/** Intensities must be finite: one NaN would poison the percentile clip of the whole volume. */
export function checkFiniteImage(image: Volume3D<ArrayLike<number>>, name: string): void {
  let bad = 0;
  let first = -1;
  const d = image.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i] as number)) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    throw userError('HSNN1008', `image ${name}: ${bad} voxel(s) are NaN or infinite (first at ${voxelCoord(image.shape, first)})`);
  }
}

/** Labels must be non-negative integers (a float or resampled label map is a user mistake, not a mask). */
export function checkIntegerLabels(label: Volume3D<ArrayLike<number>>, name: string): void {
  let bad = 0;
  let first = -1;
  const d = label.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (!(Number.isInteger(v) && v >= 0)) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    const v = d[first] as number;
    throw userError('HSNN1009', `label ${name}: ${bad} voxel(s) are not non-negative integers (first at ${voxelCoord(label.shape, first)}: ${v}); labels must be integer class ids`);
  }
}

/** All three checks for one pair; throws the first problem found. */
export function validatePair(subject: RawSubject): void {
  const imageName = subject.imagePath ?? `${subject.id} (image)`;
  const labelName = subject.labelPath ?? `${subject.id} (label)`;
  checkPairShapes(subject.image.shape, subject.label.shape, imageName, labelName);
  checkFiniteImage(subject.image, imageName);
  checkIntegerLabels(subject.label, labelName);
}
