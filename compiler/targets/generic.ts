// A generic 2D-mesh neuromorphic target for experiments; every field can be overridden with
// --target-file (see target-file.ts). Limits default to Loihi-like values; energy uses only the
// generic figures HARDWARE.md gives (Horowitz 45 nm accumulate, Noxim router hop).
import type { TargetSpec } from './types.js';

const HOROWITZ = 'Horowitz, ISSCC 2014 (45 nm): 32-bit float add';
const NOXIM = 'Noxim defaults: generic 45 nm router + link, 32-bit flit';

export const GENERIC: TargetSpec = {
  name: 'generic',
  description: 'configurable 2D mesh (defaults: 16×16 cores, 1024 neurons, 4096 axons, 128 KB per core)',
  neuronsPerCore: 1024,              // Loihi-like default, override with --target-file
  faninAxonsPerCore: 4096,           // Loihi-like default
  fanoutAxonsPerCore: 0,             // unlimited by default
  synapseBitsPerCore: 1048576,       // 128 KB, Loihi-like default
  coresPerChip: 256,                 // 16×16 mesh by default
  meshWidth: 16,
  meshHeight: 16,
  maxChips: 0,
  weightBits: 0,                     // any format
  maxDestinationsPerCore: 0,
  maxDestinationsPerNeuron: 0,
  onePopulationPerCore: false,
  inputOnCores: true,
  hostInputCurrent: true,            // a generic core integrates any current the host writes (overridable)
  kernelMemoryPerCore: [],
  neuronMemoryPerCore: [],
  maxKernelSize: 0,
  squareKernels: false,
  edgeKinds: ['conv', 'convT', 'pool', 'dense'], // pool: sum pool projections (--pool spiking); dense: NIR Affine/Linear
  hopLatencyNsEw: 0,
  hopLatencyNsNs: 0,
  clockMhz: 0,
  energy: {
    id: 'generic',
    title: 'generic 45 nm target (Horowitz add + Noxim router)',
    node: '45 nm',
    costs: {
      synop: { pj: 0.9, source: HOROWITZ },          // 32-bit float add (AC), 45 nm (Horowitz, ISSCC 2014)
      hopEW: { pj: 3.2, source: NOXIM },             // generic 45 nm router + link, 32-bit flit (Noxim defaults)
      hopNS: { pj: 3.2, source: NOXIM },             // same router in both directions (Noxim defaults)
      allIn: false,
      routing: 'unicast',
    },
    sources: ['Horowitz, ISSCC 2014 (45 nm)', 'Noxim default router/link energy'],
    note: 'generic 45 nm figures; neuron update and injection costs are not published (0)',
    notes: ['Neuron update and spike injection have no published generic figure; they are not charged.'],
  },
  alternativeEnergy: [],
  sources: ['hsnn generic target (Loihi-like limits)'],
};
