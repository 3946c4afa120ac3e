// The coded user errors of nir/ (range HSNN5000–5999): one table, documented in nir/README.md.
// Every message names the file, the NIR node and the field at fault.
import { HsnnError, type Diagnostic } from '../cli/errors.js';

export const NIR_CODES = {
  HSNN5001: 'the file cannot be read, is not HDF5, or is corrupt/truncated HDF5',
  HSNN5002: 'not a NIR graph: /node or its type, nodes or edges missing or malformed',
  HSNN5003: 'unknown node type (neither official NIR nor an hsnn extension)',
  HSNN5004: 'a NIR node type or parameter value hsnn cannot compile (names the node, field and value)',
  HSNN5005: 'a required field is missing or has the wrong type, rank or length',
  HSNN5006: 'shapes do not chain along an edge',
  HSNN5007: 'graph structure: edge to an unknown node, a cycle, no or several inputs/outputs, unreachable node',
  HSNN5008: 'a NaN or infinite value in a field',
  HSNN5009: 'a node too large for any hsnn target (read is refused before the data is loaded)',
  HSNN5010: '--portable export refused: the network needs hsnn extension nodes (names the layers)',
  HSNN5011: 'export-nir / NIR compile option or model argument invalid (--dt, --reset, --timesteps, MODEL)',
  HSNN5012: 'warning: an assumption the importer made (reset mode, T, dt)',
} as const;

export type NirCode = keyof typeof NIR_CODES;

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
