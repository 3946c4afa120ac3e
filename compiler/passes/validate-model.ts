// Pass: validate the imported model and report every problem at once. Structural problems (unsupported
// layers, shape mismatches) are fatal: later passes cannot lower such a graph. Value problems (NaN/inf
// weights, thresholds ≤ 0) are errors too, but mapping still runs so the same run reports whether the
// model would fit. Returns the graph unchanged.
import type { CompileContext } from '../context.js';
import type { Graph } from '../ir/graph.js';
import { checkGraph } from '../ir/validate.js';

const MAX_T = 1_000_000;

function checkWeights(g: Readonly<Graph>, ctx: CompileContext): void {
  for (const e of g.edges) {
    let bad = 0;
    let first = -1;
    for (let i = 0; i < e.weights.length; i++) {
      if (!Number.isFinite(e.weights[i])) { bad++; if (first < 0) first = i; }
    }
    if (bad > 0) ctx.diag.error('HSNN2102', `layer ${e.target}: edge '${e.name}' has ${bad} NaN/infinite weight${bad > 1 ? 's' : ''} (first at flat index ${first}, value ${e.weights[first]})`, false);
  }
}

function checkNeurons(g: Readonly<Graph>, ctx: CompileContext): void {
  for (const n of g.nodes) {
    if (n.kind !== 'if') continue;
    if (!(Number.isFinite(n.threshold) && n.threshold > 0)) ctx.diag.error('HSNN2103', `layer ${n.name}: firing threshold ${n.threshold} must be finite and > 0`, false);
    else if (!Number.isFinite(n.u0)) ctx.diag.error('HSNN2103', `layer ${n.name}: initial potential u0 ${n.u0} is not finite (check u0Fraction)`, false);
  }
  const m = g.meta;
  if (!(Number.isInteger(m.T) && m.T >= 1 && m.T <= MAX_T)) ctx.diag.error('HSNN2103', `model ${g.name}: T = ${m.T} time steps must be an integer in 1..${MAX_T}`, false);
  if (!Number.isFinite(m.readoutScale)) ctx.diag.error('HSNN2103', `model ${g.name}: readout scale ${m.readoutScale} is not finite`, false);
}

export function validateModel(g: Readonly<Graph>, ctx: CompileContext): Graph {
  for (const p of checkGraph(g)) {
    switch (p.kind) {
      case 'unsupported': ctx.diag.error('HSNN2101', p.message); break;
      case 'shape': case 'structure': ctx.diag.error('HSNN2104', p.message); break;
      case 'mapping': throw new Error(`internal assertion failed: unmapped model has a mapping problem: ${p.message}`);
    }
  }
  checkWeights(g, ctx);
  checkNeurons(g, ctx);
  return { ...g };
}
