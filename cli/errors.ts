// User-facing errors are coded diagnostics (HSNNxxxx); everything else is an internal bug.
export interface Diagnostic {
  readonly code: string;
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

export function userError(code: string, message: string): HsnnError {
  return new HsnnError({ code, message });
}

/** Internal invariant: crash loudly, never return false. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`internal assertion failed: ${message}`);
}
