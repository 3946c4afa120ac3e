// Single-file checkpoint format shared by training, conversion, fine-tuning, the compiler and the CLI.
// Layout (little endian):
//   "HSNNCKPT" (8 bytes) | u32 headerBytes | header JSON (utf8) | zero pad to 4 | float32 tensor data
// The header names every tensor with its shape and float offset into the data block. One file per
// checkpoint, so an atomic rename makes every epoch's save all-or-nothing (model + optimizer + schedule).
// Version 2 adds header.checksum (checkpoint-integrity.ts); version 1 files load without one.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { userError } from '../core/errors.js';
import { validateArch, type UNetArch } from './unet-arch.js';
import type { PreprocessConfig } from '../data/types.js';
import type { ActivationSpec } from './activation.js';
import { checkpointDigest, headerShapeProblem } from './checkpoint-integrity.js';

export const CHECKPOINT_MAGIC = 'HSNNCKPT';
export const CHECKPOINT_VERSION = 2;
/** Versions this reader accepts; 1 has no checksum. */
const READABLE_VERSIONS: readonly number[] = [1, 2];
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset in float32 elements into the data block. */
  readonly offset: number;
}

/** Present on SNN checkpoints (converted or fine-tuned). See proto/SEMANTICS.md. */
export interface SnnHeader {
  /** Firing threshold v per spiking layer name. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** Initial membrane potential as a fraction of v (0.5 = half threshold). */
  readonly u0Fraction: number;
  readonly T: number;
  readonly encoding: 'poisson' | 'direct';
  readonly seed: number;
  /** Prediction probability = sigmoid(readoutScale · U_T / T); the mask is U_T > 0 whatever the scale. */
  readonly readoutScale: number;
  /** How this SNN was obtained. */
  readonly origin: 'converted' | 'finetuned' | 'direct';
  readonly ann?: { readonly path: string; readonly sha256: string };
  readonly conversion?: Readonly<Record<string, unknown>>;
  readonly surrogate?: { readonly alpha: number; readonly normalized: boolean };
  /**
   * 'spiking' when the network was fine-tuned (or is to be evaluated) with each 2×2 average pool run as an
   * IF population (proto/spiking-pool.ts), as `hsnn compile --pool spiking` lowers it; absent = fused.
   */
  readonly pool?: 'fused' | 'spiking';
  /**
   * Present when fine-tuning trained the thresholds (hsnn finetune --learn-thresholds): `thresholds` then
   * holds the learned values and `initial` the ones training started from; v was trained as log v.
   */
  readonly learnedThresholds?: { readonly parametrisation: 'log'; readonly initial: Readonly<Record<string, number>> };
}

export interface CheckpointHeader {
  readonly format: 'hsnn-checkpoint';
  readonly version: number;
  readonly kind: 'ann' | 'snn';
  readonly arch: UNetArch;
  readonly preprocess: PreprocessConfig;
  /** ANN nonlinearity (absent = relu, as in checkpoints written before QCFS); qcfs clips are `<layer>.lambda` tensors. */
  readonly activation?: ActivationSpec;
  /** Free-form training provenance: fold, folds, loss, seed, epoch, lr, history, data path, timings… */
  readonly training: Readonly<Record<string, unknown>>;
  readonly snn?: SnnHeader;
  readonly tensors: readonly TensorEntry[];
  /** Version ≥ 2: 'sha256:<hex>' of the header without this field plus the data block. */
  readonly checksum?: string;
}

export interface Checkpoint {
  readonly header: CheckpointHeader;
  readonly tensors: ReadonlyMap<string, Float32Array>;
  /** 'verified' when the file's checksum matched; 'none' for a version 1 file, which carries none. */
  readonly integrity?: 'verified' | 'none';
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeCheckpoint(header: Omit<CheckpointHeader, 'tensors' | 'format' | 'version' | 'checksum'>, tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): Uint8Array {
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== numel(t.shape)) throw new Error(`tensor ${name}: ${t.data.length} values for shape [${t.shape.join(',')}]`);
    entries.push({ name, shape: [...t.shape], offset });
    offset += t.data.length;
  }
  const f32 = new Float32Array(offset);
  for (const [i, t] of [...tensors.values()].entries()) f32.set(t.data, (entries[i] as TensorEntry).offset);
  const data = new Uint8Array(f32.buffer);
  const { checksum: _old, ...rest } = header as CheckpointHeader;
  const unsigned: CheckpointHeader = { ...rest, format: 'hsnn-checkpoint', version: CHECKPOINT_VERSION, tensors: entries };
  const full: CheckpointHeader = { ...unsigned, checksum: checkpointDigest(JSON.stringify(unsigned), data) };
  return frameCheckpoint(full, data);
}

/** Offset of the data block after a header of `headerBytes` bytes (magic 8 + length 4 + JSON, padded to 4). */
export const checkpointDataOffset = (headerBytes: number): number => Math.ceil((12 + headerBytes) / 4) * 4;

/** The file layout around any header value and a data block (no checks; the fuzz and tests frame bad headers too). */
export function frameCheckpoint(header: unknown, data: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = checkpointDataOffset(json.length);
  const out = new Uint8Array(dataStart + data.length);
  out.set(Buffer.from(CHECKPOINT_MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(data, dataStart);
  return out;
}

export function saveCheckpoint(path: string, header: Omit<CheckpointHeader, 'tensors' | 'format' | 'version' | 'checksum'>, tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): void {
  writeFileAtomic(path, encodeCheckpoint(header, tensors));
}

/** Decode and validate; every problem is a coded user error naming the file. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const bad = (what: string): never => { throw userError('HSNN1101', `checkpoint ${file}: ${what}`); };
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== CHECKPOINT_MAGIC) bad('not an hsnn checkpoint (bad magic)');
  const hlen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (hlen > MAX_HEADER_BYTES || 12 + hlen > bytes.length) bad(`truncated or corrupt header (claims ${hlen} bytes)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.subarray(12, 12 + hlen)).toString('utf8'));
  } catch {
    return bad('header is not valid JSON');
  }
  const header = parsed as CheckpointHeader;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) bad('header is not a JSON object');
  if (header.format !== 'hsnn-checkpoint') bad(`format '${String(header.format)}' is not hsnn-checkpoint`);
  const shape = headerShapeProblem(parsed);
  if (shape !== undefined) bad(shape);
  if (!READABLE_VERSIONS.includes(header.version)) bad(`version ${String(header.version)} is not supported (this hsnn reads ${READABLE_VERSIONS.join(' and ')})`);
  const dataStart = checkpointDataOffset(hlen);
  const integrity = verifyIntegrity(header, bytes.subarray(Math.min(dataStart, bytes.length)), file);
  const archProblems = validateArch(header.arch);
  if (archProblems.length > 0) bad(`arch: ${archProblems.join('; ')}`);
  // A file cut inside the header's zero padding has no data block at all.
  const floats = Math.max(0, Math.floor((bytes.length - dataStart) / 4));
  const aligned = new Float32Array(floats);
  new Uint8Array(aligned.buffer).set(bytes.subarray(dataStart, dataStart + floats * 4));
  const tensors = new Map<string, Float32Array>();
  for (const e of header.tensors as readonly unknown[] as readonly TensorEntry[]) {
    if (typeof e !== 'object' || e === null) bad('tensor table entry is not an object');
    const n = Array.isArray(e.shape) && e.shape.every((d) => Number.isInteger(d) && d >= 0) ? numel(e.shape) : -1;
    if (n < 0 || !Number.isInteger(e.offset) || e.offset < 0 || e.offset + n > floats) bad(`tensor '${e.name}' shape/offset out of range (file truncated?)`);
    const data = aligned.subarray(e.offset, e.offset + n);
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) bad(`tensor '${e.name}' has a non-finite value at index ${i}`);
    tensors.set(e.name, data);
  }
  return { header, tensors, integrity };
}

/** Version 2: the checksum must be present and match, else HSNN1501 (corrupt file); version 1 has none. */
function verifyIntegrity(header: CheckpointHeader, data: Uint8Array, file: string): 'verified' | 'none' {
  if (header.version === 1) return 'none';
  const { checksum, ...rest } = header;
  if (typeof checksum !== 'string') throw userError('HSNN1501', `checkpoint ${file}: version ${header.version} header has no checksum; the file is corrupt`);
  if (checkpointDigest(JSON.stringify(rest), data) !== checksum) throw userError('HSNN1501', `checkpoint ${file}: checksum mismatch; the file is corrupt (damaged in storage or transfer), restore it from a good copy`);
  return 'verified';
}

export function loadCheckpoint(path: string): Checkpoint {
  if (!existsSync(path)) throw userError('HSNN1100', `checkpoint ${path}: file not found`);
  if (!statSync(path).isFile()) throw userError('HSNN1100', `checkpoint ${path}: not a regular file`);
  return decodeCheckpoint(readFileSync(path), path);
}
