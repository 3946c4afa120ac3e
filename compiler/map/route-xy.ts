// Pass: route every core-to-core spike flow with XY dimension-order routing. Per source core: each
// destination's hops (|dx| + |dy|), chip crossings, projections carried and messages per step, and the
// multicast tree (union of the XY paths). Estimates per-link load under unicast, and the link traversals
// per step under multicast (each spike travels the tree of exactly the cores that need that neuron).
import type { CompileContext } from '../context.js';
import { withReport, type CoreRoute, type Graph, type MappedCore, type RouteDest } from '../ir/graph.js';
import { forEachDestSet } from './dest-sets.js';
import { commPairs, type CommPair } from './traffic.js';
import { chipCrossings, hops, linkKey, multicastTree, xyPath, type Point } from './xy.js';

function pointOf(c: MappedCore | undefined): Point {
  if (!c?.place) throw new Error(`internal assertion failed: core ${c?.id} is placed before routing`);
  return c.place;
}

function routesOf(g: Readonly<Graph>, pairs: readonly CommPair[], meshWidth: number): CoreRoute[] {
  const bySrc = new Map<number, CommPair[]>();
  for (const p of pairs) {
    const list = bySrc.get(p.src) ?? [];
    list.push(p);
    bySrc.set(p.src, list);
  }
  return [...bySrc].sort((a, b) => a[0] - b[0]).map(([src, list]) => {
    const a = pointOf(g.cores[src]);
    const dests = list.map((p): RouteDest => {
      const b = pointOf(g.cores[p.dst]);
      return { core: p.dst, hops: hops(a, b), chipCrossings: chipCrossings(a, b, meshWidth), edges: p.edges, messagesPerStep: p.messagesPerStep };
    });
    return { sourceCore: src, dests, multicastTreeLinks: multicastTree(a, list.map((p) => pointOf(g.cores[p.dst]))).size };
  });
}

function linkLoads(g: Readonly<Graph>, pairs: readonly CommPair[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const p of pairs) {
    for (const l of xyPath(pointOf(g.cores[p.src]), pointOf(g.cores[p.dst]))) {
      const k = linkKey(l);
      loads.set(k, (loads.get(k) ?? 0) + p.messagesPerStep);
    }
  }
  return loads;
}

/** Σ over source neurons of rate × size of the multicast tree to the cores that need that neuron. */
function multicastHops(g: Readonly<Graph>, rates: ReadonlyMap<string, number>): number {
  const cache = new Map<string, number>();
  let total = 0;
  forEachDestSet(g, (core, dests, neurons) => {
    const key = `${core.id}:${dests.join(',')}`;
    let size = cache.get(key);
    if (size === undefined) {
      size = multicastTree(pointOf(core), dests.map((d) => pointOf(g.cores[d]))).size;
      cache.set(key, size);
    }
    total += (rates.get(core.population) ?? 0) * neurons * size;
  });
  return total;
}

export function routeXY(g: Readonly<Graph>, ctx: CompileContext): Graph {
  if (g.cores.length === 0) return { ...g };
  const rates = g.report.rates?.byPopulation ?? new Map<string, number>();
  const pairs = commPairs(g, rates);
  const routes = routesOf(g, pairs, ctx.target.meshWidth);
  const loads = [...linkLoads(g, pairs).values()];
  const used = loads.filter((v) => v > 0);
  const traffic = {
    multicastHopsPerStep: multicastHops(g, rates),
    maxLinkMessagesPerStep: loads.reduce((a, b) => Math.max(a, b), 0),
    meanLinkMessagesPerStep: used.length > 0 ? used.reduce((a, b) => a + b, 0) / used.length : 0,
    linksUsed: loads.length,
  };
  return { ...g, routes, report: withReport(g, { traffic }) };
}
