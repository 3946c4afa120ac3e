// The two error channels of every package. User problems are coded diagnostics (HSNNdddd, one typed
// registry in codes.ts), collected so one run reports them all; broken internal invariants are asserts
// that crash loudly. Libraries throw these; only cli/ turns them into exit codes and messages.
import type { Code } from './codes.js';

export interface Diagnostic {
  readonly code: Code;
  readonly message: string;
}

/** Thrown for user problems (bad input, model does not fit, missing file); carries every diagnostic found. */
export class HsnnError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? (diagnostics as readonly Diagnostic[]) : [diagnostics as Diagnostic];
    super(list.map((d) => `${d.code} ${d.message}`).join('\n'));
    this.name = 'HsnnError';
    this.diagnostics = list;
  }
}

export function userError(code: Code, message: string): HsnnError {
  return new HsnnError({ code, message });
}

/** Internal invariant: crash loudly, never return false. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`internal assertion failed: ${message}`);
}
