// Reading a netlist file for simulation: the compiler's validating decoder (HSNN23xx) first, then the
// simulator's own checks (HSNN400x) on the same bytes. Returns the simulator's record and the bytes
// (worker threads decode their own copy).
import { readFileSync, statSync } from 'node:fs';
import { userError } from '../../cli/errors.js';
import { decodeNetlist } from '../../compiler/emit/decode.js';
import type { NetlistModel } from '../../compiler/emit/model.js';
import { decodeSimNetlist } from './netlist.js';
import type { SimNetlist } from './netlist.js';

export interface LoadedNetlist {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly net: SimNetlist;
  /** The compiler's decoded view (mapping, routes, energy costs) for the report. */
  readonly model: NetlistModel;
}

export function loadNetlistFile(file: string): LoadedNetlist {
  let bytes: Uint8Array;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(file);
  } catch (e) {
    throw userError('HSNN4007', `netlist ${file}: cannot read (${(e as Error).message})`);
  }
  return netlistFromBytes(bytes, file);
}

/** The same two checks on bytes already in memory (the browser page); `file` names them in errors. */
export function netlistFromBytes(bytes: Uint8Array, file: string): LoadedNetlist {
  const model = decodeNetlist(bytes, file);
  return { file, bytes, net: decodeSimNetlist(bytes, file), model };
}
