// The simulator's view of a netlist: its own compact layout, converted once from the NetlistModel that
// proto/decode.ts (the one netlist reader: version, limits, enums, codes) returns, plus the few checks only
// the simulator needs (validate.ts). Both the AssemblyScript host and the TS reference simulator take this
// type, never the raw protobuf.
import { HsnnError } from '../../core/errors.js';
import { decodeNetlist } from '../../proto/decode.js';
import type { NetlistModel } from '../../proto/model.js';
import { validateNetlist } from './validate.js';

export type PopKind = 'input' | 'if' | 'integrator';
/** 'dense': fully connected into a (C, 1, 1) target, weights [source neuron CHW][target channel]. */
export type ProjKind = 'conv' | 'convT' | 'pool' | 'sparse' | 'dense';
export type NumberFormatName = 'INT8' | 'INT16' | 'FLOAT32';

export interface SimPopulation {
  readonly id: number;
  readonly name: string;
  readonly kind: PopKind;
  /** Shape (C, H, W); the netlist's flat index is c·H·W + y·W + x. */
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly reset: 'subtract' | 'zero';
  /** Threshold and initial potential in simulation units: integers (INT8/16) or float32 values. */
  readonly threshold: number;
  readonly u0: number;
  /** Float value of one potential unit (1 for FLOAT32 netlists). */
  readonly unit: number;
  /**
   * Leak multiplier applied before each step's input, absent = none: integer netlists 4096 − decay_q
   * (u ← (u·leak) >> 12), FLOAT32 the float32 1 − decay (u ← u·leak).
   */
  readonly leak?: number;
  /** Constant current per channel (C values, simulation units) added every step after the leak; absent = none. */
  readonly bias?: Int32Array | Float32Array;
}

export interface SimProjection {
  readonly id: number;
  readonly name: string;
  readonly source: number;
  readonly target: number;
  readonly kind: ProjKind;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pt: number;
  readonly pl: number;
  /** [kh][kw][cin][cout] for conv kinds, one value for pool, CSR values for sparse, [source CHW index][target channel] for dense. */
  readonly weights: Int32Array | Float32Array;
  readonly rowPtr: Uint32Array;
  readonly col: Uint32Array;
}

export interface SimCore {
  readonly id: number;
  readonly chip: number;
  readonly x: number;
  readonly y: number;
  readonly population: number;
  readonly c0: number; readonly c1: number;
  readonly y0: number; readonly y1: number;
  readonly x0: number; readonly x1: number;
}

export interface SimTarget {
  readonly name: string;
  readonly cyclesPerSynop: number;
  readonly cyclesPerNeuronUpdate: number;
  readonly clockMhz: number;
  /** Per east-west hop, and per north-south hop (equal to EW when the netlist gives one figure). */
  readonly hopLatencyNs: number;
  readonly hopLatencyNsNs: number;
  readonly barrierNs: number;
  /** Cores per chip along x; chips tile the mesh along x. 0 = one chip. */
  readonly meshWidth: number;
}

export interface SimNetlist {
  readonly name: string;
  readonly T: number;
  /** 'direct': populations[0] (kind 'input') holds pixels, and its one conv projection is a host current. */
  readonly encoding: 'poisson' | 'direct';
  readonly seed: number;
  readonly format: NumberFormatName;
  readonly readoutScale: number;
  readonly sourceCheckpoint: string;
  readonly populations: readonly SimPopulation[];
  /** In netlist order. */
  readonly projections: readonly SimProjection[];
  /** Empty when the netlist is not mapped to cores. */
  readonly cores: readonly SimCore[];
  readonly target: SimTarget;
  /** The readout population: the last one. */
  readonly readout: number;
  /** Projections on the longest input → readout path, less the host current's (it takes no step);
   * pipelined runs last T + depth steps. */
  readonly depth: number;
}

/** Converts a decoded netlist and checks what the simulators need beyond the format; throws every problem at once. */
export function toSimNetlist(m: NetlistModel, file: string): SimNetlist {
  const r = validateNetlist(m, file);
  if (r.problems.length > 0) throw new HsnnError(r.problems);
  if (r.netlist === undefined) throw new HsnnError({ code: 'HSNN4001', message: `netlist ${file}: cannot be simulated` });
  return r.netlist;
}

/** Decodes netlist bytes with proto/decode.ts (HSNN230x on a bad file) and converts them. */
export function decodeSimNetlist(bytes: Uint8Array, file: string): SimNetlist {
  return toSimNetlist(decodeNetlist(bytes, file), file);
}
