// The simulator's counters: the contract between runtime-wasm (producer) and the report (consumer).
// Both simulators (AssemblyScript and the TS reference) fill exactly these fields; the conformance suite
// requires them equal on integer netlists. `hsnn run` writes one SimStats, summed over slices, to stats.json.

/**
 * Counting rules (see runtime-wasm/README.md for the full statement):
 * - A synaptic operation (SOP) is one weight added into one potential: a spike of a conv-kind projection
 *   costs (in-bounds taps) × (target channels), zero weights included (the kernel is stored densely);
 *   SUM_POOL costs one per in-bounds target; SPARSE one per CSR entry; DENSE one per target neuron.
 * - Every non-input neuron is updated once per step (IF and integrator alike). An update is "active"
 *   when its core received at least one SOP in that step, else "idle" (EnergyCosts.neuron_update_*);
 *   in a netlist without cores every update counts as active.
 * - Spikes are counted when emitted; SOPs, messages and hops when delivered (the same step in
 *   zero-delay mode, the next in pipelined mode, where spikes of the last step are never delivered).
 * - A spike sends one NoC message to every destination core whose slice its fan-out touches (all its
 *   outgoing projections together). Unicast hops follow the XY route, |dx| + |dy| (EW = |dx|, NS = |dy|);
 *   the multicast tree of a spike is the union of its XY routes (links counted once). Chips tile the
 *   mesh along x (chip = floor(x / mesh_width)); a chip crossing is a link between two chips.
 *   Spikes of a population that is not mapped to cores (normally `input`) are host injections instead.
 * - A direct (analog) input sends no spikes: its conv is done by the host once per slice (`inputMacs`)
 *   and added to the target's potentials every step t < T, which costs no SOPs, messages or hops.
 * - Core cycles per step = SOPs × cycles_per_synop + neurons × cycles_per_neuron_update.
 *   Step latency = max core cycles / clock + the slowest message route that step (|dx| × EW hop latency
 *   + |dy| × NS hop latency) + barrier. Load imbalance = max / mean over cores of total cycles.
 * Counts are plain numbers (exact below 2^53). Totals and series are summed over slices.
 */

export type SimMode = 'zero-delay' | 'pipelined';

/** Whole-run sums. */
export interface SimTotals {
  /** Steps simulated per slice: T (zero-delay) or T + depth (pipelined). */
  readonly steps: number;
  readonly sops: number;
  readonly neuronUpdates: number;
  readonly neuronUpdatesActive: number;
  readonly neuronUpdatesIdle: number;
  /** Spikes emitted by IF populations (the encoder's spikes are `inputSpikes`). */
  readonly spikes: number;
  readonly inputSpikes: number;
  /** NoC unicast messages (one per spike × destination core touched). */
  readonly messages: number;
  /** Messages whose source and destination cores share mesh coordinates (0 hops). */
  readonly localMessages: number;
  /** Spike × destination core pairs whose source population has no cores (delivered by the host). */
  readonly hostInjections: number;
  readonly hopsUnicast: number;
  readonly hopsUnicastEW: number;
  readonly hopsUnicastNS: number;
  /** Links of the per-spike multicast trees. */
  readonly hopsMulticast: number;
  readonly hopsMulticastEW: number;
  readonly hopsMulticastNS: number;
  readonly chipCrossingsUnicast: number;
  readonly chipCrossingsMulticast: number;
  /** Σ over cores and steps of core cycles. */
  readonly coreCycles: number;
  /** Σ over steps of step latency, nanoseconds (per slice summed over slices). */
  readonly latencyNs: number;
}

/** One entry per step index t (length = totals.steps), summed over slices. */
export interface SimSeries {
  readonly sops: readonly number[];
  readonly spikes: readonly number[];
  readonly inputSpikes: readonly number[];
  readonly messages: readonly number[];
  readonly hopsUnicast: readonly number[];
  readonly hopsMulticast: readonly number[];
  readonly chipCrossingsUnicast: readonly number[];
  /** Cores that received at least one SOP. */
  readonly activeCores: readonly number[];
  /** Slowest core's cycles this step. */
  readonly maxCoreCycles: readonly number[];
  /** Σ core cycles this step (mean = value / cores.length). */
  readonly sumCoreCycles: readonly number[];
  readonly latencyNs: readonly number[];
}

export interface CoreStats {
  readonly id: number;
  readonly population: number;
  readonly chip: number;
  readonly x: number;
  readonly y: number;
  readonly neurons: number;
  /** SOPs performed by this core (into its own neurons). */
  readonly sops: number;
  readonly neuronUpdatesActive: number;
  readonly neuronUpdatesIdle: number;
  /** Spikes emitted by this core's neurons. */
  readonly spikesOut: number;
  readonly messagesOut: number;
  readonly messagesIn: number;
  readonly cycles: number;
  /** Steps in which this core received input. */
  readonly activeSteps: number;
}

export interface PopulationStats {
  readonly id: number;
  readonly name: string;
  readonly kind: 'input' | 'if' | 'integrator';
  readonly neurons: number;
  readonly spikes: number;
  /** SOPs into this population's neurons. */
  readonly sopsIn: number;
  readonly neuronUpdates: number;
  /** spikes / (neurons · T · slices): spikes per neuron per encoder step. */
  readonly rate: number;
}

export interface SimTargetInfo {
  readonly name: string;
  readonly clockMhz: number;
  readonly cyclesPerSynop: number;
  readonly cyclesPerNeuronUpdate: number;
  /** Per east-west hop. */
  readonly hopLatencyNs: number;
  /** Per north-south hop (equals hopLatencyNs when the target gives one figure). */
  readonly hopLatencyNsNS: number;
  readonly barrierNs: number;
  readonly meshWidth: number;
}

export interface SimLatency {
  /** Σ step latencies over all slices. */
  readonly totalNs: number;
  readonly perSliceNs: number;
  readonly meanStepNs: number;
  readonly maxStepNs: number;
}

/** One simulated volume of an `hsnn run`. */
export interface SubjectRunResult {
  readonly id: string;
  readonly slices: number;
  /** Written prediction NIfTI (mask U > 0, the input's voxel grid). */
  readonly prediction: string;
  /** 3D Dice against the label (hippocampus = label > 0), when a label was given. */
  readonly dice3d?: number;
}

export interface SimStats {
  /** Path of the simulated netlist file (its name when it was simulated from memory). */
  readonly netlist: string;
  readonly mode: SimMode;
  /** Encoder steps T. */
  readonly T: number;
  readonly slices: number;
  readonly numberFormat: 'INT8' | 'INT16' | 'FLOAT32';
  /** How the slice entered: Poisson spikes, or direct pixels (the host computed the first conv). */
  readonly encoding: 'poisson' | 'direct';
  /**
   * MACs the host spent on the direct-input layer, summed over slices (per slice: inputMacs / slices):
   * the dense conv of each slice into the host current, Σ over target neurons of in-bounds taps × C_in
   * (zero padding skipped, zero weights included). 0 for Poisson input. The energy report charges these as MACs.
   */
  readonly inputMacs: number;
  readonly target: SimTargetInfo;
  readonly totals: SimTotals;
  readonly series: SimSeries;
  readonly cores: readonly CoreStats[];
  readonly populations: readonly PopulationStats[];
  /** max / mean over cores of total cycles (1 = perfectly balanced; 0 when there are no cores). */
  readonly loadImbalance: number;
  readonly latency: SimLatency;
  /** Host wall time of the simulation (not the model), for SOPs/s figures; absent in the reference. */
  readonly wallMs?: number;
  /** `hsnn run` only: every volume simulated, and the mean 3D Dice over those with a label. */
  readonly subjects?: readonly SubjectRunResult[];
  readonly dice?: number;
}
