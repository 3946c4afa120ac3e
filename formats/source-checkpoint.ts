// Where `hsnn run` gets the preprocessing config: the SNN checkpoint the netlist was compiled from
// (Netlist.source_checkpoint = "<path> sha256:<hex>[; thresholds <file>]"), found as written or relative
// to the netlist's folder, or given with --checkpoint. Its header also carries the training split.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userError } from '../core/errors.js';
import { decodeCheckpoint } from './checkpoint.js';
import type { CheckpointHeader } from './checkpoint.js';
import { validateConfig } from '../data/preprocess.js';
import type { PreprocessConfig } from '../data/types.js';

export interface SourceCheckpoint {
  readonly path: string;
  readonly config: PreprocessConfig;
  readonly training: CheckpointHeader['training'];
  /** Set when the file's sha256 differs from the one recorded in the netlist. */
  readonly warning?: string;
}

/** Path and sha256 recorded in source_checkpoint ('' when absent). */
export function parseSourceCheckpoint(s: string): { path: string; sha256: string } {
  const main = (s.split(';')[0] ?? '').trim();
  const m = /^(.*?)\s+sha256:([0-9a-f]{64})$/i.exec(main);
  return m ? { path: (m[1] ?? '').trim(), sha256: (m[2] ?? '').toLowerCase() } : { path: main, sha256: '' };
}

export function sourceCheckpoint(sourceField: string, netlistFile: string, override?: string): SourceCheckpoint {
  const rec = parseSourceCheckpoint(sourceField);
  const candidates = override !== undefined ? [override] : rec.path === '' ? [] : [rec.path, resolve(dirname(netlistFile), rec.path)];
  const path = candidates.find((p) => existsSync(p));
  if (path === undefined) {
    const what = override !== undefined ? `--checkpoint ${override} does not exist` : rec.path === '' ? 'records no source checkpoint' : `source checkpoint '${rec.path}' is not found (as written or beside the netlist)`;
    throw userError('HSNN4011', `netlist ${netlistFile}: ${what}; pass --checkpoint with the SNN checkpoint it was compiled from, for its preprocessing config`);
  }
  const bytes = readFileSync(path);
  const ck = decodeCheckpoint(bytes, path);
  validateConfig(ck.header.preprocess, `checkpoint ${path}: preprocess`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const warning = override === undefined && rec.sha256 !== '' && rec.sha256 !== sha ? `checkpoint ${path} has sha256 ${sha.slice(0, 12)}…, the netlist recorded ${rec.sha256.slice(0, 12)}… (changed since compiling?)` : undefined;
  return { path, config: ck.header.preprocess, training: ck.header.training, ...(warning ? { warning } : {}) };
}
