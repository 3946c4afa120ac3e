// NIfTI-1 writer: encodes a 3D volume as a little-endian single-file NIfTI-1 (.nii.gz, or .nii) whose
// geometry (pixdim, qform, sform, units) is copied verbatim from a reference header, so a prediction
// written from an input scan overlays it in ITK-SNAP / 3D Slicer. Written atomically.
import { gzipSync } from 'node:zlib';
import { userError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import type { NiftiHeader } from './nifti-read.js';
import type { Volume3D, VoxelArray } from './volume.js';
import { sameShape, voxelCount } from './volume.js';

const HEADER_BYTES = 348;
/** Header + the 4-byte "no extensions" flag; voxels start here. */
const VOX_OFFSET = 352;

interface Encoding { readonly code: number; readonly bytes: number; readonly set: (v: DataView, o: number, x: number) => void }

function encodingOf(data: VoxelArray): Encoding {
  if (data instanceof Uint8Array) return { code: 2, bytes: 1, set: (v, o, x) => v.setUint8(o, x) };
  if (data instanceof Int16Array) return { code: 4, bytes: 2, set: (v, o, x) => v.setInt16(o, x, true) };
  if (data instanceof Int32Array) return { code: 8, bytes: 4, set: (v, o, x) => v.setInt32(o, x, true) };
  if (data instanceof Float32Array) return { code: 16, bytes: 4, set: (v, o, x) => v.setFloat32(o, x, true) };
  if (data instanceof Float64Array) return { code: 64, bytes: 8, set: (v, o, x) => v.setFloat64(o, x, true) };
  return { code: 512, bytes: 2, set: (v, o, x) => v.setUint16(o, x, true) };
}

function writeHeader(view: DataView, ref: NiftiHeader, shape: readonly number[], enc: Encoding, range: readonly [number, number]): void {
  view.setInt32(0, HEADER_BYTES, true);
  view.setUint8(39, ref.dimInfo);
  [3, shape[0] ?? 1, shape[1] ?? 1, shape[2] ?? 1, 1, 1, 1, 1].forEach((d, i) => view.setInt16(40 + 2 * i, d, true));
  view.setInt16(70, enc.code, true);
  view.setInt16(72, enc.bytes * 8, true);
  // pixdim[0] is qfac and must be ±1; 0 (seen in the wild) means +1.
  const pixdim = ref.pixdim.map((p, i) => (i === 0 && p !== -1 ? 1 : p));
  for (let i = 0; i < 8; i++) view.setFloat32(76 + 4 * i, pixdim[i] ?? 0, true);
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true);
  view.setFloat32(116, 0, true);
  view.setUint8(123, ref.xyztUnits);
  view.setFloat32(124, range[1], true);
  view.setFloat32(128, range[0], true);
  writeAscii(view, 148, 80, 'hsnn');
  view.setInt16(252, ref.qformCode, true);
  view.setInt16(254, ref.sformCode, true);
  ref.quatern.forEach((q, i) => view.setFloat32(256 + 4 * i, q, true));
  ref.qoffset.forEach((q, i) => view.setFloat32(268 + 4 * i, q, true));
  ref.srow.forEach((s, i) => view.setFloat32(280 + 4 * i, s, true));
  writeAscii(view, 344, 4, 'n+1\0');
}

function writeAscii(view: DataView, offset: number, max: number, text: string): void {
  for (let i = 0; i < Math.min(max, text.length); i++) view.setUint8(offset + i, text.charCodeAt(i) & 0x7f);
}

function valueRange(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return data.length === 0 ? [0, 0] : [lo, hi];
}

/** The uncompressed .nii bytes. The datatype follows the array type (Uint8Array → uint8, …). */
export function encodeNifti(volume: Volume3D<VoxelArray>, ref: NiftiHeader, name = 'volume'): Uint8Array {
  if (!sameShape(volume.shape, ref.dims)) {
    throw userError('HSNN1016', `NIfTI ${name}: volume is ${volume.shape.join('x')} but the reference header is ${ref.dims.join('x')}; a prediction must keep the input's voxel grid`);
  }
  const n = voxelCount(volume.shape);
  if (volume.data.length !== n) {
    throw userError('HSNN1016', `NIfTI ${name}: shape ${volume.shape.join('x')} needs ${n} voxels, the data has ${volume.data.length}`);
  }
  const enc = encodingOf(volume.data);
  const out = new Uint8Array(VOX_OFFSET + n * enc.bytes);
  const view = new DataView(out.buffer);
  writeHeader(view, ref, volume.shape, enc, valueRange(volume.data));
  if (enc.bytes === 1 && enc.code === 2) out.set(volume.data, VOX_OFFSET);
  else for (let i = 0; i < n; i++) enc.set(view, VOX_OFFSET + i * enc.bytes, volume.data[i] as number);
  return out;
}

/** Write `path` (.nii.gz gzipped, .nii raw) with the reference header's geometry. */
export function writeNifti(path: string, volume: Volume3D<VoxelArray>, referenceHeader: NiftiHeader): void {
  const gz = path.endsWith('.nii.gz');
  if (!gz && !path.endsWith('.nii')) {
    throw userError('HSNN1016', `NIfTI ${path}: output name must end in .nii.gz or .nii`);
  }
  const raw = encodeNifti(volume, referenceHeader, path);
  writeFileAtomic(path, gz ? gzipSync(raw, { level: 6 }) : raw);
}
