// A compact, JSON-friendly summary of a netlist: what `hsnn compile` prints, what `hsnn inspect --json`
// returns and what the golden tests pin. Computed from the NetlistModel alone, so a file read back
// from disk summarises exactly like the compile that wrote it.
import { coreUtilisation, summarise, type UtilisationSummary } from './utilisation.js';
import { populationNeurons, type NetlistModel, type NetProjectionKind, type NetSpikeEffect } from '../../proto/model.js';

export interface PopulationSummary {
  readonly name: string;
  readonly kind: string;
  readonly shape: readonly [number, number, number];
  readonly neurons: number;
  readonly cores: number;
}

export interface NetlistSummary {
  readonly name: string;
  /** Set for direct-input netlists only (absent = Poisson), so Poisson summaries stay as the golden files pin them. */
  readonly encoding?: 'direct';
  /** Set when pooling was lowered to spiking pooling populations only (absent = fused), for the same reason. */
  readonly pool?: 'spiking';
  readonly version: number;
  readonly target: string;
  readonly format: string;
  readonly timesteps: number;
  readonly populations: number;
  readonly projections: number;
  readonly neurons: number;
  readonly weights: number;
  readonly cores: number;
  readonly chips: number;
  readonly coresPerPopulation: Readonly<Record<string, number>>;
  readonly utilisation: { readonly neurons: UtilisationSummary; readonly synapse: UtilisationSummary; readonly fanin: UtilisationSummary; readonly fanout: UtilisationSummary };
  readonly traffic: {
    readonly assumedRate: number;
    readonly messagesPerStep: number;
    readonly unicastHopsPerStep: number;
    readonly multicastHopsPerStep: number;
    readonly chipCrossingsPerStep: number;
    readonly maxLinkMessagesPerStep: number;
    readonly meanLinkMessagesPerStep: number;
    readonly linksUsed: number;
  };
  readonly hops: { readonly routes: number; readonly destinations: number; readonly mean: number; readonly max: number; readonly multicastTreeLinks: number };
  readonly memory: { readonly synapseBytes: number; readonly weightBytesByKind: Readonly<Partial<Record<NetProjectionKind, number>>> };
  readonly quantisation: { readonly maxAbsError: number; readonly meanAbsError: number; readonly maxErrorOverScale: number; readonly spikeEffect: NetSpikeEffect | null };
  readonly compileMs: number;
  readonly notes: readonly string[];
}

const BYTES: Readonly<Record<string, number>> = { int8: 1, int16: 2, float32: 4 };

function hopStats(m: NetlistModel): NetlistSummary['hops'] {
  let n = 0, sum = 0, max = 0, tree = 0;
  for (const r of m.routes) {
    tree += r.multicastTreeLinks;
    for (const d of r.destinations) { n++; sum += d.hops; max = Math.max(max, d.hops); }
  }
  return { routes: m.routes.length, destinations: n, mean: n > 0 ? sum / n : 0, max, multicastTreeLinks: tree };
}

function quantStats(m: NetlistModel): NetlistSummary['quantisation'] {
  let maxErr = 0, sumErr = 0, count = 0, ratio = 0;
  for (const p of m.projections) {
    const n = p.weightsQ.length + p.weightsF.length;
    if (!p.quant) continue;
    maxErr = Math.max(maxErr, p.quant.maxAbsError);
    sumErr += p.quant.meanAbsError * n;
    count += n;
    if (p.scale > 0) ratio = Math.max(ratio, p.quant.maxAbsError / p.scale);
  }
  return { maxAbsError: maxErr, meanAbsError: count > 0 ? sumErr / count : 0, maxErrorOverScale: ratio, spikeEffect: m.stats?.spikeEffect ?? null };
}

export function summariseNetlist(m: NetlistModel): NetlistSummary {
  const perPop: Record<string, number> = {};
  for (const c of m.cores) { const name = m.populations[c.population]?.name ?? '?'; perPop[name] = (perPop[name] ?? 0) + 1; }
  const util = m.target ? m.cores.map((c) => coreUtilisation(c, m.populations[c.population], m.target!)) : [];
  const byKind: Partial<Record<NetProjectionKind, number>> = {};
  for (const p of m.projections) byKind[p.kind] = (byKind[p.kind] ?? 0) + (p.weightsQ.length + p.weightsF.length) * (BYTES[m.numberFormat] ?? 4);
  const s = m.stats;
  return {
    name: m.name, ...(m.encoding === 'direct' ? { encoding: 'direct' as const } : {}), ...(m.poolLowering === 'spiking' ? { pool: 'spiking' as const } : {}), version: m.version, target: m.target?.name ?? '', format: m.numberFormat, timesteps: m.timesteps,
    populations: m.populations.length, projections: m.projections.length,
    neurons: m.populations.reduce((a, p) => a + populationNeurons(p), 0),
    weights: m.projections.reduce((a, p) => a + p.weightsQ.length + p.weightsF.length, 0),
    cores: m.cores.length, chips: s?.chips ?? 0, coresPerPopulation: perPop,
    utilisation: {
      neurons: summarise(util.map((u) => u.neurons)), synapse: summarise(util.map((u) => u.synapse)),
      fanin: summarise(util.map((u) => u.fanin)), fanout: summarise(util.map((u) => u.fanout)),
    },
    traffic: {
      assumedRate: s?.assumedRate ?? 0, messagesPerStep: s?.estMessagesPerStep ?? 0, unicastHopsPerStep: s?.estHopsPerStep ?? 0,
      multicastHopsPerStep: s?.estMulticastHopsPerStep ?? 0, chipCrossingsPerStep: s?.estChipCrossingsPerStep ?? 0,
      maxLinkMessagesPerStep: s?.maxLinkMessagesPerStep ?? 0, meanLinkMessagesPerStep: s?.meanLinkMessagesPerStep ?? 0, linksUsed: s?.linksUsed ?? 0,
    },
    hops: hopStats(m),
    memory: { synapseBytes: m.cores.reduce((a, c) => a + c.synapseBytes, 0), weightBytesByKind: byKind },
    quantisation: quantStats(m),
    compileMs: s?.compileMs ?? 0,
    notes: s?.notes ?? [],
  };
}
