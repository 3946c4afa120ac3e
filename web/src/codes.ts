// Diagnostic codes of the browser page (HSNN6xxx). Stable: never reuse or renumber one. core/codes.ts
// registers them with their meanings and web/README.md lists them. Everything else the page reports is
// the project's own code (HSNN1xxx NIfTI, HSNN23xx/40xx netlist), raised by the modules `hsnn run` uses.
import { userError } from '../../core/errors.js';
import type { HsnnError } from '../../core/errors.js';
import type { Code } from '../../core/codes.js';

/** The page's own codes; their meanings are registered in core/codes.ts (section "Browser page"). */
export type WebCode = Extract<Code, `HSNN6${string}`>;

export function webError(code: WebCode, message: string): HsnnError {
  return userError(code, message);
}

/** Inputs the page refuses before reading them whole (a browser tab has a few GiB at most). */
export const WEB_LIMITS = {
  /** Uncompressed NIfTI bytes (header + voxels) a volume may claim or have. */
  maxNiftiBytes: 512 * 2 ** 20,
  /** A .netlist.pb file (the compiler's decoder allows 256 MiB; the page, a browser tab, less). */
  maxNetlistBytes: 128 * 2 ** 20,
} as const;
