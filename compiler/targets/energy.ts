// A target's energy per event as sourced data: every cost is a number with its source and labels
// saying how sure we are of it. This is the one table of target costs: the compiler flattens it into the
// netlist's EnergyCosts (flatEnergy) and the report derives its built-in models from it.
import type { NetEnergy } from '../../proto/model.js';

export type CostLabel = '2nd' | 'unconfirmed' | 'all-in' | 'lower-bound' | 'pre-silicon' | 'derived' | 'peak' | 'assumed';

/** One sourced figure in picojoules per event. */
export interface Cost {
  readonly pj: number;
  readonly source: string;
  readonly labels?: readonly CostLabel[] | undefined;
}

export interface StaticPower {
  readonly mwPerCore: number;
  readonly source: string;
  readonly labels?: readonly CostLabel[] | undefined;
}

/** Which synapse cost applies to a projection (SANA-FE charges convolutional synapses less). */
export type SynapseKind = 'conv' | 'sparse' | 'dense';

/** How spikes cross the mesh: one message per destination, or router-replicated multicast trees. */
export type RoutingMode = 'unicast' | 'multicast';

/** Per-event costs of running a spiking netlist on one target; a cost nobody publishes is absent. */
export interface SnnCosts {
  /** Per synaptic operation: one weight added into one potential. */
  readonly synop: Cost;
  /** Overrides `synop` by synapse kind where the source distinguishes them. */
  readonly synopByKind?: Readonly<Partial<Record<SynapseKind, Cost>>> | undefined;
  /** Per neuron update in a step where the neuron's core received input. */
  readonly neuronActive?: Cost | undefined;
  /** Per neuron update in a step without input. */
  readonly neuronIdle?: Cost | undefined;
  /** Per emitted spike (injection into the network). */
  readonly spikeOut?: Cost | undefined;
  readonly hopEW?: Cost | undefined;
  readonly hopNS?: Cost | undefined;
  /** Per spike delivered without leaving its core (0 hops). */
  readonly withinCore?: Cost | undefined;
  readonly chipCrossing?: Cost | undefined;
  readonly staticPower?: StaticPower | undefined;
  /** `synop` already includes neuron, routing and static energy (whole-chip energy / events). */
  readonly allIn: boolean;
  /** Costs quoted for information but not added to the total (e.g. TrueNorth's hop cost under all-in). */
  readonly informational?: Readonly<Record<string, Cost>> | undefined;
  readonly routing: RoutingMode;
}

/** A target's energy table: the costs, plus the netlist's per-target source list and note. */
export interface TargetEnergy {
  /** Energy-model id in the report ('loihi', 'loihi-sanafe', …). */
  readonly id: string;
  readonly title: string;
  /** Process node of the published figures, when known ('14 nm'); the report says when views mix nodes. */
  readonly node?: string | undefined;
  readonly costs?: SnnCosts | undefined;
  /** Written into the netlist's EnergyCosts.sources. */
  readonly sources: readonly string[];
  /** Written into EnergyCosts.note. */
  readonly note: string;
  /** Shown in the report under the model. */
  readonly notes: readonly string[];
}

/** The netlist's EnergyCosts record: proto's NetEnergy, field for field; 0 = not published. */
export type FlatEnergy = NetEnergy;

export const NO_FLAT_ENERGY: FlatEnergy = {
  synopPj: 0, neuronUpdateActivePj: 0, neuronUpdateIdlePj: 0, spikeOutPj: 0, hopEwPj: 0, hopNsPj: 0,
  withinCorePj: 0, chipCrossingPj: 0, staticMwPerCore: 0, allIn: false, sources: [], note: '',
};

const pj = (c: Cost | undefined): number => c?.pj ?? 0;

/**
 * The netlist's flat record. hsnn emits convolutions, so the synapse figure is the conv one where a
 * source distinguishes kinds; an all-in model's informational hop figure is kept in the hop fields.
 */
export function flatEnergy(e: TargetEnergy): FlatEnergy {
  const c = e.costs;
  if (c === undefined) return { ...NO_FLAT_ENERGY, sources: [...e.sources], note: e.note };
  const hop = c.informational?.hop;
  return {
    synopPj: pj(c.synopByKind?.conv ?? c.synop), neuronUpdateActivePj: pj(c.neuronActive), neuronUpdateIdlePj: pj(c.neuronIdle),
    spikeOutPj: pj(c.spikeOut), hopEwPj: pj(c.hopEW ?? hop), hopNsPj: pj(c.hopNS ?? hop), withinCorePj: pj(c.withinCore),
    chipCrossingPj: pj(c.chipCrossing), staticMwPerCore: c.staticPower?.mwPerCore ?? 0, allIn: c.allIn, sources: [...e.sources], note: e.note,
  };
}

/** A table with no published figure at all (Loihi 2, Speck). */
export function unpublishedEnergy(id: string, title: string, source: string, note: string): TargetEnergy {
  return { id, title, sources: [source], note, notes: [note] };
}
