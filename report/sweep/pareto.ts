// Sweep results as data: one point per (SNN checkpoint, T) with its Dice and its energy under every view
// of the fair matrix, the ANN's point, and the Pareto frontier (more Dice for less energy) per view.
// Pure; sweep-html.ts renders it and cli/commands/sweep.ts produces it.

export interface PointEnergy {
  readonly id: string;
  readonly title: string;
  readonly annPj: number;
  readonly snnPj: number;
  readonly mixesNodes: boolean;
}

export interface SweepPoint {
  /** Identifies the inputs (checkpoint hash, T, target, subjects): a recorded point with this key is reused. */
  readonly key: string;
  readonly name: string;
  readonly checkpoint: string;
  readonly T: number;
  readonly dice: number;
  readonly subjects: readonly string[];
  readonly meanRate: number;
  readonly views: readonly PointEnergy[];
}

export interface AnnPoint {
  readonly checkpoint: string;
  /** Mean 3D Dice over the same subjects, or null when it was not measured. */
  readonly dice: number | null;
  readonly subjects: readonly string[];
}

/** Indices of the points no other point dominates (Dice ≥ and energy ≤, one of them strictly). */
export function paretoFront(pts: readonly { readonly dice: number; readonly pj: number }[]): Set<number> {
  const front = new Set<number>();
  pts.forEach((p, i) => {
    const dominated = pts.some((q, j) => j !== i && q.dice >= p.dice && q.pj <= p.pj && (q.dice > p.dice || q.pj < p.pj));
    if (!dominated) front.add(i);
  });
  return front;
}

export interface ViewFront {
  readonly id: string;
  readonly title: string;
  readonly mixesNodes: boolean;
  /** The ANN's energy in this view (the same for every point: the ANN does not depend on T). */
  readonly annPj: number;
  readonly points: readonly { readonly name: string; readonly T: number; readonly dice: number; readonly pj: number; readonly front: boolean }[];
}

/** Per view of the first point, every point's energy and whether it is on the frontier. */
export function viewFronts(points: readonly SweepPoint[]): ViewFront[] {
  const first = points[0];
  if (first === undefined) return [];
  return first.views.map((v) => {
    const pts = points.map((p) => ({ name: p.name, T: p.T, dice: p.dice, pj: p.views.find((x) => x.id === v.id)?.snnPj ?? Number.NaN }));
    const front = paretoFront(pts);
    return { id: v.id, title: v.title, mixesNodes: v.mixesNodes, annPj: v.annPj, points: pts.map((p, i) => ({ ...p, front: front.has(i) })) };
  });
}
