// SRAM access energy as a function of memory size, and the memory sizes both sides are charged at.
// The fit is Lemaire et al.'s (ICONIP 2022, LEAT-EDGE/qualia-plugin-snn EnergyEstimationMetric.py) to
// Horowitz's 45 nm 64-bit SRAM reads (10 / 20 / 100 pJ at 8 KB / 32 KB / 1 MB):
//   e(size) = 1.09e-5 pJ/bit × size in bits + 13.2 pJ   per access of one word (≤ 64 bits).
import type { Cost } from './types.js';

export const LEMAIRE_SOURCE = 'Lemaire et al., ICONIP 2022 (qualia-plugin-snn EnergyEstimationMetric.py): fit to Horowitz 45 nm 64-bit SRAM reads';

export const SRAM_FIT = { pjPerBit: 1.09e-5, basePj: 13.2 } as const;

/** Energy of one read (or write, charged the same: Horowitz gives reads only) in a memory of `bytes`. */
export function sramAccessPj(bytes: number): number {
  return SRAM_FIT.pjPerBit * bytes * 8 + SRAM_FIT.basePj;
}

/** The access cost at one memory size, as a sourced row. */
export function sramCost(bytes: number, what: string): Cost {
  return { pj: sramAccessPj(bytes), source: `${LEMAIRE_SOURCE}; ${what} (${fmtBytes(bytes)})`, labels: ['derived'] };
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** The ANN's on-chip buffer: Eyeriss's 108 KB global buffer, holding the layer's weights and activations. */
export const ANN_BUFFER = { bytes: 108 * 1024, source: 'Chen et al., "Eyeriss", IEEE JSSC 2017: 108 KB global buffer' } as const;

/** Spike buffer of a core (event queue in and out): the smallest memory in Horowitz's table. */
export const SPIKE_BUFFER = { bytes: 8 * 1024, source: 'assumed: the smallest SRAM in Horowitz\'s table (8 KB)' } as const;

/** Membrane potentials are int32 in INT8/INT16 netlists and float32 in FLOAT32 ones: 4 bytes each. */
export const POTENTIAL_BYTES = 4;

/** Synapse memory of a core when the netlist does not give it: Loihi's 128 KB per core. */
export const DEFAULT_SYNAPSE_BYTES = 128 * 1024;
