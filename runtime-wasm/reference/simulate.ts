// The reference simulator: the executable definition of proto/SEMANTICS.md. Obviously correct loops straight
// from the formulas in proto/netlist.proto, CHW indices, brute-force counting of every SOP and NoC message;
// slow on purpose. A direct input's projection is a host current (proto/direct-input.ts). Each step follows
// SEMANTICS.md "Order of one step" (leak, bias, host current, then each add in spike-list order), so float32
// state agrees with the wasm simulator bit for bit.
import { poissonSpike, probabilityThreshold24 } from '../../core/poisson-rng.js';
import type { SimMode, SimStats } from '../host/stats.js';
import type { SimNetlist, SimPopulation, SimProjection } from '../host/netlist.js';
import { statsFromCounters, SERIES_KEYS } from '../host/collect.js';
import type { RawCounters } from '../host/collect.js';
import { spikeNoc } from './noc.js';
import { directCurrent } from '../../proto/direct-input.js';

export interface ReferenceResult {
  /** Readout potentials (float units), CHW. */
  readonly U: Float32Array;
  /** spikes[t][population] = sorted CHW indices of the neurons that fired at step t. */
  readonly spikes: readonly (readonly Uint32Array[])[];
  readonly stats: SimStats;
}

/** One synaptic addition: source neuron, target neuron (CHW), weight. */
type Add = (src: number, tgt: number, w: number) => void;

/** Calls add(...) for every (spiking source, target, weight) triple of projection q, by the proto formulas. */
function gather(q: SimProjection, s: SimPopulation, t: SimPopulation, spikes: Uint8Array, add: Add): void {
  const sIdx = (c: number, y: number, x: number): number => (c * s.H + y) * s.W + x;
  const tIdx = (c: number, y: number, x: number): number => (c * t.H + y) * t.W + x;
  if (q.kind === 'sparse') {
    for (let i = 0; i < spikes.length; i++) {
      if (spikes[i]) for (let k = q.rowPtr[i] as number; k < (q.rowPtr[i + 1] as number); k++) add(i, q.col[k] as number, q.weights[k] as number);
    }
    return;
  }
  if (q.kind === 'dense') {
    for (let i = 0; i < spikes.length; i++) if (spikes[i]) for (let j = 0; j < t.C; j++) add(i, j, q.weights[i * t.C + j] as number);
    return;
  }
  for (let co = 0; co < t.C; co++) for (let oy = 0; oy < t.H; oy++) for (let ox = 0; ox < t.W; ox++) {
    for (let ky = 0; ky < q.kh; ky++) for (let kx = 0; kx < q.kw; kx++) {
      if (q.kind === 'pool') {
        const iy = oy * q.sh + ky - q.pt, ix = ox * q.sw + kx - q.pl;
        if (iy >= 0 && iy < s.H && ix >= 0 && ix < s.W && spikes[sIdx(co, iy, ix)]) add(sIdx(co, iy, ix), tIdx(co, oy, ox), q.weights[0] as number);
        continue;
      }
      for (let ci = 0; ci < s.C; ci++) {
        let iy: number, ix: number;
        if (q.kind === 'conv') { iy = oy * q.sh + ky - q.pt; ix = ox * q.sw + kx - q.pl; } else {
          // transposed: oy = iy·sh + ky − pt
          iy = (oy + q.pt - ky) / q.sh; ix = (ox + q.pl - kx) / q.sw;
          if (!Number.isInteger(iy) || !Number.isInteger(ix)) continue;
        }
        if (iy < 0 || iy >= s.H || ix < 0 || ix >= s.W || !spikes[sIdx(ci, iy, ix)]) continue;
        add(sIdx(ci, iy, ix), tIdx(co, oy, ox), q.weights[((ky * q.kw + kx) * s.C + ci) * t.C + co] as number);
      }
    }
  }
}

/** core[p][i] = core holding neuron i (CHW) of population p, or −1. */
function coreMaps(net: SimNetlist): Int32Array[] {
  const maps = net.populations.map((p) => new Int32Array(p.C * p.H * p.W).fill(-1));
  for (const k of net.cores) {
    const p = net.populations[k.population] as SimPopulation;
    for (let c = k.c0; c < k.c1; c++) for (let y = k.y0; y < k.y1; y++) for (let x = k.x0; x < k.x1; x++) (maps[k.population] as Int32Array)[(c * p.H + y) * p.W + x] = k.id;
  }
  return maps;
}

interface Run {
  readonly net: SimNetlist;
  readonly integer: boolean;
  readonly u: (Int32Array | Float32Array)[];
  readonly coreOf: Int32Array[];
  readonly row: number[];
  readonly coreStep: number[];
  readonly popSpikes: number[];
  readonly popSops: number[];
  readonly cores: number[][];
  /** 'sourcePop:neuron' → destination cores of that spike in the step being delivered. */
  readonly pending: Map<string, Set<number>>;
  /** Host current per population (CHW; direct input only), and the MACs spent on it. */
  readonly bias: Map<number, Int32Array | Float32Array>;
  inputMacs: number;
}

/** The direct input's host currents, summed per target population, and their MACs. */
function hostCurrents(r: Run, image: Float32Array): void {
  if (r.net.encoding !== 'direct') return;
  const s = r.net.populations[0] as SimPopulation;
  for (const q of r.net.projections.filter((x) => x.source === 0)) {
    const t = r.net.populations[q.target] as SimPopulation;
    const { current, macs } = directCurrent({ ...q, src: s, tgt: t }, image, r.integer);
    const into = r.bias.get(t.id);
    if (into) current.forEach((v, i) => { into[i] = r.integer ? ((into[i] as number) + v) | 0 : (into[i] as number) + v; });
    else r.bias.set(t.id, current);
    r.inputMacs += macs;
  }
}

/** Position of source neuron i (CHW) in its spike list: the encoder emits CHW order, an IF population
 * HWC order (y, x, c), as the wasm lists hold them (SEMANTICS.md "Order of one step"). */
function listRank(s: SimPopulation, i: number): number {
  if (s.kind === 'input') return i;
  const plane = s.H * s.W;
  return (i % plane) * s.C + Math.floor(i / plane);
}

/** Synaptic adds of one step into a population, flat (target CHW, weight) pairs in the order they are applied. */
type Adds = number[];

/** Sorts one projection's (rank, target, weight) triples by source rank (stably) and appends (target, weight). */
function appendByRank(out: Adds, triples: readonly number[]): void {
  const idx = Array.from({ length: triples.length / 3 }, (_, k) => k);
  idx.sort((a, b) => (triples[3 * a] as number) - (triples[3 * b] as number));
  for (const k of idx) out.push(triples[3 * k + 1] as number, triples[3 * k + 2] as number);
}

/** The synaptic adds of population p from `spikes` (the delivered step's spikes): incoming projections in
 * netlist order, each in its source's spike-list order (float32 sums depend on it; integer sums do not).
 * Counts every SOP and notes each delivered spike's destination cores (target populations when unmapped) in r.pending. */
function integrate(r: Run, p: SimPopulation, spikes: readonly Uint8Array[]): Adds {
  const adds: Adds = [];
  for (const q of r.net.projections.filter((x) => x.target === p.id)) {
    const s = r.net.populations[q.source] as SimPopulation;
    const triples: number[] = [];
    gather(q, s, p, spikes[q.source] as Uint8Array, (src, tgt, w) => {
      if (r.integer) adds.push(tgt, w);
      else triples.push(listRank(s, src), tgt, w);
      r.popSops[p.id] = (r.popSops[p.id] as number) + 1;
      const k = (r.coreOf[p.id] as Int32Array)[tgt] as number;
      if (k >= 0) r.coreStep[k] = (r.coreStep[k] as number) + 1;
      r.row[0] = (r.row[0] as number) + 1;
      const key = `${q.source}:${src}`;
      const set = r.pending.get(key) ?? new Set<number>();
      set.add(k >= 0 ? k : -1 - p.id);
      r.pending.set(key, set);
    });
    if (!r.integer) appendByRank(adds, triples);
  }
  return adds;
}

/** Charges every delivered spike of the step: one message per destination core, routes walked link by link. */
function flushMessages(r: Run): void {
  const col = (name: string): number => SERIES_KEYS.indexOf(name as (typeof SERIES_KEYS)[number]);
  for (const [key, set] of r.pending) {
    const [pop, idx] = key.split(':').map(Number) as [number, number];
    const srcCore = (r.coreOf[pop] as Int32Array)[idx] as number;
    const cores = [...set].filter((k) => k >= 0);
    const n = spikeNoc(r.net, srcCore >= 0 ? r.net.cores[srcCore] : undefined, cores);
    for (const [name, v] of Object.entries(n)) {
      const c = col(name);
      r.row[c] = name === 'maxRoutePs' ? Math.max(r.row[c] as number, v) : (r.row[c] as number) + v;
    }
    if (srcCore >= 0) {
      bump(r.cores[srcCore], 2, n.messages);
      for (const k of cores) bump(r.cores[k], 3, 1);
    }
  }
  r.pending.clear();
}

/** Leaky IF: before the step's input, u ← (u·leak) >> 12 (integer, exact in doubles: |u·leak| < 2^44) or u·leak (f32). */
function leak(r: Run, p: SimPopulation): void {
  const m = p.leak;
  if (m === undefined) return;
  const u = r.u[p.id] as Int32Array | Float32Array;
  for (let i = 0; i < u.length; i++) u[i] = r.integer ? Math.floor(((u[i] as number) * m) / 4096) : Math.fround((u[i] as number) * m);
}

/** One step of population p in the order of SEMANTICS.md: leak, u += bias, u += host current (direct input,
 * t < T), then every synaptic add one at a time (each rounded to float32, or wrapped to int32), then fire
 * (strict >) and reset; returns the spike vector. A Float32Array store rounds each sum to float32. */
function fire(r: Run, p: SimPopulation, adds: Adds, host: Int32Array | Float32Array | undefined): Uint8Array {
  const u = r.u[p.id] as Int32Array | Float32Array;
  const out = new Uint8Array(u.length);
  const sum = (a: number, b: number): number => (r.integer ? (a + b) | 0 : a + b);
  leak(r, p);
  const plane = p.H * p.W;
  for (let i = 0; i < u.length; i++) {
    if (p.bias) u[i] = sum(u[i] as number, p.bias[Math.floor(i / plane)] as number);
    if (host) u[i] = sum(u[i] as number, host[i] as number);
  }
  for (let k = 0; k < adds.length; k += 2) u[adds[k] as number] = sum(u[adds[k] as number] as number, adds[k + 1] as number);
  for (let i = 0; i < u.length; i++) {
    if (p.kind !== 'if' || !((u[i] as number) > p.threshold)) continue;
    out[i] = 1;
    u[i] = p.reset === 'zero' ? 0 : r.integer ? ((u[i] as number) - p.threshold) | 0 : (u[i] as number) - p.threshold;
  }
  return out;
}

function encode(net: SimNetlist, image: Float32Array, seed: number, t: number, T: number): Uint8Array {
  const out = new Uint8Array(image.length);
  if (t >= T || net.encoding === 'direct') return out;
  for (let i = 0; i < image.length; i++) out[i] = poissonSpike(seed, t, i, probabilityThreshold24(image[i] as number)) ? 1 : 0;
  void net;
  return out;
}

function closeStep(r: Run, series: number[][]): void {
  let active = 0, maxC = 0, sumC = 0;
  r.net.cores.forEach((k, i) => {
    const isInput = r.net.populations[k.population]?.kind === 'input';
    const upd = isInput ? 0 : (k.c1 - k.c0) * (k.y1 - k.y0) * (k.x1 - k.x0);
    const sops = r.coreStep[i] as number;
    const cyc = sops * r.net.target.cyclesPerSynop + upd * r.net.target.cyclesPerNeuronUpdate;
    const c = r.cores[i];
    bump(c, 0, sops); bump(c, 4, cyc);
    if (sops > 0) { active++; bump(c, 5, 1); }
    maxC = Math.max(maxC, cyc); sumC += cyc;
    r.coreStep[i] = 0;
  });
  r.row[12] = active; r.row[13] = maxC; r.row[14] = sumC;
  series.push([...r.row]);
  r.row.fill(0);
}

/** Simulates one slice (image: input CHW floats in [0, 1]) for T encoder steps. */
export interface ReferenceOptions {
  readonly mode?: SimMode;
  readonly T?: number;
  readonly file?: string;
  /** Called after every step with every population's potentials (CHW, simulation units; live arrays, copy to keep). */
  readonly onState?: (t: number, u: readonly (Int32Array | Float32Array)[]) => void;
}

export function referenceSimulate(net: SimNetlist, image: Float32Array, sliceSeed: number, opts: ReferenceOptions = {}): ReferenceResult {
  const mode = opts.mode ?? 'zero-delay', T = opts.T ?? net.T;
  const integer = net.format !== 'FLOAT32';
  const r: Run = {
    net, integer,
    u: net.populations.map((p) => { const n = p.C * p.H * p.W; const a = integer ? new Int32Array(n) : new Float32Array(n); return a.fill(p.kind === 'if' ? p.u0 : 0); }),
    coreOf: coreMaps(net), row: new Array<number>(SERIES_KEYS.length).fill(0), coreStep: new Array<number>(net.cores.length).fill(0),
    popSpikes: new Array<number>(net.populations.length).fill(0), popSops: new Array<number>(net.populations.length).fill(0),
    cores: net.cores.map(() => [0, 0, 0, 0, 0, 0]), pending: new Map(), bias: new Map(), inputMacs: 0,
  };
  hostCurrents(r, image);
  const steps = mode === 'pipelined' ? T + net.depth : T;
  const spikes: Uint32Array[][] = [];
  const series: number[][] = [];
  let prev = net.populations.map((p) => new Uint8Array(p.C * p.H * p.W));
  for (let t = 0; t < steps; t++) {
    const cur: Uint8Array[] = [encode(net, image, sliceSeed >>> 0, t, T)];
    for (const p of net.populations.slice(1)) cur.push(fire(r, p, integrate(r, p, mode === 'pipelined' ? prev : cur), t < T ? r.bias.get(p.id) : undefined));
    flushMessages(r);
    cur.forEach((s, q) => countSpikes(r, q, s));
    closeStep(r, series);
    spikes.push(cur.map(indicesOf));
    opts.onState?.(t, r.u);
    prev = cur;
  }
  return finish(r, spikes, series, { mode, T, file: opts.file ?? net.name });
}

function bump(a: number[] | undefined, i: number, v: number): void {
  if (a) a[i] = (a[i] as number) + v;
}

function indicesOf(s: Uint8Array): Uint32Array {
  const out: number[] = [];
  s.forEach((v, i) => { if (v) out.push(i); });
  return Uint32Array.from(out);
}

function countSpikes(r: Run, q: number, s: Uint8Array): void {
  const n = s.reduce((a, v) => a + v, 0);
  r.popSpikes[q] = (r.popSpikes[q] as number) + n;
  r.row[q === 0 ? 2 : 1] = (r.row[q === 0 ? 2 : 1] as number) + n;
  s.forEach((v, i) => {
    const k = (r.coreOf[q] as Int32Array)[i] as number;
    if (v && k >= 0) bump(r.cores[k], 1, 1);
  });
}

function finish(r: Run, spikes: Uint32Array[][], series: number[][], o: { mode: SimMode; T: number; file: string }): ReferenceResult {
  const raw: RawCounters = { steps: series.length, series, popSpikes: r.popSpikes, popSops: r.popSops, cores: r.cores, inputMacs: r.inputMacs };
  const p = r.net.populations[r.net.readout] as SimPopulation;
  const U = Float32Array.from(r.u[r.net.readout] as Int32Array | Float32Array, (v) => v * p.unit);
  return { U, spikes, stats: statsFromCounters(r.net, o.file, o.mode, o.T, raw) };
}
