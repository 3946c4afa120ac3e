// The SNN side of the like-for-like views, per layer of one slice, at the same 45 nm arithmetic as the ANN:
//   per synaptic op:   an add + a weight read (core's synapse memory) + a potential read and write;
//   per neuron-step:   a potential update (read + compare) where the core got input (IF without leak:
//                      an idle neuron's state does not change, so idle steps cost nothing);
//   per spike:         a reset write + a spike-buffer write; per message: a spike-buffer read at the
//                      receiver + routing (Noxim 45 nm hops); a host-injected input spike: its buffer read.
// compute-only drops every memory and routing term. SRAM sizes come from the netlist's cores.
import type { MappingInput, PopulationCounts, RunInput } from '../inputs/types.js';
import { DEFAULT_SYNAPSE_BYTES, POTENTIAL_BYTES, SPIKE_BUFFER, sramAccessPj } from './memory.js';
import { routingEnergy, routingShares } from './routing.js';
import { HOROWITZ_GENERIC } from './targets.js';

export interface SnnViewLayer {
  readonly name: string;
  readonly sops: number;
  readonly computePj: number;
  readonly memoryPj: number;
  readonly routingPj: number;
  readonly pj: number;
  /** Energy that does not scale with IF spikes (neuron updates, input-driven work). */
  readonly fixedPj: number;
}

export interface SnnViewOptions {
  readonly addPj: number;
  readonly memory: boolean;
  /** Layers whose SOPs the input drives (not IF spikes). */
  readonly inputDriven: ReadonlySet<string>;
}

interface CoreMem { readonly synBytes: number; readonly neuronBytes: number }

function coreMemories(run: RunInput, m?: MappingInput): Map<number, CoreMem> {
  const given = new Map((m?.cores ?? []).map((c) => [c.id, c]));
  return new Map(run.cores.map((c) => {
    const g = given.get(c.id);
    const syn = g?.synapseBytes !== undefined && g.synapseBytes > 0 ? g.synapseBytes : DEFAULT_SYNAPSE_BYTES;
    return [c.id, { synBytes: syn, neuronBytes: Math.max(1, c.neurons) * POTENTIAL_BYTES }];
  }));
}

/** Compute and memory energy of one population, summed over its cores (or its totals without cores). */
function popEnergy(run: RunInput, p: PopulationCounts, o: SnnViewOptions, mem: ReadonlyMap<number, CoreMem>): { compute: number; memory: number; neuron: number } {
  const buf = sramAccessPj(SPIKE_BUFFER.bytes);
  const cores = run.cores.filter((c) => c.population === p.name);
  // An unmapped input has no potentials or weights of its own; its deliveries are charged as host reads.
  if (cores.length === 0 && p.kind === 'input') return { compute: 0, memory: 0, neuron: 0 };
  if (cores.length === 0) {
    // No per-core counts: every update counts as active; memories at the default sizes.
    const eSyn = sramAccessPj(DEFAULT_SYNAPSE_BYTES), eN = sramAccessPj(Math.max(1, p.neurons) * POTENTIAL_BYTES);
    const compute = (p.sopsIn + p.neuronUpdates) * o.addPj;
    const neuronMem = p.neuronUpdates * eN;
    const memory = p.sopsIn * (eSyn + 2 * eN) + neuronMem + p.spikes * (eN + buf);
    return { compute, memory: o.memory ? memory : 0, neuron: p.neuronUpdates * o.addPj + (o.memory ? neuronMem : 0) };
  }
  let compute = 0, memory = 0, neuron = 0;
  for (const c of cores) {
    const k = mem.get(c.id) as CoreMem;
    const eSyn = sramAccessPj(k.synBytes), eN = sramAccessPj(k.neuronBytes);
    compute += (c.sops + c.neuronUpdatesActive) * o.addPj;
    memory += c.sops * (eSyn + 2 * eN) + c.neuronUpdatesActive * eN + c.spikesOut * (eN + buf) + c.messagesIn * buf;
    neuron += c.neuronUpdatesActive * (o.addPj + (o.memory ? eN : 0));
  }
  return { compute, memory: o.memory ? memory : 0, neuron };
}

/** SOP-weighted mean access energy of a weight read and of a potential access over the cores. */
export function meanAccessPj(run: RunInput, mapping?: MappingInput): { weightPj: number; potentialPj: number } {
  const mem = coreMemories(run, mapping);
  let sops = 0, w = 0, u = 0;
  for (const c of run.cores) {
    const k = mem.get(c.id) as CoreMem;
    sops += c.sops;
    w += c.sops * sramAccessPj(k.synBytes);
    u += c.sops * sramAccessPj(k.neuronBytes);
  }
  return sops > 0 ? { weightPj: w / sops, potentialPj: u / sops } : { weightPj: sramAccessPj(DEFAULT_SYNAPSE_BYTES), potentialPj: sramAccessPj(POTENTIAL_BYTES) };
}

export function snnViewLayers(run: RunInput, o: SnnViewOptions, mapping?: MappingInput): SnnViewLayer[] {
  const n = run.slices;
  const mem = coreMemories(run, mapping);
  const routing = o.memory ? routingEnergy(run.noc, n, HOROWITZ_GENERIC.snn).unicastPj : 0;
  const shares = routingShares(run, HOROWITZ_GENERIC.snn, mapping);
  const hostReads = o.memory ? (run.noc.hostInjections * sramAccessPj(SPIKE_BUFFER.bytes)) / n : 0;
  return run.populations.map((p) => {
    const e = popEnergy(run, p, o, mem);
    const unmappedInput = p.kind === 'input' && !run.cores.some((c) => c.population === p.name);
    const routingPj = routing * (shares.get(p.name) ?? 0) + (unmappedInput ? hostReads : 0);
    const computePj = e.compute / n, memoryPj = e.memory / n, pj = computePj + memoryPj + routingPj;
    // The input's own traffic and the work it drives scale with the input, not with IF spikes.
    const fixedPj = p.kind === 'input' ? pj : o.inputDriven.has(p.name) ? computePj + memoryPj : e.neuron / n;
    return { name: p.name, sops: p.sopsIn / n, computePj, memoryPj, routingPj, pj, fixedPj };
  });
}
