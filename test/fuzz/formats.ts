// The decoders under fuzz (issue 12) and, for each, a corpus of valid files and a format-aware mutator:
// netlists and checkpoints are re-sealed after the change so the fuzz reaches the checks behind the
// checksum, and NIfTI headers get random values in their real fields. NIR joins once it has a decoder.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeNetlist } from '../../proto/decode.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import { checkpointDigest } from '../../formats/checkpoint-integrity.js';
import { checkpointDataOffset, decodeCheckpoint, frameCheckpoint } from '../../formats/checkpoint.js';
import { parseNifti } from '../../data/nifti-read.js';
import type { Rand } from '../../core/random.js';
import { checkFiniteImage } from '../../data/volume.js';
import { checkThresholds } from '../../models/snn/network.js';
import { snnParamsOf } from '../../models/snn/snn-checkpoint.js';
import { checkWeightTensors } from '../../models/unet/weights.js';
import { hsnn } from '../../proto/gen/netlist.js';
import { SEAL_BYTES, checkSeal, sealNetlist } from '../../proto/integrity.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { compileTiny, makeCheckpointBytes, TINY_ARCH } from '../compiler/helpers.js';
import { niftiBytes, pairSpecs } from '../data/fixtures.js';

export interface FuzzFormat {
  readonly name: string;
  readonly corpus: readonly Uint8Array[];
  /** Full validation; throws HsnnError on bad input, anything else is a crash. */
  decode(bytes: Uint8Array): void;
  /** A format-aware mutation of a valid file (random field values, re-sealed). */
  field(r: Rand, valid: Uint8Array): Uint8Array;
}

const int = (r: Rand, n: number): number => Math.floor(r() * n);
const NASTY = [0, -1, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53, -(2 ** 31), 1e308, -1e308, NaN, Infinity, 0.5, 65536, 1 << 20];
const nasty = (r: Rand): number => (r() < 0.7 ? (NASTY[int(r, NASTY.length)] as number) : int(r, 1 << int(r, 32)));

/** Every (holder, key) whose value is a number, anywhere in a decoded object. */
function numericSlots(o: unknown, out: Array<[Record<string, unknown>, string]> = [], depth = 0): Array<[Record<string, unknown>, string]> {
  if (typeof o !== 'object' || o === null || depth > 6) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') out.push([o as Record<string, unknown>, k]);
    else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) numericSlots(v, out, depth + 1);
  }
  return out;
}

function netlistField(r: Rand, valid: Uint8Array): Uint8Array {
  const body = checkSeal(valid) === 'verified' ? valid.subarray(0, valid.length - SEAL_BYTES) : valid;
  const pb = hsnn.netlist.Netlist.decode(body);
  const slots = numericSlots(pb).filter(([, k]) => k !== 'version');
  for (let n = 1 + int(r, 3); n > 0 && slots.length > 0; n--) {
    const [holder, key] = slots[int(r, slots.length)] as [Record<string, unknown>, string];
    holder[key] = nasty(r);
  }
  if (r() < 0.2 && pb.populations.length > 1) pb.populations.splice(1 + int(r, pb.populations.length - 1), 1);
  return sealNetlist(hsnn.netlist.Netlist.encode(pb).finish());
}

/** Rebuilds checkpoint bytes around `header` (re-signed) and the valid file's data block. */
function checkpointWith(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const { checksum: _drop, ...rest } = header;
  return frameCheckpoint({ ...rest, checksum: checkpointDigest(JSON.stringify(rest), data) }, data);
}

const JUNK: readonly unknown[] = [null, -1, 0, 1e308, 'x', [], {}, [null], true];

function checkpointField(r: Rand, valid: Uint8Array): Uint8Array {
  const hlen = new DataView(valid.buffer, valid.byteOffset).getUint32(8, true);
  const header = JSON.parse(Buffer.from(valid.subarray(12, 12 + hlen)).toString('utf8')) as Record<string, unknown>;
  const data = valid.slice(checkpointDataOffset(hlen));
  const slots = numericSlots(header).filter(([, k]) => k !== 'version');
  const [holder, key] = slots[int(r, slots.length)] as [Record<string, unknown>, string];
  holder[key] = r() < 0.5 ? nasty(r) : JUNK[int(r, JUNK.length)];
  if (r() < 0.3) {
    const keys = Object.keys(header);
    header[keys[int(r, keys.length)] as string] = JUNK[int(r, JUNK.length)];
  }
  if (r() < 0.2) for (let i = 0; i < 1 + int(r, 64); i++) data[int(r, data.length)] = int(r, 256);
  return checkpointWith(header, data);
}

/** NIfTI-1 header fields by byte offset and width (nifti1.h): dims, datatype, bitpix, pixdim, vox_offset, scl. */
const NIFTI_FIELDS: ReadonlyArray<[number, 'i16' | 'f32' | 'i32']> = [
  [0, 'i32'], [40, 'i16'], [42, 'i16'], [44, 'i16'], [46, 'i16'], [48, 'i16'], [70, 'i16'], [72, 'i16'],
  [76, 'f32'], [80, 'f32'], [108, 'f32'], [112, 'f32'], [116, 'f32'], [252, 'i16'], [254, 'i16'], [280, 'f32'],
];

function niftiField(r: Rand, valid: Uint8Array): Uint8Array {
  const gz = valid[0] === 0x1f;
  const raw = Uint8Array.from(gz ? gunzipSync(valid) : valid);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const [at, kind] = NIFTI_FIELDS[int(r, NIFTI_FIELDS.length)] as [number, 'i16' | 'f32' | 'i32'];
    const x = nasty(r);
    if (kind === 'f32') v.setFloat32(at, x, true);
    else if (kind === 'i16') v.setInt16(at, Number.isFinite(x) ? x : 0, true);
    else v.setInt32(at, Number.isFinite(x) ? x : 0, true);
  }
  return gz ? gzipSync(raw) : raw;
}

export function fuzzFormats(): FuzzFormat[] {
  const nets = [compileTiny(GENERIC, { sampleLayers: 0 }).bytes, compileTiny(GENERIC, { sampleLayers: 0, quantize: 'float32' }).bytes];
  const ckpts = [makeCheckpointBytes(TINY_ARCH, 1), makeCheckpointBytes(TINY_ARCH, 2, { kind: 'ann' }), makeCheckpointBytes({ ...TINY_ARCH, depth: 1 }, 3)];
  const pair = pairSpecs([9, 7, 5]);
  const vols = [niftiBytes(pair.image), gzipSync(niftiBytes(pair.label)), gzipSync(niftiBytes({ ...pair.image, datatype: 4 })), niftiBytes({ ...pair.image, bigEndian: true })];
  const own = (list: readonly Uint8Array[]): Uint8Array[] => list.map((b) => Uint8Array.from(b));
  return [
    { name: 'netlist (compiler reader)', corpus: own(nets), decode: (b) => { decodeNetlist(b, 'fuzz.pb'); }, field: netlistField },
    { name: 'netlist (simulator reader)', corpus: own(nets), decode: (b) => { decodeSimNetlist(b, 'fuzz.pb'); }, field: netlistField },
    {
      name: 'checkpoint', corpus: own(ckpts), field: checkpointField,
      decode: (b) => {
        const c = decodeCheckpoint(b, 'fuzz.ckpt');
        checkWeightTensors(c, 'fuzz.ckpt');
        if (c.header.snn) checkThresholds(c.header.arch, snnParamsOf(c.header.snn), 'fuzz.ckpt');
      },
    },
    { name: 'NIfTI', corpus: own(vols), field: niftiField, decode: (b) => { checkFiniteImage(parseNifti(b, 'fuzz.nii.gz').volume, 'fuzz.nii.gz'); } },
  ];
}

/** Short id of a case's bytes, printed with a crash so it can be saved and replayed. */
export const caseId = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 12);
