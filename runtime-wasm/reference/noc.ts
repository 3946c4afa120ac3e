// Reference NoC accounting by brute force: walk every XY route link by link, collect the multicast tree
// as a set of links, and count chip crossings link by link. Deliberately shares no code with
// runtime-wasm/host/fanout.ts, whose closed-form counts the conformance suite checks against this.
import type { SimCore, SimNetlist } from '../host/netlist.js';

export interface SpikeNoc {
  messages: number; local: number; injections: number; hopsEW: number; hopsNS: number;
  chipUni: number; mcEW: number; mcNS: number; chipMc: number;
  /** Slowest route in integer picoseconds (per-hop latencies rounded to ps, as the counters define). */
  maxRoutePs: number;
}

const chipAt = (x: number, meshWidth: number): number => (meshWidth > 0 ? Math.floor(x / meshWidth) : 0);

/** Links of the XY route from a to b: x first, then y; each link as 'x,y>x2,y2'. */
export function xyRoute(a: SimCore, b: SimCore): string[] {
  const links: string[] = [];
  let x = a.x, y = a.y;
  while (x !== b.x) { const nx = x + Math.sign(b.x - x); links.push(`${x},${y}>${nx},${y}`); x = nx; }
  while (y !== b.y) { const ny = y + Math.sign(b.y - y); links.push(`${x},${y}>${x},${ny}`); y = ny; }
  return links;
}

function linkParts(link: string): { horizontal: boolean; crossesChip: (mw: number) => boolean } {
  const [from, to] = link.split('>') as [string, string];
  const [x1, y1] = from.split(',').map(Number) as [number, number];
  const [x2] = to.split(',').map(Number) as [number, number];
  void y1;
  return { horizontal: x1 !== x2, crossesChip: (mw) => chipAt(x1, mw) !== chipAt(x2, mw) };
}

/** NoC cost of one spike from `src` (undefined: not on a core) to the destination cores `dsts`. */
export function spikeNoc(net: SimNetlist, src: SimCore | undefined, dsts: readonly number[]): SpikeNoc {
  const r: SpikeNoc = { messages: 0, local: 0, injections: 0, hopsEW: 0, hopsNS: 0, chipUni: 0, mcEW: 0, mcNS: 0, chipMc: 0, maxRoutePs: 0 };
  if (dsts.length === 0) return r;
  if (src === undefined) { r.injections = dsts.length; return r; }
  const mw = net.target.meshWidth;
  const ewPs = Math.round(net.target.hopLatencyNs * 1000), nsPs = Math.round(net.target.hopLatencyNsNs * 1000);
  const tree = new Set<string>();
  for (const k of dsts) {
    const route = xyRoute(src, net.cores[k] as SimCore);
    r.messages++;
    if (route.length === 0) r.local++;
    let ps = 0;
    for (const link of route) {
      const l = linkParts(link);
      if (l.horizontal) r.hopsEW++; else r.hopsNS++;
      ps += l.horizontal ? ewPs : nsPs;
      if (l.crossesChip(mw)) r.chipUni++;
      tree.add(link);
    }
    r.maxRoutePs = Math.max(r.maxRoutePs, ps);
  }
  for (const link of tree) {
    const l = linkParts(link);
    if (l.horizontal) r.mcEW++; else r.mcNS++;
    if (l.crossesChip(mw)) r.chipMc++;
  }
  return r;
}
