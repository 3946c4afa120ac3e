// Intel Loihi as data. Every number is from shared/docs/HARDWARE.md, which cites Davies et al.,
// IEEE Micro 2018 and nengo-loihi's limits; (2nd) marks figures quoted second-hand from that paper.
import { NO_ENERGY, type EnergyModel, type TargetSpec } from './types.js';

const DAVIES = 'Davies et al., IEEE Micro 2018 (pre-silicon, 0.75 V; quoted second-hand (2nd))';

/** SANA-FE's open Loihi model (arch/loihi.yaml); synapse cost is its conv figure since hsnn emits convs. */
export const LOIHI_SANAFE_ENERGY: EnergyModel = {
  ...NO_ENERGY,
  synopPj: 24.0,               // SANA-FE loihi.yaml: conv synapse per spike (sparse 33.6, dense 35.5)
  neuronUpdateActivePj: 21.6,  // SANA-FE loihi.yaml: neuron update
  neuronUpdateIdlePj: 21.6,    // SANA-FE loihi.yaml: one neuron-update figure for every step
  spikeOutPj: 69.3,            // SANA-FE loihi.yaml: spike out
  hopEwPj: 3.0,                // SANA-FE loihi.yaml: east-west hop
  hopNsPj: 4.2,                // SANA-FE loihi.yaml: north-south hop
  sources: ['SANA-FE arch/loihi.yaml (open simulator model of Loihi)'],
  note: 'SANA-FE Loihi model',
};

export const LOIHI: TargetSpec = {
  name: 'loihi',
  description: 'Intel Loihi: 128 cores per chip on an 8×16 mesh',
  neuronsPerCore: 1024,              // 1024 compartments per core (nengo-loihi limits)
  faninAxonsPerCore: 4096,           // 4096 input axons per core (nengo-loihi limits)
  fanoutAxonsPerCore: 4096,          // 4096 output axons per core (nengo-loihi limits)
  synapseBitsPerCore: 1048576,       // 128 KB synaptic memory = 1,048,576 bits (nengo-loihi limits)
  coresPerChip: 128,                 // 128 neuromorphic cores per chip (Davies 2018)
  meshWidth: 8,                      // 8×16 core mesh (Davies 2018), read as 8 along x …
  meshHeight: 16,                    // … and 16 along y
  maxChips: 0,                       // HARDWARE.md gives no system size: unlimited unless --max-chips
  weightBits: 8,                     // weights up to 8-bit with a shared exponent (Davies 2018)
  maxDestinationsPerCore: 0,         // no per-core destination limit published
  maxDestinationsPerNeuron: 0,       // output axons are counted per core instead
  onePopulationPerCore: false,
  inputOnCores: true,                // input spike generators are mapped like any population
  hostInputCurrent: true,            // every compartment has a programmable bias current (Davies 2018; not in HARDWARE.md)
  kernelMemoryPerCore: [],
  neuronMemoryPerCore: [],
  maxKernelSize: 0,
  squareKernels: false,
  edgeKinds: ['conv', 'convT', 'pool'], // pool: a sum pool is a projection of equal weights; any synapse table holds it
  hopLatencyNsEw: 4.1,               // 4.1 ns per east-west hop (Davies 2018, 2nd)
  hopLatencyNsNs: 6.5,               // 6.5 ns per north-south hop (Davies 2018, 2nd)
  clockMhz: 0,                       // asynchronous mesh; no clock figure in HARDWARE.md
  energy: {
    ...NO_ENERGY,
    synopPj: 23.6,                   // per synaptic spike op, a lower bound (Davies 2018, 2nd)
    neuronUpdateActivePj: 81,        // per active neuron update (Davies 2018, 2nd)
    neuronUpdateIdlePj: 52,          // per inactive neuron update (Davies 2018, 2nd)
    withinCorePj: 1.7,               // spike within a tile (Davies 2018, 2nd)
    hopEwPj: 3.0,                    // per east-west hop (Davies 2018, 2nd)
    hopNsPj: 4.0,                    // per north-south hop (Davies 2018, 2nd)
    sources: [DAVIES],
    note: 'Davies 2018 pre-silicon figures (2nd); spike injection and chip crossing: no published figure (0)',
  },
  alternativeEnergy: [LOIHI_SANAFE_ENERGY],
  sources: [DAVIES, 'nengo-loihi per-core limits (1024 compartments, 4096 in/out axons, 128 KB synapses)'],
};
