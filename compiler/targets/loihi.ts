// Intel Loihi as data. Every number is from shared/docs/HARDWARE.md, which cites Davies et al.,
// IEEE Micro 2018 and nengo-loihi's limits; (2nd) marks figures quoted second-hand from that paper.
import type { TargetEnergy } from './energy.js';
import type { TargetSpec } from './types.js';

const DAVIES = 'Davies et al., IEEE Micro 2018 (pre-silicon, 0.75 V; quoted second-hand (2nd))';

const SANAFE = 'SANA-FE Loihi model, arch/loihi.yaml';
const LOIHI_NODE = '14 nm (Loihi is a 14 nm chip; ENERGY-FAIRNESS.md)';

/** Davies et al.'s per-event figures (HARDWARE.md): pre-silicon, 0.75 V, quoted second-hand. */
export const LOIHI_ENERGY: TargetEnergy = {
  id: 'loihi',
  title: 'Intel Loihi (Davies et al. 2018)',
  node: LOIHI_NODE,
  costs: {
    synop: { pj: 23.6, source: DAVIES, labels: ['2nd', 'lower-bound', 'pre-silicon'] },        // per synaptic spike op, a lower bound
    neuronActive: { pj: 81, source: DAVIES, labels: ['2nd', 'pre-silicon'] },                   // per active neuron update
    neuronIdle: { pj: 52, source: DAVIES, labels: ['2nd', 'pre-silicon'] },                     // per inactive neuron update
    withinCore: { pj: 1.7, source: `${DAVIES}: spike within a tile`, labels: ['2nd', 'pre-silicon'] },
    hopEW: { pj: 3.0, source: DAVIES, labels: ['2nd', 'pre-silicon'] },                          // per east-west hop
    hopNS: { pj: 4.0, source: DAVIES, labels: ['2nd', 'pre-silicon'] },                          // per north-south hop
    allIn: false,
    routing: 'unicast',
  },
  sources: [DAVIES],
  note: 'Davies 2018 pre-silicon figures (2nd); spike injection and chip crossing: no published figure (0)',
  notes: ['No static power or chip-crossing figure is published for Loihi; none is charged.'],
};

/** SANA-FE's open Loihi model (arch/loihi.yaml); the netlist carries its conv figure since hsnn emits convs. */
export const LOIHI_SANAFE_ENERGY: TargetEnergy = {
  id: 'loihi-sanafe',
  title: 'Intel Loihi as modelled by SANA-FE',
  node: LOIHI_NODE,
  costs: {
    synop: { pj: 35.5, source: `${SANAFE}: dense synapse` },              // fallback = dense, the dearest kind
    synopByKind: {
      conv: { pj: 24.0, source: `${SANAFE}: conv synapse` },              // per spike per conv synapse
      sparse: { pj: 33.6, source: `${SANAFE}: sparse synapse` },
      dense: { pj: 35.5, source: `${SANAFE}: dense synapse` },
    },
    neuronActive: { pj: 21.6, source: `${SANAFE}: neuron update` },       // SANA-FE has one update cost …
    neuronIdle: { pj: 21.6, source: `${SANAFE}: neuron update` },         // … for every step
    spikeOut: { pj: 69.3, source: `${SANAFE}: spike out` },
    hopEW: { pj: 3.0, source: SANAFE },                                   // east-west hop
    hopNS: { pj: 4.2, source: SANAFE },                                   // north-south hop
    allIn: false,
    routing: 'unicast',
  },
  sources: ['SANA-FE arch/loihi.yaml (open simulator model of Loihi)'],
  note: 'SANA-FE Loihi model',
  notes: ['SANA-FE publishes no within-core delivery cost; none is charged.'],
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
  edgeKinds: ['conv', 'convT', 'pool', 'dense'], // pool: a sum pool is a projection of equal weights; any synapse table holds it, as it holds a dense layer
  hopLatencyNsEw: 4.1,               // 4.1 ns per east-west hop (Davies 2018, 2nd)
  hopLatencyNsNs: 6.5,               // 6.5 ns per north-south hop (Davies 2018, 2nd)
  clockMhz: 0,                       // asynchronous mesh; no clock figure in HARDWARE.md
  energy: LOIHI_ENERGY,
  alternativeEnergy: [LOIHI_SANAFE_ENERGY],
  sources: [DAVIES, 'nengo-loihi per-core limits (1024 compartments, 4096 in/out axons, 128 KB synapses)'],
};
