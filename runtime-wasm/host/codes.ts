// Diagnostic codes of the simulator and `hsnn run` (HSNN4xxx). Stable: never reuse or renumber one.
// runtime-wasm/README.md lists the same table; tests trigger each code.

export const SIM_CODES = {
  HSNN4001: 'netlist structure the simulator cannot run (population order or kinds, projection endpoints, no path to the readout)',
  HSNN4002: 'projection geometry or weights inconsistent with its populations (lengths, ranges, CSR)',
  HSNN4003: 'inconsistent core mapping (slices out of range, neurons not covered exactly once, chip vs mesh position)',
  HSNN4004: 'the simulation needs more memory than WebAssembly allows or than --max-memory permits',
  HSNN4005: 'the simulator module runtime-wasm/build/hsnn.wasm is missing or cannot be instantiated',
  HSNN4006: 'bad simulation input (image size, T, mode, threads)',
  HSNN4007: 'netlist file unreadable, truncated or not a netlist',
  HSNN4401: 'direct input: encoding, input kind and host-current projection disagree, or the target cannot take a host input current',
  HSNN4010: 'run input: volume, label or folder not found or unreadable',
  HSNN4011: 'run input: preprocessing config not found (netlist source checkpoint missing) or geometry mismatch',
} as const;

export type SimCode = keyof typeof SIM_CODES;
