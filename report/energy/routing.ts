// Routing energy: the exact total from the simulator's NoC counters, and its apportionment to the
// layers that send the spikes. Per message: Σ hops × E_hop(direction) + chip crossings × E_cross,
// or E_within for a message that stays on its core. Both unicast and multicast totals are reported.
import type { MappingInput, NocCounts, RunInput } from '../inputs/types.js';
import type { RoutingMode, SnnCosts } from './types.js';

export interface RoutingEnergy {
  readonly mode: RoutingMode;
  /** Per slice. */
  readonly unicastPj: number;
  readonly multicastPj: number;
  readonly hopEWPj: number;
  readonly hopNSPj: number;
  /** Energy charged under `mode`, per slice. */
  readonly pj: number;
  readonly notes: readonly string[];
}

/** E_hop by direction; a model that gives only one direction uses it for both. */
function hopCosts(c: SnnCosts): { ew: number; ns: number; note?: string } {
  const ew = c.hopEW?.pj;
  const ns = c.hopNS?.pj;
  if (ew !== undefined && ns !== undefined) return { ew, ns };
  if (ew === undefined && ns === undefined) return { ew: 0, ns: 0, note: 'no per-hop cost is published for this target; hops are not charged' };
  const one = (ew ?? ns) as number;
  return { ew: one, ns: one, note: `only one hop direction is costed; ${one} pJ is used for both` };
}

export function routingEnergy(noc: NocCounts, slices: number, c: SnnCosts): RoutingEnergy {
  const h = hopCosts(c);
  const local = noc.localMessages * (c.withinCore?.pj ?? 0);
  const cross = c.chipCrossing?.pj ?? 0;
  const unicast = (noc.hopsUnicastEW * h.ew + noc.hopsUnicastNS * h.ns + noc.chipCrossingsUnicast * cross + local) / slices;
  const multicast = (noc.hopsMulticastEW * h.ew + noc.hopsMulticastNS * h.ns + noc.chipCrossingsMulticast * cross + local) / slices;
  const notes: string[] = [];
  if (h.note !== undefined && !c.allIn) notes.push(`${h.note}.`);
  if (noc.hostInjections > 0) notes.push(`${Math.round(noc.hostInjections / slices).toLocaleString('en-US')} input spike deliveries per slice are host injections (unmapped Poisson input): no published cost, not charged.`);
  if (c.allIn) notes.push('All-in target: routing is inside the synop cost and not added.');
  const pj = c.allIn ? 0 : c.routing === 'multicast' ? multicast : unicast;
  return { mode: c.routing, unicastPj: unicast, multicastPj: multicast, hopEWPj: h.ew, hopNSPj: h.ns, pj, notes };
}

/** Mean routing cost of one message from each core, from its routes (weighted by the compiler's traffic estimate). */
function meanRouteCost(m: MappingInput, c: SnnCosts): Map<number, number> {
  const h = hopCosts(c);
  const at = new Map(m.cores.map((k) => [k.id, k]));
  const out = new Map<number, number>();
  for (const [src, dests] of m.routes) {
    const s = at.get(src);
    if (s === undefined || dests.length === 0) continue;
    const anyEst = dests.some((d) => d.estMessagesPerStep > 0);
    let num = 0;
    let den = 0;
    for (const d of dests) {
      const t = at.get(d.core);
      if (t === undefined) continue;
      const w = anyEst ? d.estMessagesPerStep : 1;
      const cost = d.hops === 0 ? (c.withinCore?.pj ?? 0) : Math.abs(t.x - s.x) * h.ew + Math.abs(t.y - s.y) * h.ns;
      num += w * cost;
      den += w;
    }
    if (den > 0) out.set(src, num / den);
  }
  return out;
}

/**
 * Shares of the routing total per sending population: Σ over its cores of messages out × mean route
 * cost (from the netlist when given, else 1). Shares sum to 1 whenever any core sent a message.
 */
export function routingShares(run: RunInput, costs: SnnCosts, mapping?: MappingInput): Map<string, number> {
  const mean = mapping !== undefined ? meanRouteCost(mapping, costs) : undefined;
  const byMessages = (useMean: boolean): Map<string, number> => {
    const weight = new Map<string, number>();
    for (const core of run.cores) {
      const w = core.messagesOut * (useMean ? (mean?.get(core.id) ?? 1) : 1);
      weight.set(core.population, (weight.get(core.population) ?? 0) + w);
    }
    return weight;
  };
  let weight = byMessages(true);
  // Routes that all cost 0 under this model give no weights; fall back to plain message counts.
  if (sum(weight) === 0) weight = byMessages(false);
  const total = sum(weight);
  return new Map([...weight].map(([pop, w]) => [pop, total > 0 ? w / total : 0]));
}

function sum(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
