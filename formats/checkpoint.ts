// Single-file checkpoint format shared by training, conversion, fine-tuning, the compiler and the CLI.
// Layout (little endian):
//   "HSNNCKPT" (8 bytes) | u32 headerBytes | header JSON (utf8) | zero pad to 4 | float32 tensor data
// The header names every tensor with its shape and float offset into the data block. One file per
// checkpoint, so an atomic rename makes every epoch's save all-or-nothing (model + optimizer + schedule).
import { readFileSync, existsSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { userError } from '../core/errors.js';
import type { UNetArch } from './unet-arch.js';
import type { PreprocessConfig } from '../data/types.js';
import type { ActivationSpec } from './activation.js';

export const CHECKPOINT_MAGIC = 'HSNNCKPT';
export const CHECKPOINT_VERSION = 1;
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
}

export interface Checkpoint {
  readonly header: CheckpointHeader;
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeCheckpoint(header: Omit<CheckpointHeader, 'tensors' | 'format' | 'version'>, tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): Uint8Array {
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== numel(t.shape)) throw new Error(`tensor ${name}: ${t.data.length} values for shape [${t.shape.join(',')}]`);
    entries.push({ name, shape: [...t.shape], offset });
    offset += t.data.length;
  }
  const full: CheckpointHeader = { format: 'hsnn-checkpoint', version: CHECKPOINT_VERSION, ...header, tensors: entries };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const dataStart = Math.ceil((12 + json.length) / 4) * 4;
  const out = new Uint8Array(dataStart + offset * 4);
  out.set(Buffer.from(CHECKPOINT_MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  const f32 = new Float32Array(out.buffer, dataStart, offset);
  for (const [i, t] of [...tensors.values()].entries()) f32.set(t.data, (entries[i] as TensorEntry).offset);
  return out;
}

export function saveCheckpoint(path: string, header: Omit<CheckpointHeader, 'tensors' | 'format' | 'version'>, tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): void {
  writeFileAtomic(path, encodeCheckpoint(header, tensors));
}

/** Decode and validate; every problem is a coded user error naming the file. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const bad = (what: string): never => { throw userError('HSNN1101', `checkpoint ${file}: ${what}`); };
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== CHECKPOINT_MAGIC) bad('not an hsnn checkpoint (bad magic)');
  const hlen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (hlen > MAX_HEADER_BYTES || 12 + hlen > bytes.length) bad(`truncated or corrupt header (claims ${hlen} bytes)`);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + hlen)).toString('utf8')) as CheckpointHeader;
  } catch {
    return bad('header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) bad('header is not a JSON object');
  if (header.format !== 'hsnn-checkpoint') bad(`format '${String(header.format)}' is not hsnn-checkpoint`);
  if (header.version !== CHECKPOINT_VERSION) bad(`version ${header.version} is not supported (expected ${CHECKPOINT_VERSION})`);
  if (!Array.isArray(header.tensors)) bad('header has no tensor list');
  const dataStart = Math.ceil((12 + hlen) / 4) * 4;
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
  return { header, tensors };
}

export function loadCheckpoint(path: string): Checkpoint {
  if (!existsSync(path)) throw userError('HSNN1100', `checkpoint ${path}: file not found`);
  if (!statSync(path).isFile()) throw userError('HSNN1100', `checkpoint ${path}: not a regular file`);
  return decodeCheckpoint(readFileSync(path), path);
}
