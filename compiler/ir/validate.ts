// Structural checks of the IR: references, topological order, shapes vs weights, mapping consistency.
// The validate-model pass turns these into coded user diagnostics on entry; compile() re-runs them on
// exit (and after every pass in tests) as internal invariants. Every message names the node or edge.
import { convOut, convTOut } from './geometry.js';
import { boxVolume, numel, unreachable, type Edge, type Graph, type Node, type Shape } from './graph.js';

export type ProblemKind = 'structure' | 'shape' | 'unsupported' | 'mapping';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

function sourcesOf(n: Node): readonly string[] {
  switch (n.kind) {
    case 'avgpool': return [n.source];
    case 'concat': return n.sources;
    case 'input': case 'if': case 'integrator': case 'unsupported': return [];
    default: return unreachable(n);
  }
}

function checkNodes(g: Readonly<Graph>, out: Problem[]): void {
  const seen = new Map<string, Node>();
  for (const n of g.nodes) {
    if (seen.has(n.name)) out.push({ kind: 'structure', message: `node '${n.name}' is defined twice` });
    const s = n.shape;
    if (![s.c, s.h, s.w].every((d) => Number.isInteger(d) && d >= 1)) out.push({ kind: 'shape', message: `node '${n.name}' has invalid shape (${s.c}, ${s.h}, ${s.w})` });
    if (n.kind === 'unsupported') out.push({ kind: 'unsupported', message: `layer '${n.name}' (${n.op}) is not supported: ${n.reason}` });
    for (const src of sourcesOf(n)) {
      if (!seen.has(src)) out.push({ kind: 'structure', message: `node '${n.name}' reads '${src}', which is not defined before it` });
    }
    if (n.kind === 'avgpool') checkPool(n.name, n.factor, seen.get(n.source)?.shape, s, out);
    if (n.kind === 'concat') checkConcat(n.name, n.sources.map((x) => seen.get(x)?.shape), s, out);
    seen.set(n.name, n);
  }
}

function checkPool(name: string, f: number, src: Shape | undefined, s: Shape, out: Problem[]): void {
  if (!src) return;
  if (src.h % f !== 0 || src.w % f !== 0 || s.h * f !== src.h || s.w * f !== src.w || s.c !== src.c) {
    out.push({ kind: 'shape', message: `node '${name}': ${f}×${f} pooling of (${src.c}, ${src.h}, ${src.w}) cannot give (${s.c}, ${s.h}, ${s.w}) exactly` });
  }
}

function checkConcat(name: string, srcs: readonly (Shape | undefined)[], s: Shape, out: Problem[]): void {
  if (srcs.some((x) => x === undefined)) return;
  const list = srcs as readonly Shape[];
  const c = list.reduce((a, x) => a + x.c, 0);
  if (list.some((x) => x.h !== s.h || x.w !== s.w) || c !== s.c) {
    out.push({ kind: 'shape', message: `node '${name}': concat of ${list.map((x) => `(${x.c}, ${x.h}, ${x.w})`).join(' + ')} does not give (${s.c}, ${s.h}, ${s.w})` });
  }
}

function expectedOut(e: Edge, src: Shape): [number, number] {
  switch (e.kind) {
    case 'conv': case 'pool': case 'dense': return [convOut(src.h, { k: e.kh, s: e.sh, p: e.pt }), convOut(src.w, { k: e.kw, s: e.sw, p: e.pl })];
    case 'convT': return [convTOut(src.h, { k: e.kh, s: e.sh, p: e.pt }), convTOut(src.w, { k: e.kw, s: e.sw, p: e.pl })];
    default: return unreachable(e);
  }
}

function checkEdge(e: Edge, nodes: ReadonlyMap<string, Node>, order: ReadonlyMap<string, number>, out: Problem[]): void {
  const src = nodes.get(e.source);
  const tgt = nodes.get(e.target);
  const at = `edge '${e.name}' (${e.source} → ${e.target})`;
  if (!src || !tgt) { out.push({ kind: 'structure', message: `${at} names a node that does not exist` }); return; }
  if (tgt.kind !== 'if' && tgt.kind !== 'integrator') out.push({ kind: 'structure', message: `${at}: target '${tgt.name}' is a ${tgt.kind} node, not a neuron population` });
  if (src.kind === 'integrator') out.push({ kind: 'structure', message: `${at}: source '${src.name}' is a non-spiking integrator` });
  if ((order.get(e.source) ?? 0) >= (order.get(e.target) ?? 0)) out.push({ kind: 'structure', message: `${at} goes backwards in topological order` });
  if (![e.kh, e.kw, e.sh, e.sw].every((d) => Number.isInteger(d) && d >= 1) || e.pt < 0 || e.pl < 0) out.push({ kind: 'shape', message: `${at}: invalid kernel ${e.kh}×${e.kw}, stride ${e.sh}×${e.sw}, pad ${e.pt},${e.pl}` });
  if (e.cin !== src.shape.c) out.push({ kind: 'shape', message: `${at}: weights expect ${e.cin} input channels but '${src.name}' has ${src.shape.c}` });
  if (e.cout !== tgt.shape.c) out.push({ kind: 'shape', message: `${at}: weights give ${e.cout} output channels but '${tgt.name}' has ${tgt.shape.c}` });
  const n = e.kind === 'pool' ? 1 : e.kh * e.kw * e.cin * e.cout;
  if (e.weights.length !== n) out.push({ kind: 'shape', message: `${at}: ${e.weights.length} weights, expected ${e.kind === 'pool' ? 'one pool weight' : `${e.kh}·${e.kw}·${e.cin}·${e.cout}`} = ${n}` });
  if (e.kind === 'pool' && e.cin !== e.cout) out.push({ kind: 'shape', message: `${at}: a pool keeps channels, ${e.cin} → ${e.cout}` });
  if (e.kind === 'dense' && (e.kh !== src.shape.h || e.kw !== src.shape.w || e.sh !== 1 || e.sw !== 1 || e.pt !== 0 || e.pl !== 0)) {
    out.push({ kind: 'shape', message: `${at}: a dense edge covers its ${src.shape.h}×${src.shape.w} source with stride 1 and no pad, not ${e.kh}×${e.kw} stride ${e.sh}×${e.sw} pad ${e.pt},${e.pl}` });
  }
  const [h, w] = expectedOut(e, src.shape);
  if (h !== tgt.shape.h || w !== tgt.shape.w) out.push({ kind: 'shape', message: `${at}: a ${e.kind} of ${src.shape.h}×${src.shape.w} gives ${h}×${w}, but '${tgt.name}' is ${tgt.shape.h}×${tgt.shape.w}` });
  if (e.quant && e.quant.weightsQ.length !== 0 && e.quant.weightsQ.length !== e.weights.length) out.push({ kind: 'structure', message: `${at}: ${e.quant.weightsQ.length} quantised weights for ${e.weights.length} weights` });
}

function checkEdges(g: Readonly<Graph>, out: Problem[]): void {
  const nodes = new Map(g.nodes.map((n) => [n.name, n]));
  const order = new Map(g.nodes.map((n, i) => [n.name, i]));
  const pairs = new Set<string>();
  const names = new Set<string>();
  for (const e of g.edges) {
    if (names.has(e.name)) out.push({ kind: 'structure', message: `edge '${e.name}' is defined twice` });
    names.add(e.name);
    const key = `${e.source}\u0000${e.target}`;
    if (pairs.has(key)) out.push({ kind: 'structure', message: `edge '${e.name}': a second projection ${e.source} → ${e.target} (merge them first)` });
    pairs.add(key);
    checkEdge(e, nodes, order, out);
  }
}

/** Every core inside its population, slices disjoint, every mapped population fully covered. */
function checkCores(g: Readonly<Graph>, out: Problem[]): void {
  if (g.cores.length === 0) return;
  const nodes = new Map(g.nodes.map((n) => [n.name, n]));
  const covered = new Map<string, Uint8Array>();
  const seenPlace = new Set<string>();
  g.cores.forEach((core, i) => {
    const n = nodes.get(core.population);
    const b = core.box;
    if (core.id !== i || !n) { out.push({ kind: 'mapping', message: `core ${i}: bad id ${core.id} or unknown population '${core.population}'` }); return; }
    const s = n.shape;
    if (!(b.c0 >= 0 && b.c0 < b.c1 && b.c1 <= s.c && b.y0 >= 0 && b.y0 < b.y1 && b.y1 <= s.h && b.x0 >= 0 && b.x0 < b.x1 && b.x1 <= s.w) || core.neurons !== boxVolume(b)) {
      out.push({ kind: 'mapping', message: `core ${i} of '${n.name}': slice outside the population or neuron count wrong` });
      return;
    }
    const bits = covered.get(n.name) ?? new Uint8Array(numel(s));
    covered.set(n.name, bits);
    for (let c = b.c0; c < b.c1; c++) for (let y = b.y0; y < b.y1; y++) for (let x = b.x0; x < b.x1; x++) {
      const k = (c * s.h + y) * s.w + x;
      if (bits[k] === 1) out.push({ kind: 'mapping', message: `core ${i} of '${n.name}': neuron (${c}, ${y}, ${x}) is on two cores` });
      bits[k] = 1;
    }
    if (core.place) {
      const key = `${core.place.x},${core.place.y}`;
      if (seenPlace.has(key)) out.push({ kind: 'mapping', message: `core ${i}: mesh position (${key}) is taken twice` });
      seenPlace.add(key);
    }
  });
  for (const [name, bits] of covered) if (bits.includes(0)) out.push({ kind: 'mapping', message: `population '${name}' has neurons on no core` });
}

function checkRoutes(g: Readonly<Graph>, out: Problem[]): void {
  for (const r of g.routes) {
    const s = g.cores[r.sourceCore];
    for (const d of r.dests) {
      const t = g.cores[d.core];
      if (!s?.place || !t?.place) { out.push({ kind: 'mapping', message: `route ${r.sourceCore} → ${d.core}: unplaced or unknown core` }); continue; }
      const hops = Math.abs(s.place.x - t.place.x) + Math.abs(s.place.y - t.place.y);
      if (d.hops !== hops) out.push({ kind: 'mapping', message: `route ${r.sourceCore} → ${d.core}: ${d.hops} hops, XY distance is ${hops}` });
    }
  }
}

/** All structural problems of a graph; empty means valid. */
export function checkGraph(g: Readonly<Graph>): Problem[] {
  const out: Problem[] = [];
  checkNodes(g, out);
  checkEdges(g, out);
  checkCores(g, out);
  checkRoutes(g, out);
  return out;
}
