// The report's built-in energy models. The neuromorphic ones are derived from the compiler's target
// tables (compiler/targets/*.ts), the one place their figures are typed; only the generic 45 nm model
// (Horowitz arithmetic + Noxim router) is the report's own. A test proves the derived models equal the
// costs a compiled netlist carries for the same target.
import type { TargetEnergy } from '../../compiler/targets/energy.js';
import { LOIHI_ENERGY, LOIHI_SANAFE_ENERGY } from '../../compiler/targets/loihi.js';
import { TRUENORTH_ENERGY } from '../../compiler/targets/truenorth.js';
import { assert } from '../../core/errors.js';
import { HOROWITZ_45NM, HOROWITZ_SOURCE } from './horowitz.js';
import type { EnergyModel } from './types.js';

const NOXIM_SRC = 'Noxim defaults: generic 45 nm router + link, 32-bit flit';

/** A target's sourced table as a report model; a table without costs has nothing to apply. */
export function modelFromTarget(e: TargetEnergy): EnergyModel {
  assert(e.costs !== undefined, `target energy '${e.id}' publishes no costs`);
  return { id: e.id, title: e.title, origin: 'builtin', snn: e.costs, notes: e.notes, ...(e.node !== undefined ? { node: e.node } : {}) };
}

export const LOIHI: EnergyModel = modelFromTarget(LOIHI_ENERGY);
export const LOIHI_SANAFE: EnergyModel = modelFromTarget(LOIHI_SANAFE_ENERGY);
export const TRUENORTH: EnergyModel = modelFromTarget(TRUENORTH_ENERGY);

export const HOROWITZ_GENERIC: EnergyModel = {
  id: 'horowitz-generic',
  title: 'Generic 45 nm digital logic (Horowitz) + Noxim router',
  origin: 'builtin',
  node: '45 nm',
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
