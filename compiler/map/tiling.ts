// Choose how to cut one population into core slices: channel groups of tc × spatial tiles of th × tw.
// Objective: fewest cores first, then least inbound spike traffic (halo duplication and channel splits
// both resend source spikes), then fewer channel splits and squarer tiles. Every candidate is checked
// against every per-core limit exactly (fan-in scanned over the real tiles, edge tiles included).
import { intervalCount } from '../ir/geometry.js';
import type { Box, Edge, Shape } from '../ir/graph.js';
import { neededCols, neededRows } from '../ir/receptive.js';
import { synapseBits } from './resources.js';

export interface CoreLimits {
  /** 0 = unlimited for each. */
  readonly neurons: number;
  readonly faninAxons: number;
  readonly synapseBits: number;
  readonly weightBits: number;
}

export interface Tiling {
  readonly tc: number;
  readonly th: number;
  readonly tw: number;
  readonly cores: number;
  /** Messages per step into the population's cores at the given source rates. */
  readonly trafficIn: number;
}

export type TilingResult =
  | { readonly ok: true; readonly tiling: Tiling; readonly boxes: readonly Box[] }
  | { readonly ok: false; readonly resource: 'fanin' | 'synapse'; readonly need: number; readonly limit: number };

/** Distinct tile sizes ⌈n / k⌉ for k = 1..n, largest first. */
export function tileSizes(n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    const t = Math.ceil(n / k);
    if (out[out.length - 1] !== t) out.push(t);
  }
  return out;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** Per edge: needed source rows (or cols) for each tile along one axis. */
function axisCounts(edges: readonly Edge[], shapes: ReadonlyMap<string, Shape>, n: number, t: number, rows: boolean): number[][] {
  return edges.map((e) => {
    const src = shapes.get(e.source) as Shape;
    const out: number[] = [];
    for (let a = 0; a < n; a += t) out.push(intervalCount(rows ? neededRows(e, a, Math.min(n, a + t), src) : neededCols(e, a, Math.min(n, a + t), src)));
    return out;
  });
}

interface FaninScan { readonly max: number; readonly sum: number }

/** Max fan-in over all tiles, and Σ over tiles of rate-weighted fan-in (inbound messages per channel group). */
function scanFanin(edges: readonly Edge[], shapes: ReadonlyMap<string, Shape>, rates: ReadonlyMap<string, number>, shape: Shape, th: number, tw: number, limit: number): FaninScan {
  const r = axisCounts(edges, shapes, shape.h, th, true);
  const c = axisCounts(edges, shapes, shape.w, tw, false);
  const cin = edges.map((e) => (shapes.get(e.source) as Shape).c);
  let sum = 0;
  edges.forEach((e, k) => {
    const rs = (r[k] as number[]).reduce((a, b) => a + b, 0);
    const cs = (c[k] as number[]).reduce((a, b) => a + b, 0);
    sum += (rates.get(e.source) ?? 0) * (cin[k] as number) * rs * cs;
  });
  const bound = edges.reduce((a, _e, k) => a + (cin[k] as number) * Math.max(0, ...(r[k] as number[])) * Math.max(0, ...(c[k] as number[])), 0);
  if (limit === 0 || bound <= limit) return { max: bound, sum };
  let max = 0;
  const nty = r[0]?.length ?? 0;
  const ntx = c[0]?.length ?? 0;
  for (let y = 0; y < nty; y++) {
    for (let x = 0; x < ntx; x++) {
      let f = 0;
      for (let k = 0; k < edges.length; k++) f += (cin[k] as number) * ((r[k] as number[])[y] as number) * ((c[k] as number[])[x] as number);
      if (f > max) max = f;
    }
  }
  return { max, sum };
}

export function tileBoxes(shape: Shape, tc: number, th: number, tw: number): Box[] {
  const out: Box[] = [];
  for (let y0 = 0; y0 < shape.h; y0 += th) {
    for (let x0 = 0; x0 < shape.w; x0 += tw) {
      for (let c0 = 0; c0 < shape.c; c0 += tc) out.push({ c0, c1: Math.min(shape.c, c0 + tc), y0, y1: Math.min(shape.h, y0 + th), x0, x1: Math.min(shape.w, x0 + tw) });
    }
  }
  return out;
}

interface Candidate { readonly tc: number; readonly th: number; readonly tw: number; readonly cores: number }

function candidates(shape: Shape, edges: readonly Edge[], lim: CoreLimits): Candidate[] {
  const out: Candidate[] = [];
  const hs = tileSizes(shape.h);
  const ws = tileSizes(shape.w);
  for (const tc of tileSizes(shape.c)) {
    if (lim.synapseBits > 0 && synapseBits(edges, tc, lim.weightBits) > lim.synapseBits) continue;
    for (const th of hs) {
      for (const tw of ws) {
        if (lim.neurons > 0 && tc * th * tw > lim.neurons) continue;
        out.push({ tc, th, tw, cores: ceilDiv(shape.c, tc) * ceilDiv(shape.h, th) * ceilDiv(shape.w, tw) });
      }
    }
  }
  return out.sort((a, b) => a.cores - b.cores);
}

function better(a: Tiling, b: Tiling | undefined): boolean {
  if (!b) return true;
  if (a.trafficIn !== b.trafficIn) return a.trafficIn < b.trafficIn;
  if (a.tc !== b.tc) return a.tc > b.tc;
  return Math.abs(a.th - a.tw) < Math.abs(b.th - b.tw);
}

/** Best tiling of one population within the limits, or the resource that no split can satisfy. */
export function chooseTiling(shape: Shape, edges: readonly Edge[], shapes: ReadonlyMap<string, Shape>, rates: ReadonlyMap<string, number>, lim: CoreLimits): TilingResult {
  const oneChannelBits = synapseBits(edges, 1, lim.weightBits);
  if (lim.synapseBits > 0 && oneChannelBits > lim.synapseBits) return { ok: false, resource: 'synapse', need: oneChannelBits, limit: lim.synapseBits };
  let best: Tiling | undefined;
  for (const cand of candidates(shape, edges, lim)) {
    if (best && cand.cores > best.cores) break;
    const scan = scanFanin(edges, shapes, rates, shape, cand.th, cand.tw, lim.faninAxons);
    if (lim.faninAxons > 0 && scan.max > lim.faninAxons) continue;
    const t: Tiling = { ...cand, trafficIn: scan.sum * ceilDiv(shape.c, cand.tc) };
    if (better(t, best)) best = t;
  }
  if (!best) {
    const need = scanFanin(edges, shapes, rates, shape, 1, 1, lim.faninAxons).max;
    return { ok: false, resource: 'fanin', need, limit: lim.faninAxons };
  }
  return { ok: true, tiling: best, boxes: tileBoxes(shape, best.tc, best.th, best.tw) };
}
