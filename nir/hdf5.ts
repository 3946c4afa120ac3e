// HDF5 ⇄ a plain tree of groups and datasets: the only file that touches h5wasm (the HDF5 C library
// compiled to WASM, no native build). Reading copies every dataset out and closes the file, so the rest
// of nir/ works on plain values; a dataset too large to import is kept as its shape only.
import h5wasm, { type Dataset, type File, type Group } from 'h5wasm/node';
import fs, { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nirError } from './codes.js';

/** Datasets with more elements than this are not read (no hsnn target holds one such node). */
export const MAX_ELEMENTS = 1 << 26;

export type H5Data =
  | { readonly kind: 'float'; readonly shape: readonly number[]; readonly data: Float32Array; readonly f64?: Float64Array }
  | { readonly kind: 'int'; readonly shape: readonly number[]; readonly data: readonly number[] }
  | { readonly kind: 'string'; readonly shape: readonly number[]; readonly data: readonly string[] }
  | { readonly kind: 'large'; readonly shape: readonly number[] }
  | { readonly kind: 'other'; readonly shape: readonly number[]; readonly what: string };

export interface H5Tree {
  readonly groups: ReadonlyMap<string, H5Tree>;
  readonly datasets: ReadonlyMap<string, H5Data>;
}

/** What the writer accepts: float32, int64 and UTF-8 string datasets. */
export type H5Out =
  | { readonly kind: 'f32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly kind: 'f64'; readonly shape: readonly number[]; readonly data: Float64Array }
  | { readonly kind: 'i64'; readonly shape: readonly number[]; readonly data: readonly number[] }
  | { readonly kind: 'str'; readonly shape: readonly number[]; readonly data: readonly string[] };

export interface H5OutTree {
  readonly groups: ReadonlyMap<string, H5OutTree>;
  readonly datasets: ReadonlyMap<string, H5Out>;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 puts its superblock signature at 0, 512, 1024, 2048, …: look there before the C library does. */
function hasSignature(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let off = 0; off + 8 <= size; off = off === 0 ? 512 : off * 2) {
      readSync(fd, buf, 0, 8, off);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function readDataset(d: Dataset): H5Data {
  const m = d.metadata;
  const shape = m.shape ?? [];
  const n = numel(shape);
  if (m.type === 3) {
    const v = d.value;
    const data = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
    return data ? { kind: 'string', shape, data } : { kind: 'other', shape, what: 'a string dataset that did not decode' };
  }
  if (m.type !== 0 && m.type !== 1) return { kind: 'other', shape, what: `HDF5 type class ${m.type}` };
  if (n > MAX_ELEMENTS) return { kind: 'large', shape };
  const v = d.value;
  if (m.type === 1) {
    if (v instanceof Float32Array) return { kind: 'float', shape, data: v };
    if (v instanceof Float64Array) return { kind: 'float', shape, data: Float32Array.from(v), f64: v };
    if (typeof v === 'number') return { kind: 'float', shape, data: Float32Array.of(v), f64: Float64Array.of(v) };
    return { kind: 'other', shape, what: 'a float dataset that did not decode' };
  }
  const list = typeof v === 'number' || typeof v === 'bigint' ? [v] : ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<number | bigint>) : undefined;
  if (!list || list.length !== n) return { kind: 'other', shape, what: 'an integer dataset that did not decode' };
  const data = list.map(Number);
  return data.every(Number.isSafeInteger) ? { kind: 'int', shape, data } : { kind: 'other', shape, what: 'integers beyond 2^53' };
}

function readGroup(g: Group, depth: number): H5Tree {
  if (depth > 32) throw nirError('HSNN5001', `${g.path}: groups nested deeper than 32 levels`);
  const groups = new Map<string, H5Tree>();
  const datasets = new Map<string, H5Data>();
  for (const k of g.keys()) {
    const o = g.get(k);
    if (o instanceof h5wasm.Group) groups.set(k, readGroup(o, depth + 1));
    else if (o instanceof h5wasm.Dataset) datasets.set(k, readDataset(o));
  }
  return { groups, datasets };
}

/** Read a whole HDF5 file into a tree; corrupt, truncated or non-HDF5 files are HSNN5001. */
export async function readHdf5(path: string): Promise<H5Tree> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw nirError('HSNN5001', `${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!hasSignature(path, size)) throw nirError('HSNN5001', `${path}: not an HDF5 file (no HDF5 signature; a .nir file is HDF5)`);
  await h5wasm.ready;
  const diag: string[] = [];
  let f: File | undefined;
  const restore = captureStderr(diag);
  try {
    f = new h5wasm.File(path, 'r');
    if (!(f.file_id > 0n)) throw new Error('the HDF5 library could not open it');
    return readGroup(f, 0);
  } catch (e) {
    if (e instanceof Error && e.name === 'HsnnError') throw e;
    const why = lastDiag(diag) ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
    throw nirError('HSNN5001', `${path}: corrupt or truncated HDF5 (${why})`);
  } finally {
    try { if (f && f.file_id > 0n) f.close(); } catch { /* a file that failed to open has nothing to close */ }
    restore();
  }
}

/**
 * The HDF5 library prints its error stack to file descriptor 2 (emscripten's raw node FS calls
 * fs.writeSync), emscripten its aborts to console.error; keep both off the user's terminal while reading and quote its innermost line in the coded
 * error instead. Other descriptors pass through untouched.
 */
function captureStderr(into: string[]): () => void {
  const original = fs.writeSync;
  const patched = (fd: number, buf: string | NodeJS.ArrayBufferView, off?: number, len?: number, ...rest: unknown[]): number => {
    if (fd === 2 && typeof buf !== 'string') {
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const o = off ?? 0, l = len ?? bytes.length - o;
      into.push(Buffer.from(bytes.subarray(o, o + l)).toString('utf8'));
      return l;
    }
    return (original as (...a: unknown[]) => number)(fd, buf, off, len, ...rest);
  };
  (fs as { writeSync: unknown }).writeSync = patched;
  // emscripten's abort and out-of-memory messages go through console.error instead.
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  return () => { fs.writeSync = original; process.stderr.write = write; };
}

function lastDiag(diag: readonly string[]): string | undefined {
  const lines = diag.join('').split('\n').filter((l) => /^\s+#\d+:/.test(l));
  const last = lines[lines.length - 1];
  return last?.replace(/^\s+#\d+: .* in (\w+\(\)): /, '$1: ').trim();
}

function writeGroup(g: Group, t: H5OutTree, gzip: boolean): void {
  for (const [name, d] of t.datasets) {
    const shape = [...d.shape];
    // gzip needs chunked storage; one chunk per array (NIR main gzips every array, v1.0.7 none).
    const z = gzip && shape.length > 0 && d.data.length > 0 ? { compression: 'gzip' as const, chunks: shape } : {};
    if (d.kind === 'f32') g.create_dataset({ name, data: d.data, shape, dtype: '<f', ...z });
    else if (d.kind === 'f64') g.create_dataset({ name, data: d.data, shape, dtype: '<d', ...z });
    else if (d.kind === 'i64') g.create_dataset({ name, data: BigInt64Array.from(d.data, (x) => BigInt(x)), shape, dtype: '<q', ...z });
    else g.create_dataset({ name, data: shape.length === 0 ? (d.data[0] ?? '') : [...d.data], shape });
  }
  for (const [name, sub] of t.groups) writeGroup(g.create_group(name), sub, gzip);
}

/** Write a tree as HDF5 at `path` atomically: a temp file beside it, then rename. */
export async function writeHdf5(path: string, tree: H5OutTree, gzip = false): Promise<void> {
  await h5wasm.ready;
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}-${Date.now()}`);
  try {
    const f = new h5wasm.File(tmp, 'w');
    try {
      writeGroup(f, tree, gzip);
    } finally {
      f.close();
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
