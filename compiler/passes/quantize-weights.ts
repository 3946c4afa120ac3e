// Pass: quantise weights to the netlist's number format (SEMANTICS.md "Integer netlists"). Each target
// population p gets one unit q_p = max |w| over all its incoming edges / q_max, so no weight clips and
// every weight is off by at most q_p / 2; thresholds and u0 are rounded to the same unit. float32 keeps
// the weights as they are (unit 1). Records max/mean error per edge.
import type { CompileContext } from '../context.js';
import { edgesInto, type Edge, type EdgeQuant, type Graph, type Node, type NumberFormat, type PopulationQuant } from '../ir/graph.js';

export const QMAX: Readonly<Record<NumberFormat, number>> = { int8: 127, int16: 32767, float32: 0 };
export const FORMAT_BITS: Readonly<Record<NumberFormat, number>> = { int8: 8, int16: 16, float32: 32 };

/** Integer potentials are int32; keep thresholds well inside so u + I cannot overflow in one step. */
const MAX_THRESHOLD_Q = 2 ** 30;

function maxAbs(edges: readonly Edge[]): number {
  let m = 0;
  for (const e of edges) for (const w of e.weights) if (Number.isFinite(w) && Math.abs(w) > m) m = Math.abs(w);
  return m;
}

/** Quantise one edge with unit q; non-finite weights (already reported) become 0. */
export function quantizeEdge(e: Edge, q: number, qmax: number): EdgeQuant {
  const weightsQ = new Int32Array(e.weights.length);
  let maxErr = 0;
  let sumErr = 0;
  let maxW = 0;
  for (let i = 0; i < e.weights.length; i++) {
    const w = e.weights[i] as number;
    if (!Number.isFinite(w)) continue;
    const v = Math.max(-qmax, Math.min(qmax, Math.round(w / q)));
    weightsQ[i] = v;
    const err = Math.abs(w - v * q);
    sumErr += err;
    if (err > maxErr) maxErr = err;
    if (Math.abs(w) > maxW) maxW = Math.abs(w);
  }
  return { scale: q, weightsQ, maxAbsError: maxErr, meanAbsError: e.weights.length > 0 ? sumErr / e.weights.length : 0, maxAbsWeight: maxW };
}

function floatQuant(e: Edge): EdgeQuant {
  let maxW = 0;
  for (const w of e.weights) if (Number.isFinite(w)) maxW = Math.max(maxW, Math.abs(w));
  return { scale: 1, weightsQ: new Int32Array(0), maxAbsError: 0, meanAbsError: 0, maxAbsWeight: maxW };
}

function populationQuant(n: Node, unit: number, ctx: CompileContext): PopulationQuant {
  if (n.kind !== 'if') return { unit, thresholdQ: 0, u0Q: 0 };
  const thresholdQ = Math.round(n.threshold / unit);
  if (Number.isFinite(n.threshold) && Math.abs(thresholdQ) >= MAX_THRESHOLD_Q) {
    ctx.diag.error('HSNN2103', `layer ${n.name}: threshold ${n.threshold} is ${thresholdQ} integer units of ${unit.toExponential(3)}; int32 potentials need < 2^30 (weights too small for the threshold?)`, false);
  }
  return { unit, thresholdQ, u0Q: Math.round(n.u0 / unit) };
}

export function quantizeWeights(g: Readonly<Graph>, ctx: CompileContext): Graph {
  const format = ctx.options.quantize;
  const bits = FORMAT_BITS[format];
  const tb = ctx.target.weightBits;
  if (tb > 0 && bits > tb) ctx.diag.error('HSNN2009', `target ${ctx.target.name} stores weights of at most ${tb} bits; --quantize ${format} needs ${bits}`, false);
  if (format === 'float32') return { ...g, format, edges: g.edges.map((e) => ({ ...e, quant: floatQuant(e) })) };
  const qmax = QMAX[format];
  const into = edgesInto(g);
  const units = new Map<string, number>();
  for (const [target, edges] of into) {
    const m = maxAbs(edges);
    units.set(target, m > 0 ? m / qmax : 1);
  }
  const nodes = g.nodes.map((n): Node => {
    const unit = units.get(n.name);
    if (unit === undefined || (n.kind !== 'if' && n.kind !== 'integrator')) return n;
    return { ...n, quant: populationQuant(n, unit, ctx) };
  });
  const edges = g.edges.map((e): Edge => ({ ...e, quant: quantizeEdge(e, units.get(e.target) as number, qmax) }));
  return { ...g, format, nodes, edges };
}
