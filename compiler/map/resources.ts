// What one core needs to hold a population slice: neurons, synapse memory (each incoming conv kernel
// stored once per core, for the core's output channels) and fan-in axons (distinct source neurons,
// conv halos included, summed over incoming projections from distinct sources).
import { intervalCount } from '../ir/geometry.js';
import { boxVolume, type Box, type Edge, type Shape } from '../ir/graph.js';
import { neededCols, neededRows, weightsPerCore } from '../ir/receptive.js';

export interface SliceResources {
  readonly neurons: number;
  readonly synapseBits: number;
  readonly faninAxons: number;
}

export function synapseBits(edges: readonly Edge[], outChannels: number, weightBits: number): number {
  let n = 0;
  for (const e of edges) n += weightsPerCore(e, outChannels);
  return n * weightBits;
}

export function faninAxons(box: Box, edges: readonly Edge[], shapes: ReadonlyMap<string, Shape>): number {
  let n = 0;
  for (const e of edges) {
    const src = shapes.get(e.source) as Shape;
    n += src.c * intervalCount(neededRows(e, box.y0, box.y1, src)) * intervalCount(neededCols(e, box.x0, box.x1, src));
  }
  return n;
}

export function sliceResources(box: Box, edges: readonly Edge[], shapes: ReadonlyMap<string, Shape>, weightBits: number): SliceResources {
  return { neurons: boxVolume(box), synapseBits: synapseBits(edges, box.c1 - box.c0, weightBits), faninAxons: faninAxons(box, edges, shapes) };
}
