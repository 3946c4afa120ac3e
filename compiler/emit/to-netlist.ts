// Lower the mapped IR graph to the NetlistModel (then encodeNetlist writes the protobuf, sealed).
// Populations keep graph (topological) order with the input first; projections are ordered by their
// target population; cores and routes keep the ids the mapping passes gave them.
import { assert } from '../../core/errors.js';
import type { CompileDiagnostic } from '../diagnostics/sink.js';
import { isNeuronNode, unreachable, type Edge, type InputEncoding, type Graph, type IfNode, type IntegratorNode, type NeuronNode } from '../ir/graph.js';
import { decayQ } from '../../proto/leak.js';
import { flatEnergy } from '../targets/energy.js';
import type { TargetSpec } from '../targets/types.js';
import { NETLIST_VERSION, type NetCore, type NetEnergy, type NetlistModel, type NetPopulation, type NetProjection, type NetRoute, type NetStats, type NetTarget } from '../../proto/model.js';
import { coreUtilisation, summarise } from './utilisation.js';

function leakOf(n: IfNode): Pick<NetPopulation, 'decay' | 'decayQ'> {
  return n.decay !== undefined && n.decay > 0 ? { decay: n.decay, decayQ: decayQ(n.decay) } : {};
}

/** bias_q = round(b / unit) in the population's integer unit (float netlists keep b). */
function biasOf(n: IfNode | IntegratorNode, float: boolean): Pick<NetPopulation, 'bias' | 'biasQ'> {
  if (!n.bias || !n.bias.some((b) => b !== 0)) return {};
  const unit = n.quant?.unit ?? 1;
  return float ? { bias: Float32Array.from(n.bias) } : { biasQ: Int32Array.from(n.bias, (b) => Math.round(b / unit)) };
}

function population(n: NeuronNode, id: number, float: boolean, encoding: InputEncoding): NetPopulation {
  const base = { id, name: n.name, channels: n.shape.c, height: n.shape.h, width: n.shape.w };
  switch (n.kind) {
    case 'input': return { ...base, kind: encoding === 'direct' ? 'analog' : 'input', reset: 'none', threshold: 0, u0: 0, thresholdQ: 0, u0Q: 0, unit: 1 };
    case 'if': return { ...base, kind: 'if', reset: n.reset, threshold: n.threshold, u0: n.u0, thresholdQ: n.quant?.thresholdQ ?? 0, u0Q: n.quant?.u0Q ?? 0, unit: n.quant?.unit ?? 1, ...leakOf(n), ...biasOf(n, float) };
    case 'integrator': return { ...base, kind: 'integrator', reset: 'none', threshold: 0, u0: 0, thresholdQ: 0, u0Q: 0, unit: n.quant?.unit ?? 1, ...biasOf(n, float) };
    default: return unreachable(n);
  }
}

function projection(e: Edge, id: number, popId: ReadonlyMap<string, number>, float: boolean): NetProjection {
  const q = e.quant;
  assert(q !== undefined, `edge '${e.name}' is quantised before emission`);
  const kind = e.kind === 'conv' ? 'conv2d' : e.kind === 'pool' ? 'sum_pool' : e.kind === 'dense' ? 'dense' : 'conv_transpose2d';
  // A DENSE projection has no kernel in the netlist: its weights alone say where a spike goes.
  const g = e.kind === 'dense' ? { kernelH: 0, kernelW: 0, strideH: 0, strideW: 0, padTop: 0, padLeft: 0 } : { kernelH: e.kh, kernelW: e.kw, strideH: e.sh, strideW: e.sw, padTop: e.pt, padLeft: e.pl };
  return {
    id, name: e.name, source: popId.get(e.source) as number, target: popId.get(e.target) as number, kind, ...g, scale: q.scale,
    weightsQ: float ? new Int32Array(0) : Int32Array.from(q.weightsQ), weightsF: float ? Float32Array.from(e.weights) : new Float32Array(0),
    csrRowPtr: new Uint32Array(0), csrCol: new Uint32Array(0),
    quant: { maxAbsError: q.maxAbsError, meanAbsError: q.meanAbsError, maxAbsWeight: q.maxAbsWeight },
  };
}

const energy = (e: TargetSpec['energy']): NetEnergy => flatEnergy(e);

export function targetModel(t: TargetSpec): NetTarget {
  return {
    name: t.name, neuronsPerCore: t.neuronsPerCore, faninAxonsPerCore: t.faninAxonsPerCore, synapseBitsPerCore: t.synapseBitsPerCore,
    coresPerChip: t.coresPerChip, meshWidth: t.meshWidth, meshHeight: t.meshHeight, maxChips: t.maxChips, weightBits: t.weightBits,
    maxDestinationsPerCore: t.maxDestinationsPerCore, cyclesPerSynop: 0, cyclesPerNeuronUpdate: 0, clockMhz: t.clockMhz,
    hopLatencyNs: t.hopLatencyNsEw, barrierNs: 0, energy: energy(t.energy), sources: [...t.sources],
    kernelMemoryPerCore: [...t.kernelMemoryPerCore], neuronMemoryPerCore: [...t.neuronMemoryPerCore],
    fanoutAxonsPerCore: t.fanoutAxonsPerCore, hopLatencyNsNs: t.hopLatencyNsNs, alternativeEnergy: t.alternativeEnergy.map(energy), inputOnCores: t.inputOnCores,
    hostInputCurrent: t.hostInputCurrent,
  };
}

function coresOf(g: Readonly<Graph>, popId: ReadonlyMap<string, number>): NetCore[] {
  return g.cores.map((c) => {
    assert(c.place !== undefined, `core ${c.id} is placed before emission`);
    return {
      id: c.id, chip: c.place.chip, x: c.place.x, y: c.place.y, population: popId.get(c.population) as number, ...c.box,
      neurons: c.neurons, synapseBytes: Math.ceil(c.synapseBits / 8), faninAxons: c.faninAxons, estSpikesPerStep: c.estSpikesPerStep, fanoutAxons: c.fanoutAxons,
    };
  });
}

function routesOf(g: Readonly<Graph>, projId: ReadonlyMap<string, number>): NetRoute[] {
  return g.routes.map((r) => ({
    sourceCore: r.sourceCore, multicastTreeLinks: r.multicastTreeLinks,
    destinations: r.dests.map((d) => ({ core: d.core, hops: d.hops, chipCrossings: d.chipCrossings, projections: d.edges.map((e) => projId.get(e) as number), estMessagesPerStep: d.messagesPerStep })),
  }));
}

function stats(g: Readonly<Graph>, m: Omit<NetlistModel, 'stats'>, compileMs: number, warnings: readonly CompileDiagnostic[]): NetStats {
  const t = m.target as NetTarget;
  const util = m.cores.map((c) => coreUtilisation(c, m.populations[c.population], t));
  let msgs = 0, hopsSum = 0, crossings = 0;
  for (const r of m.routes) for (const d of r.destinations) { msgs += d.estMessagesPerStep; hopsSum += d.estMessagesPerStep * d.hops; crossings += d.estMessagesPerStep * d.chipCrossings; }
  const tr = g.report.traffic;
  const rateNote = g.report.rates && g.report.rates.assumedRate > 0 ? [`rates: ${g.report.rates.assumedRate} spikes/neuron/step assumed where no measured rate was given`] : [];
  return {
    cores: m.cores.length, chips: g.report.chips ?? 0, compileMs,
    meanNeuronUtilisation: summarise(util.map((u) => u.neurons)).mean ?? 0,
    meanSynapseUtilisation: summarise(util.map((u) => u.synapse)).mean ?? 0,
    meanFaninUtilisation: summarise(util.map((u) => u.fanin)).mean ?? 0,
    estMessagesPerStep: msgs, estHopsPerStep: hopsSum, estTrafficHops: hopsSum, estChipCrossingsPerStep: crossings,
    notes: [...g.report.notes, ...rateNote, ...warnings.map((w) => `warning ${w.code}: ${w.message}`)],
    estMulticastHopsPerStep: tr?.multicastHopsPerStep ?? 0, maxLinkMessagesPerStep: tr?.maxLinkMessagesPerStep ?? 0,
    meanLinkMessagesPerStep: tr?.meanLinkMessagesPerStep ?? 0, linksUsed: tr?.linksUsed ?? 0,
    assumedRate: g.report.rates?.assumedRate ?? 0, spikeEffect: g.report.spikeEffect ?? null,
  };
}

export function toNetlist(g: Readonly<Graph>, target: TargetSpec, compileMs: number, warnings: readonly CompileDiagnostic[]): NetlistModel {
  const pops = g.nodes.filter(isNeuronNode);
  const popId = new Map(pops.map((n, i) => [n.name, i]));
  const edges = [...g.edges].sort((a, b) => (popId.get(a.target) as number) - (popId.get(b.target) as number));
  const projId = new Map(edges.map((e, i) => [e.name, i]));
  const float = g.format === 'float32';
  const base: Omit<NetlistModel, 'stats'> = {
    version: NETLIST_VERSION, name: g.name, timesteps: g.meta.T, encoding: g.meta.encoding, seed: g.meta.seed, numberFormat: g.format ?? 'float32',
    readoutScale: g.meta.readoutScale, sourceCheckpoint: g.meta.sourceCheckpoint,
    populations: pops.map((n, i) => population(n, i, float, g.meta.encoding)), projections: edges.map((e, i) => projection(e, i, popId, float)),
    target: targetModel(target), cores: coresOf(g, popId), routes: routesOf(g, projId), poolLowering: g.pool ?? 'fused',
  };
  return { ...base, stats: stats(g, base, compileMs, warnings) };
}
