// Which source neurons an edge needs for a slice of its target population (the conv halo). Partitioning
// counts them as fan-in axons; routing intersects them with source cores to find destinations.
import { convNeeded, convTNeeded, type Interval } from './geometry.js';
import { unreachable, type Box, type Edge, type Shape } from './graph.js';

/**
 * The needed source region: all source channels (dense conv) × row intervals × column intervals. A pool
 * is depthwise and needs only the core's own channels; counting all of them keeps fan-in and traffic
 * estimates conservative (upper bounds) when a pooling population is split by channel.
 */
export interface Needed {
  readonly channels: number;
  readonly rows: readonly Interval[];
  readonly cols: readonly Interval[];
}

export function neededRows(e: Edge, y0: number, y1: number, src: Shape): Interval[] {
  switch (e.kind) {
    case 'conv': case 'pool': case 'dense': return convNeeded(y0, y1, src.h, { k: e.kh, s: e.sh, p: e.pt });
    case 'convT': return convTNeeded(y0, y1, src.h, { k: e.kh, s: e.sh, p: e.pt });
    default: return unreachable(e);
  }
}

export function neededCols(e: Edge, x0: number, x1: number, src: Shape): Interval[] {
  switch (e.kind) {
    case 'conv': case 'pool': case 'dense': return convNeeded(x0, x1, src.w, { k: e.kw, s: e.sw, p: e.pl });
    case 'convT': return convTNeeded(x0, x1, src.w, { k: e.kw, s: e.sw, p: e.pl });
    default: return unreachable(e);
  }
}

export function neededRegion(e: Edge, box: Box, src: Shape): Needed {
  return { channels: src.c, rows: neededRows(e, box.y0, box.y1, src), cols: neededCols(e, box.x0, box.x1, src) };
}

/** Synapse weights a core holding output channels [c0, c1) stores for this edge (kernel kept once per core). */
export function weightsPerCore(e: Edge, outChannels: number): number {
  return e.kind === 'pool' ? 1 : e.kh * e.kw * e.cin * outChannels;
}
