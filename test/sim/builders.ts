// Netlists for the simulator tests, built with the generated protobuf types and round-tripped through the
// codec: a tiny builder for hand-made netlists, and a seeded generator of small random ones covering every
// projection kind, skip connections, channel/row-split core mappings and mapped or unmapped inputs.
import { hsnn } from '../../proto/gen/netlist.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import type { SimNetlist } from '../../runtime-wasm/host/netlist.js';
import { mulberry32, randInt } from '../../core/random.js';
import type { Rand } from '../../core/random.js';

type Props = hsnn.netlist.Netlist.$Properties;
type PopP = hsnn.netlist.Population.$Properties;
type ProjP = hsnn.netlist.Projection.$Properties;
type CoreP = hsnn.netlist.Core.$Properties;
export type Format = 'INT8' | 'INT16' | 'FLOAT32';

const FORMAT = { INT8: 1, INT16: 2, FLOAT32: 3 } as const;

export function inputPop(H: number, W: number, C = 1): PopP {
  return { id: 0, name: 'input', kind: 1, channels: C, height: H, width: W, unit: 1 };
}

/** IF (reset subtract unless told) or integrator population; threshold/u0 given in both unit systems. */
export function neuronPop(id: number, kind: 'if' | 'integrator', C: number, H: number, W: number, v = 1, u0 = 0, reset: 1 | 2 = 1): PopP {
  return { id, name: `p${id}`, kind: kind === 'if' ? 2 : 3, channels: C, height: H, width: W, reset, threshold: v, u0, thresholdQ: v, u0Q: u0, unit: 0.5 };
}

export interface ProjSpec {
  kind: 'conv' | 'convT' | 'pool' | 'sparse' | 'dense';
  source: number; target: number;
  k?: [number, number]; s?: [number, number]; p?: [number, number];
  weights: number[];
  rowPtr?: number[]; col?: number[];
}

export function proj(id: number, x: ProjSpec, format: Format): ProjP {
  const kind = { conv: 1, convT: 2, pool: 3, sparse: 4, dense: 5 }[x.kind];
  // DENSE has no geometry (the reader requires its kernel, stride and pad fields to be 0).
  const one: [number, number] = x.kind === 'dense' ? [0, 0] : [1, 1];
  const [kh, kw] = x.k ?? one, [sh, sw] = x.s ?? one, [pt, pl] = x.p ?? [0, 0];
  const w = format === 'FLOAT32' ? { weightsF: x.weights } : { weightsQ: x.weights };
  return { id, name: `j${id}`, source: x.source, target: x.target, kind, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padTop: pt, padLeft: pl, scale: 0.5, csrRowPtr: x.rowPtr ?? [], csrCol: x.col ?? [], ...w };
}

export function netlistProps(format: Format, pops: PopP[], projs: ProjP[], T: number, cores: CoreP[] = [], target: hsnn.netlist.Target.$Properties = {}): Props {
  return { version: 1, name: 'test', timesteps: T, encoding: 1, seed: 7, numberFormat: FORMAT[format], readoutScale: 1, populations: pops, projections: projs, cores, target };
}

/** Encodes and decodes through the generated codec, then validates like `hsnn run` does. */
export function roundTrip(p: Props): SimNetlist {
  const bytes = hsnn.netlist.Netlist.encode(hsnn.netlist.Netlist.create(p)).finish();
  return decodeSimNetlist(bytes, 'test.netlist.pb');
}

export function encodeProps(p: Props): Uint8Array {
  return hsnn.netlist.Netlist.encode(hsnn.netlist.Netlist.create(p)).finish();
}

/** Output size of a conv over n with kernel k, stride s, pad p (pad both sides). */
const convOut = (n: number, k: number, s: number, p: number): number => Math.floor((n + 2 * p - k) / s) + 1;

export function weights(r: Rand, n: number, format: Format): number[] {
  if (format === 'FLOAT32') return Array.from({ length: n }, () => Math.fround((r() - 0.35) * 2));
  const max = format === 'INT8' ? 127 : 3000;
  return Array.from({ length: n }, () => randInt(r, -max / 3, max));
}

function sparse(r: Rand, ns: number, nt: number, format: Format): Required<Pick<ProjSpec, 'rowPtr' | 'col' | 'weights'>> {
  const rowPtr = [0], col: number[] = [];
  for (let i = 0; i < ns; i++) {
    for (let j = 0; j < nt; j++) if (r() < 0.25) col.push(j);
    rowPtr.push(col.length);
  }
  return { rowPtr, col, weights: weights(r, col.length, format) };
}

export interface Shape { C: number; H: number; W: number }

/** A random projection from `s` into a new population; returns the spec and the target shape. */
function randomEdge(r: Rand, s: Shape, format: Format): { spec: Omit<ProjSpec, 'source' | 'target'>; t: Shape } {
  const choice = randInt(r, 0, 3);
  const C = randInt(r, 1, 6);
  if (choice === 0) {
    const k = randInt(r, 1, 4), st = randInt(r, 1, 2), p = randInt(r, 0, Math.min(2, k - 1));
    const H = convOut(s.H, k, st, p), W = convOut(s.W, k, st, p);
    if (H >= 1 && W >= 1) return { spec: { kind: 'conv', k: [k, k], s: [st, st], p: [p, p], weights: weights(r, k * k * s.C * C, format) }, t: { C, H, W } };
  }
  if (choice === 1 && s.H * 2 <= 12) {
    const k = randInt(r, 1, 3), st = randInt(r, 1, 2), p = randInt(r, 0, k - 1);
    const H = (s.H - 1) * st + k - 2 * p, W = (s.W - 1) * st + k - 2 * p;
    if (H >= 1 && W >= 1) return { spec: { kind: 'convT', k: [k, k], s: [st, st], p: [p, p], weights: weights(r, k * k * s.C * C, format) }, t: { C, H, W } };
  }
  if (choice === 2 && s.H >= 2 && s.W >= 2) {
    const t = { C: s.C, H: Math.floor(s.H / 2), W: Math.floor(s.W / 2) };
    return { spec: { kind: 'pool', k: [2, 2], s: [2, 2], weights: weights(r, 1, format).map((w) => (format === 'FLOAT32' ? Math.abs(w) : Math.abs(w) + 1)) }, t };
  }
  const t = { C, H: randInt(r, 1, 4), W: randInt(r, 1, 4) };
  return { spec: { kind: 'sparse', ...sparse(r, s.C * s.H * s.W, t.C * t.H * t.W, format) }, t };
}

export function threshold(r: Rand, format: Format): number {
  return format === 'FLOAT32' ? Math.fround(0.5 + r() * 2) : format === 'INT8' ? randInt(r, 20, 300) : randInt(r, 500, 8000);
}

/** Rows of the random mapping's mesh: a core that draws a taken position moves up to the next free row. */
const MESH_HEIGHT = 256;

/** Random core mapping: each population split into channel × row blocks placed on a small mesh, one core
 *  per mesh position (as proto/decode.ts requires). */
export function randomCores(r: Rand, shapes: Shape[], mapInput: boolean): CoreP[] {
  const cores: CoreP[] = [];
  const taken = new Set<string>();
  shapes.forEach((s, p) => {
    if (p === 0 && !mapInput) return;
    const cs = randInt(r, 1, s.C), ys = randInt(r, 1, s.H);
    for (let a = 0; a < cs; a++) for (let b = 0; b < ys; b++) {
      const c0 = Math.floor((a * s.C) / cs), c1 = Math.floor(((a + 1) * s.C) / cs), y0 = Math.floor((b * s.H) / ys), y1 = Math.floor(((b + 1) * s.H) / ys);
      if (c1 <= c0 || y1 <= y0) continue;
      const x = randInt(r, 0, 8);
      let y = randInt(r, 0, 3);
      while (taken.has(`${x},${y}`)) y++;
      taken.add(`${x},${y}`);
      cores.push({ id: cores.length, chip: Math.floor(x / 3), x, y, population: p, c0, c1, y0, y1, x0: 0, x1: s.W, neurons: (c1 - c0) * (y1 - y0) * s.W });
    }
  });
  return cores;
}

/** A small random netlist (seeded): 2–4 IF populations, skip edges, every projection kind, random mapping. */
export function randomNetlist(seed: number, format: Format): Props {
  const r = mulberry32(seed);
  const shapes: Shape[] = [{ C: randInt(r, 1, 2), H: randInt(r, 3, 7), W: randInt(r, 3, 7) }];
  const pops: PopP[] = [inputPop(shapes[0]!.H, shapes[0]!.W, shapes[0]!.C)];
  const projs: ProjP[] = [];
  const n = randInt(r, 2, 4);
  for (let i = 1; i <= n + 1; i++) {
    const src = i === 1 ? 0 : randInt(r, Math.max(0, i - 2), i - 1);
    const e = randomEdge(r, shapes[src]!, format);
    const last = i === n + 1;
    const v = threshold(r, format);
    pops.push(neuronPop(i, last ? 'integrator' : 'if', e.t.C, e.t.H, e.t.W, v, format === 'FLOAT32' ? Math.fround(v * r() * 0.5) : Math.floor(v * r() * 0.5), r() < 0.7 ? 1 : 2));
    shapes.push(e.t);
    projs.push(proj(projs.length, { ...e.spec, source: src, target: i }, format));
    // A skip edge from an earlier population, as SPARSE (any shapes) or a same-geometry 1×1 conv.
    if (i >= 2 && r() < 0.5) {
      const s2 = randInt(r, 0, i - 2);
      const sp = shapes[s2]!;
      const spec: Omit<ProjSpec, 'source' | 'target'> = sp.H === e.t.H && sp.W === e.t.W
        ? { kind: 'conv', k: [1, 1], weights: weights(r, sp.C * e.t.C, format) }
        : { kind: 'sparse', ...sparse(r, sp.C * sp.H * sp.W, e.t.C * e.t.H * e.t.W, format) };
      projs.push(proj(projs.length, { ...spec, source: s2, target: i }, format));
    }
  }
  const mapped = r() < 0.8;
  const cores = mapped ? randomCores(r, shapes, r() < 0.5) : [];
  const target = { name: 'rand', cyclesPerSynop: randInt(r, 1, 3), cyclesPerNeuronUpdate: randInt(r, 0, 2), clockMhz: 100, hopLatencyNs: 4, barrierNs: 50, meshWidth: 3, meshHeight: MESH_HEIGHT };
  return netlistProps(format, pops, projs, randInt(r, 4, 12), cores, target);
}

/** A random image in [0, 1] with some exact 0s and 1s. */
export function randomImage(seed: number, n: number): Float32Array {
  const r = mulberry32(seed ^ 0x5bd1e995);
  return Float32Array.from({ length: n }, () => { const v = r(); return v < 0.2 ? 0 : v > 0.9 ? 1 : v; });
}

/**
 * A direct-input version of randomNetlist(seed): a new INPUT_ANALOG population (the old input's shape)
 * feeds the old input, now an IF population, through one 3×3 'same' CONV2D host current; everything else
 * shifts by one population. Mappings that left the old input unmapped are dropped (it now needs cores).
 */
export function randomDirectNetlist(seed: number, format: Format): Props {
  const base = randomNetlist(seed, format);
  const r = mulberry32(seed ^ 0x2545f491);
  const old = (base.populations ?? [])[0] as PopP;
  const C = old.channels ?? 1, H = old.height ?? 1, W = old.width ?? 1;
  const v = threshold(r, format);
  const first = neuronPop(1, 'if', randInt(r, 1, 3), H, W, v, format === 'FLOAT32' ? Math.fround(v * 0.3) : Math.floor(v * 0.3));
  const Cn = first.channels ?? 1;
  // Positive-leaning weights so the host current drives spikes; ×4 since no Poisson sampling thins it.
  const w = weights(r, 9 * C * Cn, format).map((x) => (format === 'FLOAT32' ? Math.fround(x * 2) : Math.max(-32767, Math.min(32767, x * 4))));
  const host = proj(0, { kind: 'conv', source: 0, target: 1, k: [3, 3], p: [1, 1], weights: format === 'INT8' ? w.map((x) => Math.max(-127, Math.min(127, x))) : w }, format);
  const shifted = (base.populations ?? []).slice(1).map((p) => ({ ...p, id: (p.id ?? 0) + 1 }));
  // The old input (C channels) is now `first` (Cn channels): projections out of it need Cn-channel weights.
  const rest = (base.projections ?? []).map((q): ProjP => {
    const fromOld = (q.source ?? 0) === 0;
    if (!fromOld || q.kind === 3 || q.kind === 4) return { ...q, source: (q.source ?? 0) + 1, target: (q.target ?? 0) + 1, ...(fromOld ? rewire(r, q, Cn, H, W, shifted, format) : {}) };
    const perIn = (q.kernelH ?? 1) * (q.kernelW ?? 1);
    const cout = (shifted[(q.target ?? 1) - 1]?.channels ?? 1);
    return { ...q, source: 1, target: (q.target ?? 0) + 1, ...(format === 'FLOAT32' ? { weightsF: weights(r, perIn * Cn * cout, format) } : { weightsQ: weights(r, perIn * Cn * cout, format) }) };
  });
  const pops = [{ ...inputPop(H, W, C), kind: 4 }, first, ...shifted];
  const oldMapped = (base.cores ?? []).some((k) => (k.population ?? 0) === 0);
  const cores = oldMapped ? (base.cores ?? []).map((k) => ({ ...k, population: (k.population ?? 0) + 1 })) : [];
  const projs = [host, ...rest].map((q, i) => ({ ...q, id: i, name: `j${i}` }));
  return { ...base, encoding: 2, populations: pops, projections: projs, cores: fixCoverage(cores, Cn), target: { ...base.target, hostInputCurrent: true } };
}

/** SUM_POOL needs equal channels and SPARSE a CSR over the new source's neurons: rebuild those from `first`. */
function rewire(r: Rand, q: ProjP, Cn: number, H: number, W: number, shifted: PopP[], format: Format): Partial<ProjP> {
  const t = shifted[(q.target ?? 1) - 1] as PopP;
  const nt = (t.channels ?? 1) * (t.height ?? 1) * (t.width ?? 1);
  if (q.kind === 4) {
    const s = sparse(r, Cn * H * W, nt, format);
    return format === 'FLOAT32' ? { csrRowPtr: s.rowPtr, csrCol: s.col, weightsF: s.weights } : { csrRowPtr: s.rowPtr, csrCol: s.col, weightsQ: s.weights };
  }
  // A pool out of the old input: turn it into a sparse projection of the same target (channel counts differ).
  const s = sparse(r, Cn * H * W, nt, format);
  return { kind: 4, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, csrRowPtr: s.rowPtr, csrCol: s.col, ...(format === 'FLOAT32' ? { weightsF: s.weights, weightsQ: [] } : { weightsQ: s.weights, weightsF: [] }) };
}

/** Cores of the old input covered its C channels; split by channel they must now cover the Cn channels of `first`. */
function fixCoverage(cores: CoreP[], Cn: number): CoreP[] {
  const mine = cores.filter((k) => k.population === 1);
  if (mine.length === 0) return cores;
  const others = cores.filter((k) => k.population !== 1);
  // One core per row band of the old mapping, all channels: exact coverage whatever the old channel split.
  const bands = [...new Map(mine.map((k) => [`${k.y0},${k.y1}`, k])).values()];
  const fixed = bands.map((k) => ({ ...k, c0: 0, c1: Cn, neurons: Cn * ((k.y1 ?? 0) - (k.y0 ?? 0)) * ((k.x1 ?? 0) - (k.x0 ?? 0)) }));
  return [...fixed, ...others].map((k, id) => ({ ...k, id }));
}
