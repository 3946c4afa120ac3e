// What the report consumes, independent of who produced it: counts of one simulated run (totals
// over `slices` slices), the mapping from the netlist, firing-rate/Dice files and overlay slices.
// Small adapters (load-run.ts, load-netlist.ts) fill these from the simulator's and compiler's files.
import type { NetlistEnergyCosts } from '../energy/from-netlist.js';
import type { SynapseKind } from '../energy/types.js';
import type { LayerRate } from '../../formats/rates.js';
import type { CoreStats } from '../../runtime-wasm/host/stats.js';

export type PopulationKind = 'input' | 'if' | 'integrator';

/** Counts for one population (= one U-Net layer, or 'input'), summed over slices. */
export interface PopulationCounts {
  readonly name: string;
  readonly kind: PopulationKind;
  readonly neurons: number;
  readonly spikes: number;
  /** SOPs into this population's neurons: the work of this layer's weights. */
  readonly sopsIn: number;
  readonly neuronUpdates: number;
  /** Fraction of neurons that never spiked, where the producer counted it. */
  readonly silentFraction?: number;
}

/** Counts for one core, summed over slices: stats.json's CoreStats (runtime-wasm/host/stats.ts, the one
 *  type of that format) with the population named instead of numbered. */
export type CoreCounts = Omit<CoreStats, 'population' | 'activeSteps'> & { readonly population: string };

/** Network-on-chip traffic, summed over slices. Hops split by direction (EW = |dx|, NS = |dy|). */
export interface NocCounts {
  readonly messages: number;
  /** Messages that stay on their core (0 hops). */
  readonly localMessages: number;
  /** Spike deliveries from an unmapped population (the Poisson input), done by the host. */
  readonly hostInjections: number;
  readonly hopsUnicastEW: number;
  readonly hopsUnicastNS: number;
  readonly hopsMulticastEW: number;
  readonly hopsMulticastNS: number;
  readonly chipCrossingsUnicast: number;
  readonly chipCrossingsMulticast: number;
}

export interface RunInput {
  /** Human label: 'fine-tuned', 'converted', or the run directory's name. */
  readonly label: string;
  /** The file the counts came from. */
  readonly source: string;
  readonly T: number;
  readonly slices: number;
  readonly populations: readonly PopulationCounts[];
  readonly cores: readonly CoreCounts[];
  readonly noc: NocCounts;
  /** Latency of one slice (all steps) in ns; 0 when unknown. */
  readonly latencyNsPerSlice: number;
  readonly targetName?: string | undefined;
  readonly netlistPath?: string | undefined;
  /** Cores per chip along x, as the simulator's target reported it (chips tile the mesh along x). */
  readonly meshWidth?: number | undefined;
  /** Volumes `hsnn run` simulated: id, prediction NIfTI as recorded, 3D Dice when labelled. */
  readonly subjects?: readonly { readonly id: string; readonly prediction: string; readonly dice3d?: number }[] | undefined;
  /** Mean 3D Dice over the labelled volumes. */
  readonly dice?: number | undefined;
}

export interface RouteDestination {
  readonly core: number;
  readonly hops: number;
  readonly estMessagesPerStep: number;
}

/** The placement and target as the compiler emitted them. */
export interface MappingInput {
  readonly source: string;
  readonly targetName: string;
  readonly meshWidth: number;
  readonly meshHeight: number;
  readonly chips: number;
  readonly energy?: NetlistEnergyCosts;
  /** Other published models the target lists (e.g. SANA-FE's Loihi); `note` names each. */
  readonly alternativeEnergy: readonly NetlistEnergyCosts[];
  readonly cores: readonly { readonly id: number; readonly chip: number; readonly x: number; readonly y: number; readonly population: string }[];
  readonly routes: ReadonlyMap<number, readonly RouteDestination[]>;
  /** Synapse kind of the projections into each population (for per-kind synapse costs). */
  readonly synapseKinds: ReadonlyMap<string, SynapseKind>;
}

/** rates.json (format and parser: formats/rates.ts), with the path it came from. */
export interface FiringRates {
  readonly source: string;
  readonly T: number;
  readonly slices: number;
  readonly layers: readonly LayerRate[];
}

export interface DicePoint { readonly T: number; readonly dice: number }

/** Dice against timesteps for one network (converted, fine-tuned), plus the ANN as a reference. */
export interface DiceSeries {
  readonly label: string;
  readonly points: readonly DicePoint[];
}

/** One row of the Fig. 2-style overlay figure: an input slice, its ground truth and predicted masks. */
export interface OverlaySlice {
  readonly title: string;
  readonly height: number;
  readonly width: number;
  /** height·width intensities in [0, 1], row-major. */
  readonly image: Float32Array;
  readonly truth: Uint8Array;
  /** Masks by network label, e.g. converted and fine-tuned, in column order. */
  readonly predictions: readonly { readonly label: string; readonly mask: Uint8Array }[];
}
