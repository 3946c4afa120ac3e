// The netlist as the rest of hsnn sees it: plain readonly records mirroring proto/netlist.proto with
// every default filled in, enums as strings and weight lists as typed arrays. encodeNetlist writes it
// with the generated codec; decodeNetlist returns it only after validating everything.

export const NETLIST_VERSION = 2;
/** Versions the readers accept; version 1 carries no sha256 seal (proto/integrity.ts). */
export const READABLE_NETLIST_VERSIONS: readonly number[] = [1, 2];

export type NetFormat = 'int8' | 'int16' | 'float32';
/** 'input': Poisson spikes (INPUT_POISSON); 'analog': direct pixel values (INPUT_ANALOG). */
export type NetPopulationKind = 'input' | 'analog' | 'if' | 'integrator';
export type NetEncoding = 'poisson' | 'direct';
/** 'fused': avg pools folded into the next conv; 'spiking': SUM_POOL into IF pooling populations. */
export type NetPoolLowering = 'fused' | 'spiking';
export type NetReset = 'subtract' | 'zero' | 'none';
/** 'dense': fully connected into a (C, 1, 1) target (NIR Affine/Linear); weights [source neuron][target neuron]. */
export type NetProjectionKind = 'conv2d' | 'conv_transpose2d' | 'sum_pool' | 'sparse' | 'dense';

export interface NetPopulation {
  readonly id: number;
  readonly name: string;
  readonly kind: NetPopulationKind;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly reset: NetReset;
  readonly threshold: number;
  readonly u0: number;
  readonly thresholdQ: number;
  readonly u0Q: number;
  readonly unit: number;
  /** Leak of a leaky IF population (proto decay / decay_q); absent = no leak. */
  readonly decay?: number;
  readonly decayQ?: number;
  /** Constant current per channel (proto bias / bias_q); absent = none. */
  readonly bias?: Float32Array;
  readonly biasQ?: Int32Array;
}

export interface NetQuant {
  readonly maxAbsError: number;
  readonly meanAbsError: number;
  readonly maxAbsWeight: number;
}

export interface NetProjection {
  readonly id: number;
  readonly name: string;
  readonly source: number;
  readonly target: number;
  readonly kind: NetProjectionKind;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly scale: number;
  /** [kh][kw][cin][cout] for convs; one value for sum_pool; CSR values for sparse; [source neuron (c·H·W + y·W + x)][target channel]
   *  for dense (geometry fields 0). One list is used, by numberFormat. */
  readonly weightsQ: Int32Array;
  readonly weightsF: Float32Array;
  readonly csrRowPtr: Uint32Array;
  readonly csrCol: Uint32Array;
  readonly quant: NetQuant | null;
}

/** A target's energy costs as the netlist stores them (message EnergyCosts), 0 = not published; the
 *  compiler flattens its sourced table into this record (compiler/targets/energy.ts flatEnergy). */
export interface NetEnergy {
  readonly synopPj: number;
  readonly neuronUpdateActivePj: number;
  readonly neuronUpdateIdlePj: number;
  readonly spikeOutPj: number;
  readonly hopEwPj: number;
  readonly hopNsPj: number;
  readonly withinCorePj: number;
  readonly chipCrossingPj: number;
  readonly staticMwPerCore: number;
  /** synopPj already includes routing and neuron costs (TrueNorth's whole-chip figure). */
  readonly allIn: boolean;
  readonly sources: readonly string[];
  readonly note: string;
}

export interface NetTarget {
  readonly name: string;
  readonly neuronsPerCore: number;
  readonly faninAxonsPerCore: number;
  readonly synapseBitsPerCore: number;
  readonly coresPerChip: number;
  readonly meshWidth: number;
  readonly meshHeight: number;
  readonly maxChips: number;
  readonly weightBits: number;
  readonly maxDestinationsPerCore: number;
  readonly cyclesPerSynop: number;
  readonly cyclesPerNeuronUpdate: number;
  readonly clockMhz: number;
  readonly hopLatencyNs: number;
  readonly barrierNs: number;
  readonly energy: NetEnergy | null;
  readonly sources: readonly string[];
  readonly kernelMemoryPerCore: readonly number[];
  readonly neuronMemoryPerCore: readonly number[];
  readonly fanoutAxonsPerCore: number;
  readonly hopLatencyNsNs: number;
  readonly alternativeEnergy: readonly NetEnergy[];
  readonly inputOnCores: boolean;
  readonly hostInputCurrent: boolean;
}

export interface NetCore {
  readonly id: number;
  readonly chip: number;
  readonly x: number;
  readonly y: number;
  readonly population: number;
  readonly c0: number;
  readonly c1: number;
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
  readonly neurons: number;
  readonly synapseBytes: number;
  readonly faninAxons: number;
  readonly estSpikesPerStep: number;
  readonly fanoutAxons: number;
}

export interface NetDestination {
  readonly core: number;
  readonly hops: number;
  readonly chipCrossings: number;
  readonly projections: readonly number[];
  readonly estMessagesPerStep: number;
}

export interface NetRoute {
  readonly sourceCore: number;
  readonly destinations: readonly NetDestination[];
  readonly multicastTreeLinks: number;
}

export interface NetLayerSpikes {
  readonly name: string;
  readonly floatSpikes: number;
  readonly quantSpikes: number;
  readonly mismatched: number;
}

export interface NetSpikeEffect {
  readonly input: string;
  readonly timesteps: number;
  readonly layers: readonly NetLayerSpikes[];
}

export interface NetStats {
  readonly cores: number;
  readonly chips: number;
  readonly compileMs: number;
  readonly meanNeuronUtilisation: number;
  readonly meanSynapseUtilisation: number;
  readonly meanFaninUtilisation: number;
  readonly estMessagesPerStep: number;
  readonly estHopsPerStep: number;
  readonly estTrafficHops: number;
  readonly notes: readonly string[];
  readonly estMulticastHopsPerStep: number;
  readonly maxLinkMessagesPerStep: number;
  readonly meanLinkMessagesPerStep: number;
  readonly linksUsed: number;
  readonly assumedRate: number;
  readonly spikeEffect: NetSpikeEffect | null;
  readonly estChipCrossingsPerStep: number;
}

export interface NetlistModel {
  readonly version: number;
  readonly name: string;
  readonly timesteps: number;
  /** 'direct': populations[0] is 'analog' and its projection is a host current (SEMANTICS.md). */
  readonly encoding: NetEncoding;
  readonly seed: number;
  readonly numberFormat: NetFormat;
  readonly readoutScale: number;
  readonly sourceCheckpoint: string;
  /** Topological order; populations[0] is the input. */
  readonly populations: readonly NetPopulation[];
  /** In execution order of their target population. */
  readonly projections: readonly NetProjection[];
  readonly target: NetTarget | null;
  readonly cores: readonly NetCore[];
  readonly routes: readonly NetRoute[];
  readonly stats: NetStats | null;
  readonly poolLowering: NetPoolLowering;
}

export function populationNeurons(p: NetPopulation): number {
  return p.channels * p.height * p.width;
}
