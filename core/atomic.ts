// Atomic file output: write to a temp file beside the target, fsync, then rename over it, so a crash or
// kill -9 never leaves a partial checkpoint, netlist or report behind. Folders are created one level at a
// time (Node's recursive mkdir spins forever on procfs), and every file-system refusal is a coded
// HSNN1502 error naming the path, never a raw EEXIST/ENOTDIR/EISDIR/ENOENT.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userError } from './errors.js';

const reason = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOTDIR') return 'a parent is a regular file, not a folder';
  if (err.code === 'EISDIR') return 'it is an existing folder';
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') return 'permission denied';
  return err.code ?? (e instanceof Error ? e.message : String(e));
};

const isDir = (p: string): boolean | undefined => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return undefined;
  }
};

/** Creates `dir` and any missing parents, one non-recursive mkdir each; throws HSNN1502 naming `dir`. */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    const d = isDir(p);
    if (d === true) break;
    if (d === false) throw userError('HSNN1502', `cannot create folder ${dir}: ${p} is a file, not a folder`);
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isDir(m) === true) continue;
      throw userError('HSNN1502', `cannot create folder ${dir}: ${m}: ${reason(e)}`);
    }
  }
}

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  ensureDir(dir);
  if (isDir(path) === true) throw userError('HSNN1502', `cannot write ${path}: it is an existing folder`);
  const tmp = join(dir, `.tmp-${basename(path)}-${process.pid}-${Date.now()}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw userError('HSNN1502', `cannot write ${path}: ${reason(e)}`);
  }
}
