// `hsnn sweep` as data: which (checkpoint, T) points to run on which subjects, checked before anything is
// written. Every checkpoint must share one fold split, or a fold's test subjects would be another's
// training data (HSNN7410 names the file and the field); each point has a key that resumes it. T values
// are given for all checkpoints or per checkpoint (pairTs); a checkpoint's own T is the default.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HsnnError, userError, type Diagnostic } from '../../core/errors.js';
import { INHERITED_TRAINING_KEYS, readSnn, sha256File } from '../../models/snn/snn-checkpoint.js';
import { archFromCheckpoint } from '../../report/inputs/arch.js';

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

/** A T of a sweep point: a number of steps, or 'own' (the checkpoint's own T). */
export type TChoice = number | 'own';

export interface SweepRequest {
  readonly checkpoints: readonly string[];
  /**
   * The --T groups as given: none = every checkpoint at its own T; one = every checkpoint at those T;
   * one per checkpoint = paired in --ckpt order (pairTs).
   */
  readonly Ts: readonly (readonly TChoice[])[];
  readonly out: string;
  readonly data: string;
  readonly fold?: number;
  readonly subjects?: number;
  readonly target: string;
  readonly threads: number;
}

/** Which T values each checkpoint runs at (by index), from the --T groups; HSNN7411 when they cannot pair. */
export function pairTs(checkpoints: readonly string[], groups: readonly (readonly TChoice[])[]): (readonly TChoice[])[] {
  if (groups.length === 0) return checkpoints.map(() => ['own']);
  if (groups.length === 1) return checkpoints.map(() => groups[0] as readonly TChoice[]);
  if (groups.length === checkpoints.length) return [...groups];
  // One checkpoint with --T repeated: all of them apply (as `--T 4,8` would).
  if (checkpoints.length === 1) return [groups.flat()];
  throw userError('HSNN7411', `sweep --T: given ${groups.length} times for ${checkpoints.length} checkpoints; give it once (every checkpoint) or once per checkpoint, in --ckpt order (e.g. --ckpt lowT.ckpt --T 4 --ckpt t16.ckpt --T own,32)`);
}

/**
 * The ANN must be the U-Net every checkpoint was converted from (the report's HSNN7501), checked before
 * any point runs: found only after compiling and simulating, the sweep would leave work behind.
 */
export function checkAnnArch(ann: string, checkpoints: readonly string[]): void {
  if (!existsSync(ann)) throw userError('HSNN7411', `sweep --ann ${ann}: file not found`);
  const a = archFromCheckpoint(ann);
  const keys = ['base', 'depth', 'inChannels', 'height', 'width'] as const;
  const problems: Diagnostic[] = [];
  for (const f of checkpoints) {
    const arch = readSnn(f).header.arch;
    const diff = keys.filter((k) => a.arch[k] !== arch[k]).map((k) => `${k} ${a.arch[k]} vs ${arch[k]}`);
    if (diff.length > 0) problems.push({ code: 'HSNN7501', message: `sweep: ${a.source} is not the U-Net of checkpoint ${f} (${diff.join(', ')}); give the ANN this SNN was converted from with --ann` });
  }
  if (problems.length > 0) throw new HsnnError(problems);
}

/** A training value short enough for a message (a split lists every subject). */
function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? 'unset';
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** The differing field: for an object (the split), its first differing sub-key. */
function differing(k: string, a: unknown, b: unknown): { field: string; a: unknown; b: unknown } {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
    const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
    const sub = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].find((x) => JSON.stringify(ra[x]) !== JSON.stringify(rb[x]));
    if (sub !== undefined) return { field: `${k}.${sub}`, a: ra[sub], b: rb[sub] };
  }
  return { field: k, a, b };
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
      if (a === b) continue;
      const d = differing(k, snn.header.training[k], first.training[k]);
      problems.push({ code: 'HSNN7410', message: `sweep checkpoint ${file}: training.${d.field} = ${brief(d.a)} differs from ${first.file} (${brief(d.b)}): checkpoints of one sweep must share the fold split` });
    }
  }
  if (problems.length > 0) throw new HsnnError(problems);
  return Ts;
}

export function planSweep(r: SweepRequest): SweepPlan {
  if (r.checkpoints.length === 0) throw userError('HSNN7411', 'sweep: give at least one SNN checkpoint with --ckpt');
  for (const f of r.checkpoints) if (!existsSync(f)) throw userError('HSNN7411', `sweep checkpoint ${f}: file not found`);
  if (!existsSync(r.data)) throw userError('HSNN7411', `sweep --data ${r.data}: folder not found`);
  const perCkpt = pairTs(r.checkpoints, r.Ts);
  const Ts = checkSplits(r.checkpoints);
  const names = new Set<string>();
  const points = r.checkpoints.flatMap((ckpt, i) => {
    const name = basename(ckpt).replace(/\.ckpt$/, '');
    if (names.has(name)) throw userError('HSNN7411', `sweep checkpoint ${ckpt}: another checkpoint has the same name '${name}'`);
    names.add(name);
    const sha = sha256File(ckpt);
    const own = Ts.get(ckpt) as number;
    const ts = [...new Set((perCkpt[i] ?? ['own']).map((t) => (t === 'own' ? own : t)))];
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
