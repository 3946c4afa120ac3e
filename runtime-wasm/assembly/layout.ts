// Memory layout of the model image and the simulation state in linear memory. The host writes the model
// image (runtime-wasm/host/image.ts mirrors these field orders word for word); check.ts validates it once;
// state.ts carves the per-run state out of the arena. Every struct is i32 words, 16-byte aligned.
//
// Model image (one contiguous block, offsets are bytes from the image start):
//
//   +--------------+ 0
//   | ModelHeader  |  24 words
//   +--------------+ popOff
//   | PopRec × P   |  16 words each, netlist order; pop 0 is the input (Poisson, or analog: direct)
//   +--------------+ projOff
//   | ProjRec × J  |  16 words each, sorted (stably) by target population
//   +--------------+ coreOff
//   | CoreRec × K  |   4 words each
//   +--------------+ fanIdxOff
//   | u32 × N      |  fan-out set of every neuron; neuron ordinal = pop.base + (y·W + x)·C + c
//   +--------------+ coreOfOff
//   | i32 × N      |  core holding each neuron, −1 when the population is not mapped
//   +--------------+ setOff
//   | SetRec × S   |  16 words: per-spike NoC/SOP counts, precomputed by the host (deduplicated)
//   +--------------+ entryOff
//   | EntryRec × E |   4 words: (destination core or −1, target population, SOPs)
//   +--------------+ weights and CSR tables, each 16-byte aligned, located by ProjRec
//
// Conv-kind weights are rows of Cp lanes (target channels padded to a multiple of 4 with zeros):
//
//   row r = (ky·kw + kx)·Cin + ci :  [ w(co=0) w(1) … w(C−1) 0 … 0 ]   i16 (integer) or f32 (float)
//
// so one incoming spike adds whole rows into a contiguous HWC potential vector with v128 adds.
// DENSE (target (C, 1, 1), Cp lanes): row r = (y·W + x)·C + c, the source's HWC ordinal, so a source pixel's
// spikes read adjacent rows like one conv tap (the host re-orders the netlist's CHW rows).
// SPARSE: rowPtr u32 × (source neurons + 1) in source HWC order, col u32 × nnz (padded potential index
// inside the target population), values i32/f32 × nnz.

/** 'HSNM' little endian. */
export const MODEL_MAGIC: i32 = 0x4d4e5348;
export const MODEL_VERSION: i32 = 1;

export const KIND_INPUT: i32 = 1;
export const KIND_IF: i32 = 2;
export const KIND_INTEGRATOR: i32 = 3;
export const KIND_ANALOG: i32 = 4;      // direct input: pixels, no spikes; its projection is the host current

export const RESET_SUBTRACT: i32 = 1;
export const RESET_ZERO: i32 = 2;

export const PROJ_CONV: i32 = 1;
export const PROJ_CONVT: i32 = 2;
export const PROJ_POOL: i32 = 3;
export const PROJ_SPARSE: i32 = 4;
export const PROJ_DENSE: i32 = 5;

export const FORMAT_FLOAT32: i32 = 3;

export const MODE_ZERO_DELAY: i32 = 0;
export const MODE_PIPELINED: i32 = 1;

@unmanaged export class ModelHeader {
  magic: i32; version: i32; format: i32; nPops: i32;
  nProj: i32; nCores: i32; T: i32; depth: i32;
  totalNeurons: i32; popOff: i32; projOff: i32; coreOff: i32;
  fanIdxOff: i32; coreOfOff: i32; setOff: i32; nSets: i32;
  entryOff: i32; nEntries: i32; bytes: i32; cyclesPerSynop: i32;
  cyclesPerNeuron: i32; potentialWords: i32; readoutPop: i32; biasPop: i32; // biasPop: target of the host current, 0 = none
}
export const HEADER_BYTES: i32 = 96;

@unmanaged export class PopRec {
  kind: i32; C: i32; H: i32; W: i32;
  Cp: i32; reset: i32; threshold: i32; u0: i32;        // threshold/u0: i32 or f32 bits
  potOff: i32; base: i32; inFirst: i32; inCount: i32;  // potOff in words; base = first neuron ordinal
  hasOut: i32; r1: i32; r2: i32; r3: i32;
}
export const POP_BYTES: i32 = 64;

@unmanaged export class ProjRec {
  kind: i32; src: i32; tgt: i32; kh: i32;
  kw: i32; sh: i32; sw: i32; pt: i32;
  pl: i32; weightOff: i32; weightBytes: i32; rowOff: i32; // weightOff/rowOff/colOff: bytes from image start
  colOff: i32; nnz: i32; poolWeight: i32; r1: i32;
}
export const PROJ_BYTES: i32 = 64;

@unmanaged export class CoreRec {
  pop: i32; neurons: i32; updNeurons: i32; r1: i32;    // updNeurons: neurons updated per step (0 for input)
}
export const CORE_BYTES: i32 = 16;

@unmanaged export class SetRec {
  srcCore: i32; entryStart: i32; entryCount: i32; sops: i32;
  messages: i32; local: i32; injections: i32; hopsEW: i32;
  hopsNS: i32; chipUni: i32; mcEW: i32; mcNS: i32;
  chipMc: i32; maxRoutePs: i32; r1: i32; r2: i32;         // maxRoutePs: slowest route, picoseconds
}
export const SET_BYTES: i32 = 64;

@unmanaged export class EntryRec {
  dst: i32; tgtPop: i32; sops: i32; r1: i32;
}
export const ENTRY_BYTES: i32 = 16;

// Simulation state (one per model; handle = its address):
//
//   +-------------+ 0
//   | StateHeader |  32 words
//   +-------------+ potPtr
//   | potentials  |  i32/f32 × potentialWords; pop p at potOff(p), HWC with Cp lanes per pixel
//   +-------------+ listPtr
//   | ListRec × P |  4 words: cur ptr, cur count, prev ptr, prev count (prev = last step, pipelined)
//   +-------------+ each list: (y << 16 | x, c) u32 pairs, capacity = neurons of the population
//   | spike lists |
//   +-------------+ imagePtr: f32 × input neurons (CHW, written by the host); thrPtr: u32 × same
//   | bias        |  biasPtr: i32/f32 × (H·W·Cp of header.biasPop), the host current (direct input only)
//   | counters    |  i64: pop × 2 (spikes, sopsIn); core × 6 (sops, spikesOut, msgOut, msgIn,
//   |             |  cycles, activeSteps); core step SOPs × K; series × steps × SERIES_COLS
//   +-------------+ hitsPtr: u32 × sets (hits this step); touchedPtr: u32 × sets (sets hit this step)
//   | set hits    |
//   +-------------+

@unmanaged export class StateHeader {
  model: i32; mode: i32; T: i32; steps: i32;
  t: i32; seed: u32; begun: i32; bytes: i32;
  potPtr: i32; listPtr: i32; imagePtr: i32; thrPtr: i32;
  popCntPtr: i32; coreCntPtr: i32; stepSopsPtr: i32; seriesPtr: i32;
  maxSteps: i32; hitsPtr: i32; touchedPtr: i32; nTouched: i32;
  biasPtr: i32; r5: i32; r6: i32; r7: i32;
  r8: i32; r9: i32; r10: i32; r11: i32;
  r12: i32; r13: i32; r14: i32; r15: i32;
}
export const STATE_HEADER_BYTES: i32 = 128;

@unmanaged export class ListRec {
  cur: i32; curCount: i32; prev: i32; prevCount: i32;
}
export const LIST_BYTES: i32 = 16;

export const POP_COUNTERS: i32 = 2;   // spikes, sopsIn
export const CORE_COUNTERS: i32 = 6;  // sops, spikesOut, msgOut, msgIn, cycles, activeSteps

// Per-step series columns (i64).
export const S_SOPS: i32 = 0;
export const S_SPIKES: i32 = 1;
export const S_INPUT_SPIKES: i32 = 2;
export const S_MESSAGES: i32 = 3;
export const S_LOCAL: i32 = 4;
export const S_INJECTIONS: i32 = 5;
export const S_HOPS_EW: i32 = 6;
export const S_HOPS_NS: i32 = 7;
export const S_MC_EW: i32 = 8;
export const S_MC_NS: i32 = 9;
export const S_CHIP_UNI: i32 = 10;
export const S_CHIP_MC: i32 = 11;
export const S_ACTIVE_CORES: i32 = 12;
export const S_MAX_CYCLES: i32 = 13;
export const S_SUM_CYCLES: i32 = 14;
export const S_MAX_ROUTE_PS: i32 = 15;
export const SERIES_COLS: i32 = 16;

@inline export function roundUp16(n: i64): i64 {
  return (n + 15) & ~(<i64>15);
}
