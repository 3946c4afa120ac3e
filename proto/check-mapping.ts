// decodeNetlist's mapping stage: every core inside its population and on the mesh, no neuron on two
// cores, every mapped population fully covered, and every route's hops and chip crossings equal to
// what XY routing between the two cores' coordinates gives.
import type { hsnn } from './gen/netlist.js';
import { n0, type NetProblem } from './check-netlist.js';
import { DECODE_LIMITS as L } from './limits.js';

type Pb = hsnn.netlist.Netlist;
type PbCore = hsnn.netlist.Core.$Properties;

function checkCore(m: Pb, c: PbCore, i: number, out: NetProblem[]): boolean {
  const at = `core ${i}`;
  if (n0(c.id) !== i) out.push({ code: 'HSNN2304', message: `${at}: id ${n0(c.id)} is not its index` });
  const p = m.populations[n0(c.population)];
  if (!p) { out.push({ code: 'HSNN2304', message: `${at}: population ${n0(c.population)} does not exist` }); return false; }
  const [c0, c1, y0, y1, x0, x1] = [c.c0, c.c1, c.y0, c.y1, c.x0, c.x1].map(n0) as [number, number, number, number, number, number];
  if (!(c0 < c1 && c1 <= n0(p.channels) && y0 < y1 && y1 <= n0(p.height) && x0 < x1 && x1 <= n0(p.width))) {
    out.push({ code: 'HSNN2307', message: `${at}: slice [${c0},${c1})×[${y0},${y1})×[${x0},${x1}) is empty or outside population '${p.name ?? ''}'` });
    return false;
  }
  if (n0(c.neurons) !== (c1 - c0) * (y1 - y0) * (x1 - x0)) out.push({ code: 'HSNN2307', message: `${at}: ${n0(c.neurons)} neurons for a slice of ${(c1 - c0) * (y1 - y0) * (x1 - x0)}` });
  const t = m.target;
  if (t && n0(t.meshWidth) > 0 && (n0(c.y) >= n0(t.meshHeight) || n0(c.chip) !== Math.floor(n0(c.x) / n0(t.meshWidth)))) {
    out.push({ code: 'HSNN2307', message: `${at}: position (${n0(c.x)}, ${n0(c.y)}) on chip ${n0(c.chip)} is off the ${n0(t.meshWidth)}×${n0(t.meshHeight)} mesh of that chip` });
  }
  return true;
}

/** Per population: the volumes first (cheap, bounds the work), then an exact coverage bitmap. */
function checkCoverage(m: Pb, out: NetProblem[]): void {
  const volume = new Map<number, number>();
  for (const c of m.cores) volume.set(n0(c.population), (volume.get(n0(c.population)) ?? 0) + n0(c.neurons));
  m.populations.forEach((p, i) => {
    const n = n0(p.channels) * n0(p.height) * n0(p.width);
    const v = volume.get(i) ?? 0;
    if (v === 0 && i === 0) return;
    if (v !== n) out.push({ code: 'HSNN2307', message: `population ${i} '${p.name ?? ''}': cores hold ${v} of its ${n} neurons` });
  });
  if (out.length > 0) return;
  const bits = new Map<number, Uint8Array>();
  for (const c of m.cores) {
    const p = m.populations[n0(c.population)] as hsnn.netlist.Population.$Properties;
    const [H, W] = [n0(p.height), n0(p.width)];
    const b = bits.get(n0(c.population)) ?? new Uint8Array(n0(p.channels) * H * W);
    bits.set(n0(c.population), b);
    for (let ch = n0(c.c0); ch < n0(c.c1); ch++) for (let y = n0(c.y0); y < n0(c.y1); y++) {
      const row = (ch * H + y) * W;
      for (let x = n0(c.x0); x < n0(c.x1); x++) {
        if (b[row + x] === 1) { out.push({ code: 'HSNN2307', message: `core ${n0(c.id)}: neuron (${ch}, ${y}, ${x}) of population ${n0(c.population)} is on two cores` }); return; }
        b[row + x] = 1;
      }
    }
  }
}

function checkRoutes(m: Pb, out: NetProblem[]): void {
  let dests = 0;
  const mw = n0(m.target?.meshWidth);
  for (const [ri, r] of m.routes.entries()) {
    const s = m.cores[n0(r.sourceCore)];
    if (!s) { out.push({ code: 'HSNN2304', message: `route ${ri}: source core ${n0(r.sourceCore)} does not exist` }); continue; }
    dests += (r.destinations ?? []).length;
    if (dests > L.maxDestinations) { out.push({ code: 'HSNN2303', message: `more than ${L.maxDestinations} route destinations` }); return; }
    for (const d of r.destinations ?? []) {
      const t = m.cores[n0(d.core)];
      const at = `route ${ri} (core ${n0(r.sourceCore)} → ${n0(d.core)})`;
      if (!t) { out.push({ code: 'HSNN2304', message: `${at}: destination core does not exist` }); continue; }
      const hops = Math.abs(n0(s.x) - n0(t.x)) + Math.abs(n0(s.y) - n0(t.y));
      if (n0(d.hops) !== hops) out.push({ code: 'HSNN2307', message: `${at}: ${n0(d.hops)} hops, XY routing gives |dx|+|dy| = ${hops}` });
      if (mw > 0 && n0(d.chipCrossings) !== Math.abs(n0(s.chip) - n0(t.chip))) out.push({ code: 'HSNN2307', message: `${at}: ${n0(d.chipCrossings)} chip crossings, chips ${n0(s.chip)} → ${n0(t.chip)}` });
      for (const pi of d.projections ?? []) {
        const p = m.projections[pi];
        if (!p) out.push({ code: 'HSNN2304', message: `${at}: projection ${pi} does not exist` });
        else if (n0(p.source) !== n0(s.population) || n0(p.target) !== n0(t.population)) out.push({ code: 'HSNN2307', message: `${at}: projection ${pi} does not connect these cores' populations` });
      }
      if (!Number.isFinite(n0(d.estMessagesPerStep))) out.push({ code: 'HSNN2308', message: `${at}: message estimate is not finite` });
    }
  }
}

export function checkMapping(m: Pb): NetProblem[] {
  const out: NetProblem[] = [];
  if (m.cores.length === 0) {
    if (m.routes.length > 0) out.push({ code: 'HSNN2307', message: `${m.routes.length} routes but no cores` });
    return out;
  }
  const seen = new Set<string>();
  let ok = true;
  m.cores.forEach((c, i) => {
    ok = checkCore(m, c, i, out) && ok;
    const key = `${n0(c.x)},${n0(c.y)}`;
    if (seen.has(key)) out.push({ code: 'HSNN2307', message: `core ${i}: mesh position (${key}) is already taken` });
    seen.add(key);
  });
  if (!ok || out.length > 0) return out;
  checkCoverage(m, out);
  checkRoutes(m, out);
  return out;
}
