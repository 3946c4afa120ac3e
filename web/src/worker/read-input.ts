// Blobs (dropped files, fetched samples) → parsed NIfTI images and netlist bytes, reading no more than
// the header says: the 348-byte header is checked first (nifti-parse.ts, the CLI's parser), a header
// claiming more than the page allows is refused before any voxel is read, and a .nii.gz is inflated
// as a stream that stops at the claimed size, so a hostile file can neither hang nor exhaust the tab.
import { Gunzip } from 'fflate';
import { userError } from '../../../core/errors.js';
import { claimedNiftiBytes, niftiHeaderOf, parseNiftiBytes } from '../../../data/nifti-parse.js';
import type { NiftiImage } from '../../../data/nifti-parse.js';
import { webError, WEB_LIMITS } from '../codes.js';
import type { NamedBlob } from '../protocol.js';

const HEADER = 348;
const HEAD_STEP = 1024;

function checkClaim(head: Uint8Array, name: string): number {
  const header = niftiHeaderOf(head, name);
  const claimed = claimedNiftiBytes(header);
  if (claimed > WEB_LIMITS.maxNiftiBytes) {
    const gib = (claimed / 2 ** 30).toFixed(2);
    throw webError('HSNN6001', `NIfTI ${name}: header claims ${header.dims.join('x')} voxels (${gib} GiB); the page accepts volumes up to ${WEB_LIMITS.maxNiftiBytes / 2 ** 20} MiB`);
  }
  // A NaN or infinite vox_offset claims nothing; the parser then names the bad offset.
  return Number.isFinite(claimed) ? claimed : 0;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p.subarray(0, Math.min(p.length, total - at)), at); at += p.length; if (at >= total) break; }
  return out;
}

/** Inflates until `claimed` bytes (once the header is known) or the end of the stream. */
async function gunzipBounded(blob: Blob, name: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0, claimed = Infinity;
  const inflate = new Gunzip((chunk) => { parts.push(chunk); total += chunk.length; });
  const reader = blob.stream().getReader();
  // Until the header is checked, feed the inflater 1 KiB at a time: a gzip of zeros inflates ~1000×.
  const push = (chunk: Uint8Array, final: boolean): void => {
    const step = claimed === Infinity ? HEAD_STEP : chunk.length || 1;
    for (let at = 0; at < chunk.length || (final && at === 0); at += step) {
      const end = Math.min(chunk.length, at + step);
      try {
        inflate.push(chunk.subarray(at, end), final && end === chunk.length);
      } catch (e) {
        throw userError('HSNN1002', `NIfTI ${name}: corrupt gzip stream (${(e as Error).message})`);
      }
      if (claimed === Infinity && total >= HEADER) claimed = Math.max(checkClaim(concat(parts, HEADER), name), HEADER);
      if (total >= claimed) return;
    }
  };
  try {
    while (total < claimed) {
      const { done, value } = await reader.read();
      push(value ?? new Uint8Array(0), done);
      if (done) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return concat(parts, Math.min(total, claimed));
}

/** Parses a .nii or .nii.gz blob with the CLI's parser (gzip recognised by its magic, like the CLI). */
export async function readNiftiBlob(f: NamedBlob): Promise<NiftiImage> {
  const magic = new Uint8Array(await f.blob.slice(0, 2).arrayBuffer());
  if (magic[0] === 0x1f && magic[1] === 0x8b) return parseNiftiBytes(await gunzipBounded(f.blob, f.name), f.name);
  const head = new Uint8Array(await f.blob.slice(0, HEADER).arrayBuffer());
  if (head.length < HEADER) return parseNiftiBytes(head, f.name);
  const claimed = checkClaim(head, f.name);
  return parseNiftiBytes(new Uint8Array(await f.blob.slice(0, Math.max(claimed, HEADER)).arrayBuffer()), f.name);
}

export async function readNetlistBlob(f: NamedBlob): Promise<Uint8Array> {
  if (f.blob.size > WEB_LIMITS.maxNetlistBytes) {
    throw webError('HSNN6005', `netlist ${f.name}: ${(f.blob.size / 2 ** 20).toFixed(0)} MiB; the page accepts netlists up to ${WEB_LIMITS.maxNetlistBytes / 2 ** 20} MiB`);
  }
  return new Uint8Array(await f.blob.arrayBuffer());
}
