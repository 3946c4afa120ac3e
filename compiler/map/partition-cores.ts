// Pass: partition every population into core slices that respect every per-core limit of the target
// (neurons, fan-in axons with conv halos, synapse memory, output axons; Speck's per-core memory
// formulas), with the fewest cores first and the least spike traffic second. Reports every population
// that cannot fit, naming the resource, the need and the limit. The chip budget is checked on a lower
// bound of the core count before any per-core traffic is built (tiny cores once meant 200 000 cores, 4 GB).
import type { CompileContext } from '../context.js';
import { edgesInto, isNeuronNode, spikingEdges, withReport, type Box, type Edge, type Graph, type MappedCore, type NeuronNode } from '../ir/graph.js';
import { FORMAT_BITS } from '../passes/quantize-weights.js';
import { neuronFanout } from './dest-sets.js';
import { resolveRates } from './rates.js';
import { assignOnePerCore } from './speck-assign.js';
import { buildCores, tileAll, tilePopulation, type TileContext, type TileFailure } from './tile-populations.js';
import { commPairs, type CommPair } from './traffic.js';

const FANOUT_RETRIES = 6;

/** The input takes cores only when it emits spikes on-chip (a direct input is pixels on the host). */
function mappedPopulations(g: Readonly<Graph>, ctx: CompileContext): NeuronNode[] {
  return g.nodes.filter(isNeuronNode).filter((n) => n.kind !== 'input' || (ctx.target.inputOnCores && g.meta.encoding === 'poisson'));
}

function describeEdges(edges: readonly Edge[]): string {
  return edges.map((e) => (e.kind === 'dense' ? `a dense layer over all ${e.cin * e.kh * e.kw} neurons of ${e.source}` : `${e.kh}×${e.kw} ${e.kind === 'convT' ? 'transposed ' : ''}kernel over ${e.cin} channels of ${e.source}`)).join(' + ');
}

function checkEdgeKinds(g: Readonly<Graph>, ctx: CompileContext): void {
  for (const e of g.edges) {
    if (!ctx.target.edgeKinds.includes(e.kind)) {
      const what = e.kind === 'convT' ? 'transposed conv' : e.kind === 'dense' ? 'dense layer' : e.kind;
      ctx.diag.error('HSNN2007', `layer ${e.target}: ${what} '${e.name}' is not supported by ${ctx.target.name} (cores run: ${ctx.target.edgeKinds.join(', ')})`);
    }
  }
}

function reportTileFailure(f: TileFailure, into: ReadonlyMap<string, readonly Edge[]>, ctx: CompileContext): void {
  const t = ctx.target.name;
  const edges = into.get(f.population.name) ?? [];
  const r = f.result;
  if (r.resource === 'fanin') {
    ctx.diag.error('HSNN2001', `layer ${f.population.name}: fan-in ${r.need} axons exceeds ${t} limit ${r.limit} per core; no split along output channels can reduce it (one neuron already reads ${describeEdges(edges)})`);
  } else {
    ctx.diag.error('HSNN2002', `layer ${f.population.name}: synapse memory ${r.need} bits for a single output channel exceeds ${t} limit ${r.limit} bits per core (${describeEdges(edges)}); no split can reduce it`);
  }
}

/** Chips for `perPopulation` cores; HSNN2003 (and false) when over the budget. `atLeast`: a lower bound. */
function checkChipBudget(perPopulation: ReadonlyMap<string, number>, ctx: CompileContext, atLeast: boolean): { chips: number; ok: boolean } {
  const t = ctx.target;
  const total = [...perPopulation.values()].reduce((a, b) => a + b, 0);
  const chips = Math.max(1, Math.ceil(total / t.coresPerChip));
  if (t.maxChips > 0 && chips > t.maxChips) {
    const top = [...perPopulation].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, k]) => `${n} ${k}`).join(', ');
    ctx.diag.error('HSNN2003', `model needs ${atLeast ? 'at least ' : ''}${total} cores = ${chips} chips of ${t.coresPerChip}; target ${t.name} allows ${t.maxChips} chip${t.maxChips > 1 ? 's' : ''} (${t.maxChips * t.coresPerChip} cores); largest layers: ${top}`);
    return { chips, ok: false };
  }
  return { chips, ok: true };
}

function checkChips(cores: readonly MappedCore[], ctx: CompileContext): number {
  const per = new Map<string, number>();
  for (const c of cores) per.set(c.population, (per.get(c.population) ?? 0) + 1);
  return checkChipBudget(per, ctx, false).chips;
}

/** ceil(neurons / neurons per core) per population: no tiling can use fewer cores. */
function neuronBound(pops: readonly NeuronNode[], ctx: CompileContext): Map<string, number> {
  const per = ctx.target.neuronsPerCore;
  return new Map(pops.map((n) => [n.name, per > 0 ? Math.ceil((n.shape.c * n.shape.h * n.shape.w) / per) : 1]));
}

/** Fan-out (output axons) per core = Σ over destinations of the source neurons each one needs. */
function fanoutOf(pairs: readonly CommPair[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of pairs) m.set(p.src, (m.get(p.src) ?? 0) + p.neurons);
  return m;
}

function withFanout(cores: readonly MappedCore[], pairs: readonly CommPair[]): MappedCore[] {
  const f = fanoutOf(pairs);
  return cores.map((c) => ({ ...c, fanoutAxons: f.get(c.id) ?? 0 }));
}

/** Shrink the slices of populations whose cores exceed the output-axon limit; returns the final cores. */
function enforceFanout(g: Readonly<Graph>, pops: readonly NeuronNode[], boxes: Map<string, readonly Box[]>, tc: TileContext, ctx: CompileContext): { cores: MappedCore[]; pairs: CommPair[] } {
  const limit = ctx.target.fanoutAxonsPerCore;
  const caps = new Map(pops.map((n) => [n.name, tc.limits.neurons]));
  for (let attempt = 0; ; attempt++) {
    const cores = buildCores(pops, boxes, tc, tc.limits.weightBits);
    const pairs = commPairs({ ...g, cores }, tc.rates);
    const mapped = withFanout(cores, pairs);
    const over = mapped.filter((c) => limit > 0 && c.fanoutAxons > limit);
    if (over.length === 0) return { cores: mapped, pairs };
    const worst = new Map<string, MappedCore>();
    for (const c of over) if ((worst.get(c.population)?.fanoutAxons ?? 0) < c.fanoutAxons) worst.set(c.population, c);
    const single = neuronFanout({ ...g, cores: mapped }, limit, new Set(worst.keys())).over;
    if (attempt >= FANOUT_RETRIES || [...worst.keys()].some((n) => single.has(n))) {
      for (const [name, c] of worst) {
        const one = single.get(name);
        const why = one ? `; a single neuron already reaches ${one.worst} cores, so smaller slices cannot help` : '';
        ctx.diag.error('HSNN2008', `layer ${name}: core ${c.id} needs ${c.fanoutAxons} output axons (its neurons × the destination cores each reaches); ${ctx.target.name} limit ${limit} per core${why}`);
      }
      return { cores: mapped, pairs };
    }
    for (const [name, c] of worst) {
      const cap = Math.max(1, Math.floor(c.neurons * limit / c.fanoutAxons * 0.95));
      caps.set(name, Math.min(cap, caps.get(name) ?? cap));
      const r = tilePopulation(pops.find((p) => p.name === name) as NeuronNode, tc, caps.get(name) as number);
      if (r.ok) boxes.set(name, r.boxes);
    }
  }
}

function checkDestinations(g: Readonly<Graph>, pairs: readonly CommPair[], ctx: CompileContext): void {
  const t = ctx.target;
  if (t.maxDestinationsPerCore > 0) {
    const dests = new Map<number, Set<number>>();
    for (const p of pairs) dests.set(p.src, (dests.get(p.src) ?? new Set()).add(p.dst));
    for (const [src, set] of dests) {
      if (set.size <= t.maxDestinationsPerCore) continue;
      const names = [...new Set([...set].map((d) => g.cores[d]?.population))].join(', ');
      ctx.diag.error('HSNN2006', `layer ${g.cores[src]?.population}: core ${src} sends to ${set.size} destination cores (${names}); ${t.name} allows ${t.maxDestinationsPerCore} per core`);
    }
  }
  if (t.maxDestinationsPerNeuron > 0) {
    for (const [name, o] of neuronFanout(g, t.maxDestinationsPerNeuron).over) {
      ctx.diag.error('HSNN2010', `layer ${name}: ${o.neurons} neurons must reach up to ${o.worst} cores, but a ${t.name} neuron targets ${t.maxDestinationsPerNeuron} core (splitter neurons would be needed; hsnn does not insert them)`);
    }
  }
}

/** One core per layer: a layer's destination cores are the distinct layers it feeds. */
function checkLayerDestinations(g: Readonly<Graph>, pops: readonly NeuronNode[], ctx: CompileContext): void {
  const limit = ctx.target.maxDestinationsPerCore;
  for (const n of pops) {
    const dests = [...new Set(g.edges.filter((e) => e.source === n.name).map((e) => e.target))];
    if (limit > 0 && dests.length > limit) ctx.diag.error('HSNN2006', `layer ${n.name} sends to ${dests.length} layers (${dests.join(', ')}); a ${ctx.target.name} core has at most ${limit} destinations`);
  }
}

function onePerCore(g: Readonly<Graph>, pops: readonly NeuronNode[], tc: TileContext, ctx: CompileContext): MappedCore[] {
  const res = assignOnePerCore(pops, tc.into, ctx.target);
  for (const p of res.problems) ctx.diag.error(p.code, p.message);
  checkLayerDestinations(g, pops, ctx);
  if (res.problems.length > 0) return [];
  const cores = pops.map((n, id): MappedCore => {
    const slot = res.coreOf.get(n.name) as number;
    const box = { c0: 0, c1: n.shape.c, y0: 0, y1: n.shape.h, x0: 0, x1: n.shape.w };
    const neurons = n.shape.c * n.shape.h * n.shape.w;
    const m = res.memory.get(n.name);
    return { id, population: n.name, box, neurons, synapseBits: (m?.kernel ?? 0) * tc.limits.weightBits, faninAxons: 0, fanoutAxons: 0, estSpikesPerStep: (tc.rates.get(n.name) ?? 0) * neurons, place: { chip: 0, x: slot % ctx.target.meshWidth, y: Math.floor(slot / ctx.target.meshWidth) } };
  });
  return withFanout(cores, commPairs({ ...g, cores }, tc.rates));
}

export function partitionCores(g: Readonly<Graph>, ctx: CompileContext): Graph {
  const rates = resolveRates(g, ctx);
  checkEdgeKinds(g, ctx);
  const pops = mappedPopulations(g, ctx);
  // Host currents need no synapse memory or fan-in axons on the cores they feed.
  const into = edgesInto({ ...g, edges: spikingEdges(g) });
  const t = ctx.target;
  const limits = { neurons: t.neuronsPerCore, faninAxons: t.faninAxonsPerCore, synapseBits: t.synapseBitsPerCore, weightBits: FORMAT_BITS[g.format ?? ctx.options.quantize] };
  const tc: TileContext = { into, shapes: new Map(g.nodes.map((n) => [n.name, n.shape])), rates: rates.byPopulation, limits };
  const report = withReport(g, { rates });
  if (t.onePopulationPerCore) {
    const cores = onePerCore(g, pops, tc, ctx);
    return { ...g, cores, report: { ...report, chips: 1 } };
  }
  if (!checkChipBudget(neuronBound(pops, ctx), ctx, true).ok) return { ...g, report };
  const { boxes, failures } = tileAll(pops, tc);
  for (const f of failures) reportTileFailure(f, into, ctx);
  if (failures.length > 0) return { ...g, report };
  // Fan-out enforcement only ever splits slices further, so the tiling's core count is a lower bound too.
  if (!checkChipBudget(new Map([...boxes].map(([n, b]) => [n, b.length])), ctx, true).ok) return { ...g, report };
  const { cores, pairs } = enforceFanout(g, pops, boxes, tc, ctx);
  const chips = checkChips(cores, ctx);
  checkDestinations({ ...g, cores }, pairs, ctx);
  return { ...g, cores, report: { ...report, chips } };
}
