// IBM TrueNorth as data (Merolla et al., Science 2014; Akopyan et al., TCAD 2015, via HARDWARE.md).
// A core is a 256-axon × 256-neuron binary crossbar, so synapse storage is implied by the axon and
// neuron limits; each neuron's spike goes to one axon on one core.
import type { TargetEnergy } from './energy.js';
import type { TargetSpec } from './types.js';

const MEROLLA = 'Merolla et al., Science 2014';
const AKOPYAN = 'Akopyan et al., TCAD 2015';

/** All-in: whole-chip energy divided by synaptic events, so neuron, routing and static energy are inside it. */
export const TRUENORTH_ENERGY: TargetEnergy = {
  id: 'truenorth',
  title: 'IBM TrueNorth (all-in per synaptic event)',
  node: '28 nm (TrueNorth, Merolla et al. 2014)',
  costs: {
    synop: { pj: 26, source: `${MEROLLA}; ${AKOPYAN}`, labels: ['all-in'] },  // whole chip / synaptic events
    allIn: true,
    // ~2.3 pJ per spike per hop (2nd, unconfirmed); inside the all-in figure, so shown, not added.
    informational: { hop: { pj: 2.3, source: `${MEROLLA}: per spike per hop (secondary quote)`, labels: ['2nd', 'unconfirmed'] } },
    routing: 'unicast',
  },
  sources: [MEROLLA, 'hop figure: secondary quote, unconfirmed'],
  note: '26 pJ per synaptic event is ALL-IN (whole chip / events); do not add hop or neuron costs to it',
  notes: ['26 pJ per synaptic event is all-in (whole-chip energy / events); neuron and routing energy are not added on top.',
    'The 2.3 pJ per hop figure is quoted for information only (2nd, unconfirmed).'],
};

export const TRUENORTH: TargetSpec = {
  name: 'truenorth',
  description: 'IBM TrueNorth: 4096 cores of 256 axons × 256 neurons on a 64×64 mesh',
  neuronsPerCore: 256,               // 256 neurons per core (Merolla 2014)
  faninAxonsPerCore: 256,            // 256 axons per core (Merolla 2014)
  fanoutAxonsPerCore: 256,           // one target axon per neuron, 256 neurons (Merolla 2014)
  synapseBitsPerCore: 0,             // binary 256×256 crossbar: bounded by the axon and neuron limits
  coresPerChip: 4096,                // 4096 cores (Merolla 2014)
  meshWidth: 64,                     // 64×64 mesh (Merolla 2014)
  meshHeight: 64,
  maxChips: 0,                       // no system size given: unlimited unless --max-chips
  weightBits: 0,                     // 4 axon types index a per-neuron weight; width not in HARDWARE.md
  maxDestinationsPerCore: 0,
  maxDestinationsPerNeuron: 1,       // a neuron's spike goes to one axon on one core (Akopyan 2015)
  onePopulationPerCore: false,
  inputOnCores: true,
  hostInputCurrent: false,           // binary crossbar: input arrives as spikes on axons only (Merolla 2014, HARDWARE.md)
  kernelMemoryPerCore: [],
  neuronMemoryPerCore: [],
  maxKernelSize: 0,
  squareKernels: false,
  edgeKinds: ['conv', 'convT', 'pool', 'dense'], // pool: a sum pool is a crossbar of equal weights; dense: a crossbar is dense
  hopLatencyNsEw: 0,                 // not in HARDWARE.md
  hopLatencyNsNs: 0,
  clockMhz: 0,
  energy: TRUENORTH_ENERGY,
  alternativeEnergy: [],
  sources: [MEROLLA, AKOPYAN],
};
