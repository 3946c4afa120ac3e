// `hsnn sweep` as data: which (checkpoint, T) points to run on which subjects, checked before anything is
// written. Every checkpoint must share one fold split, or a fold's test subjects would be another's
// training data (HSNN7410 names the file and the field); each point has a key that resumes it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HsnnError, userError, type Diagnostic } from '../../core/errors.js';
import { INHERITED_TRAINING_KEYS, readSnn, sha256File } from '../../models/snn/snn-checkpoint.js';

/** Training keys that fix a fold's subjects (the data path may have moved). */
const SPLIT_KEYS = INHERITED_TRAINING_KEYS.filter((k) => k !== 'data');

export interface SweepPlanPoint {
  readonly key: string;
  readonly name: string;
  readonly checkpoint: string;
  readonly T: number;
  /** OUT/points/<name>-T<T>.json: the recorded result. */
  readonly record: string;
  readonly netlist: string;
  readonly runDir: string;
}

export interface SweepPlan {
  readonly out: string;
  readonly data: string;
  readonly fold?: number;
  readonly subjects?: number;
  readonly target: string;
  readonly threads: number;
  readonly points: readonly SweepPlanPoint[];
}

export interface SweepRequest {
  readonly checkpoints: readonly string[];
  /** Empty: each checkpoint at its own T. */
  readonly Ts: readonly number[];
  readonly out: string;
  readonly data: string;
  readonly fold?: number;
  readonly subjects?: number;
  readonly target: string;
  readonly threads: number;
}

/** Every checkpoint's fold split against the first one's; all differences at once. */
function checkSplits(files: readonly string[]): Map<string, number> {
  const Ts = new Map<string, number>();
  const problems: Diagnostic[] = [];
  let first: { file: string; training: Readonly<Record<string, unknown>> } | undefined;
  for (const file of files) {
    const snn = readSnn(file);
    Ts.set(file, snn.snn.T);
    if (first === undefined) { first = { file, training: snn.header.training }; continue; }
    for (const k of SPLIT_KEYS) {
      const a = JSON.stringify(snn.header.training[k]), b = JSON.stringify(first.training[k]);
      if (a !== b) problems.push({ code: 'HSNN7410', message: `sweep checkpoint ${file}: training.${k} = ${a ?? 'unset'} differs from ${first.file} (${b ?? 'unset'}): checkpoints of one sweep must share the fold split` });
    }
  }
  if (problems.length > 0) throw new HsnnError(problems);
  return Ts;
}

export function planSweep(r: SweepRequest): SweepPlan {
  if (r.checkpoints.length === 0) throw userError('HSNN7411', 'sweep: give at least one SNN checkpoint with --ckpt');
  for (const f of r.checkpoints) if (!existsSync(f)) throw userError('HSNN7411', `sweep checkpoint ${f}: file not found`);
  if (!existsSync(r.data)) throw userError('HSNN7411', `sweep --data ${r.data}: folder not found`);
  const Ts = checkSplits(r.checkpoints);
  const names = new Set<string>();
  const points = r.checkpoints.flatMap((ckpt) => {
    const name = basename(ckpt).replace(/\.ckpt$/, '');
    if (names.has(name)) throw userError('HSNN7411', `sweep checkpoint ${ckpt}: another checkpoint has the same name '${name}'`);
    names.add(name);
    const sha = sha256File(ckpt);
    const ts = r.Ts.length > 0 ? r.Ts : [Ts.get(ckpt) as number];
    return ts.map((T) => {
      const key = createHash('sha256').update(JSON.stringify([sha, T, r.target, resolve(r.data), r.fold ?? null, r.subjects ?? null])).digest('hex').slice(0, 16);
      return {
        key, name, checkpoint: ckpt, T, record: join(r.out, 'points', `${name}-T${T}.json`),
        netlist: join(r.out, 'work', `${name}.${r.target}.netlist.pb`), runDir: join(r.out, 'work', `${name}-T${T}`),
      };
    });
  });
  return { out: r.out, data: r.data, target: r.target, threads: r.threads, points, ...(r.fold !== undefined ? { fold: r.fold } : {}), ...(r.subjects !== undefined ? { subjects: r.subjects } : {}) };
}
