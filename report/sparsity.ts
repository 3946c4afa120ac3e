// Sparsity of one or more runs: firing rate per layer (spikes per neuron per step), spikes per neuron
// per slice, the fraction of silent neurons where a firing-rate file counted it, and the per-core load
// balance (max / mean over cores; 1 = perfectly even) of the work and traffic the simulator counted.
import type { CoreCounts, FiringRates, RunInput } from './inputs/types.js';

export interface LayerSparsity {
  readonly name: string;
  readonly neurons: number;
  /** Spikes per neuron per encoder step. */
  readonly rate: number;
  /** Spikes per neuron per slice (rate × T). */
  readonly spikesPerNeuron: number;
  readonly silentFraction?: number;
}

export interface RunSparsity {
  readonly label: string;
  readonly T: number;
  readonly layers: readonly LayerSparsity[];
  /** Over all IF neurons: Σ spikes / Σ neurons · T. */
  readonly meanRate: number;
  readonly source: string;
}

export type BalanceMetric = 'cycles' | 'sops' | 'neurons' | 'spikesOut' | 'messagesOut' | 'messagesIn';

export interface LoadBalance {
  readonly metric: BalanceMetric;
  readonly max: number;
  readonly mean: number;
  /** max / mean; 0 when nothing was counted. */
  readonly ratio: number;
  /** Id of the busiest core. */
  readonly maxCore: number;
}

/** Rates of the spiking (IF) layers of a run; silent fractions joined from a firing-rate file by layer name. */
export function runSparsity(run: RunInput, rates?: FiringRates): RunSparsity {
  const silent = new Map((rates?.layers ?? []).map((l) => [l.name, l.silentFraction]));
  const ifPops = run.populations.filter((p) => p.kind === 'if');
  const layers = ifPops.map((p) => {
    const rate = p.neurons > 0 ? p.spikes / (p.neurons * run.T * run.slices) : 0;
    const s = p.silentFraction ?? silent.get(p.name);
    return s === undefined ? { name: p.name, neurons: p.neurons, rate, spikesPerNeuron: rate * run.T } : { name: p.name, neurons: p.neurons, rate, spikesPerNeuron: rate * run.T, silentFraction: s };
  });
  const neurons = ifPops.reduce((s, p) => s + p.neurons, 0);
  const spikes = ifPops.reduce((s, p) => s + p.spikes, 0);
  const source = rates !== undefined ? `${run.source} (silent fractions: ${rates.source})` : run.source;
  return { label: run.label, T: run.T, layers, meanRate: neurons > 0 ? spikes / (neurons * run.T * run.slices) : 0, source };
}

/** A run known only from a firing-rate file (no simulator counts). */
export function ratesSparsity(label: string, rates: FiringRates): RunSparsity {
  const layers = rates.layers.map((l) => {
    const base = { name: l.name, neurons: l.neurons, rate: l.rate, spikesPerNeuron: l.rate * rates.T };
    return l.silentFraction === undefined ? base : { ...base, silentFraction: l.silentFraction };
  });
  const neurons = layers.reduce((s, l) => s + l.neurons, 0);
  const meanRate = neurons > 0 ? layers.reduce((s, l) => s + l.rate * l.neurons, 0) / neurons : 0;
  return { label, T: rates.T, layers, meanRate, source: rates.source };
}

const METRICS: readonly BalanceMetric[] = ['cycles', 'sops', 'neurons', 'spikesOut', 'messagesOut', 'messagesIn'];

export function loadBalance(cores: readonly CoreCounts[]): LoadBalance[] {
  if (cores.length === 0) return [];
  return METRICS.map((metric) => {
    let max = -Infinity;
    let maxCore = -1;
    let sum = 0;
    for (const c of cores) {
      const v = c[metric];
      sum += v;
      if (v > max) { max = v; maxCore = c.id; }
    }
    const mean = sum / cores.length;
    return { metric, max, mean, ratio: mean > 0 ? max / mean : 0, maxCore };
  });
}
