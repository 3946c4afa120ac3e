// Turns the raw per-step / per-core / per-population counters of one slice into SimStats, and merges
// the stats of many slices (or worker threads) into one. Shared by the wasm host and the reference
// simulator, which fill the same RawCounters in their own, independent ways.
import type { CoreStats, PopulationStats, SimMode, SimSeries, SimStats, SimTotals } from './stats.js';
import type { SimNetlist } from './netlist.js';

/** Series columns, in the order of assembly/layout.ts S_*. */
export const SERIES_KEYS = [
  'sops', 'spikes', 'inputSpikes', 'messages', 'local', 'injections', 'hopsEW', 'hopsNS',
  'mcEW', 'mcNS', 'chipUni', 'chipMc', 'activeCores', 'maxCycles', 'sumCycles', 'maxRoutePs',
] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** One slice's counters: series[t][col], per population (spikes, sopsIn), per core (see CORE_KEYS). */
export interface RawCounters {
  readonly steps: number;
  readonly series: readonly (readonly number[])[];
  readonly popSpikes: readonly number[];
  readonly popSops: readonly number[];
  /** Per core: sops, spikesOut, messagesOut, messagesIn, cycles, activeSteps. */
  readonly cores: readonly (readonly number[])[];
  /** MACs of the direct input's host current this slice (0 for Poisson input). */
  readonly inputMacs: number;
}

const col = (raw: RawCounters, k: SeriesKey): number[] => raw.series.map((row) => row[SERIES_KEYS.indexOf(k)] ?? 0);
const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);

/** Slowest core + slowest message route (ps) + barrier, in ns. */
function stepLatency(net: SimNetlist, maxCycles: number, maxRoutePs: number): number {
  const t = net.target;
  const core = t.clockMhz > 0 ? (maxCycles * 1000) / t.clockMhz : 0;
  return core + maxRoutePs / 1000 + t.barrierNs;
}

function coreStats(net: SimNetlist, raw: RawCounters): CoreStats[] {
  return net.cores.map((k, i) => {
    const c = raw.cores[i] ?? [];
    const isInput = net.populations[k.population]?.kind === 'input';
    const neurons = (k.c1 - k.c0) * (k.y1 - k.y0) * (k.x1 - k.x0);
    const upd = isInput ? 0 : neurons;
    const active = c[5] ?? 0;
    return {
      id: k.id, population: k.population, chip: k.chip, x: k.x, y: k.y, neurons, sops: c[0] ?? 0,
      neuronUpdatesActive: upd * active, neuronUpdatesIdle: upd * (raw.steps - active), spikesOut: c[1] ?? 0,
      messagesOut: c[2] ?? 0, messagesIn: c[3] ?? 0, cycles: c[4] ?? 0, activeSteps: active,
    };
  });
}

function totals(net: SimNetlist, raw: RawCounters, cores: readonly CoreStats[], latency: readonly number[]): SimTotals {
  const updates = raw.steps * net.populations.reduce((a, p) => a + (p.kind === 'input' ? 0 : p.C * p.H * p.W), 0);
  const active = cores.length > 0 ? sum(cores.map((c) => c.neuronUpdatesActive)) : updates;
  const s = (k: SeriesKey): number => sum(col(raw, k));
  return {
    steps: raw.steps, sops: s('sops'), neuronUpdates: updates, neuronUpdatesActive: active, neuronUpdatesIdle: updates - active,
    spikes: s('spikes'), inputSpikes: s('inputSpikes'), messages: s('messages'), localMessages: s('local'), hostInjections: s('injections'),
    hopsUnicast: s('hopsEW') + s('hopsNS'), hopsUnicastEW: s('hopsEW'), hopsUnicastNS: s('hopsNS'),
    hopsMulticast: s('mcEW') + s('mcNS'), hopsMulticastEW: s('mcEW'), hopsMulticastNS: s('mcNS'),
    chipCrossingsUnicast: s('chipUni'), chipCrossingsMulticast: s('chipMc'), coreCycles: s('sumCycles'), latencyNs: sum(latency),
  };
}

function imbalance(cores: readonly CoreStats[]): number {
  if (cores.length === 0) return 0;
  const mean = sum(cores.map((c) => c.cycles)) / cores.length;
  return mean > 0 ? Math.max(...cores.map((c) => c.cycles)) / mean : 0;
}

/** SimStats of one slice. */
export function statsFromCounters(net: SimNetlist, file: string, mode: SimMode, T: number, raw: RawCounters): SimStats {
  const maxC = col(raw, 'maxCycles'), maxH = col(raw, 'maxRoutePs');
  const latency = maxC.map((c, t) => stepLatency(net, c, maxH[t] ?? 0));
  const cores = coreStats(net, raw);
  const series: SimSeries = {
    sops: col(raw, 'sops'), spikes: col(raw, 'spikes'), inputSpikes: col(raw, 'inputSpikes'), messages: col(raw, 'messages'),
    hopsUnicast: raw.series.map((r) => (r[6] ?? 0) + (r[7] ?? 0)), hopsMulticast: raw.series.map((r) => (r[8] ?? 0) + (r[9] ?? 0)),
    chipCrossingsUnicast: col(raw, 'chipUni'), activeCores: col(raw, 'activeCores'), maxCoreCycles: maxC, sumCoreCycles: col(raw, 'sumCycles'), latencyNs: latency,
  };
  const populations: PopulationStats[] = net.populations.map((p, i) => {
    const neurons = p.C * p.H * p.W, spikes = raw.popSpikes[i] ?? 0;
    return { id: p.id, name: p.name, kind: p.kind, neurons, spikes, sopsIn: raw.popSops[i] ?? 0, neuronUpdates: p.kind === 'input' ? 0 : neurons * raw.steps, rate: spikes / (neurons * T) };
  });
  const total = sum(latency);
  return {
    netlist: file, mode, T, slices: 1, numberFormat: net.format, encoding: net.encoding, inputMacs: raw.inputMacs,
    target: { name: net.target.name, clockMhz: net.target.clockMhz, cyclesPerSynop: net.target.cyclesPerSynop, cyclesPerNeuronUpdate: net.target.cyclesPerNeuronUpdate, hopLatencyNs: net.target.hopLatencyNs, hopLatencyNsNS: net.target.hopLatencyNsNs, barrierNs: net.target.barrierNs, meshWidth: net.target.meshWidth },
    totals: totals(net, raw, cores, latency), series, cores, populations, loadImbalance: imbalance(cores),
    latency: { totalNs: total, perSliceNs: total, meanStepNs: raw.steps > 0 ? total / raw.steps : 0, maxStepNs: Math.max(0, ...latency) },
  };
}

const addArr = (a: readonly number[], b: readonly number[]): number[] => a.map((v, i) => v + (b[i] ?? 0));

function addRecord<R extends object>(a: R, b: R, keep: readonly string[]): R {
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) {
    const av = (a as Record<string, unknown>)[k];
    if (!keep.includes(k) && typeof v === 'number' && typeof av === 'number') out[k] = av + v;
  }
  return out as R;
}

/** Sums the stats of two runs of the same netlist, mode and T (slices add up). */
export function mergeStats(a: SimStats, b: SimStats): SimStats {
  if (a.T !== b.T || a.mode !== b.mode || a.totals.steps !== b.totals.steps || a.cores.length !== b.cores.length) {
    throw new Error('internal: mergeStats needs runs of the same netlist, T and mode');
  }
  const slices = a.slices + b.slices;
  const series = Object.fromEntries(Object.entries(a.series).map(([k, v]) => [k, addArr(v as number[], (b.series as unknown as Record<string, number[]>)[k] ?? [])])) as unknown as SimSeries;
  const cores = a.cores.map((c, i) => addRecord(c, b.cores[i] as CoreStats, ['id', 'population', 'chip', 'x', 'y', 'neurons']));
  const populations = a.populations.map((p, i) => {
    const m = addRecord(p, b.populations[i] as PopulationStats, ['id', 'neurons', 'rate']);
    return { ...m, rate: m.spikes / (m.neurons * a.T * slices) };
  });
  const totals = addRecord(a.totals, b.totals, ['steps']);
  const total = a.latency.totalNs + b.latency.totalNs;
  const wall = a.wallMs !== undefined || b.wallMs !== undefined ? { wallMs: (a.wallMs ?? 0) + (b.wallMs ?? 0) } : {};
  return {
    ...a, slices, totals, series, cores, populations, loadImbalance: imbalance(cores), ...wall, inputMacs: a.inputMacs + b.inputMacs,
    latency: { totalNs: total, perSliceNs: total / slices, meanStepNs: total / (a.totals.steps * slices), maxStepNs: Math.max(a.latency.maxStepNs, b.latency.maxStepNs) },
  };
}
