// Every check decodeNetlist makes on a freshly decoded protobuf message, in stages: envelope (version,
// counts), populations, projections (geometry, weight lengths, CSR, dense rows), mapping (cores, routes). A stage
// runs only if the ones before it passed, so no check ever trusts an unchecked count or index.
import type { hsnn } from './gen/netlist.js';
import { ENCODING_FROM_PB, FORMAT_FROM_PB, POOL_FROM_PB, POP_KIND_FROM_PB, PROJ_KIND_FROM_PB, RESET_FROM_PB } from './enums.js';
import { DECODE_LIMITS as L, INT_RANGE } from './limits.js';
import { READABLE_NETLIST_VERSIONS } from './model.js';
import { LEAK_ONE } from './leak.js';
import { MAX_DIRECT_TAPS } from './direct-input.js';

type Pb = hsnn.netlist.Netlist;
type PbPop = hsnn.netlist.Population.$Properties;
type PbProj = hsnn.netlist.Projection.$Properties;

export interface NetProblem {
  readonly code: 'HSNN2302' | 'HSNN2303' | 'HSNN2304' | 'HSNN2305' | 'HSNN2306' | 'HSNN2307' | 'HSNN2308' | 'HSNN2403';
  readonly message: string;
}

export const n0 = (v: number | null | undefined): number => v ?? 0;

/** uint64 fields decode as Long objects (protobufjs with the `long` package); read them as numbers. */
export function u64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return (l.high >>> 0) * 4294967296 + (l.low >>> 0);
  }
  return 0;
}
const finite = (v: number | null | undefined): boolean => Number.isFinite(n0(v));

export function checkEnvelope(m: Pb): NetProblem[] {
  const out: NetProblem[] = [];
  if (!READABLE_NETLIST_VERSIONS.includes(n0(m.version))) return [{ code: 'HSNN2302', message: `version ${n0(m.version)} is not supported (this hsnn reads versions ${READABLE_NETLIST_VERSIONS.join(' and ')})` }];
  const counts: Array<[string, number, number]> = [['populations', m.populations.length, L.maxPopulations], ['projections', m.projections.length, L.maxProjections], ['cores', m.cores.length, L.maxCores], ['routes', m.routes.length, L.maxCores]];
  for (const [what, n, max] of counts) if (n > max) out.push({ code: 'HSNN2303', message: `${n} ${what} exceeds the limit ${max}` });
  const t = n0(m.timesteps);
  if (t < 1 || t > L.maxTimesteps) out.push({ code: 'HSNN2308', message: `timesteps ${t} must be in 1..${L.maxTimesteps}` });
  if (!FORMAT_FROM_PB.has(n0(m.numberFormat))) out.push({ code: 'HSNN2308', message: `number format ${n0(m.numberFormat)} is not INT8, INT16 or FLOAT32` });
  if (!ENCODING_FROM_PB.has(n0(m.encoding))) out.push({ code: 'HSNN2308', message: `encoding ${n0(m.encoding)} is not POISSON or DIRECT` });
  if (!POOL_FROM_PB.has(n0(m.poolLowering))) out.push({ code: 'HSNN2308', message: `pool lowering ${n0(m.poolLowering)} is not POOL_FUSED or POOL_SPIKING` });
  if (!finite(m.readoutScale)) out.push({ code: 'HSNN2308', message: 'readout scale is not finite' });
  if (m.populations.length === 0) out.push({ code: 'HSNN2304', message: 'no populations (populations[0] must be the input)' });
  return out;
}

function checkPopulation(p: PbPop, i: number, integer: boolean, out: NetProblem[]): number {
  const at = `population ${i} '${p.name ?? ''}'`;
  const dims = [n0(p.channels), n0(p.height), n0(p.width)];
  if (n0(p.id) !== i) out.push({ code: 'HSNN2304', message: `${at}: id ${n0(p.id)} is not its index` });
  if (dims.some((d) => d > L.maxDim)) { out.push({ code: 'HSNN2303', message: `${at}: shape (${dims.join(', ')}) exceeds ${L.maxDim} per dimension` }); return 0; }
  if (dims.some((d) => d < 1)) { out.push({ code: 'HSNN2308', message: `${at}: shape (${dims.join(', ')}) has an empty dimension` }); return 0; }
  const neurons = dims[0]! * dims[1]! * dims[2]!;
  if (neurons > L.maxPopulationNeurons) out.push({ code: 'HSNN2303', message: `${at}: ${neurons} neurons exceeds the limit ${L.maxPopulationNeurons}` });
  const kind = POP_KIND_FROM_PB.get(n0(p.kind));
  if (!kind) out.push({ code: 'HSNN2308', message: `${at}: kind ${n0(p.kind)} is not INPUT_POISSON, INPUT_ANALOG, IF_NEURON or INTEGRATOR` });
  const isInput = kind === 'input' || kind === 'analog';
  if (isInput !== (i === 0)) out.push({ code: 'HSNN2308', message: `${at}: the input must be population 0 and the only INPUT_POISSON / INPUT_ANALOG` });
  if (kind === 'if' && !(RESET_FROM_PB.get(n0(p.reset)) === 'subtract' || RESET_FROM_PB.get(n0(p.reset)) === 'zero')) out.push({ code: 'HSNN2308', message: `${at}: reset mode ${n0(p.reset)} is not RESET_SUBTRACT or RESET_ZERO` });
  if (![p.threshold, p.u0, p.unit].every(finite) || !(n0(p.unit) > 0)) out.push({ code: 'HSNN2308', message: `${at}: threshold, u0 and unit must be finite, unit > 0` });
  // As checkpoints require (models/snn/network.ts): a threshold ≤ 0 fires on every step and scores garbage.
  const th = integer ? n0(p.thresholdQ) : n0(p.threshold);
  if (kind === 'if' && !(th > 0)) out.push({ code: 'HSNN2308', message: `${at}: ${integer ? 'threshold_q' : 'threshold'} ${th} must be > 0 (a non-positive threshold fires every step)` });
  const leaky = n0(p.decay) !== 0 || n0(p.decayQ) !== 0;
  if (leaky && (kind !== 'if' || !(n0(p.decay) >= 0 && n0(p.decay) <= 1) || !(Number.isInteger(n0(p.decayQ)) && n0(p.decayQ) <= LEAK_ONE))) {
    out.push({ code: 'HSNN2308', message: `${at}: leak decay ${n0(p.decay)} must be in [0, 1] and decay_q ${n0(p.decayQ)} in 0..${LEAK_ONE}, on IF populations only` });
  }
  const bias = p.bias ?? [], biasQ = p.biasQ ?? [];
  if ((bias.length > 0 || biasQ.length > 0) && (isInput || ![bias.length, biasQ.length].every((n) => n === 0 || n === dims[0]) || !bias.every(finite))) {
    out.push({ code: 'HSNN2308', message: `${at}: bias needs one finite value per channel (${dims[0]}), on IF or integrator populations; has ${bias.length} float / ${biasQ.length} integer` });
  }
  return neurons;
}

/** DIRECT ⇔ an INPUT_ANALOG input whose one projection is a CONV2D host current (SEMANTICS.md). */
function checkEncoding(m: Pb, out: NetProblem[]): void {
  const direct = ENCODING_FROM_PB.get(n0(m.encoding)) === 'direct';
  const analog = POP_KIND_FROM_PB.get(n0(m.populations[0]?.kind)) === 'analog';
  if (direct !== analog) out.push({ code: 'HSNN2403', message: `encoding ${direct ? 'DIRECT' : 'POISSON'} needs population 0 of kind ${direct ? 'INPUT_ANALOG' : 'INPUT_POISSON'}` });
  if (!analog) return;
  const hosted = m.projections.filter((p) => n0(p.source) === 0);
  const bad = hosted.find((p) => PROJ_KIND_FROM_PB.get(n0(p.kind)) !== 'conv2d' || n0(p.kernelH) * n0(p.kernelW) * n0(m.populations[0]?.channels) > MAX_DIRECT_TAPS);
  if (hosted.length !== 1 || bad) out.push({ code: 'HSNN2403', message: `the INPUT_ANALOG population needs exactly one outgoing CONV2D of at most ${MAX_DIRECT_TAPS} taps (the host current); it has ${hosted.length} projections${bad ? `, '${bad.name ?? ''}' is not such a conv` : ''}` });
}

export function checkPopulations(m: Pb): NetProblem[] {
  const out: NetProblem[] = [];
  checkEncoding(m, out);
  let total = 0;
  const integer = FORMAT_FROM_PB.get(n0(m.numberFormat)) !== 'float32';
  m.populations.forEach((p, i) => { total += checkPopulation(p, i, integer, out); });
  if (total > L.maxTotalNeurons) out.push({ code: 'HSNN2303', message: `${total} neurons in all exceeds the limit ${L.maxTotalNeurons}` });
  return out;
}

function checkGeometry(p: PbProj, at: string, out: NetProblem[]): void {
  const k = [n0(p.kernelH), n0(p.kernelW)];
  const s = [n0(p.strideH), n0(p.strideW)];
  const pad = [n0(p.padTop), n0(p.padLeft)];
  if (k.some((v) => v < 1 || v > L.maxKernel) || s.some((v) => v < 1 || v > L.maxStride) || pad.some((v) => v > L.maxPad)) {
    out.push({ code: 'HSNN2303', message: `${at}: kernel ${k.join('×')}, stride ${s.join('×')}, pad ${pad.join(',')} outside 1..${L.maxKernel}, 1..${L.maxStride}, 0..${L.maxPad}` });
  }
}

/** DENSE has no kernel: its geometry fields must be 0 (the weights alone say where a spike goes). */
function checkDenseGeometry(p: PbProj, at: string, out: NetProblem[]): void {
  const g = [p.kernelH, p.kernelW, p.strideH, p.strideW, p.padTop, p.padLeft].map(n0);
  if (g.some((v) => v !== 0)) out.push({ code: 'HSNN2308', message: `${at}: a DENSE projection has no kernel, stride or pad, but sets ${g.join(', ')}` });
}

/** DENSE into a (C, 1, 1) target: one row of C_tgt weights per source neuron, no CSR lists. */
function checkDense(p: PbProj, sp: PbPop, tp: PbPop, used: number, at: string, out: NetProblem[]): void {
  if ((p.csrRowPtr ?? []).length + (p.csrCol ?? []).length > 0) out.push({ code: 'HSNN2306', message: `${at}: CSR lists on a dense projection` });
  if (n0(tp.height) !== 1 || n0(tp.width) !== 1) out.push({ code: 'HSNN2305', message: `${at}: a DENSE target must be (C, 1, 1), '${tp.name ?? ''}' is (${n0(tp.channels)}, ${n0(tp.height)}, ${n0(tp.width)})` });
  const ns = n0(sp.channels) * n0(sp.height) * n0(sp.width), nt = n0(tp.channels) * n0(tp.height) * n0(tp.width);
  if (used !== ns * nt) out.push({ code: 'HSNN2305', message: `${at}: ${used} weights, a dense projection needs source neurons × target neurons = ${ns}·${nt} = ${ns * nt}` });
}

function checkCsr(p: PbProj, at: string, ns: number, nt: number, values: number, out: NetProblem[]): void {
  const rp = p.csrRowPtr ?? [];
  const col = p.csrCol ?? [];
  if (rp.length !== ns + 1) { out.push({ code: 'HSNN2306', message: `${at}: ${rp.length} row pointers, expected source neurons + 1 = ${ns + 1}` }); return; }
  if (rp[0] !== 0) out.push({ code: 'HSNN2306', message: `${at}: row_ptr[0] = ${rp[0]} must be 0` });
  for (let i = 1; i < rp.length; i++) if ((rp[i] as number) < (rp[i - 1] as number)) { out.push({ code: 'HSNN2306', message: `${at}: row_ptr decreases at ${i}` }); return; }
  if (rp[ns] !== col.length || col.length !== values) out.push({ code: 'HSNN2306', message: `${at}: row_ptr ends at ${rp[ns]}, ${col.length} columns, ${values} values; all three must agree` });
  for (let i = 0; i < col.length; i++) if ((col[i] as number) >= nt) { out.push({ code: 'HSNN2306', message: `${at}: column ${col[i]} at ${i} is not a target neuron (< ${nt})` }); return; }
}

function checkValues(p: PbProj, at: string, format: string, out: NetProblem[]): void {
  if (format === 'float32') {
    if ((p.weightsF ?? []).some((w) => !Number.isFinite(w))) out.push({ code: 'HSNN2308', message: `${at}: a float weight is not finite` });
    return;
  }
  const r = format === 'int8' ? INT_RANGE.int8 : INT_RANGE.int16;
  if ((p.weightsQ ?? []).some((w) => w < -r || w > r)) out.push({ code: 'HSNN2308', message: `${at}: an integer weight is outside ±${r} (${format})` });
  if (!(Number.isFinite(n0(p.scale)) && n0(p.scale) > 0)) out.push({ code: 'HSNN2308', message: `${at}: scale ${n0(p.scale)} must be finite and > 0` });
}

function checkProjection(m: Pb, p: PbProj, i: number, format: string, out: NetProblem[]): void {
  const at = `projection ${i} '${p.name ?? ''}'`;
  const npop = m.populations.length;
  const [s, t] = [n0(p.source), n0(p.target)];
  if (n0(p.id) !== i) out.push({ code: 'HSNN2304', message: `${at}: id ${n0(p.id)} is not its index` });
  if (s >= npop || t >= npop) { out.push({ code: 'HSNN2304', message: `${at}: source ${s} or target ${t} is not a population (< ${npop})` }); return; }
  if (s >= t) out.push({ code: 'HSNN2304', message: `${at}: source ${s} does not precede target ${t} (populations are in topological order)` });
  if (t === 0) out.push({ code: 'HSNN2304', message: `${at}: targets the input population` });
  if (i > 0 && n0(m.projections[i - 1]?.target) > t) out.push({ code: 'HSNN2304', message: `${at}: not in execution order of target populations` });
  const kind = PROJ_KIND_FROM_PB.get(n0(p.kind));
  if (!kind) { out.push({ code: 'HSNN2308', message: `${at}: kind ${n0(p.kind)} is not CONV2D, CONV_TRANSPOSE2D, SUM_POOL, SPARSE or DENSE` }); return; }
  if (kind === 'dense') checkDenseGeometry(p, at, out);
  else checkGeometry(p, at, out);
  const sp = m.populations[s] as PbPop;
  const tp = m.populations[t] as PbPop;
  const used = format === 'float32' ? (p.weightsF ?? []).length : (p.weightsQ ?? []).length;
  const unused = format === 'float32' ? (p.weightsQ ?? []).length : (p.weightsF ?? []).length;
  if (unused !== 0) out.push({ code: 'HSNN2305', message: `${at}: weights given in the list ${format} netlists do not use` });
  if (kind === 'sparse') { checkCsr(p, at, n0(sp.channels) * n0(sp.height) * n0(sp.width), n0(tp.channels) * n0(tp.height) * n0(tp.width), used, out); }
  else if (kind === 'dense') checkDense(p, sp, tp, used, at, out);
  else {
    if ((p.csrRowPtr ?? []).length + (p.csrCol ?? []).length > 0) out.push({ code: 'HSNN2306', message: `${at}: CSR lists on a ${kind} projection` });
    if (kind === 'sum_pool' && n0(sp.channels) !== n0(tp.channels)) out.push({ code: 'HSNN2305', message: `${at}: sum_pool from ${n0(sp.channels)} to ${n0(tp.channels)} channels` });
    const expect = kind === 'sum_pool' ? 1 : n0(p.kernelH) * n0(p.kernelW) * n0(sp.channels) * n0(tp.channels);
    if (used !== expect) out.push({ code: 'HSNN2305', message: `${at}: ${used} weights, geometry needs ${expect}${kind === 'sum_pool' ? '' : ` (${n0(p.kernelH)}·${n0(p.kernelW)}·${n0(sp.channels)}·${n0(tp.channels)})`}` });
  }
  checkValues(p, at, format, out);
}

export function checkProjections(m: Pb): NetProblem[] {
  const out: NetProblem[] = [];
  const format = FORMAT_FROM_PB.get(n0(m.numberFormat)) as string;
  m.projections.forEach((p, i) => checkProjection(m, p, i, format, out));
  return out;
}
