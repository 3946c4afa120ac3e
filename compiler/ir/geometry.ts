// Conv geometry shared by validation, partitioning, routing and the quantisation simulator: output sizes,
// and which source rows/cols an output range needs (conv halos). Interval lists are sorted, disjoint,
// half-open [lo, hi), so counts and intersections with a core's slice are exact even when stride > kernel.

/** Per-axis geometry of a conv or transposed conv. */
export interface Axis {
  readonly k: number;
  readonly s: number;
  readonly p: number;
}

export type Interval = readonly [number, number];

/** Output length of a conv with symmetric padding p: ⌊(n + 2p − k) / s⌋ + 1. */
export function convOut(n: number, a: Axis): number {
  return Math.floor((n + 2 * a.p - a.k) / a.s) + 1;
}

/** Output length of a transposed conv: (n − 1)·s + k − 2p. */
export function convTOut(n: number, a: Axis): number {
  return (n - 1) * a.s + a.k - 2 * a.p;
}

function pushMerged(out: Array<[number, number]>, lo: number, hi: number): void {
  if (hi <= lo) return;
  const last = out[out.length - 1];
  if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
  else out.push([lo, hi]);
}

/** Source indices in [0, n) that a conv reads for outputs [o0, o1): ∪ [o·s − p, o·s − p + k). */
export function convNeeded(o0: number, o1: number, n: number, a: Axis): Interval[] {
  const out: Array<[number, number]> = [];
  if (a.s <= a.k) {
    pushMerged(out, Math.max(0, o0 * a.s - a.p), Math.min(n, (o1 - 1) * a.s - a.p + a.k));
    return out;
  }
  for (let o = o0; o < o1; o++) pushMerged(out, Math.max(0, o * a.s - a.p), Math.min(n, o * a.s - a.p + a.k));
  return out;
}

/** Source indices in [0, n) that a transposed conv needs for outputs [o0, o1): i with i·s + k' − p ∈ [o0, o1). */
export function convTNeeded(o0: number, o1: number, n: number, a: Axis): Interval[] {
  const lo = Math.max(0, Math.ceil((o0 + a.p - a.k + 1) / a.s));
  const hi = Math.min(n, Math.floor((o1 - 1 + a.p) / a.s) + 1);
  return hi > lo ? [[lo, hi]] : [];
}

export function intervalCount(list: readonly Interval[]): number {
  let n = 0;
  for (const [lo, hi] of list) n += hi - lo;
  return n;
}

/** |list ∩ [lo, hi)|. */
export function intervalOverlap(list: readonly Interval[], lo: number, hi: number): number {
  let n = 0;
  for (const [a, b] of list) n += Math.max(0, Math.min(b, hi) - Math.max(a, lo));
  return n;
}

export function inIntervals(list: readonly Interval[], i: number): boolean {
  for (const [a, b] of list) if (i >= a && i < b) return true;
  return false;
}
