// The `config` block of an experiment job: every setting that must be identical across the jobs of one
// Table 1 (preset, training, conversion, fine-tuning, scoring, seeds), plus the code version, which may
// differ. Written to OUT/fold{k}-{loss}/job.json when a job starts and into result.json; a restart with
// other settings, or a table over jobs whose settings differ, is a coded error naming job and field.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../../core/atomic.js';
import { fileURLToPath } from 'node:url';
import { userError } from '../../core/errors.js';
import type { ExperimentPreset } from './presets.js';
import { configDifference, showValue, valueAt } from './config-diff.js';

export const JOB_FILE = 'job.json';

export interface CodeVersion {
  /** `git rev-parse HEAD` of the source tree that ran the job, or null when git is not readable. */
  readonly commit: string | null;
  /** Uncommitted changes to tracked files at start (null when unknown). */
  readonly dirty: boolean | null;
}

export interface JobConfig {
  readonly preset: string;
  /** Recipe within the table: 'paper' or 'lowlat' (presets of the same table share the ANN). */
  readonly recipe: string;
  readonly folds: number;
  readonly seed: number;
  readonly maxSubjects: number | null;
  readonly datasetSubjects: number;
  readonly arch: ExperimentPreset['arch'];
  readonly preprocess: ExperimentPreset['preprocess'];
  /** Paper: the ANN's training. Low-latency: the paper recipe's ANN is reused, so only what the QCFS warm start inherits. */
  readonly ann: ExperimentPreset['ann'] | (Omit<ExperimentPreset['ann'], 'epochs' | 'lr'> & { readonly from: string });
  readonly conversion: ExperimentPreset['convert'];
  readonly finetune: ExperimentPreset['finetune'];
  readonly scoring: {
    readonly annSubjects: 'all test subjects';
    readonly tfjs: { readonly T: number; readonly subjects: number | null };
    readonly simulator: ExperimentPreset['scoring']['sim'] & { readonly T: number; readonly subjects: 'all test subjects'; readonly convertedTs: readonly number[]; readonly convertedSubjects: number | null };
  };
  readonly extra: Readonly<Record<string, unknown>>;
}

let cached: CodeVersion | undefined;

export function codeVersion(): CodeVersion {
  if (cached) return cached;
  const cwd = dirname(fileURLToPath(import.meta.url));
  const git = (args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    let dirty: boolean | null = null;
    try {
      dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
    } catch {
      dirty = null;
    }
    cached = { commit, dirty };
  } catch {
    cached = { commit: null, dirty: null };
  }
  return cached;
}

export function jobConfig(p: ExperimentPreset, folds: number, seed: number, datasetSubjects: number, recipe: string, extra: Readonly<Record<string, unknown>> = {}): JobConfig {
  const s = p.scoring;
  return {
    preset: p.name, recipe, folds, seed, maxSubjects: p.maxSubjects, datasetSubjects, arch: p.arch, preprocess: p.preprocess,
    ann: recipe === 'paper' ? p.ann : { from: 'the paper recipe\'s ANN of the same fold and loss', ...withoutEpochsLr(p.ann) }, conversion: { ...p.convert, seed }, finetune: { ...p.finetune, seed },
    scoring: {
      annSubjects: 'all test subjects',
      tfjs: { T: p.finetune.T, subjects: s.evalSubjects },
      simulator: { ...s.sim, T: p.finetune.T, subjects: 'all test subjects', convertedTs: s.convertedSimTs, convertedSubjects: s.evalSubjects },
    },
    extra,
  };
}

const withoutEpochsLr = (a: ExperimentPreset['ann']): Omit<ExperimentPreset['ann'], 'epochs' | 'lr'> => {
  const { epochs: _e, lr: _l, ...rest } = a;
  return rest;
};

/** HSNN1311 when a job folder's recorded config differs from the one asked for now. */
function checkSameConfig(file: string, stored: unknown, want: JobConfig): void {
  if (typeof stored !== 'object' || stored === null) throw userError('HSNN1311', `job ${file}: has no config object; delete it only if the job's settings are known to match`);
  const d = configDifference(stored, want);
  if (d !== null) throw userError('HSNN1311', `job ${file}: was started with config.${d} = ${showValue(valueAt(stored, d))}, this run asks for ${showValue(valueAt(want, d))}; use the same options or another --out`);
}

const isCodeVersion = (v: unknown): v is CodeVersion => typeof v === 'object' && v !== null && 'commit' in v && 'dirty' in v;

/**
 * DIR/job.json: written when the job first runs, checked on every restart (HSNN1311 names the field).
 * Returns the code version the job was first started with (null when an older job.json lacks it).
 */
export function pinConfig(dir: string, cfg: JobConfig): CodeVersion | null {
  const file = join(dir, JOB_FILE);
  if (existsSync(file)) {
    let stored: { config?: unknown; startedWith?: unknown };
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as { config?: unknown; startedWith?: unknown };
    } catch {
      throw userError('HSNN1311', `job ${file}: not valid JSON; delete it only if the job's settings are known to match`);
    }
    checkSameConfig(file, stored.config, cfg);
    return isCodeVersion(stored.startedWith) ? stored.startedWith : null;
  }
  ensureDir(dir);
  const startedWith = codeVersion();
  writeFileAtomic(file, `${JSON.stringify({ config: cfg, startedWith }, null, 2)}\n`);
  return startedWith;
}
