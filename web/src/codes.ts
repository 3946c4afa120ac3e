// Diagnostic codes of the browser page (HSNN6xxx). Stable: never reuse or renumber one. web/README.md
// lists the same table. Everything else the page reports is the project's own code (HSNN1xxx NIfTI,
// HSNN23xx/40xx netlist), raised by the same modules `hsnn run` uses.
import { userError } from '../../cli/errors.js';
import type { HsnnError } from '../../cli/errors.js';

export const WEB_CODES = {
  HSNN6001: 'volume or label too large for the page (the voxels its header claims)',
  HSNN6002: 'no preprocessing config for a loaded netlist (its source checkpoint is not bundled and its input is not the default 64×48 geometry)',
  HSNN6003: 'a bundled file (sample, shipped netlist, simulator module, manifest) could not be fetched or compiled',
  HSNN6004: 'a Node-only function (file system, threads) was reached in the page',
  HSNN6005: 'netlist file too large for the page',
  HSNN6006: 'the simulator worker stopped unexpectedly (out of memory, crash); the page restarted it',
  HSNN6007: 'nothing to run: no volume or no netlist chosen, or a raster asked for before a run',
} as const;

export type WebCode = keyof typeof WEB_CODES;

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
