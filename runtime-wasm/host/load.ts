// Reading a netlist for simulation: proto/ reads and validates it (HSNN230x, one decode), then the
// simulator converts the model and adds its own checks (HSNN400x). Returns the simulator's record, the
// decoded model (for the report) and the bytes (worker threads decode their own copy).
import { decodeNetlist, readNetlistBytes } from '../../proto/decode.js';
import type { NetlistModel } from '../../proto/model.js';
import { toSimNetlist } from './netlist.js';
import type { SimNetlist } from './netlist.js';

export interface LoadedNetlist {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly net: SimNetlist;
  /** The decoded netlist (mapping, routes, energy costs) for the report. */
  readonly model: NetlistModel;
}

export function loadNetlistFile(file: string): LoadedNetlist {
  return netlistFromBytes(readNetlistBytes(file), file);
}

/** The same checks on bytes already in memory (the browser page); `file` names them in errors. */
export function netlistFromBytes(bytes: Uint8Array, file: string): LoadedNetlist {
  const model = decodeNetlist(bytes, file);
  return { file, bytes, net: toSimNetlist(model, file), model };
}
