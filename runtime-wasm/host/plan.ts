// Simulation plan: where every population lives in the wasm arrays and which core holds every neuron.
// Potentials are HWC with channels padded to Cp (a multiple of 4) for v128 rows; neuron ordinals (for
// fan-out and core tables) are HWC without padding: base(p) + (y·W + x)·C + c.
import type { SimNetlist, SimProjection } from './netlist.js';
import { buildFanout } from './fanout.js';
import type { Fanout } from './fanout.js';

export interface PopLayout {
  readonly Cp: number;
  /** Word offset of the population's potentials. */
  readonly potOff: number;
  /** Ordinal of its first neuron. */
  readonly base: number;
  /** Incoming projections are plan.order[inFirst … inFirst + inCount). */
  readonly inFirst: number;
  readonly inCount: number;
  readonly hasOut: boolean;
}

export interface Plan {
  readonly net: SimNetlist;
  readonly pops: readonly PopLayout[];
  /** Projections stably sorted by target population (the wasm execution order). */
  readonly order: readonly SimProjection[];
  readonly totalNeurons: number;
  readonly potentialWords: number;
  /** Core of each neuron ordinal, −1 where the population is not mapped. */
  readonly coreOf: Int32Array;
  /** Neurons each core updates per step (0 for input cores). */
  readonly updNeurons: Int32Array;
  readonly fanout: Fanout;
}

export const padChannels = (c: number): number => (c + 3) & ~3;

function layouts(net: SimNetlist, order: readonly SimProjection[]): PopLayout[] {
  const out: PopLayout[] = [];
  let pot = 0, base = 0, first = 0;
  for (const p of net.populations) {
    const inCount = order.filter((q) => q.target === p.id).length;
    const Cp = padChannels(p.C);
    out.push({ Cp, potOff: pot, base, inFirst: first, inCount, hasOut: net.projections.some((q) => q.source === p.id) });
    pot += p.H * p.W * Cp;
    base += p.H * p.W * p.C;
    first += inCount;
  }
  return out;
}

function coreTable(net: SimNetlist, pops: readonly PopLayout[], total: number): Int32Array {
  const coreOf = new Int32Array(total).fill(-1);
  for (const k of net.cores) {
    const p = net.populations[k.population];
    const L = pops[k.population];
    if (p === undefined || L === undefined) continue;
    for (let y = k.y0; y < k.y1; y++) {
      for (let x = k.x0; x < k.x1; x++) {
        const o = L.base + (y * p.W + x) * p.C;
        coreOf.fill(k.id, o + k.c0, o + k.c1);
      }
    }
  }
  return coreOf;
}

export function buildPlan(net: SimNetlist): Plan {
  const order = [...net.projections].sort((a, b) => a.target - b.target);
  const pops = layouts(net, order);
  const last = pops[pops.length - 1] as PopLayout;
  const lastPop = net.populations[net.populations.length - 1];
  const totalNeurons = last.base + (lastPop ? lastPop.C * lastPop.H * lastPop.W : 0);
  const potentialWords = last.potOff + (lastPop ? lastPop.H * lastPop.W * last.Cp : 0);
  const coreOf = coreTable(net, pops, totalNeurons);
  const updNeurons = Int32Array.from(net.cores, (k) => {
    const isInput = net.populations[k.population]?.kind === 'input';
    return isInput ? 0 : (k.c1 - k.c0) * (k.y1 - k.y0) * (k.x1 - k.x0);
  });
  const fanout = buildFanout(net, pops, coreOf);
  return { net, pops, order, totalNeurons, potentialWords, coreOf, updNeurons, fanout };
}
