// Built-in energy models, one const per target, one commented line per cost with its source
// (numbers and labels from shared/docs/HARDWARE.md). The report applies any of them to one mapping;
// the mapping itself came from the compiler's target, so costs of another target are indicative.
import { HOROWITZ_45NM, HOROWITZ_SOURCE } from './horowitz.js';
import type { EnergyModel } from './types.js';

const LOIHI_SRC = 'Davies et al., "Loihi: a neuromorphic manycore processor with on-chip learning", IEEE Micro 2018 (pre-silicon, 0.75 V)';
const SANAFE_SRC = 'SANA-FE Loihi model, arch/loihi.yaml';
const TRUENORTH_SRC = 'Merolla et al., Science 2014; Akopyan et al., IEEE TCAD 2015';
const NOXIM_SRC = 'Noxim defaults: generic 45 nm router + link, 32-bit flit';

export const LOIHI: EnergyModel = {
  id: 'loihi',
  title: 'Intel Loihi (Davies et al. 2018)',
  origin: 'builtin',
  snn: {
    synop: { pj: 23.6, source: LOIHI_SRC, labels: ['2nd', 'lower-bound', 'pre-silicon'] },   // per synaptic spike op
    neuronActive: { pj: 81, source: LOIHI_SRC, labels: ['2nd', 'pre-silicon'] },              // per active neuron update
    neuronIdle: { pj: 52, source: LOIHI_SRC, labels: ['2nd', 'pre-silicon'] },                // per inactive neuron update
    withinCore: { pj: 1.7, source: `${LOIHI_SRC}: spike within a tile`, labels: ['2nd', 'pre-silicon'] },
    hopEW: { pj: 3.0, source: LOIHI_SRC, labels: ['2nd', 'pre-silicon'] },                     // per east-west hop
    hopNS: { pj: 4.0, source: LOIHI_SRC, labels: ['2nd', 'pre-silicon'] },                     // per north-south hop
    allIn: false,
    routing: 'unicast',
  },
  notes: ['No static power or chip-crossing figure is published for Loihi; none is charged.'],
};

export const LOIHI_SANAFE: EnergyModel = {
  id: 'loihi-sanafe',
  title: 'Intel Loihi as modelled by SANA-FE',
  origin: 'builtin',
  snn: {
    synop: { pj: 35.5, source: `${SANAFE_SRC}: dense synapse` },                 // fallback = dense, the dearest kind
    synopByKind: {
      conv: { pj: 24.0, source: `${SANAFE_SRC}: conv synapse` },                  // per spike per conv synapse
      sparse: { pj: 33.6, source: `${SANAFE_SRC}: sparse synapse` },
      dense: { pj: 35.5, source: `${SANAFE_SRC}: dense synapse` },
    },
    neuronActive: { pj: 21.6, source: `${SANAFE_SRC}: neuron update` },           // SANA-FE has one update cost
    neuronIdle: { pj: 21.6, source: `${SANAFE_SRC}: neuron update` },
    spikeOut: { pj: 69.3, source: `${SANAFE_SRC}: spike out` },
    hopEW: { pj: 3.0, source: SANAFE_SRC },
    hopNS: { pj: 4.2, source: SANAFE_SRC },
    allIn: false,
    routing: 'unicast',
  },
  notes: ['SANA-FE publishes no within-core delivery cost; none is charged.'],
};

export const TRUENORTH: EnergyModel = {
  id: 'truenorth',
  title: 'IBM TrueNorth (all-in per synaptic event)',
  origin: 'builtin',
  snn: {
    // Whole-chip energy divided by synaptic events: neuron, routing and static energy are inside it.
    synop: { pj: 26, source: TRUENORTH_SRC, labels: ['all-in'] },
    allIn: true,
    informational: { hop: { pj: 2.3, source: `${TRUENORTH_SRC}: per spike per hop`, labels: ['2nd', 'unconfirmed'] } },
    routing: 'unicast',
  },
  notes: ['26 pJ per synaptic event is all-in (whole-chip energy / events); neuron and routing energy are not added on top.',
    'The 2.3 pJ per hop figure is quoted for information only (2nd, unconfirmed).'],
};

export const HOROWITZ_GENERIC: EnergyModel = {
  id: 'horowitz-generic',
  title: 'Generic 45 nm digital logic (Horowitz) + Noxim router',
  origin: 'builtin',
  snn: {
    synop: HOROWITZ_45NM.fp32Add,                                                // the literature's E_AC
    // u > v compare after integration ~ one add; Horowitz has no compare figure.
    neuronActive: { pj: HOROWITZ_45NM.fp32Add.pj, source: `${HOROWITZ_SOURCE}: fp32 add as threshold compare`, labels: ['derived'] },
    hopEW: { pj: 3.2, source: NOXIM_SRC },                                      // per hop, 32-bit flit
    hopNS: { pj: 3.2, source: NOXIM_SRC },
    allIn: false,
    routing: 'unicast',
  },
  notes: ['Compute-only apart from routing: SRAM weight and state accesses are not charged, which flatters the SNN.',
    'Neuron updates are charged in every step (time-stepped), idle or not, at the active cost.'],
};

export const BUILTIN_MODELS: readonly EnergyModel[] = [LOIHI, LOIHI_SANAFE, TRUENORTH, HOROWITZ_GENERIC];
