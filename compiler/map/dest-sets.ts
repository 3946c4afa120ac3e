// Per source neuron, the set of destination cores that need it. A conv needs every source channel, so
// the set depends only on the neuron's (y, x): we visit each spatial position of each source core once
// and report the channels it stands for. Used for multicast trees, output axons and per-neuron fan-out.
import { inIntervals } from '../ir/geometry.js';
import type { Graph, MappedCore } from '../ir/graph.js';
import { sourceNeeds, type DestNeed } from './traffic.js';

/** `dests` is reused between calls: copy it to keep it. */
export type DestSetVisitor = (core: MappedCore, dests: readonly number[], neurons: number) => void;

/**
 * Calls visit(core, ascending destination cores, neurons with that set) for every position of every
 * source core (of the `only` populations, if given). A source core's needs are sorted by destination and
 * name each destination once (one projection per population pair), so no de-duplication is needed.
 */
export function forEachDestSet(g: Readonly<Graph>, visit: DestSetVisitor, only?: ReadonlySet<string>): void {
  const dests: number[] = [];
  for (const [src, needs] of sourceNeeds(g)) {
    const core = g.cores[src] as MappedCore;
    if (only && !only.has(core.population)) continue;
    const b = core.box;
    const channels = b.c1 - b.c0;
    for (let y = b.y0; y < b.y1; y++) {
      const rowNeeds = needs.filter((nd: DestNeed) => inIntervals(nd.rows, y));
      if (rowNeeds.length === 0) continue;
      for (let x = b.x0; x < b.x1; x++) {
        dests.length = 0;
        for (const nd of rowNeeds) if (inIntervals(nd.cols, x)) dests.push(nd.dst);
        if (dests.length > 0) visit(core, dests, channels);
      }
    }
  }
}

export interface NeuronFanout {
  /** Population → neurons that must reach more than `limit` destination cores, and the worst count. */
  readonly over: ReadonlyMap<string, { readonly neurons: number; readonly worst: number }>;
}

export function neuronFanout(g: Readonly<Graph>, limit: number, only?: ReadonlySet<string>): NeuronFanout {
  const over = new Map<string, { neurons: number; worst: number }>();
  forEachDestSet(g, (core, dests, neurons) => {
    if (dests.length <= limit) return;
    const o = over.get(core.population) ?? { neurons: 0, worst: 0 };
    o.neurons += neurons;
    o.worst = Math.max(o.worst, dests.length);
    over.set(core.population, o);
  }, only);
  return { over };
}
