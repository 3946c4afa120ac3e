// A hardware target is data: per-core limits, mesh shape and energy per event, each with its source.
// The mapping passes read only this record, so a new chip is a new const (or a --target-file JSON),
// never new mapping code. 0 means "no limit"; an energy figure nobody publishes is absent (energy.ts).
import type { TargetEnergy } from './energy.js';

/** 'dense': a fully connected projection (NIR Affine/Linear), held as one synapse row per source neuron. */
export type EdgeKindName = 'conv' | 'convT' | 'pool' | 'dense';

export interface TargetSpec {
  readonly name: string;
  readonly description: string;
  readonly neuronsPerCore: number;
  /** Distinct source neurons feeding one core through all its projections, halos included; 0 = unlimited. */
  readonly faninAxonsPerCore: number;
  /** Σ over a core's neurons of the destination cores each reaches; 0 = unlimited. */
  readonly fanoutAxonsPerCore: number;
  /** Weight memory per core; conv kernels are stored once per core that needs them. 0 = unlimited. */
  readonly synapseBitsPerCore: number;
  readonly coresPerChip: number;
  readonly meshWidth: number;
  readonly meshHeight: number;
  /** 0 = unlimited; chips tile the plane along x. */
  readonly maxChips: number;
  /** Widest stored weight; 0 = not published. */
  readonly weightBits: number;
  /** Distinct destination cores per core; 0 = unlimited. */
  readonly maxDestinationsPerCore: number;
  /** Distinct destination cores per neuron; 0 = unlimited (TrueNorth: 1). */
  readonly maxDestinationsPerNeuron: number;
  /** A layer must fit one core, and a core holds one layer (Speck). */
  readonly onePopulationPerCore: boolean;
  /** The input encoder occupies cores (false: spikes enter from an off-core interface). */
  readonly inputOnCores: boolean;
  /**
   * A per-neuron current from the host can be added to a population every step (direct / analog input:
   * the host computes the first conv and the chip integrates it). false: input must arrive as spikes.
   */
  readonly hostInputCurrent: boolean;
  /** Per-core kernel / neuron memory in entries (Speck); empty = not applicable. */
  readonly kernelMemoryPerCore: readonly number[];
  readonly neuronMemoryPerCore: readonly number[];
  /** Largest kernel side; 0 = unlimited. */
  readonly maxKernelSize: number;
  readonly squareKernels: boolean;
  /** Projection kinds the cores can run. */
  readonly edgeKinds: readonly EdgeKindName[];
  readonly hopLatencyNsEw: number;
  readonly hopLatencyNsNs: number;
  readonly clockMhz: number;
  /** Energy per event with a source per cost (energy.ts); flattened into the netlist by emit/. */
  readonly energy: TargetEnergy;
  readonly alternativeEnergy: readonly TargetEnergy[];
  readonly sources: readonly string[];
}
