// Per-core utilisation against the target's limits, shared by the emitter's stats, the compile summary
// and `hsnn inspect`. Speck-style targets are measured against the memory of the core a layer sits on.
import type { NetCore, NetPopulation, NetTarget } from '../../proto/model.js';

export interface CoreUtilisation {
  /** Fractions of the per-core limit; null where the target has no such limit. */
  readonly neurons: number | null;
  readonly synapse: number | null;
  readonly fanin: number | null;
  readonly fanout: number | null;
}

const clog2 = (n: number): number => Math.ceil(Math.log2(Math.max(1, n)));

function ratio(v: number, limit: number): number | null {
  return limit > 0 ? v / limit : null;
}

export function coreUtilisation(c: NetCore, pop: NetPopulation | undefined, t: NetTarget): CoreUtilisation {
  if (t.kernelMemoryPerCore.length > 0 && pop) {
    const slot = c.y * t.meshWidth + c.x;
    const neuronMem = pop.channels * 2 ** (clog2(pop.height) + clog2(pop.width));
    return { neurons: ratio(neuronMem, t.neuronMemoryPerCore[slot] ?? 0), synapse: ratio(c.synapseBytes, t.kernelMemoryPerCore[slot] ?? 0), fanin: null, fanout: null };
  }
  return {
    neurons: ratio(c.neurons, t.neuronsPerCore),
    synapse: ratio(c.synapseBytes * 8, t.synapseBitsPerCore),
    fanin: ratio(c.faninAxons, t.faninAxonsPerCore),
    fanout: ratio(c.fanoutAxons, t.fanoutAxonsPerCore),
  };
}

export interface UtilisationSummary {
  readonly mean: number | null;
  readonly max: number | null;
}

export function summarise(values: readonly (number | null)[]): UtilisationSummary {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return { mean: null, max: null };
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, max: v.reduce((a, b) => Math.max(a, b), 0) };
}
