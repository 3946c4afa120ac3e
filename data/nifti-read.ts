// NIfTI-1 reader (.nii and .nii.gz) on top of nifti-parse.ts: reads the file, gunzips it when the gzip
// magic is present, then parses it. Every problem is a coded HSNN10xx error naming the file.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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

/** Gunzip when the gzip magic is present (whatever the extension says). */
function maybeGunzip(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw userError('HSNN1002', `NIfTI ${path}: corrupt gzip stream (${(e as Error).message})`);
  }
}

/** Parse an in-memory .nii or .nii.gz; `path` is only used in messages. */
export function parseNifti(fileBytes: Uint8Array, path: string): NiftiImage {
  return parseNiftiBytes(maybeGunzip(fileBytes, path), path);
}

export function readNifti(path: string): NiftiImage {
  return parseNifti(readBytes(path), path);
}

/** Just the header (still checked), e.g. for the writer's reference geometry. */
export function readNiftiHeader(path: string): NiftiHeader {
  return niftiHeaderOf(maybeGunzip(readBytes(path), path), path);
}
