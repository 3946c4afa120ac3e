// Fan-out tables: for every neuron, what one of its spikes costs when delivered — SOPs per destination
// core, NoC messages, unicast hops (XY routes), the multicast tree and chip crossings. Computed once per
// netlist; neurons with the same source core and destination list share one deduplicated set record.
// The reference simulator counts the same quantities by brute force; the conformance suite compares them.
import type { SimCore, SimNetlist, SimPopulation, SimProjection } from './netlist.js';
import type { PopLayout } from './plan.js';
import { chipOfX } from './validate-cores.js';
import { userError } from '../../core/errors.js';

export const SET_WORDS = 16;
export const ENTRY_WORDS = 4;

export interface Fanout {
  /** Set index of every neuron ordinal. */
  readonly fanIdx: Uint32Array;
  /** SET_WORDS per set: srcCore, entryStart, entryCount, sops, messages, local, injections, hopsEW, hopsNS,
   * chipUni, mcEW, mcNS, chipMc, maxRoutePs, 0, 0 (layout.ts SetRec). */
  readonly sets: Int32Array;
  /** ENTRY_WORDS per entry: destination core (−1 unmapped), target population, SOPs, 0. */
  readonly entries: Int32Array;
}

/** Output pixels (oy·OW + ox) a spike at (y, x) reaches through projection q. */
export function touchedPixels(q: SimProjection, t: SimPopulation, y: number, x: number): number[] {
  if (q.kind === 'dense') return [0]; // every source neuron reaches the (C, 1, 1) target's one pixel
  const out: number[] = [];
  const rows: number[] = [], cols: number[] = [];
  for (let ky = 0; ky < q.kh; ky++) {
    if (q.kind === 'convT') { const oy = y * q.sh + ky - q.pt; if (oy >= 0 && oy < t.H) rows.push(oy); continue; }
    const ny = y + q.pt - ky;
    if (ny >= 0 && ny % q.sh === 0 && ny / q.sh < t.H) rows.push(ny / q.sh);
  }
  for (let kx = 0; kx < q.kw; kx++) {
    if (q.kind === 'convT') { const ox = x * q.sw + kx - q.pl; if (ox >= 0 && ox < t.W) cols.push(ox); continue; }
    const nx = x + q.pl - kx;
    if (nx >= 0 && nx % q.sw === 0 && nx / q.sw < t.W) cols.push(nx / q.sw);
  }
  for (const oy of rows) for (const ox of cols) out.push(oy * t.W + ox);
  return out;
}

/** Destination key: a core id, or −1 − population when the target is not mapped. */
type Dest = Map<number, number>;

function add(d: Dest, key: number, sops: number): void {
  d.set(key, (d.get(key) ?? 0) + sops);
}

interface Ctx {
  readonly net: SimNetlist;
  readonly pops: readonly PopLayout[];
  readonly coreOf: Int32Array;
  /** Per population, per pixel: [core, channels held] pairs flattened. */
  readonly pixelCores: readonly (readonly number[][])[];
}

function pixelCores(net: SimNetlist): number[][][] {
  const out = net.populations.map((p) => Array.from({ length: p.H * p.W }, () => [] as number[]));
  for (const k of net.cores) {
    const p = net.populations[k.population] as SimPopulation;
    const table = out[k.population] as number[][];
    for (let y = k.y0; y < k.y1; y++) for (let x = k.x0; x < k.x1; x++) (table[y * p.W + x] as number[]).push(k.id, k.c1 - k.c0);
  }
  return out;
}

function addProjection(ctx: Ctx, d: Dest, q: SimProjection, c: number, y: number, x: number): void {
  const s = ctx.net.populations[q.source] as SimPopulation, t = ctx.net.populations[q.target] as SimPopulation;
  const mapped = ctx.net.cores.length > 0;
  if (q.kind === 'sparse') {
    const r = (c * s.H + y) * s.W + x;
    for (let k = q.rowPtr[r] as number; k < (q.rowPtr[r + 1] as number); k++) {
      const n = q.col[k] as number, tc = Math.floor(n / (t.H * t.W)), pix = n % (t.H * t.W);
      add(d, mapped ? ctx.coreOf[(ctx.pops[t.id] as PopLayout).base + pix * t.C + tc] as number : -1 - t.id, 1);
    }
    return;
  }
  for (const pix of touchedPixels(q, t, y, x)) {
    if (!mapped) { add(d, -1 - t.id, q.kind === 'pool' ? 1 : t.C); continue; }
    if (q.kind === 'pool') { add(d, ctx.coreOf[(ctx.pops[t.id] as PopLayout).base + pix * t.C + c] as number, 1); continue; }
    const holders = (ctx.pixelCores[t.id] as number[][])[pix] as number[];
    for (let i = 0; i < holders.length; i += 2) add(d, holders[i] as number, holders[i + 1] as number);
  }
}

/** Hop latency in integer picoseconds, so route latencies add exactly in both simulators. */
export const hopPs = (ns: number): number => Math.round(ns * 1000);

/** Set record words 3..13 for a spike from `src` (undefined: unmapped source) to the destinations. */
function setWords(net: SimNetlist, src: SimCore | undefined, dests: readonly (readonly [number, number])[]): number[] {
  const sops = dests.reduce((a, [, s]) => a + s, 0);
  const mapped = net.cores.length > 0;
  if (!mapped || dests.length === 0) return [sops, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (src === undefined) return [sops, 0, 0, dests.length, 0, 0, 0, 0, 0, 0, 0];
  const mw = net.target.meshWidth;
  const ewPs = hopPs(net.target.hopLatencyNs), nsPs = hopPs(net.target.hopLatencyNsNs);
  let local = 0, ew = 0, ns = 0, chip = 0, maxPs = 0, minX = src.x, maxX = src.x;
  const cols = new Map<number, [number, number]>();
  for (const [k] of dests) {
    const d = net.cores[k] as SimCore;
    const dx = Math.abs(d.x - src.x), dy = Math.abs(d.y - src.y);
    if (dx + dy === 0) local++;
    ew += dx; ns += dy; maxPs = Math.max(maxPs, dx * ewPs + dy * nsPs);
    chip += Math.abs(chipOfX(d.x, mw) - chipOfX(src.x, mw));
    minX = Math.min(minX, d.x); maxX = Math.max(maxX, d.x);
    const span = cols.get(d.x) ?? [src.y, src.y];
    cols.set(d.x, [Math.min(span[0], d.y), Math.max(span[1], d.y)]);
  }
  let mcNS = 0;
  for (const [lo, hi] of cols.values()) mcNS += hi - lo;
  const mcChip = chipOfX(maxX, mw) - chipOfX(minX, mw);
  if (maxPs > 0x7fffffff) throw userError('HSNN4003', `netlist ${net.name}: a route takes ${maxPs} ps, beyond the simulator's 2^31 ps counter (check hop latencies and mesh coordinates)`);
  return [sops, dests.length, local, 0, ew, ns, chip, maxX - minX, mcNS, mcChip, maxPs];
}

class Tables {
  readonly lists = new Map<string, number>();
  readonly listData: (readonly (readonly [number, number])[])[] = [];
  readonly sets = new Map<string, number>();
  readonly setWords: number[] = [];
  readonly entryWords: number[] = [];
  readonly listStart: number[] = [];

  constructor(readonly net: SimNetlist) {}

  list(d: Dest): number {
    const dests = [...d.entries()].sort((a, b) => a[0] - b[0]);
    const key = dests.map(([k, s]) => `${k}:${s}`).join(',');
    let id = this.lists.get(key);
    if (id === undefined) {
      id = this.listData.length;
      this.lists.set(key, id);
      this.listData.push(dests);
      this.listStart.push(this.entryWords.length / ENTRY_WORDS);
      for (const [k, s] of dests) {
        const pop = k >= 0 ? (this.net.cores[k] as SimCore).population : -1 - k;
        this.entryWords.push(k >= 0 ? k : -1, pop, s, 0);
      }
    }
    return id;
  }

  set(srcCore: number, listId: number): number {
    const key = `${srcCore}|${listId}`;
    let id = this.sets.get(key);
    if (id === undefined) {
      id = this.setWords.length / SET_WORDS;
      this.sets.set(key, id);
      const dests = this.listData[listId] as (readonly [number, number])[];
      const words = setWords(this.net, srcCore >= 0 ? this.net.cores[srcCore] : undefined, dests);
      this.setWords.push(srcCore, this.listStart[listId] as number, dests.length, ...words, 0, 0);
    }
    return id;
  }
}

/** Builds the fan-out set of every neuron. */
export function buildFanout(net: SimNetlist, pops: readonly PopLayout[], coreOf: Int32Array): Fanout {
  const ctx: Ctx = { net, pops, coreOf, pixelCores: pixelCores(net) };
  const T = new Tables(net);
  const fanIdx = new Uint32Array(coreOf.length);
  for (const s of net.populations) {
    const out = net.projections.filter((q) => q.source === s.id);
    const spatial = out.every((q) => q.kind === 'conv' || q.kind === 'convT' || q.kind === 'dense');
    const base = (pops[s.id] as PopLayout).base;
    for (let y = 0; y < s.H; y++) {
      for (let x = 0; x < s.W; x++) {
        let shared = -1;
        for (let c = 0; c < s.C; c++) {
          if (shared < 0 || !spatial) {
            const d: Dest = new Map();
            for (const q of out) addProjection(ctx, d, q, c, y, x);
            shared = T.list(d);
          }
          const o = base + (y * s.W + x) * s.C + c;
          fanIdx[o] = T.set(coreOf[o] as number, shared);
        }
      }
    }
  }
  return { fanIdx, sets: Int32Array.from(T.setWords), entries: Int32Array.from(T.entryWords) };
}
