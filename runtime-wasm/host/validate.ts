// Checks a decoded netlist for everything the simulators rely on and collects every problem (HSNN400x,
// naming the population, projection or core at fault). Whatever passes here is also re-checked for
// memory safety inside the wasm module (assembly/check.ts), so a host bug cannot make it write out of bounds.
import { hsnn } from '../../proto/gen/netlist.js';
import type { Diagnostic } from '../../cli/errors.js';
import type { NumberFormatName, SimCore, SimNetlist, SimPopulation, SimProjection, SimTarget } from './netlist.js';
import { validateCores } from './validate-cores.js';
import { MAX_DIRECT_TAPS } from '../../proto/direct-input.js';

type NL = hsnn.netlist.Netlist.$Properties;
type Pop = hsnn.netlist.Population.$Properties;
type Proj = hsnn.netlist.Projection.$Properties;

/** Largest population (neurons) and kernel side the simulators accept. */
export const LIMITS = { neuronsPerPopulation: 1 << 26, totalNeurons: 1 << 28, kernel: 255, stride: 255, pad: 255, side: 65535, T: 1 << 20 } as const;

const FORMATS: Record<number, NumberFormatName> = { 1: 'INT8', 2: 'INT16', 3: 'FLOAT32' };
const WEIGHT_MAX: Record<NumberFormatName, number> = { INT8: 127, INT16: 32767, FLOAT32: Infinity };

export interface Problems {
  readonly list: Diagnostic[];
  add(code: string, message: string): void;
}

function sink(file: string): Problems {
  const list: Diagnostic[] = [];
  return { list, add: (code, message) => { list.push({ code, message: `netlist ${file}: ${message}` }); } };
}

const int = (v: number | null | undefined): number => v ?? 0;
const isInt = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

function population(p: Pop, i: number, format: NumberFormatName, P: Problems): SimPopulation | undefined {
  const name = p.name ?? '';
  const at = `population ${i} '${name}'`;
  // INPUT_ANALOG (4) is the input of a DIRECT netlist; checkDirect ties it to the encoding.
  const kind = p.kind === 1 || p.kind === 4 ? 'input' : p.kind === 2 ? 'if' : p.kind === 3 ? 'integrator' : undefined;
  if (kind === undefined) { P.add('HSNN4001', `${at}: kind ${String(p.kind)} is not INPUT_POISSON, INPUT_ANALOG, IF_NEURON or INTEGRATOR`); return undefined; }
  if ((i === 0) !== (kind === 'input')) P.add('HSNN4001', `${at}: populations[0] must be the only INPUT_POISSON / INPUT_ANALOG population`);
  if (int(p.id) !== i) P.add('HSNN4001', `${at}: id ${int(p.id)} is not its index`);
  const C = int(p.channels), H = int(p.height), W = int(p.width);
  if (!(isInt(C, 1, LIMITS.side) && isInt(H, 1, LIMITS.side) && isInt(W, 1, LIMITS.side)) || C * H * W > LIMITS.neuronsPerPopulation) {
    P.add('HSNN4001', `${at}: shape (${C}, ${H}, ${W}) must be positive, each side ≤ ${LIMITS.side}, ≤ ${LIMITS.neuronsPerPopulation} neurons`);
    return undefined;
  }
  const reset = p.reset === 2 ? 'zero' : 'subtract';
  if (kind === 'if' && p.reset !== 1 && p.reset !== 2) P.add('HSNN4001', `${at}: reset ${String(p.reset)} is not RESET_SUBTRACT or RESET_ZERO`);
  const integer = format !== 'FLOAT32';
  const threshold = integer ? int(p.thresholdQ) : Math.fround(p.threshold ?? 0);
  const u0 = integer ? int(p.u0Q) : Math.fround(p.u0 ?? 0);
  if (!Number.isFinite(threshold) || !Number.isFinite(u0)) P.add('HSNN4001', `${at}: threshold ${threshold} and u0 ${u0} must be finite`);
  const unit = integer ? (p.unit ?? 0) : 1;
  return { id: i, name, kind, C, H, W, reset, threshold, u0, unit };
}

function weightsOf(q: Proj, format: NumberFormatName, at: string, P: Problems): Int32Array | Float32Array {
  if (format === 'FLOAT32') {
    const w = Float32Array.from(q.weightsF ?? []);
    const bad = w.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) P.add('HSNN4002', `${at}: weight ${bad} is not finite`);
    return w;
  }
  const w = Int32Array.from(q.weightsQ ?? []);
  const max = WEIGHT_MAX[format];
  const bad = w.findIndex((v) => v < -max || v > max);
  if (bad >= 0) P.add('HSNN4002', `${at}: integer weight ${bad} = ${w[bad]} is outside ±${max} (${format})`);
  return w;
}

const KINDS: Record<number, SimProjection['kind']> = { 1: 'conv', 2: 'convT', 3: 'pool', 4: 'sparse' };

function geometryOk(q: Proj): boolean {
  const dims = [int(q.kernelH), int(q.kernelW)].every((v) => isInt(v, 1, LIMITS.kernel))
    && [int(q.strideH), int(q.strideW)].every((v) => isInt(v, 1, LIMITS.stride));
  return dims && [int(q.padTop), int(q.padLeft)].every((v) => isInt(v, 0, LIMITS.pad));
}

function checkSparse(x: SimProjection, s: SimPopulation, t: SimPopulation, at: string, P: Problems): void {
  const ns = s.C * s.H * s.W, nt = t.C * t.H * t.W, r = x.rowPtr;
  if (r.length !== ns + 1) { P.add('HSNN4002', `${at}: csr_row_ptr has ${r.length} entries, expected ${ns + 1}`); return; }
  let mono = r[0] === 0;
  for (let i = 0; i < ns && mono; i++) mono = (r[i] as number) <= (r[i + 1] as number);
  if (!mono || r[ns] !== x.col.length || x.weights.length !== x.col.length) {
    P.add('HSNN4002', `${at}: CSR inconsistent (row_ptr must start at 0, not decrease and end at ${x.col.length} = csr_col = values length ${x.weights.length})`);
  }
  const bad = x.col.findIndex((c) => c >= nt);
  if (bad >= 0) P.add('HSNN4002', `${at}: csr_col[${bad}] = ${x.col[bad]} is not a neuron of population ${t.id} (${nt} neurons)`);
}

function projection(q: Proj, j: number, pops: readonly SimPopulation[], format: NumberFormatName, P: Problems): SimProjection | undefined {
  const at = `projection ${j} '${q.name ?? ''}'`;
  const kind = KINDS[int(q.kind)];
  const src = int(q.source), tgt = int(q.target);
  if (kind === undefined) { P.add('HSNN4001', `${at}: kind ${String(q.kind)} is not CONV2D, CONV_TRANSPOSE2D, SUM_POOL or SPARSE`); return undefined; }
  const s = pops[src], t = pops[tgt];
  if (s === undefined || t === undefined || src >= tgt) {
    P.add('HSNN4001', `${at}: source ${src} → target ${tgt} must name populations with source before target`);
    return undefined;
  }
  if (kind !== 'sparse' && !geometryOk(q)) { P.add('HSNN4002', `${at}: kernel, stride and pad must be integers in 1..${LIMITS.kernel}, 1..${LIMITS.stride}, 0..${LIMITS.pad}`); return undefined; }
  const x: SimProjection = {
    id: j, name: q.name ?? '', source: src, target: tgt, kind, kh: int(q.kernelH), kw: int(q.kernelW), sh: int(q.strideH), sw: int(q.strideW),
    pt: int(q.padTop), pl: int(q.padLeft), weights: weightsOf(q, format, at, P), rowPtr: Uint32Array.from(q.csrRowPtr ?? []), col: Uint32Array.from(q.csrCol ?? []),
  };
  if (kind === 'sparse') checkSparse(x, s, t, at, P);
  else if (kind === 'pool') {
    if (s.C !== t.C) P.add('HSNN4002', `${at}: SUM_POOL needs equal channels, got ${s.C} → ${t.C}`);
    if (x.weights.length !== 1) P.add('HSNN4002', `${at}: SUM_POOL needs exactly one weight, got ${x.weights.length}`);
  } else {
    const want = x.kh * x.kw * s.C * t.C;
    if (x.weights.length !== want) P.add('HSNN4002', `${at}: ${x.weights.length} weights for [${x.kh}][${x.kw}][${s.C}][${t.C}] = ${want}`);
  }
  return x;
}

/** DIRECT ⇔ an INPUT_ANALOG input with one CONV2D (the host current) on a target that takes host currents. */
function checkDirect(n: NL, projs: readonly SimProjection[], pops: readonly SimPopulation[], P: Problems): void {
  const direct = n.encoding === 2, analog = n.populations?.[0]?.kind === 4;
  if (direct !== analog) { P.add('HSNN4401', `encoding ${direct ? 'DIRECT' : 'POISSON'} needs population 0 of kind ${direct ? 'INPUT_ANALOG' : 'INPUT_POISSON'}`); return; }
  if (!direct) return;
  const hosted = projs.filter((q) => q.source === 0);
  const q = hosted[0];
  const taps = q ? q.kh * q.kw * (pops[0]?.C ?? 0) : 0;
  if (hosted.length !== 1 || q?.kind !== 'conv' || taps > MAX_DIRECT_TAPS) {
    P.add('HSNN4401', `the INPUT_ANALOG population needs exactly one outgoing CONV2D of at most ${MAX_DIRECT_TAPS} taps (its host current); it has ${hosted.length} projection(s)${q ? `, the first '${q.name}' a ${q.kind} of ${taps} taps` : ''}`);
  }
  if (n.target && !n.target.hostInputCurrent) P.add('HSNN4401', `target '${n.target.name ?? ''}' cannot take a host-injected input current (host_input_current false), so it cannot run direct input`);
}

/** Longest path (in projections) from the input to the readout; 0 when the readout is unreachable. */
export function longestPath(nPops: number, projections: readonly SimProjection[], readout: number): number {
  const dist = new Array<number>(nPops).fill(-1);
  dist[0] = 0;
  const byTarget = [...projections].sort((a, b) => a.target - b.target);
  for (const p of byTarget) {
    const d = dist[p.source] as number;
    if (d >= 0 && d + 1 > (dist[p.target] as number)) dist[p.target] = d + 1;
  }
  return Math.max(0, dist[readout] as number);
}

function target(t: hsnn.netlist.Target.$Properties | null | undefined): SimTarget {
  return {
    name: t?.name ?? '', cyclesPerSynop: int(t?.cyclesPerSynop), cyclesPerNeuronUpdate: int(t?.cyclesPerNeuronUpdate), clockMhz: t?.clockMhz ?? 0,
    hopLatencyNs: t?.hopLatencyNs ?? 0, hopLatencyNsNS: (t?.hopLatencyNsNs ?? 0) > 0 ? (t?.hopLatencyNsNs ?? 0) : (t?.hopLatencyNs ?? 0), barrierNs: t?.barrierNs ?? 0, meshWidth: int(t?.meshWidth),
  };
}

function header(n: NL, P: Problems): NumberFormatName | undefined {
  const format = FORMATS[int(n.numberFormat)];
  if (format === undefined) P.add('HSNN4001', `number_format ${String(n.numberFormat)} is not INT8, INT16 or FLOAT32`);
  if (!isInt(int(n.timesteps), 1, LIMITS.T)) P.add('HSNN4001', `timesteps ${int(n.timesteps)} must be in 1..${LIMITS.T}`);
  if (n.encoding !== 1 && n.encoding !== 2) P.add('HSNN4001', `encoding ${String(n.encoding)} is not POISSON or DIRECT`);
  const tg = target(n.target);
  const bad = [tg.clockMhz, tg.hopLatencyNs, tg.hopLatencyNsNS, tg.barrierNs].some((v) => !(Number.isFinite(v) && v >= 0));
  if (bad || tg.cyclesPerSynop > 1e6 || tg.cyclesPerNeuronUpdate > 1e6) P.add('HSNN4001', `target '${tg.name}': clock, hop latency and barrier must be finite and ≥ 0, cycle counts ≤ 1e6`);
  return format;
}

/** Validates `n`; returns the simulator's record when nothing is wrong. */
export function validateNetlist(n: NL, file: string): { netlist?: SimNetlist; problems: Diagnostic[] } {
  const P = sink(file);
  const format = header(n, P);
  if (format === undefined) return { problems: P.list };
  const raw = n.populations ?? [];
  if (raw.length < 2) P.add('HSNN4001', `needs an input and at least one more population, has ${raw.length}`);
  const pops = raw.map((p, i) => population(p, i, format, P));
  const total = pops.reduce((a, p) => a + (p ? p.C * p.H * p.W : 0), 0);
  if (total > LIMITS.totalNeurons) P.add('HSNN4001', `${total} neurons exceed the simulator's ${LIMITS.totalNeurons}`);
  if (P.list.length > 0 || pops.some((p) => p === undefined)) return { problems: P.list };
  const populations = pops as SimPopulation[];
  const projections = (n.projections ?? []).map((q, j) => projection(q, j, populations, format, P));
  if (P.list.length > 0) return { problems: P.list };
  const projs = projections as SimProjection[];
  const readout = populations.length - 1;
  const ro = populations[readout] as SimPopulation;
  if (!(Number.isFinite(ro.unit) && ro.unit > 0)) P.add('HSNN4001', `readout population ${readout} '${ro.name}': unit ${ro.unit} must be finite and > 0 (it scales U to float)`);
  checkDirect(n, projs, populations, P);
  const direct = n.encoding === 2;
  const path = longestPath(populations.length, projs, readout);
  const depth = direct ? Math.max(0, path - 1) : path;
  if (path === 0) P.add('HSNN4001', `the readout population ${readout} '${populations[readout]?.name ?? ''}' is not reachable from the input`);
  const tg = target(n.target);
  const cores: SimCore[] = validateCores(n.cores ?? [], populations, tg, P);
  if (P.list.length > 0) return { problems: P.list };
  const netlist: SimNetlist = {
    name: n.name ?? '', T: int(n.timesteps), encoding: direct ? 'direct' : 'poisson', seed: int(n.seed) >>> 0, format, readoutScale: n.readoutScale ?? 1, sourceCheckpoint: n.sourceCheckpoint ?? '',
    populations, projections: projs, cores, target: tg, readout, depth,
  };
  return { netlist, problems: [] };
}
