// SynSense Speck / DYNAP-CNN as data, as documented and coded in sinabs (via HARDWARE.md). Each of the
// 9 cores runs one layer: conv → integrate-and-fire → sum-pool, so a layer must fit one core:
//   kernel memory = C_in · 2^(⌈log2(k²)⌉ + ⌈log2 C_out⌉),  neuron memory = C_out · 2^(⌈log2 H'⌉ + ⌈log2 W'⌉).
import { unpublishedEnergy } from './energy.js';
import type { TargetSpec } from './types.js';

const SINABS = 'sinabs DYNAP-CNN/Speck documentation and chip model';

export const SPECK: TargetSpec = {
  name: 'speck',
  description: 'SynSense Speck / DYNAP-CNN: 9 layer cores (conv → IF → sum-pool)',
  neuronsPerCore: 0,                 // set per core by the neuron-memory formula below
  faninAxonsPerCore: 0,              // no axon limit: inputs are bounded by kernel memory
  fanoutAxonsPerCore: 0,
  synapseBitsPerCore: 0,             // set per core by the kernel-memory formula below
  coresPerChip: 9,                   // 9 cores (sinabs)
  meshWidth: 9,                      // cores are addressed by index; no 2D layout published, so hops
  meshHeight: 1,                     // along this line are nominal
  maxChips: 1,                       // one chip
  weightBits: 8,                     // 8-bit weights, 16-bit neuron state (sinabs)
  maxDestinationsPerCore: 2,         // at most 2 destination cores per core (sinabs)
  maxDestinationsPerNeuron: 0,
  onePopulationPerCore: true,        // a layer must fit in one core (sinabs)
  inputOnCores: false,               // input events enter through the chip's input interface
  hostInputCurrent: false,           // that interface takes spike events only (DVS-style); no analog input (sinabs)
  kernelMemoryPerCore: [16384, 16384, 16384, 32768, 32768, 65536, 65536, 16384, 16384], // cores 0–2: 16 Ki, 3–4: 32 Ki, 5–6: 64 Ki, 7–8: 16 Ki (sinabs)
  neuronMemoryPerCore: [65536, 65536, 65536, 32768, 32768, 16384, 16384, 16384, 16384], // cores 0–2: 64 Ki, 3–4: 32 Ki, 5–6: 16 Ki, 7–8: 16 Ki (sinabs)
  maxKernelSize: 16,                 // square kernels of at most 16×16 (sinabs)
  squareKernels: true,
  edgeKinds: ['conv'],               // conv → IF → sum-pool only: no transposed conv, no dense layer
  hopLatencyNsEw: 0,
  hopLatencyNsNs: 0,
  clockMhz: 0,
  energy: unpublishedEnergy('speck', 'SynSense Speck', SINABS, 'no energy per op is published for Speck: all figures 0'),
  alternativeEnergy: [],
  sources: [SINABS],
};
