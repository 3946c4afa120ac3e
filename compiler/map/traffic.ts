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

export type SourceNeeds = ReadonlyMap<number, ReadonlyArray<DestNeed & { readonly neurons: number }>>;

/** Memo per (immutable) edge list, keyed by the core slices, so passes mapping the same slices share it. */
const memo = new WeakMap<readonly Edge[], { key: string; needs: SourceNeeds }>();

function slicesKey(cores: readonly MappedCore[]): string {
  return cores.map((c) => `${c.population}:${c.box.c0},${c.box.c1},${c.box.y0},${c.box.y1},${c.box.x0},${c.box.x1}`).join(';');
}

/** For each source core: every (destination core, edge) need that overlaps it, with the overlap count. */
export function sourceNeeds(g: Readonly<Graph>): SourceNeeds {
  const key = slicesKey(g.cores);
  const hit = memo.get(g.edges);
  if (hit && hit.key === key) return hit.needs;
  const needs = computeNeeds(g);
  memo.set(g.edges, { key, needs });
  return needs;
}

/** Source cores indexed by their row band and column band, so a need visits only overlapping cores. */
interface BandIndex {
  readonly rows: readonly (readonly [number, number])[];
  readonly cols: readonly (readonly [number, number])[];
  readonly cells: ReadonlyMap<string, readonly MappedCore[]>;
}

function bandIndex(cores: readonly MappedCore[]): BandIndex {
  const rows = new Map<string, [number, number]>();
  const cols = new Map<string, [number, number]>();
  const cells = new Map<string, MappedCore[]>();
  for (const c of cores) {
    const b = c.box;
    rows.set(`${b.y0},${b.y1}`, [b.y0, b.y1]);
    cols.set(`${b.x0},${b.x1}`, [b.x0, b.x1]);
    const key = `${b.y0},${b.y1},${b.x0},${b.x1}`;
    const cell = cells.get(key) ?? [];
    cell.push(c);
    cells.set(key, cell);
  }
  return { rows: [...rows.values()], cols: [...cols.values()], cells };
}

function computeNeeds(g: Readonly<Graph>): Map<number, Array<DestNeed & { readonly neurons: number }>> {
  const byPop = coresByPopulation(g.cores);
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const out = new Map<number, Array<DestNeed & { readonly neurons: number }>>();
  for (const e of g.edges) {
    const index = bandIndex(byPop.get(e.source) ?? []);
    for (const nd of edgeNeeds(e, byPop.get(e.target) ?? [], shapes.get(e.source) as Shape)) {
      const rows = index.rows.map((r) => [r, intervalOverlap(nd.rows, r[0], r[1])] as const).filter(([, n]) => n > 0);
      const cols = index.cols.map((c) => [c, intervalOverlap(nd.cols, c[0], c[1])] as const).filter(([, n]) => n > 0);
      for (const [r, nr] of rows) {
        for (const [c, nc] of cols) {
          for (const s of index.cells.get(`${r[0]},${r[1]},${c[0]},${c[1]}`) ?? []) {
            const list = out.get(s.id) ?? [];
            list.push({ ...nd, neurons: (s.box.c1 - s.box.c0) * nr * nc });
            out.set(s.id, list);
          }
        }
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.dst - b.dst);
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
