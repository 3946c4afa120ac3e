// The coded user errors of nir/ (the 5xxx range), registered in core/codes.ts, documented in nir/README.md.
// Every message names the file, the NIR node and the field at fault.
import type { Code } from '../core/codes.js';
import { HsnnError, type Diagnostic } from '../core/errors.js';

/** The NIR codes (HSNN5xxx), registered with their meanings in core/codes.ts. */
export type NirCode = Extract<Code, `HSNN5${string}`>;

export function nirError(code: NirCode, message: string): HsnnError {
  return new HsnnError({ code, message });
}

/** Collects every problem of one file so a single run reports them all. */
export class NirProblems {
  readonly list: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  add(code: NirCode, message: string): void {
    this.list.push({ code, message });
  }

  warn(message: string): void {
    this.warnings.push({ code: 'HSNN5012', message });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new HsnnError(this.list);
  }
}
