// Placement of cores on a grid of slots, minimising Σ traffic(a, b) × (|xa − xb| + |ya − yb|) — spike
// messages per step times XY hops. Greedy first (each core goes to the free slot that is cheapest
// against its already-placed neighbours, searched in rings around their weighted median), then a local
// search that moves or swaps cores while that lowers the cost. Seeded, so placement is deterministic.
import { hashSeed, mulberry32 } from '../../core/random.js';

export interface PlacementInput {
  readonly cores: number;
  readonly gridW: number;
  readonly gridH: number;
  /** Symmetric adjacency: adj[a] lists [b, weight]. */
  readonly adj: readonly (readonly (readonly [number, number])[])[];
  /** Cores whose slot is fixed in advance (index = y·gridW + x). */
  readonly fixed: ReadonlyMap<number, number>;
  readonly seed: number;
  readonly rounds: number;
}

const RING_EXTRA = 2;

export function placementCost(inp: PlacementInput, slot: Int32Array): number {
  let c = 0;
  for (let a = 0; a < inp.cores; a++) for (const [b, w] of inp.adj[a] ?? []) if (b > a) c += w * dist(inp.gridW, slot[a] as number, slot[b] as number);
  return c;
}

function dist(gw: number, s: number, t: number): number {
  return Math.abs((s % gw) - (t % gw)) + Math.abs(Math.floor(s / gw) - Math.floor(t / gw));
}

/** The adjacency flattened once per input (CSR): the cost function is the hot loop of the search. */
interface FlatAdj { readonly start: Int32Array; readonly nbr: Int32Array; readonly w: Float64Array }
const flatCache = new WeakMap<PlacementInput['adj'], FlatAdj>();

function flat(inp: PlacementInput): FlatAdj {
  const hit = flatCache.get(inp.adj);
  if (hit) return hit;
  const start = new Int32Array(inp.cores + 1);
  for (let a = 0; a < inp.cores; a++) start[a + 1] = (start[a] as number) + (inp.adj[a]?.length ?? 0);
  const nbr = new Int32Array(start[inp.cores] as number);
  const w = new Float64Array(nbr.length);
  for (let a = 0; a < inp.cores; a++) (inp.adj[a] ?? []).forEach(([b, x], k) => { nbr[(start[a] as number) + k] = b; w[(start[a] as number) + k] = x; });
  const f = { start, nbr, w };
  flatCache.set(inp.adj, f);
  return f;
}

/** Cost of core a at slot s against its neighbours that are placed (slot ≥ 0), skipping `skip`. */
function costAt(inp: PlacementInput, slot: Int32Array, a: number, s: number, skip: number): number {
  const f = flat(inp);
  const gw = inp.gridW;
  const sx = s % gw;
  const sy = (s - sx) / gw;
  let c = 0;
  for (let k = f.start[a] as number, end = f.start[a + 1] as number; k < end; k++) {
    const b = f.nbr[k] as number;
    const sb = slot[b] as number;
    if (b === skip || sb < 0) continue;
    const bx = sb % gw;
    c += (f.w[k] as number) * (Math.abs(sx - bx) + Math.abs(sy - (sb - bx) / gw));
  }
  return c;
}

/** Weighted median of placed neighbours (minimises the L1 cost), or `fallback`. */
function medianSlot(inp: PlacementInput, slot: Int32Array, a: number, fallback: number): number {
  const xs: Array<[number, number]> = [];
  const ys: Array<[number, number]> = [];
  for (const [b, w] of inp.adj[a] ?? []) {
    const sb = slot[b] as number;
    if (sb < 0) continue;
    xs.push([sb % inp.gridW, w + 1e-12]);
    ys.push([Math.floor(sb / inp.gridW), w + 1e-12]);
  }
  if (xs.length === 0) return fallback;
  const med = (v: Array<[number, number]>): number => {
    v.sort((p, q) => p[0] - q[0]);
    const half = v.reduce((s, p) => s + p[1], 0) / 2;
    let acc = 0;
    for (const [x, w] of v) { acc += w; if (acc >= half) return x; }
    return (v[v.length - 1] as [number, number])[0];
  };
  return med(ys) * inp.gridW + med(xs);
}

/** Slots in diamond rings of radius r0..r1 around slot c (a plain array: generators allocate per step). */
function ring(inp: PlacementInput, c: number, r0: number, r1: number): number[] {
  const out: number[] = [];
  const cx = c % inp.gridW;
  const cy = Math.floor(c / inp.gridW);
  for (let r = r0; r <= r1; r++) {
    for (let dx = -r; dx <= r; dx++) {
      const x = cx + dx;
      if (x < 0 || x >= inp.gridW) continue;
      const dy = r - Math.abs(dx);
      if (cy + dy < inp.gridH) out.push((cy + dy) * inp.gridW + x);
      if (dy !== 0 && cy - dy >= 0) out.push((cy - dy) * inp.gridW + x);
    }
  }
  return out;
}

function hasFree(inp: PlacementInput, owner: Int32Array, c: number, r: number): boolean {
  return ring(inp, c, r, r).some((s) => (owner[s] as number) < 0);
}

function bestFreeSlot(inp: PlacementInput, slot: Int32Array, owner: Int32Array, a: number, centre: number): number {
  const maxR = inp.gridW + inp.gridH;
  for (let r = 0; r <= maxR; r++) {
    if (!hasFree(inp, owner, centre, r)) continue;
    let best = -1;
    let bestCost = Infinity;
    for (const s of ring(inp, centre, r, r + RING_EXTRA)) {
      if ((owner[s] as number) >= 0) continue;
      const c = costAt(inp, slot, a, s, -1);
      if (c < bestCost) { bestCost = c; best = s; }
    }
    return best;
  }
  throw new Error('internal assertion failed: placement ran out of free slots');
}

export function placeGreedy(inp: PlacementInput): Int32Array {
  const slot = new Int32Array(inp.cores).fill(-1);
  const owner = new Int32Array(inp.gridW * inp.gridH).fill(-1);
  for (const [a, s] of inp.fixed) { slot[a] = s; owner[s] = a; }
  let last = 0;
  for (let a = 0; a < inp.cores; a++) {
    if ((slot[a] as number) >= 0) continue;
    const s = bestFreeSlot(inp, slot, owner, a, medianSlot(inp, slot, a, last));
    slot[a] = s;
    owner[s] = a;
    last = s;
  }
  return slot;
}

/** Move/swap improvement; returns the number of accepted moves. */
export function improvePlacement(inp: PlacementInput, slot: Int32Array): number {
  const owner = new Int32Array(inp.gridW * inp.gridH).fill(-1);
  slot.forEach((s, a) => { owner[s] = a; });
  const rand = mulberry32(hashSeed(inp.seed, 0x9a1ace));
  let moves = 0;
  for (let round = 0; round < inp.rounds; round++) {
    let improved = 0;
    const order = Array.from({ length: inp.cores }, (_x, i) => i);
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j] as number, order[i] as number]; }
    for (const a of order) {
      if (inp.fixed.has(a)) continue;
      const sa = slot[a] as number;
      for (const s of ring(inp, medianSlot(inp, slot, a, sa), 0, RING_EXTRA)) {
        const b = owner[s] as number;
        if (s === sa || (b >= 0 && inp.fixed.has(b))) continue;
        let delta = costAt(inp, slot, a, s, b) - costAt(inp, slot, a, sa, b);
        if (b >= 0) delta += costAt(inp, slot, b, sa, a) - costAt(inp, slot, b, s, a);
        if (delta >= -1e-12) continue;
        slot[a] = s; owner[s] = a; owner[sa] = b;
        if (b >= 0) slot[b] = sa;
        improved++;
        break;
      }
    }
    moves += improved;
    if (improved === 0) break;
  }
  return moves;
}
