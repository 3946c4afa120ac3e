// Human-readable text for `hsnn compile` and `hsnn inspect`, and the detailed inspect JSON (per
// population and per projection) built on the netlist summary.
import { linkKey, xyPath } from '../map/xy.js';
import { directMacs } from '../../proto/direct-input.js';
import { populationNeurons, type NetEncoding, type NetlistModel, type NetPopulation } from '../../proto/model.js';
import { summariseNetlist, type NetlistSummary } from './summary.js';
import { coreUtilisation, type CoreUtilisation, type UtilisationSummary } from './utilisation.js';

const pct = (u: UtilisationSummary): string => (u.mean === null ? 'n/a' : `mean ${(100 * u.mean).toFixed(1)}%, max ${(100 * (u.max ?? 0)).toFixed(1)}%`);
const num = (v: number, d = 1): string => v.toLocaleString('en-US', { maximumFractionDigits: d });

export function formatSummary(s: NetlistSummary): string {
  const q = s.quantisation;
  const lines = [
    `netlist '${s.name}' v${s.version}${s.version < 2 ? ' (carries no sha256 seal: written before format version 2)' : ''}: target ${s.target}, ${s.format}, T=${s.timesteps}, ${s.encoding ?? 'poisson'} input, ${s.pool ?? 'fused'} pooling`,
    `  model:        ${s.populations} populations, ${s.projections} projections, ${num(s.neurons, 0)} neurons, ${num(s.weights, 0)} weights`,
    `  cores:        ${s.cores} on ${s.chips} chip${s.chips === 1 ? '' : 's'}`,
    `  utilisation:  neurons ${pct(s.utilisation.neurons)}; synapse memory ${pct(s.utilisation.synapse)}; fan-in ${pct(s.utilisation.fanin)}; fan-out ${pct(s.utilisation.fanout)}`,
    `  traffic/step: ${num(s.traffic.messagesPerStep)} messages, ${num(s.traffic.unicastHopsPerStep)} unicast hops, ${num(s.traffic.multicastHopsPerStep)} multicast hops, ${num(s.traffic.chipCrossingsPerStep)} chip crossings` +
      (s.traffic.assumedRate > 0 ? ` (assumed ${s.traffic.assumedRate} spikes/neuron/step where unmeasured)` : ' (measured rates)'),
    `  links:        ${s.traffic.linksUsed} used, busiest ${num(s.traffic.maxLinkMessagesPerStep)} msgs/step, mean ${num(s.traffic.meanLinkMessagesPerStep)}`,
    `  hops:         ${s.hops.destinations} core→core routes, mean ${s.hops.mean.toFixed(2)}, max ${s.hops.max}; multicast trees ${s.hops.multicastTreeLinks} links`,
    `  memory:       ${num(s.memory.synapseBytes, 0)} B synapse memory on cores; weights by kind ${Object.entries(s.memory.weightBytesByKind).map(([k, v]) => `${k} ${num(v, 0)} B`).join(', ')}`,
    `  quantisation: max |w − q·scale| ${q.maxAbsError.toExponential(3)} (≤ ${q.maxErrorOverScale.toFixed(3)}·scale), mean ${q.meanAbsError.toExponential(3)}`,
  ];
  for (const l of q.spikeEffect?.layers ?? []) {
    lines.push(`    spikes ${l.name}: float ${l.floatSpikes}, quantised ${l.quantSpikes}, mismatched ${l.mismatched} (${q.spikeEffect?.input})`);
  }
  lines.push(`  compile:      ${s.compileMs.toFixed(0)} ms`);
  for (const n of s.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

export interface InspectReport {
  readonly summary: NetlistSummary;
  /** How the slice enters: Poisson spikes, or direct pixels whose projections are host currents. */
  readonly input: { readonly encoding: NetEncoding; readonly hostCurrents: ReadonlyArray<{ projection: string; target: string; macsPerSlice: number }> };
  readonly cores: ReadonlyArray<{ id: number; population: string; chip: number; x: number; y: number; neurons: number; synapseBytes: number; faninAxons: number; fanoutAxons: number; estSpikesPerStep: number; utilisation: CoreUtilisation | null }>;
  /** Busiest directed mesh links under unicast XY routing, messages per step. */
  readonly busiestLinks: ReadonlyArray<{ link: string; messagesPerStep: number }>;
  readonly populations: ReadonlyArray<{ id: number; name: string; kind: string; shape: readonly number[]; neurons: number; cores: number; threshold: number; thresholdQ: number; unit: number }>;
  readonly projections: ReadonlyArray<{ id: number; name: string; kind: string; source: string; target: string; kernel: string; weights: number; scale: number; maxAbsError: number }>;
}

function busiestLinks(m: NetlistModel, top: number): InspectReport['busiestLinks'] {
  const loads = new Map<string, number>();
  for (const r of m.routes) {
    const a = m.cores[r.sourceCore];
    for (const d of r.destinations) {
      const b = m.cores[d.core];
      if (!a || !b) continue;
      for (const l of xyPath(a, b)) loads.set(linkKey(l), (loads.get(linkKey(l)) ?? 0) + d.estMessagesPerStep);
    }
  }
  return [...loads].sort((p, q) => q[1] - p[1]).slice(0, top).map(([link, messagesPerStep]) => ({ link, messagesPerStep }));
}

/** The host-current projections of a direct netlist, with the MACs each costs the host per slice. */
function hostCurrents(m: NetlistModel): InspectReport['input']['hostCurrents'] {
  if (m.encoding !== 'direct') return [];
  const dims = (p: NetPopulation | undefined): { C: number; H: number; W: number } => ({ C: p?.channels ?? 0, H: p?.height ?? 0, W: p?.width ?? 0 });
  return m.projections.filter((p) => p.source === 0).map((p) => ({
    projection: p.name, target: m.populations[p.target]?.name ?? `#${p.target}`,
    macsPerSlice: directMacs({ kh: p.kernelH, kw: p.kernelW, sh: p.strideH, sw: p.strideW, pt: p.padTop, pl: p.padLeft, src: dims(m.populations[0]), tgt: dims(m.populations[p.target]) }),
  }));
}

export function inspectNetlist(m: NetlistModel): InspectReport {
  const summary = summariseNetlist(m);
  const popName = (i: number): string => m.populations[i]?.name ?? `#${i}`;
  const popNeurons = (i: number): number => { const p = m.populations[i]; return p ? populationNeurons(p) : 0; };
  return {
    summary,
    input: { encoding: m.encoding, hostCurrents: hostCurrents(m) },
    cores: m.cores.map((c) => ({
      id: c.id, population: popName(c.population), chip: c.chip, x: c.x, y: c.y, neurons: c.neurons, synapseBytes: c.synapseBytes,
      faninAxons: c.faninAxons, fanoutAxons: c.fanoutAxons, estSpikesPerStep: c.estSpikesPerStep,
      utilisation: m.target ? coreUtilisation(c, m.populations[c.population], m.target) : null,
    })),
    busiestLinks: busiestLinks(m, 10),
    populations: m.populations.map((p) => ({
      id: p.id, name: p.name, kind: p.kind, shape: [p.channels, p.height, p.width], neurons: populationNeurons(p),
      cores: summary.coresPerPopulation[p.name] ?? 0, threshold: p.threshold, thresholdQ: p.thresholdQ, unit: p.unit,
    })),
    projections: m.projections.map((p) => ({
      id: p.id, name: p.name, kind: p.kind, source: popName(p.source), target: popName(p.target),
      kernel: p.kind === 'dense' ? `${popNeurons(p.source)}x${popNeurons(p.target)}` : `${p.kernelH}x${p.kernelW}/s${p.strideH}x${p.strideW}/p${p.padTop},${p.padLeft}`, weights: p.weightsQ.length + p.weightsF.length,
      scale: p.scale, maxAbsError: p.quant?.maxAbsError ?? 0,
    })),
  };
}

export function formatInspect(r: InspectReport): string {
  const lines = [formatSummary(r.summary).trimEnd(), '', `input encoding: ${r.input.encoding}${r.input.encoding === 'direct' ? ' (pixels, no spikes: the host computes these projections once per slice and injects them as currents every step)' : ' (spikes, core/poisson-rng.ts)'}`];
  for (const h of r.input.hostCurrents) lines.push(`  host current ${h.projection} → ${h.target}: ${num(h.macsPerSlice, 0)} MACs per slice`);
  lines.push(r.summary.pool === 'spiking'
    ? 'pooling: spiking (each 2×2 avg pool is a SUM_POOL of weight 1/4 into an IF population, v = 1, u0 = v/2)'
    : 'pooling: fused (each 2×2 avg pool folded into the next conv: 6×6 kernel, stride 2, w/4; exact)');
  lines.push('', 'populations:');
  for (const p of r.populations) lines.push(`  ${String(p.id).padStart(3)} ${p.name.padEnd(14)} ${p.kind.padEnd(10)} (${p.shape.join(', ')})`.padEnd(50) + ` ${String(p.neurons).padStart(8)} neurons ${String(p.cores).padStart(5)} cores`);
  lines.push('', 'busiest links (x,y,direction: messages/step):', `  ${r.busiestLinks.map((l) => `${l.link}: ${l.messagesPerStep.toFixed(1)}`).join('; ')}`);
  lines.push('', 'projections:');
  for (const p of r.projections) lines.push(`  ${String(p.id).padStart(3)} ${p.name.padEnd(26)} ${p.kind.padEnd(16)} ${p.source} → ${p.target}  ${p.kernel}  ${p.weights} weights  scale ${p.scale.toExponential(3)}`);
  return `${lines.join('\n')}\n`;
}
