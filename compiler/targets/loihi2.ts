// Intel Loihi 2 as data. All figures are second-hand (2nd) per shared/docs/HARDWARE.md. No per-op
// energy table is published, so every energy figure is 0 on purpose: do not invent one.
import { unpublishedEnergy } from './energy.js';
import type { TargetSpec } from './types.js';

const SECOND = 'Intel Loihi 2 public descriptions, quoted second-hand (2nd) in HARDWARE.md';

export const LOIHI2: TargetSpec = {
  name: 'loihi2',
  description: 'Intel Loihi 2: 128 cores per chip, up to 8192 neurons per core (2nd)',
  neuronsPerCore: 8192,              // up to 8192 neurons per core (2nd)
  faninAxonsPerCore: 0,              // no fan-in axon limit in HARDWARE.md: unlimited
  fanoutAxonsPerCore: 0,             // no fan-out axon limit in HARDWARE.md: unlimited
  synapseBitsPerCore: 1048576,       // 128 KB SRAM per core (2nd; one source says 192 KB, unconfirmed)
  coresPerChip: 128,                 // 128 cores per chip (2nd)
  meshWidth: 8,                      // 8×16 mesh (2nd), 8 along x …
  meshHeight: 16,                    // … 16 along y
  maxChips: 0,                       // no system size given: unlimited unless --max-chips
  weightBits: 0,                     // weight width not given in HARDWARE.md
  maxDestinationsPerCore: 0,
  maxDestinationsPerNeuron: 0,
  onePopulationPerCore: false,
  inputOnCores: true,
  hostInputCurrent: true,            // Loihi 2 neurons keep a per-compartment bias (Lava's LIF bias_mant); not in HARDWARE.md
  kernelMemoryPerCore: [],
  neuronMemoryPerCore: [],
  maxKernelSize: 0,
  squareKernels: false,
  edgeKinds: ['conv', 'convT', 'pool', 'dense'], // pool: a sum pool is a projection of equal weights; dense: a plain synapse table
  hopLatencyNsEw: 0,                 // not published
  hopLatencyNsNs: 0,
  clockMhz: 0,
  energy: unpublishedEnergy('loihi2', 'Intel Loihi 2', SECOND, 'no published per-op energy table for Loihi 2: all figures 0, not estimated'),
  alternativeEnergy: [],
  sources: [SECOND, '~120 M synapses per chip (2nd)'],
};
