// Converts a decoded NetlistModel into the simulator's layout and checks what only the simulator needs
// (HSNN4001, naming the population or target at fault): an input plus at least one more population, a
// readout reachable from the input, sane timing figures, and for direct input (HSNN4401) one host-current
// conv on a target that takes one. Everything about the format itself
// (version, limits, enums, index ranges, weight lengths, CSR, ranges) is proto/decode.ts's job and has
// passed before this runs. The wasm module re-checks memory safety on its own (assembly/check.ts).
import type { Diagnostic } from '../../core/errors.js';
import type { SimCode } from '../../core/codes.js';
import type { NetFormat, NetlistModel, NetPopulation, NetProjection, NetProjectionKind, NetTarget } from '../../proto/model.js';
import type { NumberFormatName, SimCore, SimNetlist, SimPopulation, SimProjection, SimTarget } from './netlist.js';
import { LEAK_ONE } from '../../proto/leak.js';
import { validateCores } from './validate-cores.js';
import { MAX_DIRECT_TAPS } from '../../proto/direct-input.js';

const FORMATS: Readonly<Record<NetFormat, NumberFormatName>> = { int8: 'INT8', int16: 'INT16', float32: 'FLOAT32' };
const KINDS: Readonly<Record<NetProjectionKind, SimProjection['kind']>> = { conv2d: 'conv', conv_transpose2d: 'convT', sum_pool: 'pool', sparse: 'sparse', dense: 'dense' };

export interface Problems {
  readonly list: Diagnostic[];
  add(code: SimCode, message: string): void;
}

function sink(file: string): Problems {
  const list: Diagnostic[] = [];
  return { list, add: (code, message) => { list.push({ code, message: `netlist ${file}: ${message}` }); } };
}

/** Integer netlists simulate in potential units (thresholdQ, u0Q); float ones in float32 values. */
function population(p: NetPopulation, format: NumberFormatName): SimPopulation {
  const integer = format !== 'FLOAT32';
  return {
    id: p.id, name: p.name, kind: p.kind === 'input' || p.kind === 'analog' ? 'input' : p.kind === 'if' ? 'if' : 'integrator',
    C: p.channels, H: p.height, W: p.width, reset: p.reset === 'zero' ? 'zero' : 'subtract',
    threshold: integer ? p.thresholdQ : Math.fround(p.threshold), u0: integer ? p.u0Q : Math.fround(p.u0), unit: integer ? p.unit : 1,
    ...leakOf(p, integer), ...biasOf(p, integer),
  };
}

/** The leak multiplier of a leaky IF population (decay / decay_q, ranges checked by proto), or nothing. */
function leakOf(p: NetPopulation, integer: boolean): { leak?: number } {
  const d = p.decay ?? 0, dq = p.decayQ ?? 0;
  if (integer) return dq === 0 ? {} : { leak: LEAK_ONE - dq };
  return d === 0 ? {} : { leak: Math.fround(1 - Math.fround(d)) };
}

/** The per-channel bias in simulation units (bias_q for integer netlists, bias for FLOAT32), or nothing. */
function biasOf(p: NetPopulation, integer: boolean): { bias?: Int32Array | Float32Array } {
  const b = integer ? p.biasQ : p.bias;
  return b === undefined || b.length === 0 ? {} : { bias: b };
}

function projection(q: NetProjection, format: NumberFormatName): SimProjection {
  return {
    id: q.id, name: q.name, source: q.source, target: q.target, kind: KINDS[q.kind], kh: q.kernelH, kw: q.kernelW, sh: q.strideH, sw: q.strideW,
    pt: q.padTop, pl: q.padLeft, weights: format === 'FLOAT32' ? q.weightsF : q.weightsQ, rowPtr: q.csrRowPtr, col: q.csrCol,
  };
}

/** DIRECT ⇔ an INPUT_ANALOG input with one CONV2D (the host current) on a target that takes host currents. */
function checkDirect(m: NetlistModel, projs: readonly SimProjection[], pops: readonly SimPopulation[], P: Problems): void {
  const direct = m.encoding === 'direct', analog = m.populations[0]?.kind === 'analog';
  if (direct !== analog) { P.add('HSNN4401', `encoding ${direct ? 'DIRECT' : 'POISSON'} needs population 0 of kind ${direct ? 'INPUT_ANALOG' : 'INPUT_POISSON'}`); return; }
  if (!direct) return;
  const hosted = projs.filter((q) => q.source === 0);
  const q = hosted[0];
  const taps = q ? q.kh * q.kw * (pops[0]?.C ?? 0) : 0;
  if (hosted.length !== 1 || q?.kind !== 'conv' || taps > MAX_DIRECT_TAPS) {
    P.add('HSNN4401', `the INPUT_ANALOG population needs exactly one outgoing CONV2D of at most ${MAX_DIRECT_TAPS} taps (its host current); it has ${hosted.length} projection(s)${q ? `, the first '${q.name}' a ${q.kind} of ${taps} taps` : ''}`);
  }
  if (m.target && !m.target.hostInputCurrent) P.add('HSNN4401', `target '${m.target.name}' cannot take a host-injected input current (host_input_current false), so it cannot run direct input`);
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

/** An unmapped netlist has no target: zero costs, one chip. NS hop latency 0 means "same as EW". */
function target(t: NetTarget | null): SimTarget {
  const ew = t?.hopLatencyNs ?? 0, ns = t?.hopLatencyNsNs ?? 0;
  return {
    name: t?.name ?? '', cyclesPerSynop: t?.cyclesPerSynop ?? 0, cyclesPerNeuronUpdate: t?.cyclesPerNeuronUpdate ?? 0, clockMhz: t?.clockMhz ?? 0,
    hopLatencyNs: ew, hopLatencyNsNs: ns > 0 ? ns : ew, barrierNs: t?.barrierNs ?? 0, meshWidth: t?.meshWidth ?? 0,
  };
}

function checkTarget(tg: SimTarget, P: Problems): void {
  const bad = [tg.clockMhz, tg.hopLatencyNs, tg.hopLatencyNsNs, tg.barrierNs].some((v) => !(Number.isFinite(v) && v >= 0));
  if (bad || tg.cyclesPerSynop > 1e6 || tg.cyclesPerNeuronUpdate > 1e6) P.add('HSNN4001', `target '${tg.name}': clock, hop latency and barrier must be finite and ≥ 0, cycle counts ≤ 1e6`);
}

/** Converts `m` (already validated by proto/decode.ts); returns the simulator's record when nothing is wrong. */
export function validateNetlist(m: NetlistModel, file: string): { netlist?: SimNetlist; problems: Diagnostic[] } {
  const P = sink(file);
  const format = FORMATS[m.numberFormat];
  if (m.populations.length < 2) P.add('HSNN4001', `needs an input and at least one more population, has ${m.populations.length}`);
  const tg = target(m.target);
  checkTarget(tg, P);
  if (P.list.length > 0) return { problems: P.list };
  const populations = m.populations.map((p) => population(p, format));
  const projections = m.projections.map((q) => projection(q, format));
  const readout = populations.length - 1;
  checkDirect(m, projections, populations, P);
  const direct = m.encoding === 'direct';
  // A direct netlist's first projection is the host current, not a spike hop.
  const path = longestPath(populations.length, projections, readout);
  const depth = direct ? Math.max(0, path - 1) : path;
  if (path === 0) P.add('HSNN4001', `the readout population ${readout} '${populations[readout]?.name ?? ''}' is not reachable from the input`);
  const cores: SimCore[] = validateCores(m.cores, populations, tg, P);
  if (P.list.length > 0) return { problems: P.list };
  const netlist: SimNetlist = {
    name: m.name, T: m.timesteps, encoding: m.encoding, seed: m.seed >>> 0, format, readoutScale: m.readoutScale, sourceCheckpoint: m.sourceCheckpoint,
    populations, projections, cores, target: tg, readout, depth,
  };
  return { netlist, problems: [] };
}
