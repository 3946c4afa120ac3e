// Core-mapping checks: every core holds an in-range slice of one population, slices of each non-input
// population cover its neurons exactly once (the input may stay unmapped: its spikes are then host
// injections), and each core's chip matches its mesh x (chips tile the mesh along x). No cores = unmapped.
import type { NetCore } from '../../proto/model.js';
import type { SimCore, SimPopulation, SimTarget } from './netlist.js';
import type { Problems } from './validate.js';

/** Chip of mesh column x (chips tile the plane along x). */
export function chipOfX(x: number, meshWidth: number): number {
  return meshWidth > 0 ? Math.floor(x / meshWidth) : 0;
}

function core(c: NetCore, k: number, pops: readonly SimPopulation[], tg: SimTarget, P: Problems): SimCore | undefined {
  const at = `core ${k}`;
  const s: SimCore = { id: c.id, chip: c.chip, x: c.x, y: c.y, population: c.population, c0: c.c0, c1: c.c1, y0: c.y0, y1: c.y1, x0: c.x0, x1: c.x1 };
  const p = pops[s.population];
  if (s.id !== k) P.add('HSNN4003', `${at}: id ${s.id} is not its index`);
  if (p === undefined) { P.add('HSNN4003', `${at}: population ${s.population} does not exist`); return undefined; }
  const inRange = s.c0 < s.c1 && s.c1 <= p.C && s.y0 < s.y1 && s.y1 <= p.H && s.x0 < s.x1 && s.x1 <= p.W;
  if (!inRange) {
    P.add('HSNN4003', `${at}: slice c[${s.c0},${s.c1}) y[${s.y0},${s.y1}) x[${s.x0},${s.x1}) is empty or outside population ${p.id} '${p.name}' (${p.C}, ${p.H}, ${p.W})`);
    return undefined;
  }
  const n = (s.c1 - s.c0) * (s.y1 - s.y0) * (s.x1 - s.x0);
  if (c.neurons !== n) P.add('HSNN4003', `${at}: neurons ${c.neurons} ≠ slice size ${n}`);
  if (s.chip !== chipOfX(s.x, tg.meshWidth)) P.add('HSNN4003', `${at}: chip ${s.chip} but mesh x ${s.x} lies on chip ${chipOfX(s.x, tg.meshWidth)} (mesh width ${tg.meshWidth})`);
  return s;
}

/** Marks each neuron's covering count; reports the first neuron covered 0 or 2+ times per population. */
function coverage(cores: readonly SimCore[], pops: readonly SimPopulation[], P: Problems): void {
  const counts = pops.map((p) => new Uint8Array(p.C * p.H * p.W));
  for (const s of cores) {
    const p = pops[s.population] as SimPopulation;
    const cnt = counts[s.population] as Uint8Array;
    for (let c = s.c0; c < s.c1; c++) {
      for (let y = s.y0; y < s.y1; y++) {
        for (let x = s.x0; x < s.x1; x++) {
          const i = c * p.H * p.W + y * p.W + x;
          cnt[i] = Math.min(255, (cnt[i] as number) + 1);
        }
      }
    }
  }
  for (const p of pops) {
    const cnt = counts[p.id] as Uint8Array;
    if (p.kind === 'input' && cnt.every((v) => v === 0)) continue;
    const bad = cnt.findIndex((v) => v !== 1);
    if (bad >= 0) P.add('HSNN4003', `population ${p.id} '${p.name}': neuron ${bad} is held by ${cnt[bad]} cores (must be exactly 1)`);
  }
}

export function validateCores(raw: readonly NetCore[], pops: readonly SimPopulation[], tg: SimTarget, P: Problems): SimCore[] {
  if (raw.length === 0) return [];
  const cores = raw.map((c, k) => core(c, k, pops, tg, P));
  if (cores.some((c) => c === undefined)) return [];
  const ok = cores as SimCore[];
  coverage(ok, pops, P);
  return ok;
}
