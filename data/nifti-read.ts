// NIfTI-1 reader (.nii and .nii.gz) on top of nifti-reader-js: checks the file is a single-file
// 3D NIfTI-1 with a supported datatype and complete voxel data, then decodes voxels to float32 with
// scl_slope/scl_inter applied. Every problem is a coded HSNN10xx error naming the file.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { userError } from '../core/errors.js';
import type { Shape3, Volume3D } from './volume.js';

/** Header fields the pipeline and the writer need; geometry is kept verbatim so predictions overlay the input. */
export interface NiftiHeader {
  readonly dims: Shape3;
  /** pixdim[0..7]; pixdim[0] is qfac (±1), pixdim[1..3] the voxel size. */
  readonly pixdim: readonly number[];
  readonly datatype: number;
  readonly bitpix: number;
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly xyztUnits: number;
  readonly dimInfo: number;
  readonly qformCode: number;
  readonly sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  readonly quatern: readonly [number, number, number];
  readonly qoffset: readonly [number, number, number];
  /** srow_x, srow_y, srow_z (12 floats), exactly as stored. */
  readonly srow: readonly number[];
  /** Voxel-to-world 4x4 as nifti-reader-js derives it (sform or qform, whichever the header prefers). */
  readonly affine: readonly (readonly number[])[];
  readonly littleEndian: boolean;
}

export interface NiftiImage {
  readonly path: string;
  readonly header: NiftiHeader;
  readonly volume: Volume3D<Float32Array>;
}

type TypedArrayCtor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<number>;

interface DatatypeInfo {
  readonly name: string;
  readonly bytes: number;
  /** View type for files in the host's byte order (the fast path). */
  readonly array: TypedArrayCtor;
  readonly get: (v: DataView, o: number, le: boolean) => number;
}

/** Supported NIfTI datatype codes (nifti1.h DT_*). */
export const DATATYPES: ReadonlyMap<number, DatatypeInfo> = new Map<number, DatatypeInfo>([
  [2, { name: 'uint8', bytes: 1, array: Uint8Array, get: (v, o) => v.getUint8(o) }],
  [4, { name: 'int16', bytes: 2, array: Int16Array, get: (v, o, le) => v.getInt16(o, le) }],
  [8, { name: 'int32', bytes: 4, array: Int32Array, get: (v, o, le) => v.getInt32(o, le) }],
  [16, { name: 'float32', bytes: 4, array: Float32Array, get: (v, o, le) => v.getFloat32(o, le) }],
  [64, { name: 'float64', bytes: 8, array: Float64Array, get: (v, o, le) => v.getFloat64(o, le) }],
  [256, { name: 'int8', bytes: 1, array: Int8Array, get: (v, o) => v.getInt8(o) }],
  [512, { name: 'uint16', bytes: 2, array: Uint16Array, get: (v, o, le) => v.getUint16(o, le) }],
  [768, { name: 'uint32', bytes: 4, array: Uint32Array, get: (v, o, le) => v.getUint32(o, le) }],
]);

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const UNSUPPORTED_NAMES: Readonly<Record<number, string>> = {
  0: 'none', 1: 'binary', 32: 'complex64', 128: 'rgb24', 1024: 'int64', 1280: 'uint64', 1536: 'float128',
  1792: 'complex128', 2048: 'complex256', 2304: 'rgba32',
};

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
    throw userError('HSNN1001', `NIfTI ${path}: ${why}`);
  }
}

/** Gunzip when the gzip magic is present (whatever the extension says). */
function maybeGunzip(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw userError('HSNN1002', `NIfTI ${path}: corrupt gzip stream (${(e as Error).message})`);
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** sizeof_hdr and magic, checked here so the message says what is wrong rather than "not NIfTI". */
function checkSignature(bytes: Uint8Array, path: string): void {
  const bad = (what: string): never => { throw userError('HSNN1003', `NIfTI ${path}: not a NIfTI-1 file (${what})`); };
  if (bytes.length < 348) bad(`${bytes.length} bytes, a NIfTI-1 header alone is 348`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  if (le === 540 || be === 540) bad('sizeof_hdr is 540: NIfTI-2 is not supported, save as NIfTI-1');
  if (le !== 348 && be !== 348) bad(`sizeof_hdr is ${le}, expected 348`);
  const magic = String.fromCharCode(bytes[344] ?? 0, bytes[345] ?? 0, bytes[346] ?? 0);
  if (magic === 'ni1') bad("magic 'ni1' marks a .hdr/.img pair; convert it to a single .nii or .nii.gz");
  if (magic !== 'n+1' || bytes[347] !== 0) bad(`magic is ${JSON.stringify(magic)}, expected "n+1"`);
}

function parseHeader(bytes: Uint8Array, path: string): NiftiHeader {
  let h: nifti.NIFTI1 | nifti.NIFTI2;
  try {
    h = nifti.readHeader(toArrayBuffer(bytes.subarray(0, 352)));
  } catch (e) {
    throw userError('HSNN1003', `NIfTI ${path}: unreadable header (${(e as Error).message})`);
  }
  if (!(h instanceof nifti.NIFTI1)) throw userError('HSNN1003', `NIfTI ${path}: not a NIfTI-1 header`);
  const { dims } = checkDims(h.dims, path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 348);
  const srow = Array.from({ length: 12 }, (_, i) => view.getFloat32(280 + 4 * i, h.littleEndian));
  return {
    dims,
    pixdim: h.pixDims.slice(0, 8),
    datatype: h.datatypeCode,
    bitpix: h.numBitsPerVoxel,
    voxOffset: h.vox_offset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    xyztUnits: h.xyzt_units,
    dimInfo: h.dim_info,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow,
    affine: h.affine.map((row) => row.slice()),
    littleEndian: h.littleEndian,
  };
}

/** A 4D-7D file whose extra dimensions are all 1 is still one 3D volume. */
function checkDims(dims: readonly number[], path: string): { dims: Shape3 } {
  const rank = dims[0] ?? 0;
  const shown = dims.slice(1, Math.max(1, Math.min(rank, 7)) + 1).join('x');
  if (rank < 3 || rank > 7) throw userError('HSNN1004', `NIfTI ${path}: dim[0] is ${rank} (dims ${shown}), expected a 3D volume`);
  for (let i = 4; i <= rank; i++) {
    if ((dims[i] ?? 1) !== 1) throw userError('HSNN1004', `NIfTI ${path}: is ${rank}D (dims ${shown}), expected a 3D volume`);
  }
  const d: Shape3 = [dims[1] ?? 0, dims[2] ?? 0, dims[3] ?? 0];
  if (d.some((n) => n < 1)) throw userError('HSNN1004', `NIfTI ${path}: dims ${d.join('x')} has an empty axis`);
  return { dims: d };
}

function datatypeOf(header: NiftiHeader, path: string): DatatypeInfo {
  const dt = DATATYPES.get(header.datatype);
  if (!dt) {
    const name = UNSUPPORTED_NAMES[header.datatype] ?? 'unknown';
    const ok = [...DATATYPES.values()].map((d) => d.name).join(', ');
    throw userError('HSNN1005', `NIfTI ${path}: datatype ${header.datatype} (${name}) is not supported; use one of ${ok}`);
  }
  if (header.bitpix !== dt.bytes * 8) {
    throw userError('HSNN1005', `NIfTI ${path}: bitpix ${header.bitpix} does not match datatype ${dt.name} (${dt.bytes * 8} bits)`);
  }
  return dt;
}

function decodeVoxels(bytes: Uint8Array, header: NiftiHeader, path: string): Float32Array {
  const dt = datatypeOf(header, path);
  const n = header.dims[0] * header.dims[1] * header.dims[2];
  const offset = Math.round(header.voxOffset);
  const need = offset + n * dt.bytes;
  if (offset < 348 || bytes.length < need) {
    throw userError('HSNN1006', `NIfTI ${path}: truncated voxel data: ${header.dims.join('x')} ${dt.name} needs ${n * dt.bytes} bytes from offset ${offset}, the file has ${Math.max(0, bytes.length - offset)}`);
  }
  const out = new Float32Array(n);
  if (header.littleEndian === HOST_LITTLE_ENDIAN) {
    // Copy to a fresh (aligned) buffer, then view it as the stored type. (Not bytes.slice: on a Buffer
    // that is a view sharing memory, not a copy.)
    const own = new Uint8Array(n * dt.bytes);
    own.set(bytes.subarray(offset, offset + n * dt.bytes));
    out.set(new dt.array(own.buffer, 0, n));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * dt.bytes);
    for (let i = 0; i < n; i++) out[i] = dt.get(view, i * dt.bytes, header.littleEndian);
  }
  applyScaling(out, header.sclSlope, header.sclInter);
  return out;
}

/** NIfTI rule: scl_slope 0 (or non-finite) means "no scaling". */
function applyScaling(data: Float32Array, slope: number, inter: number): void {
  if (slope === 0 || !Number.isFinite(slope) || !Number.isFinite(inter)) return;
  if (slope === 1 && inter === 0) return;
  for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) * slope + inter;
}

/** Parse an in-memory .nii or .nii.gz; `path` is only used in messages. */
export function parseNifti(fileBytes: Uint8Array, path: string): NiftiImage {
  const bytes = maybeGunzip(fileBytes, path);
  checkSignature(bytes, path);
  const header = parseHeader(bytes, path);
  const data = decodeVoxels(bytes, header, path);
  return { path, header, volume: { shape: header.dims, data } };
}

export function readNifti(path: string): NiftiImage {
  return parseNifti(readBytes(path), path);
}

/** Just the header (still checked), e.g. for the writer's reference geometry. */
export function readNiftiHeader(path: string): NiftiHeader {
  const bytes = maybeGunzip(readBytes(path), path);
  checkSignature(bytes, path);
  return parseHeader(bytes, path);
}
