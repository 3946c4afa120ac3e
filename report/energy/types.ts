// Energy models are data: every per-event cost carries its number, its source and labels saying how
// sure we are of it ((2nd) = quoted from a secondary source, (unconfirmed), all-in, lower bound,
// derived = computed from other sourced numbers). A cost a source does not publish is simply absent.

export type CostLabel = '2nd' | 'unconfirmed' | 'all-in' | 'lower-bound' | 'pre-silicon' | 'derived';

/** One sourced figure in picojoules per event (or mW for static power, see StaticPower). */
export interface Cost {
  readonly pj: number;
  readonly source: string;
  readonly labels?: readonly CostLabel[];
}

export interface StaticPower {
  readonly mwPerCore: number;
  readonly source: string;
  readonly labels?: readonly CostLabel[];
}

/** Which synapse cost applies to a projection (SANA-FE charges convolutional synapses less). */
export type SynapseKind = 'conv' | 'sparse' | 'dense';

/** How spikes cross the mesh: one message per destination, or router-replicated multicast trees. */
export type RoutingMode = 'unicast' | 'multicast';

/** Per-event costs of running a spiking netlist on one target. */
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

export interface EnergyModel {
  /** 'loihi', 'truenorth', 'horowitz-generic', or a custom or netlist-supplied name. */
  readonly id: string;
  readonly title: string;
  /** Where the costs came from: a built-in table, a custom JSON file, or the netlist's Target.energy. */
  readonly origin: 'builtin' | 'custom' | 'netlist';
  readonly snn: SnnCosts;
  readonly notes: readonly string[];
}

/** A costed ANN arithmetic variant: energy per multiply-accumulate. */
export interface MacVariant {
  readonly id: string;
  readonly title: string;
  readonly mac: Cost;
}
