// Reading a netlist file for simulation: proto/ reads and validates it (HSNN230x, one decode), then
// the simulator converts the model and adds its own checks (HSNN400x). Returns the simulator's record and
// the bytes (worker threads decode their own copy).
import { readNetlistBytes } from '../../proto/decode.js';
import { decodeSimNetlist } from './netlist.js';
import type { SimNetlist } from './netlist.js';

export interface LoadedNetlist {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly net: SimNetlist;
}

export function loadNetlistFile(file: string): LoadedNetlist {
  const bytes = readNetlistBytes(file);
  return { file, bytes, net: decodeSimNetlist(bytes, file) };
}
