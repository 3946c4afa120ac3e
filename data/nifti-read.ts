// NIfTI-1 reader (.nii and .nii.gz) on top of nifti-parse.ts: reads the file, gunzips it when the gzip
// magic is present, then parses it. Every problem is a coded HSNN10xx error naming the file. The header is
// read (from a small gzip prefix) before the voxels, so an oversized volume or a gzip bomb is refused
// (HSNN1504) before anything large is allocated.
import { readFileSync } from 'node:fs';
import { constants as zc, gunzipSync } from 'node:zlib';
import { userError } from '../core/errors.js';
import { niftiHeaderOf, parseNiftiBytes } from './nifti-parse.js';
import type { NiftiHeader, NiftiImage } from './nifti-parse.js';

export { DATATYPES } from './nifti-parse.js';
export type { NiftiHeader, NiftiImage } from './nifti-parse.js';

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
    throw userError('HSNN1001', `NIfTI ${path}: ${why}`);
  }
}

/** Default voxel limit: 2^24 (256³), ~1000× an MSD hippocampus volume; HSNN_MAX_VOXELS raises it. */
export const DEFAULT_MAX_VOXELS = 1 << 24;
/** Largest vox_offset (header + extensions) accepted. */
const MAX_VOX_OFFSET = 1 << 24;

export function maxVoxels(): number {
  const env = Number(process.env.HSNN_MAX_VOXELS);
  return Number.isInteger(env) && env > 0 ? env : DEFAULT_MAX_VOXELS;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The first ≥ 352 decompressed bytes from growing compressed prefixes; output stays bounded by the prefix. */
function gunzipHead(bytes: Uint8Array, path: string): Uint8Array {
  let out = new Uint8Array(0);
  for (const n of [512, 4096, 65536, bytes.length]) {
    try {
      // A prefix ends mid-stream by design (sync flush); the whole file must be a complete stream.
      const whole = n >= bytes.length;
      out = gunzipSync(bytes.subarray(0, Math.min(n, bytes.length)), { ...(whole ? {} : { finishFlush: zc.Z_SYNC_FLUSH }), maxOutputLength: 1 << 26 });
    } catch (e) {
      throw userError('HSNN1002', `NIfTI ${path}: corrupt gzip stream (${(e as Error).message})`);
    }
    if (out.length >= 352 || n >= bytes.length) break;
  }
  return out;
}

/** Refuses volumes over the voxel limit, from the header alone. */
function checkSize(header: NiftiHeader, path: string): void {
  const n = header.dims[0] * header.dims[1] * header.dims[2];
  const max = maxVoxels();
  if (n > max) throw userError('HSNN1504', `NIfTI ${path}: ${header.dims.join('x')} = ${n} voxels exceeds the voxel limit ${max}; set HSNN_MAX_VOXELS=${n} to raise it`);
  if (header.voxOffset > MAX_VOX_OFFSET) throw userError('HSNN1006', `NIfTI ${path}: vox_offset ${header.voxOffset} is beyond ${MAX_VOX_OFFSET} bytes; the header is corrupt`);
}

/** Header first (checked and size-limited), then at most header + voxel bytes of decompressed data. */
function decompress(bytes: Uint8Array, path: string): Uint8Array {
  const header = niftiHeaderOf(isGzip(bytes) ? gunzipHead(bytes, path) : bytes, path);
  checkSize(header, path);
  if (!isGzip(bytes)) return bytes;
  const need = Math.round(header.voxOffset) + header.dims[0] * header.dims[1] * header.dims[2] * Math.max(1, header.bitpix / 8);
  try {
    return gunzipSync(bytes, { maxOutputLength: need + (1 << 20) });
  } catch (e) {
    const big = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw userError(big ? 'HSNN1504' : 'HSNN1002', big ? `NIfTI ${path}: decompresses to more than the ${need} bytes its header describes` : `NIfTI ${path}: corrupt gzip stream (${(e as Error).message})`);
  }
}

/** Parse an in-memory .nii or .nii.gz; `path` is only used in messages. */
export function parseNifti(fileBytes: Uint8Array, path: string): NiftiImage {
  return parseNiftiBytes(decompress(fileBytes, path), path);
}

export function readNifti(path: string): NiftiImage {
  return parseNifti(readBytes(path), path);
}

/** Just the header (still checked and size-limited), e.g. for the writer's reference geometry. */
export function readNiftiHeader(path: string): NiftiHeader {
  const bytes = readBytes(path);
  const header = niftiHeaderOf(isGzip(bytes) ? gunzipHead(bytes, path) : bytes, path);
  checkSize(header, path);
  return header;
}
