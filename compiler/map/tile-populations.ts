// Tile every population onto cores (targets with many small cores: Loihi, TrueNorth, generic), then
// tighten the populations whose cores exceed the output-axon limit: each retry lowers that population's
// neurons per core in proportion to its worst overflow, which shrinks every core's fan-out.
import type { Box, Edge, MappedCore, NeuronNode, Shape } from '../ir/graph.js';
import { sliceResources } from './resources.js';
import { chooseTiling, type CoreLimits, type TilingResult } from './tiling.js';

export interface TileFailure {
  readonly population: NeuronNode;
  readonly result: Extract<TilingResult, { ok: false }>;
}

export interface TileContext {
  readonly into: ReadonlyMap<string, readonly Edge[]>;
  readonly shapes: ReadonlyMap<string, Shape>;
  readonly rates: ReadonlyMap<string, number>;
  readonly limits: CoreLimits;
}

/** Tile one population with an optional tighter neuron cap. */
export function tilePopulation(n: NeuronNode, tc: TileContext, neuronCap: number): TilingResult {
  const limits = { ...tc.limits, neurons: neuronCap };
  return chooseTiling(n.shape, tc.into.get(n.name) ?? [], tc.shapes, tc.rates, limits);
}

/** Cores of every population in order; ids are positions in the returned list. */
export function buildCores(pops: readonly NeuronNode[], boxes: ReadonlyMap<string, readonly Box[]>, tc: TileContext, weightBits: number): MappedCore[] {
  const cores: MappedCore[] = [];
  for (const n of pops) {
    const edges = tc.into.get(n.name) ?? [];
    for (const box of boxes.get(n.name) ?? []) {
      const r = sliceResources(box, edges, tc.shapes, weightBits);
      cores.push({ id: cores.length, population: n.name, box, ...r, fanoutAxons: 0, estSpikesPerStep: (tc.rates.get(n.name) ?? 0) * r.neurons });
    }
  }
  return cores;
}

export function tileAll(pops: readonly NeuronNode[], tc: TileContext): { boxes: Map<string, readonly Box[]>; failures: TileFailure[] } {
  const boxes = new Map<string, readonly Box[]>();
  const failures: TileFailure[] = [];
  for (const n of pops) {
    const r = tilePopulation(n, tc, tc.limits.neurons);
    if (r.ok) boxes.set(n.name, r.boxes);
    else failures.push({ population: n, result: r });
  }
  return { boxes, failures };
}
