// SNN energy of one slice on one energy model, per layer and in total, from the simulator's counters:
//   E = SOPs × E_syn(kind) + active updates × E_neuron,active + idle updates × E_neuron,idle
//     + spikes × E_spike_out + routing (routing.ts) + static mW/core × cores × latency   [mW·ns = pJ]
// An all-in model (TrueNorth) charges SOPs × E_syn only. SOPs driven by Poisson input spikes are ACs
// like any other SOP (input-driven); the encoder's own work on the host is not charged.
import type { MappingInput, PopulationCounts, RunInput } from '../inputs/types.js';
import { routingEnergy, routingShares } from './routing.js';
import type { RoutingEnergy } from './routing.js';
import type { EnergyModel, SnnCosts } from './types.js';

export interface EnergyParts {
  readonly synapticPj: number;
  readonly neuronPj: number;
  readonly spikeOutPj: number;
  readonly routingPj: number;
  readonly staticPj: number;
  readonly totalPj: number;
}

export interface SnnLayerEnergy extends EnergyParts {
  readonly name: string;
  readonly kind: PopulationCounts['kind'];
  readonly neurons: number;
  readonly cores: number;
  /** Per slice. */
  readonly sops: number;
  readonly spikes: number;
  /** Spikes per neuron per encoder step. */
  readonly rate: number;
  /** SOPs caused by the Poisson input's spikes (charged as ACs, i.e. at E_syn, not as MACs). */
  readonly inputDriven: boolean;
}

export interface SnnEnergy extends EnergyParts {
  readonly modelId: string;
  /** A direct-input first layer's host MACs (stats.json inputMacs), at the ANN's default MAC cost; in totalPj. */
  readonly hostMacPj: number;
  readonly layers: readonly SnnLayerEnergy[];
  readonly routing: RoutingEnergy;
  readonly notes: readonly string[];
}

function synopCost(c: SnnCosts, layer: string, m?: MappingInput): number {
  const kind = m?.synapseKinds.get(layer) ?? 'conv';
  return (c.synopByKind?.[kind] ?? c.synop).pj;
}

/** Neuron-update energy of a population, from its cores' active/idle split when cores were counted. */
function neuronEnergy(c: SnnCosts, pop: PopulationCounts, run: RunInput): number {
  const active = c.neuronActive?.pj ?? 0;
  const idle = c.neuronIdle?.pj ?? active;
  const cores = run.cores.filter((k) => k.population === pop.name);
  if (cores.length === 0) return pop.neuronUpdates * active;
  return cores.reduce((s, k) => s + k.neuronUpdatesActive * active + k.neuronUpdatesIdle * idle, 0);
}

function layerEnergy(run: RunInput, model: EnergyModel, pop: PopulationCounts, routingPj: number, inputDriven: boolean, m?: MappingInput): SnnLayerEnergy {
  const c = model.snn;
  const n = run.slices;
  const cores = run.cores.filter((k) => k.population === pop.name).length;
  const synapticPj = (pop.sopsIn * synopCost(c, pop.name, m)) / n;
  const neuronPj = c.allIn ? 0 : neuronEnergy(c, pop, run) / n;
  // An unmapped encoder's spikes come from the host, not from a core: no injection cost then.
  const hostInput = pop.kind === 'input' && cores === 0;
  const spikeOutPj = c.allIn || hostInput ? 0 : (pop.spikes * (c.spikeOut?.pj ?? 0)) / n;
  const staticPj = c.allIn ? 0 : (c.staticPower?.mwPerCore ?? 0) * cores * run.latencyNsPerSlice;
  const totalPj = synapticPj + neuronPj + spikeOutPj + routingPj + staticPj;
  const rate = pop.neurons > 0 ? pop.spikes / (pop.neurons * run.T * n) : 0;
  return {
    name: pop.name, kind: pop.kind, neurons: pop.neurons, cores, sops: pop.sopsIn / n, spikes: pop.spikes / n, rate,
    inputDriven, synapticPj, neuronPj, spikeOutPj, routingPj, staticPj, totalPj,
  };
}

function modelNotes(model: EnergyModel, run: RunInput, inputDriven: ReadonlySet<string>): string[] {
  const c = model.snn;
  const notes = [...model.notes];
  if (inputDriven.size > 0) notes.push(`SOPs of ${[...inputDriven].join(', ')} are driven by Poisson input spikes and charged as accumulates (E_syn), not MACs.`);
  if (!c.allIn && c.neuronActive === undefined) notes.push('No neuron-update cost is published for this target; neuron updates are not charged.');
  if (!c.allIn && c.neuronActive !== undefined && c.neuronIdle === undefined) notes.push('Idle neuron updates are charged at the active cost (no separate idle figure).');
  if (run.cores.length === 0) notes.push(`${run.source} has no per-core counts: neuron updates are charged as active and routing is not apportioned to layers.`);
  if (c.staticPower !== undefined && run.latencyNsPerSlice === 0) notes.push('Static power is defined but the run has no latency; static energy is 0.');
  return notes;
}

/** Energy per slice of one run under one model; `inputDriven` names the layers fed by the encoder. */
export function snnEnergy(run: RunInput, model: EnergyModel, inputDriven: ReadonlySet<string>, mapping?: MappingInput, macPj = 0): SnnEnergy {
  const routing = routingEnergy(run.noc, run.slices, model.snn);
  const shares = routingShares(run, model.snn, mapping);
  const layers = run.populations.map((p) => layerEnergy(run, model, p, routing.pj * (shares.get(p.name) ?? 0), inputDriven.has(p.name), mapping));
  const total = (k: keyof EnergyParts): number => layers.reduce((s, l) => s + l[k], 0);
  // Without per-core counts the routing total cannot be split by layer, but it still counts.
  const unassigned = shares.size === 0 ? routing.pj : 0;
  const hostMacPj = (run.inputMacs * macPj) / run.slices;
  const hostNote = run.inputMacs > 0 ? [`Direct input: ${Math.round(run.inputMacs / run.slices).toLocaleString('en-US')} host MACs per slice charged at the ANN's ${macPj} pJ per MAC.`] : [];
  return {
    modelId: model.id,
    hostMacPj,
    layers,
    routing,
    synapticPj: total('synapticPj'),
    neuronPj: total('neuronPj'),
    spikeOutPj: total('spikeOutPj'),
    routingPj: total('routingPj') + unassigned,
    staticPj: total('staticPj'),
    totalPj: total('totalPj') + unassigned + hostMacPj,
    notes: [...modelNotes(model, run, inputDriven), ...routing.notes, ...hostNote],
  };
}
