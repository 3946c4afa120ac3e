// The mesh as the report draws it: each core at its global (x, y) with its load (SOPs) and traffic
// (NoC messages sent + received) per slice. Mesh size comes from the netlist's target when given,
// else from the largest coordinates the simulator reported.
import type { MappingInput, RunInput } from './inputs/types.js';

export interface CoreCell {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly chip: number;
  readonly population: string;
  readonly neurons: number;
  /** Per slice. */
  readonly sops: number;
  readonly messages: number;
}

export interface CoreMap {
  /** Global mesh size (chips tile along x). */
  readonly width: number;
  readonly height: number;
  readonly meshWidth: number;
  readonly chips: number;
  readonly cells: readonly CoreCell[];
}

export function coreMap(run: RunInput, mapping?: MappingInput): CoreMap | undefined {
  if (run.cores.length === 0) return undefined;
  const cells = run.cores.map((c) => ({
    id: c.id, x: c.x, y: c.y, chip: c.chip, population: c.population, neurons: c.neurons,
    sops: c.sops / run.slices, messages: (c.messagesOut + c.messagesIn) / run.slices,
  }));
  const maxX = Math.max(...cells.map((c) => c.x)) + 1;
  const maxY = Math.max(...cells.map((c) => c.y)) + 1;
  const chips = Math.max(...cells.map((c) => c.chip)) + 1;
  const meshWidth = mapping !== undefined && mapping.meshWidth > 0 ? mapping.meshWidth : run.meshWidth ?? Math.ceil(maxX / chips);
  const meshHeight = mapping !== undefined && mapping.meshHeight > 0 ? mapping.meshHeight : maxY;
  return { width: Math.max(maxX, meshWidth * chips), height: Math.max(maxY, meshHeight), meshWidth, chips, cells };
}
