// Which cores send spikes to which, and how many: for every projection and every (source core,
// destination core) pair, the number of the source core's neurons the destination needs (its halo ∩
// the source slice). One spike of such a neuron is one message to that destination core (the
// destination expands it into its synapses), so messages/step = rate × neurons.
import { intervalOverlap, type Interval } from '../ir/geometry.js';
import type { Edge, Graph, MappedCore, Shape } from '../ir/graph.js';
import { neededRegion } from '../ir/receptive.js';

export interface CommPair {
  readonly src: number;
  readonly dst: number;
  /** Source neurons the destination core needs. */
  readonly neurons: number;
  readonly edges: readonly string[];
  readonly messagesPerStep: number;
}

/** The needed source rows/cols of one destination core through one edge. */
export interface DestNeed {
  readonly dst: number;
  readonly edge: string;
  readonly rows: readonly Interval[];
  readonly cols: readonly Interval[];
}

export function coresByPopulation(cores: readonly MappedCore[]): Map<string, MappedCore[]> {
  const m = new Map<string, MappedCore[]>();
  for (const c of cores) {
    const list = m.get(c.population) ?? [];
    list.push(c);
    m.set(c.population, list);
  }
  return m;
}

function edgeNeeds(e: Edge, dsts: readonly MappedCore[], src: Shape): DestNeed[] {
  return dsts.map((d) => {
    const n = neededRegion(e, d.box, src);
    return { dst: d.id, edge: e.name, rows: n.rows, cols: n.cols };
  });
}

/** For each source core: every (destination core, edge) need that overlaps it, with the overlap count. */
export function sourceNeeds(g: Readonly<Graph>): Map<number, Array<DestNeed & { readonly neurons: number }>> {
  const byPop = coresByPopulation(g.cores);
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const out = new Map<number, Array<DestNeed & { readonly neurons: number }>>();
  for (const e of g.edges) {
    const srcCores = byPop.get(e.source) ?? [];
    const needs = edgeNeeds(e, byPop.get(e.target) ?? [], shapes.get(e.source) as Shape);
    for (const s of srcCores) {
      const b = s.box;
      for (const nd of needs) {
        const rows = intervalOverlap(nd.rows, b.y0, b.y1);
        if (rows === 0) continue;
        const cols = intervalOverlap(nd.cols, b.x0, b.x1);
        if (cols === 0) continue;
        const list = out.get(s.id) ?? [];
        list.push({ ...nd, neurons: (b.c1 - b.c0) * rows * cols });
        out.set(s.id, list);
      }
    }
  }
  return out;
}

/** Aggregate needs into one pair per (source core, destination core). */
export function commPairs(g: Readonly<Graph>, rates: ReadonlyMap<string, number>): CommPair[] {
  const out: CommPair[] = [];
  for (const [src, needs] of sourceNeeds(g)) {
    const rate = rates.get((g.cores[src] as MappedCore).population) ?? 0;
    const byDst = new Map<number, { neurons: number; edges: string[] }>();
    for (const nd of needs) {
      const p = byDst.get(nd.dst) ?? { neurons: 0, edges: [] };
      p.neurons += nd.neurons;
      p.edges.push(nd.edge);
      byDst.set(nd.dst, p);
    }
    for (const [dst, p] of [...byDst].sort((a, b) => a[0] - b[0])) out.push({ src, dst, neurons: p.neurons, edges: p.edges, messagesPerStep: rate * p.neurons });
  }
  return out.sort((a, b) => a.src - b.src || a.dst - b.dst);
}
