// Serialises a Plan into the model image the wasm module validates and runs (layout drawn in
// runtime-wasm/assembly/layout.ts; the field orders below mirror its @unmanaged classes word for word).
// Also sizes the image and the run state up front, so memory is refused before anything is allocated.
import type { Plan } from './plan.js';
import type { SimPopulation, SimProjection } from './netlist.js';
import { ENTRY_WORDS, SET_WORDS } from './fanout.js';

export const HEADER_FIELDS = [
  'magic', 'version', 'format', 'nPops', 'nProj', 'nCores', 'T', 'depth',
  'totalNeurons', 'popOff', 'projOff', 'coreOff', 'fanIdxOff', 'coreOfOff', 'setOff', 'nSets',
  'entryOff', 'nEntries', 'bytes', 'cyclesPerSynop', 'cyclesPerNeuron', 'potentialWords', 'readoutPop', 'biasPop',
] as const;
const POP_FIELDS = ['kind', 'C', 'H', 'W', 'Cp', 'reset', 'threshold', 'u0', 'potOff', 'base', 'inFirst', 'inCount', 'hasOut', 'r1', 'r2', 'r3'] as const;
const PROJ_FIELDS = ['kind', 'src', 'tgt', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'weightOff', 'weightBytes', 'rowOff', 'colOff', 'nnz', 'poolWeight', 'r1'] as const;
const MAGIC = 0x4d4e5348;
const VERSION = 1;
const HEADER_BYTES = 96, POP_BYTES = 64, PROJ_BYTES = 64, CORE_BYTES = 16, STATE_HEADER_BYTES = 128, LIST_BYTES = 16;
const SERIES_COLS = 16, POP_COUNTERS = 2, CORE_COUNTERS = 6;

const up16 = (n: number): number => Math.ceil(n / 16) * 16;
const POP_KIND = { input: 1, if: 2, integrator: 3 } as const;
const KIND_ANALOG = 4;
const PROJ_KIND = { conv: 1, convT: 2, pool: 3, sparse: 4, dense: 5 } as const;
const FORMAT = { INT8: 1, INT16: 2, FLOAT32: 3 } as const;

/** Bytes of one projection's weight/CSR payload in the image. */
function payloadBytes(plan: Plan, q: SimProjection): number {
  const s = plan.net.populations[q.source] as SimPopulation;
  const Cp = plan.pops[q.target]?.Cp ?? 0;
  if (q.kind === 'pool') return 0;
  if (q.kind === 'sparse') return up16((s.C * s.H * s.W + 1) * 4) + 2 * up16(q.col.length * 4);
  return up16(rowsOf(plan, q) * Cp * (plan.net.format === 'FLOAT32' ? 4 : 2));
}

/** Weight rows of a conv kind (one per tap and source channel) or a dense projection (one per source neuron). */
function rowsOf(plan: Plan, q: SimProjection): number {
  const s = plan.net.populations[q.source] as SimPopulation;
  return q.kind === 'dense' ? s.C * s.H * s.W : q.kh * q.kw * s.C;
}

/** Section offsets and the total image size. */
export function imageLayout(plan: Plan): { offsets: Record<string, number>; bytes: number } {
  const n = plan.net;
  const o: Record<string, number> = {};
  let at = HEADER_BYTES;
  const put = (name: string, bytes: number): void => { o[name] = at; at += up16(bytes); };
  put('popOff', n.populations.length * POP_BYTES);
  put('projOff', plan.order.length * PROJ_BYTES);
  put('coreOff', n.cores.length * CORE_BYTES);
  put('fanIdxOff', plan.totalNeurons * 4);
  put('coreOfOff', plan.totalNeurons * 4);
  put('setOff', plan.fanout.sets.length * 4);
  put('entryOff', plan.fanout.entries.length * 4);
  o.payload = at;
  for (const q of plan.order) at += payloadBytes(plan, q);
  // Bias tables: Cp words per biased population (padded lanes 0), located by PopRec r3.
  n.populations.forEach((p, i) => { if (p.bias) { o[`bias${i}`] = at; at += up16((plan.pops[i]?.Cp ?? 0) * 4); } });
  return { offsets: o, bytes: at };
}

/** Target population of the direct input's host current, 0 for Poisson input (header.biasPop). */
export function biasPop(plan: Plan): number {
  return plan.net.encoding === 'direct' ? (plan.net.projections.find((q) => q.source === 0)?.target ?? 0) : 0;
}

/** Words of the host-current vector: the potential block (H·W·Cp) of biasPop, or 0. */
function biasWords(plan: Plan): number {
  const b = biasPop(plan), p = plan.net.populations[b];
  return b > 0 && p ? p.H * p.W * (plan.pops[b]?.Cp ?? 0) : 0;
}

/** Bytes of the run state for runs of up to maxT steps (mirrors assembly/state.ts stateBytes). */
export function stateBytesFor(plan: Plan, maxT: number): number {
  const n = plan.net;
  const input = n.populations[0] as SimPopulation;
  let b = STATE_HEADER_BYTES + up16(plan.potentialWords * 4) + up16(n.populations.length * LIST_BYTES);
  for (const p of n.populations) b += 2 * up16(p.C * p.H * p.W * 8);
  b += 2 * up16(input.C * input.H * input.W * 4) + up16(biasWords(plan) * 4);
  b += up16(n.populations.length * POP_COUNTERS * 8) + up16(n.cores.length * CORE_COUNTERS * 8) + up16(n.cores.length * 8);
  return b + up16((maxT + n.depth) * SERIES_COLS * 8) + 2 * up16((plan.fanout.sets.length / SET_WORDS) * 4);
}

/** Rows of Cp lanes. Dense rows are re-ordered from the netlist's CHW source index to the HWC ordinal
 *  (y·W + x)·C + c, so the spikes of one source pixel read adjacent rows, as a conv tap does. */
function writeRows(plan: Plan, q: SimProjection, buf: ArrayBuffer, off: number): void {
  const s = plan.net.populations[q.source] as SimPopulation, t = plan.net.populations[q.target] as SimPopulation;
  const Cp = (plan.pops[q.target]?.Cp ?? 0), rows = rowsOf(plan, q), hw = s.H * s.W;
  const dst = plan.net.format === 'FLOAT32' ? new Float32Array(buf, off, rows * Cp) : new Int16Array(buf, off, rows * Cp);
  for (let r = 0; r < rows; r++) {
    const from = q.kind === 'dense' ? (r % s.C) * hw + Math.floor(r / s.C) : r;
    dst.set(q.weights.subarray(from * t.C, (from + 1) * t.C), r * Cp);
  }
}

/** CSR re-indexed to source HWC row order, columns as padded potential indices of the target. */
function writeSparse(plan: Plan, q: SimProjection, buf: ArrayBuffer, rec: Record<string, number>, off: number): void {
  const s = plan.net.populations[q.source] as SimPopulation, t = plan.net.populations[q.target] as SimPopulation;
  const Cp = plan.pops[q.target]?.Cp ?? 0, ns = s.C * s.H * s.W, nnz = q.col.length, hw = t.H * t.W;
  const rowPtr = new Uint32Array(buf, off, ns + 1);
  rec.rowOff = off; rec.colOff = off + up16((ns + 1) * 4); rec.weightOff = rec.colOff + up16(nnz * 4); rec.nnz = nnz; rec.weightBytes = nnz * 4;
  const col = new Uint32Array(buf, rec.colOff, nnz);
  const val = plan.net.format === 'FLOAT32' ? new Float32Array(buf, rec.weightOff, nnz) : new Int32Array(buf, rec.weightOff, nnz);
  let k = 0;
  for (let y = 0; y < s.H; y++) for (let x = 0; x < s.W; x++) for (let c = 0; c < s.C; c++) {
    rowPtr[(y * s.W + x) * s.C + c] = k;
    const r = c * s.H * s.W + y * s.W + x;
    for (let e = q.rowPtr[r] as number; e < (q.rowPtr[r + 1] as number); e++, k++) {
      const tn = q.col[e] as number;
      col[k] = (tn % hw) * Cp + Math.floor(tn / hw);
      val[k] = q.weights[e] as number;
    }
  }
  rowPtr[ns] = k;
}

function writeRecord(words: Int32Array, at: number, fields: readonly string[], rec: Record<string, number>): void {
  fields.forEach((f, i) => { words[at / 4 + i] = rec[f] ?? 0; });
}

/** Bits of a value as stored in an i32 word: the integer itself, or float32 bits for FLOAT32 netlists. */
function word(plan: Plan, v: number): number {
  if (plan.net.format !== 'FLOAT32') return v | 0;
  return new Int32Array(Float32Array.of(v).buffer)[0] as number;
}

function writePops(plan: Plan, words: Int32Array, popOff: number, offsets: Readonly<Record<string, number>>): void {
  plan.net.populations.forEach((p, i) => {
    const L = plan.pops[i];
    if (L === undefined) return;
    writeRecord(words, popOff + i * POP_BYTES, POP_FIELDS, {
      kind: i === 0 && plan.net.encoding === 'direct' ? KIND_ANALOG : POP_KIND[p.kind], C: p.C, H: p.H, W: p.W, Cp: L.Cp, reset: p.reset === 'zero' ? 2 : 1, threshold: word(plan, p.threshold), u0: word(plan, p.u0),
      potOff: L.potOff, base: L.base, inFirst: L.inFirst, inCount: L.inCount, hasOut: L.hasOut ? 1 : 0,
      ...(p.leak !== undefined ? { r1: word(plan, p.leak), r2: 1 } : {}),
      ...(p.bias ? { r3: offsets[`bias${i}`] as number } : {}),
    });
    const at = offsets[`bias${i}`];
    if (p.bias && at !== undefined) p.bias.forEach((b, c) => { words[at / 4 + c] = word(plan, b); });
  });
}

function writeProjections(plan: Plan, buf: ArrayBuffer, words: Int32Array, projOff: number, payload: number): void {
  let at = payload;
  plan.order.forEach((q, j) => {
    const rec: Record<string, number> = { kind: PROJ_KIND[q.kind], src: q.source, tgt: q.target, kh: q.kh, kw: q.kw, sh: q.sh, sw: q.sw, pt: q.pt, pl: q.pl };
    if (q.kind === 'pool') rec.poolWeight = word(plan, q.weights[0] ?? 0);
    else if (q.kind === 'sparse') writeSparse(plan, q, buf, rec, at);
    else {
      rec.weightOff = at;
      rec.weightBytes = rowsOf(plan, q) * (plan.pops[q.target]?.Cp ?? 0) * (plan.net.format === 'FLOAT32' ? 4 : 2);
      writeRows(plan, q, buf, at);
    }
    writeRecord(words, projOff + j * PROJ_BYTES, PROJ_FIELDS, rec);
    at += payloadBytes(plan, q);
  });
}

/** Builds the whole image (imageLayout(plan).bytes long) in a fresh buffer; the host copies it into wasm. */
export function buildImage(plan: Plan): Uint8Array {
  const { offsets: o, bytes } = imageLayout(plan);
  const buf = new ArrayBuffer(bytes);
  const words = new Int32Array(buf);
  const n = plan.net;
  const header: Record<string, number> = {
    ...o, magic: MAGIC, version: VERSION, format: FORMAT[n.format], nPops: n.populations.length, nProj: plan.order.length, nCores: n.cores.length,
    T: n.T, depth: n.depth, totalNeurons: plan.totalNeurons, nSets: plan.fanout.sets.length / SET_WORDS, nEntries: plan.fanout.entries.length / ENTRY_WORDS,
    bytes, cyclesPerSynop: n.target.cyclesPerSynop, cyclesPerNeuron: n.target.cyclesPerNeuronUpdate, potentialWords: plan.potentialWords, readoutPop: n.readout, biasPop: biasPop(plan),
  };
  writeRecord(words, 0, HEADER_FIELDS, header);
  writePops(plan, words, o.popOff as number, o);
  n.cores.forEach((k, i) => writeRecord(words, (o.coreOff as number) + i * CORE_BYTES, ['pop', 'neurons', 'updNeurons'], {
    pop: k.population, neurons: (k.c1 - k.c0) * (k.y1 - k.y0) * (k.x1 - k.x0), updNeurons: plan.updNeurons[i] ?? 0,
  }));
  words.set(plan.fanout.fanIdx, (o.fanIdxOff as number) / 4);
  words.set(plan.coreOf, (o.coreOfOff as number) / 4);
  words.set(plan.fanout.sets, (o.setOff as number) / 4);
  words.set(plan.fanout.entries, (o.entryOff as number) / 4);
  writeProjections(plan, buf, words, o.projOff as number, o.payload as number);
  return new Uint8Array(buf);
}
