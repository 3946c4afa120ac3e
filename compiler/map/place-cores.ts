// Pass: place every core on the chip mesh. Chips tile the plane along x (chip k holds global columns
// [k·meshWidth, (k+1)·meshWidth)), so a multi-chip design is one wide grid and crossings are counted
// by the router pass. The objective is Σ messages/step × XY hops between communicating cores.
import { assert } from '../../core/errors.js';
import type { CompileContext } from '../context.js';
import { withReport, type Graph, type MappedCore } from '../ir/graph.js';
import { improvePlacement, placeGreedy, placementCost, type PlacementInput } from './placement.js';
import { commPairs } from './traffic.js';

/** Structural weight per needed neuron so silent layers still cluster (keeps placement stable). */
const STRUCTURE_WEIGHT = 1e-6;

function adjacency(g: Readonly<Graph>, rates: ReadonlyMap<string, number>): Array<Array<[number, number]>> {
  const m = new Map<number, Map<number, number>>();
  const add = (a: number, b: number, w: number): void => {
    const row = m.get(a) ?? new Map<number, number>();
    row.set(b, (row.get(b) ?? 0) + w);
    m.set(a, row);
  };
  for (const p of commPairs(g, rates)) {
    const w = p.messagesPerStep + STRUCTURE_WEIGHT * p.neurons;
    add(p.src, p.dst, w);
    add(p.dst, p.src, w);
  }
  return g.cores.map((c) => [...(m.get(c.id) ?? new Map<number, number>())]);
}

export function placeCores(g: Readonly<Graph>, ctx: CompileContext): Graph {
  if (g.cores.length === 0) return { ...g };
  const t = ctx.target;
  const chips = g.report.chips ?? Math.ceil(g.cores.length / t.coresPerChip);
  const gridW = chips * t.meshWidth;
  const fixed = new Map<number, number>();
  for (const c of g.cores) if (c.place) fixed.set(c.id, c.place.y * gridW + c.place.x);
  const rates = g.report.rates?.byPopulation ?? new Map<string, number>();
  const inp: PlacementInput = { cores: g.cores.length, gridW, gridH: t.meshHeight, adj: adjacency(g, rates), fixed, seed: ctx.options.seed, rounds: ctx.options.placementRounds };
  assert(inp.cores <= gridW * inp.gridH, `${inp.cores} cores fit ${chips} chips`);
  const slot = placeGreedy(inp);
  const greedy = placementCost(inp, slot);
  const moves = improvePlacement(inp, slot);
  const final = placementCost(inp, slot);
  const cores = g.cores.map((c): MappedCore => {
    const s = slot[c.id] as number;
    const x = s % gridW;
    return { ...c, place: { chip: Math.floor(x / t.meshWidth), x, y: Math.floor(s / gridW) } };
  });
  const note = `placement: Σ messages×hops per step ${greedy.toFixed(1)} greedy → ${final.toFixed(1)} after local search (${moves} moves, seed ${ctx.options.seed})`;
  return { ...g, cores, report: withReport(g, { chips, notes: [note] }) };
}
