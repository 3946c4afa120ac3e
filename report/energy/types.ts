// Energy models are data: every per-event cost carries its number, its source and labels saying how
// sure we are of it ((2nd) = quoted from a secondary source, (unconfirmed), all-in, lower bound,
// derived = computed from other sourced numbers). A cost a source does not publish is simply absent.

// The cost types live with the target tables (compiler/targets/energy.ts): one home for every figure.
export type { Cost, CostLabel, RoutingMode, SnnCosts, StaticPower, SynapseKind } from '../../compiler/targets/energy.js';
import type { Cost, SnnCosts } from '../../compiler/targets/energy.js';

/** One energy model the report applies to a run's counts (a target's table, a custom file or the netlist's). */
export interface EnergyModel {
  /** 'loihi', 'truenorth', 'horowitz-generic', or a custom or netlist-supplied name. */
  readonly id: string;
  readonly title: string;
  /** Where the costs came from: a built-in table, a custom JSON file, or the netlist's Target.energy. */
  readonly origin: 'builtin' | 'custom' | 'netlist';
  readonly snn: SnnCosts;
  readonly notes: readonly string[];
  /** Process node of the figures, when known; views that pair it with 45 nm say so. */
  readonly node?: string | undefined;
}

/** A costed ANN arithmetic variant: energy per multiply-accumulate. */
export interface MacVariant {
  readonly id: string;
  readonly title: string;
  readonly mac: Cost;
}
