// Dimension-order (XY) routing on the global mesh: x first, then y. A path is a list of directed links;
// hops = |dx| + |dy|. Chips tile along x, so chip crossings = |chip(source) − chip(destination)|.

export type Dir = 'E' | 'W' | 'N' | 'S';

export interface Link {
  readonly x: number;
  readonly y: number;
  readonly dir: Dir;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export function xyPath(a: Point, b: Point): Link[] {
  const out: Link[] = [];
  const sx = Math.sign(b.x - a.x);
  for (let x = a.x; x !== b.x; x += sx) out.push({ x, y: a.y, dir: sx > 0 ? 'E' : 'W' });
  const sy = Math.sign(b.y - a.y);
  for (let y = a.y; y !== b.y; y += sy) out.push({ x: b.x, y, dir: sy > 0 ? 'S' : 'N' });
  return out;
}

export function hops(a: Point, b: Point): number {
  return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
}

export function chipCrossings(a: Point, b: Point, meshWidth: number): number {
  return Math.abs(Math.floor(a.x / meshWidth) - Math.floor(b.x / meshWidth));
}

export function linkKey(l: Link): string {
  return `${l.x},${l.y},${l.dir}`;
}

/** Links in the union of the XY paths from `a` to every destination (the multicast tree). */
export function multicastTree(a: Point, dests: readonly Point[]): Set<string> {
  const s = new Set<string>();
  for (const d of dests) for (const l of xyPath(a, d)) s.add(linkKey(l));
  return s;
}
