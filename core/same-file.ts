// Output guards shared by the commands: an output path may never resolve to one of the command's inputs
// (the same path, a hard link or a symlink to it), because the atomic rename would silently replace the
// input with the output. Checked before any work starts, so a refused run writes nothing.
import { statSync } from 'node:fs';
import { userError } from './errors.js';

const identity = (p: string): string | undefined => {
  try {
    const s = statSync(p);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
};

/** Throws HSNN9501 if any of `outputs` is (or links to) the same file as any of `inputs`. */
export function refuseOverwrite(option: string, outputs: readonly string[], inputs: readonly string[]): void {
  const ins = new Map<string, string>();
  for (const i of inputs) {
    const id = identity(i);
    if (id !== undefined) ins.set(id, i);
  }
  for (const o of outputs) {
    const id = identity(o);
    const hit = id === undefined ? undefined : ins.get(id);
    if (hit !== undefined) throw userError('HSNN9501', `${option} ${o} is the input ${hit} (same file, hard link or symlink); choose another output path`);
  }
}
