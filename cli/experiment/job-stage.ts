// Resumable scoring stages of an experiment job: each stage writes one small JSON {key, result} under the
// job folder and is skipped on restart when that file is present, so a killed job loses at most the stage
// it was in. The key (checkpoint digest, T, subject ids, engine…) must match the stage being asked for:
// a stale file is a coded error naming the file and field, never silently mixed into result.json.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic.js';
import { userError } from '../../core/errors.js';
import { configDifference, showValue, valueAt } from './config-diff.js';

export type StageKey = Readonly<Record<string, unknown>>;

interface StageFile<R> {
  readonly key: StageKey;
  readonly result: R;
}

export function readStage<R>(file: string, key: StageKey): R | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: StageFile<R>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as StageFile<R>;
  } catch {
    throw userError('HSNN1310', `stage file ${file} is not valid JSON; delete it to rerun the stage`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.key !== 'object' || parsed.result === undefined) {
    throw userError('HSNN1310', `stage file ${file} has no key/result; delete it to rerun the stage`);
  }
  const bad = configDifference(parsed.key, key);
  if (bad !== null) {
    throw userError('HSNN1310', `stage file ${file} was made with ${bad} ${showValue(valueAt(parsed.key, bad), 80)}, this run asks for ${showValue(valueAt(key, bad), 80)}; delete it to rerun the stage`);
  }
  return parsed.result;
}

/** The stage's result from FILE when present (and made with KEY), else run it and write FILE atomically. */
export async function cachedStage<R>(file: string, key: StageKey, run: () => Promise<R>, log: (line: string) => void): Promise<R> {
  const have = readStage<R>(file, key);
  if (have !== undefined) {
    log(`reusing ${file}`);
    return have;
  }
  const result = await run();
  writeFileAtomic(file, `${JSON.stringify({ key, result }, null, 1)}\n`);
  return result;
}
