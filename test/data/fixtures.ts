// Test helpers for the data pipeline: build NIfTI-1 bytes by hand (independently of data/'s
// writer, so reader tests are not circular), temp folders under os.tmpdir(), and the real-data path.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const msdDir = resolve(repoRoot, '../shared/data/msd-hippocampus');
/** The three committed MSD subjects (samples/): real files that every clone has. */
export const samplesDir = join(repoRoot, 'samples');

export interface NiftiSpec {
  readonly dims: readonly number[];
  readonly datatype?: number;
  readonly bitpix?: number;
  readonly values?: ArrayLike<number>;
  readonly slope?: number;
  readonly inter?: number;
  readonly bigEndian?: boolean;
  readonly magic?: string;
  readonly sizeofHdr?: number;
  readonly pixdim?: readonly number[];
  readonly qform?: { readonly code: number; readonly quatern: readonly number[]; readonly offset: readonly number[] };
  readonly sform?: { readonly code: number; readonly srow: readonly number[] };
  /** Bytes to drop from the end (truncated files). */
  readonly truncate?: number;
}

const SIZES: Readonly<Record<number, number>> = { 2: 1, 4: 2, 8: 4, 16: 4, 64: 8, 256: 1, 512: 2, 768: 4, 32: 8, 128: 3 };

function setValue(v: DataView, dt: number, o: number, x: number, le: boolean): void {
  switch (dt) {
    case 2: v.setUint8(o, x); break;
    case 256: v.setInt8(o, x); break;
    case 4: v.setInt16(o, x, le); break;
    case 512: v.setUint16(o, x, le); break;
    case 8: v.setInt32(o, x, le); break;
    case 768: v.setUint32(o, x, le); break;
    case 16: v.setFloat32(o, x, le); break;
    case 64: v.setFloat64(o, x, le); break;
    default: break; // unsupported types: leave zero bytes
  }
}

/** Raw (uncompressed) .nii bytes following the NIfTI-1 field offsets of nifti1.h. */
export function niftiBytes(spec: NiftiSpec): Uint8Array {
  const dt = spec.datatype ?? 16;
  const size = SIZES[dt] ?? 4;
  const nvox = spec.dims.slice(1, (spec.dims[0] ?? 0) + 1).reduce((a, b) => a * b, 1);
  const out = new Uint8Array(352 + nvox * size);
  const v = new DataView(out.buffer);
  const le = !spec.bigEndian;
  v.setInt32(0, spec.sizeofHdr ?? 348, le);
  for (let i = 0; i < 8; i++) v.setInt16(40 + 2 * i, spec.dims[i] ?? 1, le);
  v.setInt16(70, dt, le);
  v.setInt16(72, spec.bitpix ?? size * 8, le);
  const pix = spec.pixdim ?? [1, 1, 1, 1, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) v.setFloat32(76 + 4 * i, pix[i] ?? 0, le);
  v.setFloat32(108, 352, le);
  v.setFloat32(112, spec.slope ?? 1, le);
  v.setFloat32(116, spec.inter ?? 0, le);
  v.setUint8(123, 10);
  if (spec.qform) {
    v.setInt16(252, spec.qform.code, le);
    spec.qform.quatern.forEach((q, i) => v.setFloat32(256 + 4 * i, q, le));
    spec.qform.offset.forEach((q, i) => v.setFloat32(268 + 4 * i, q, le));
  }
  if (spec.sform) {
    v.setInt16(254, spec.sform.code, le);
    spec.sform.srow.forEach((s, i) => v.setFloat32(280 + 4 * i, s, le));
  }
  const magic = spec.magic ?? 'n+1';
  for (let i = 0; i < 4; i++) out[344 + i] = i < magic.length ? magic.charCodeAt(i) : 0;
  const values = spec.values ?? [];
  for (let i = 0; i < Math.min(nvox, values.length); i++) setValue(v, dt, 352 + i * size, values[i] as number, le);
  return spec.truncate ? out.subarray(0, out.length - spec.truncate) : out;
}

export function writeNiftiFile(path: string, spec: NiftiSpec): string {
  mkdirSync(dirname(path), { recursive: true });
  const raw = niftiBytes(spec);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(raw) : raw);
  return path;
}

/** A fresh temp folder; call the returned cleanup in test.after. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `hsnn-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small image/label pair as float32 image + uint8 label NIfTI specs. */
export function pairSpecs(shape: readonly [number, number, number], seed = 1): { image: NiftiSpec; label: NiftiSpec } {
  const n = shape[0] * shape[1] * shape[2];
  const img = Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 997) / 10);
  const lab = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 1 : i % 13 === 0 ? 2 : 0));
  return {
    image: { dims: [3, ...shape], datatype: 16, values: img },
    label: { dims: [3, ...shape], datatype: 2, values: lab },
  };
}
