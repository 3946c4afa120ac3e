// Hostile and malformed inputs the page must refuse with a clear coded message: made here from a
// valid NIfTI-1 written by the project's encoder, then broken byte by byte where the test needs it.
import { encodeNifti } from '../../data/nifti-encode.js';
import type { NiftiHeader } from '../../data/nifti-parse.js';
import type { Shape3 } from '../../data/volume.js';

function header(dims: Shape3): NiftiHeader {
  return {
    dims, pixdim: [1, 1, 1, 1, 0, 0, 0, 0], datatype: 16, bitpix: 32, voxOffset: 352, sclSlope: 1, sclInter: 0, xyztUnits: 2, dimInfo: 0,
    qformCode: 0, sformCode: 0, quatern: [0, 0, 0], qoffset: [0, 0, 0], srow: new Array<number>(12).fill(0), affine: [], littleEndian: true,
  };
}

/** A float32 volume with a seeded ramp pattern (valid input for the page). */
export function phantom(dims: Shape3, seed = 1): Uint8Array {
  const n = dims[0] * dims[1] * dims[2];
  const data = Float32Array.from({ length: n }, (_, i) => ((i * 2654435761 + seed) >>> 0) % 1000);
  return encodeNifti({ shape: dims, data }, header(dims), 'phantom');
}

/** dim[0] = 4 with dim[4] = 2 and the data to match: a real 4D volume. */
export function fourD(): Uint8Array {
  const one = phantom([8, 8, 8]);
  const out = new Uint8Array(one.length + (one.length - 352));
  out.set(one);
  out.set(one.subarray(352), one.length);
  const v = new DataView(out.buffer);
  v.setInt16(40, 4, true);
  v.setInt16(48, 2, true);
  return out;
}

/** A 348-byte header (+4) that claims 2048³ float32 voxels (32 GiB) and has none. */
export function claimsGigabytes(): Uint8Array {
  const h = phantom([2, 2, 2]).slice(0, 352);
  const v = new DataView(h.buffer);
  for (const o of [42, 44, 46]) v.setInt16(o, 2048, true);
  return h;
}

export function notNifti(): Uint8Array {
  return new TextEncoder().encode('this is a text file, not an MRI volume\n'.repeat(20));
}

/** Bytes that are not a protobuf netlist (a valid-looking tag then garbage lengths). */
export function corruptNetlist(): Uint8Array {
  return Uint8Array.from({ length: 4096 }, (_, i) => (i === 0 ? 0x0a : (i * 7919) & 0xff));
}
