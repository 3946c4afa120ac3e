// What every pass receives besides the graph: the target record, the user's options and the diagnostic
// sink. Passes read ctx and never keep state in it beyond reporting diagnostics.
import type { DiagnosticSink } from './diagnostics/sink.js';
import type { RatesFile } from './import/rates.js';
import type { Graph, NumberFormat, PoolLowering } from './ir/graph.js';
import type { TargetSpec } from './targets/types.js';

export interface CompileOptions {
  readonly quantize: NumberFormat;
  /** `--pool`: fold avg pooling into the next conv (exact), or a spiking 2×2 pooling population. */
  readonly pool: PoolLowering;
  readonly rates?: RatesFile;
  /** Spikes per neuron per step for populations without a measured rate. */
  readonly assumedRate: number;
  /** Seed of the placement local search. */
  readonly seed: number;
  /** Spiking layers simulated float vs quantised to measure the effect on spikes (0 = skip). */
  readonly sampleLayers: number;
  /** Re-validate the IR after every pass (tests); otherwise only on entry and exit. */
  readonly checkEveryPass: boolean;
  /** Local-search sweeps after greedy placement. */
  readonly placementRounds: number;
  /** Let --thresholds replace an SNN checkpoint's own (trained) thresholds; otherwise that is HSNN2502. */
  readonly overrideThresholds: boolean;
}

export interface CompileContext {
  readonly target: TargetSpec;
  readonly options: CompileOptions;
  readonly diag: DiagnosticSink;
}

/** Every pass has this shape: a pure function of the graph and the context. */
export type Pass = (graph: Readonly<Graph>, ctx: CompileContext) => Graph;

export const DEFAULT_OPTIONS: CompileOptions = {
  quantize: 'int8',
  pool: 'fused',
  assumedRate: 0.1,
  seed: 1,
  sampleLayers: 2,
  checkEveryPass: false,
  placementRounds: 4,
  overrideThresholds: false,
};
