// Graph checks of a parsed NIR file: edges name real nodes, one Input and one Output, no cycles, every
// node reachable; then shape inference in topological order, which checks that shapes chain along
// every edge (several edges into one node must carry the same shape, as NIR's own type check requires).
import { NirProblems } from './codes.js';
import { CONVT_TYPE, floatField, intField, type NirGraph, type NirNode } from './types.js';

export type Dims = readonly number[];

export interface CheckedGraph {
  readonly graph: NirGraph;
  /** Topological order (Kahn; ties in file order). */
  readonly order: readonly string[];
  readonly preds: ReadonlyMap<string, readonly string[]>;
  readonly succs: ReadonlyMap<string, readonly string[]>;
  /** Output shape of every node. */
  readonly shapes: ReadonlyMap<string, Dims>;
  readonly input: string;
  readonly output: string;
}

const fmt = (d: Dims | undefined): string => (d ? `[${d.join(', ')}]` : '[?]');
const same = (a: Dims, b: Dims): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
const pair = (v: readonly number[]): [number, number] => [v[0] as number, (v.length > 1 ? v[1] : v[0]) as number];

function topoOrder(g: NirGraph, preds: Map<string, string[]>, succs: Map<string, string[]>, file: string, P: NirProblems): string[] {
  const indeg = new Map([...g.nodes.keys()].map((k) => [k, preds.get(k)?.length ?? 0]));
  const ready = [...g.nodes.keys()].filter((k) => indeg.get(k) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const n = ready.shift() as string;
    order.push(n);
    for (const s of succs.get(n) ?? []) {
      indeg.set(s, (indeg.get(s) as number) - 1);
      if (indeg.get(s) === 0) ready.push(s);
    }
  }
  if (order.length < g.nodes.size) {
    const left = [...g.nodes.keys()].filter((k) => !order.includes(k));
    P.add('HSNN5007', `${file}: the graph has a cycle through node${left.length > 1 ? 's' : ''} ${left.map((x) => `'${x}'`).join(', ')} (recurrent NIR graphs are not supported: hsnn populations only feed later ones)`);
  }
  return order;
}

function structure(file: string, g: NirGraph, P: NirProblems): { preds: Map<string, string[]>; succs: Map<string, string[]> } {
  const preds = new Map<string, string[]>(), succs = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const [a, b] of g.edges) {
    for (const x of [a, b]) if (!g.nodes.has(x)) P.add('HSNN5007', `${file}: edge '${a}' → '${b}' names node '${x}', which does not exist`);
    if (seen.has(`${a}\u0000${b}`)) P.add('HSNN5007', `${file}: edge '${a}' → '${b}' appears twice`);
    seen.add(`${a}\u0000${b}`);
    preds.set(b, [...(preds.get(b) ?? []), a]);
    succs.set(a, [...(succs.get(a) ?? []), b]);
  }
  const ins = [...g.nodes.values()].filter((n) => n.type === 'Input'), outs = [...g.nodes.values()].filter((n) => n.type === 'Output');
  if (ins.length !== 1) P.add('HSNN5007', `${file}: ${ins.length} Input nodes (${ins.map((n) => n.name).join(', ')}); hsnn compiles graphs with exactly one`);
  if (outs.length !== 1) P.add('HSNN5007', `${file}: ${outs.length} Output nodes (${outs.map((n) => n.name).join(', ')}); hsnn compiles graphs with exactly one readout`);
  for (const n of g.nodes.values()) {
    if (n.type !== 'Input' && !(preds.get(n.name)?.length)) P.add('HSNN5007', `${file}: node '${n.name}' (${n.type}) has no incoming edge`);
    if (n.type !== 'Output' && !(succs.get(n.name)?.length)) P.add('HSNN5007', `${file}: node '${n.name}' (${n.type}) has no outgoing edge`);
  }
  return { preds, succs };
}

function convDims(n: NirNode, x: Dims, at: string, P: NirProblems): Dims | undefined {
  const w = floatField(n, 'weight').shape;
  if (w.length !== 4 || x.length !== 3) { P.add(x.length !== 3 ? 'HSNN5006' : 'HSNN5005', `${at}: needs a (C, H, W) input and a 4-D weight; got input ${fmt(x)}, weight ${fmt(w)}`); return undefined; }
  const T = n.type === CONVT_TYPE;
  const cin = T ? w[0] : (w[1] as number) * (n.ints.get('groups')?.[0] ?? 1);
  if (cin !== x[0]) { P.add('HSNN5006', `${at}: field 'weight' ${fmt(w)} expects ${cin} input channels, the incoming edge carries ${fmt(x)}`); return undefined; }
  const ish = n.ints.get('input_shape');
  if (ish && !same(ish, x.slice(1))) P.add('HSNN5006', `${at}: field 'input_shape' ${fmt(ish)} does not match the incoming ${fmt(x)}`);
  const [sh, sw] = pair(intField(n, 'stride')), [dh, dw] = pair(n.ints.get('dilation') ?? [1]);
  const [kh, kw] = [w[2] as number, w[3] as number];
  let [ph, pw] = pair(n.ints.get('padding') ?? [0]);
  if (n.padMode === 'valid') [ph, pw] = [0, 0];
  if (n.padMode === 'same') [ph, pw] = [Math.floor((dh * (kh - 1)) / 2), Math.floor((dw * (kw - 1)) / 2)];
  if (T) {
    const [oh, ow] = pair(n.ints.get('output_padding') ?? [0]);
    return [w[1] as number, ((x[1] as number) - 1) * sh - 2 * ph + dh * (kh - 1) + oh + 1, ((x[2] as number) - 1) * sw - 2 * pw + dw * (kw - 1) + ow + 1];
  }
  return [w[0] as number, Math.floor(((x[1] as number) + 2 * ph - dh * (kh - 1) - 1) / sh) + 1, Math.floor(((x[2] as number) + 2 * pw - dw * (kw - 1) - 1) / sw) + 1];
}

function flattenDims(n: NirNode, x: Dims): Dims {
  const r = x.length;
  const s0 = intField(n, 'start_dim')[0] as number, e0 = intField(n, 'end_dim')[0] as number;
  const s = s0 < 0 ? s0 + r : s0, e = e0 < 0 ? e0 + r : e0;
  if (!(s >= 0 && e < r && s <= e)) return x;
  return [...x.slice(0, s), x.slice(s, e + 1).reduce((a, b) => a * b, 1), ...x.slice(e + 1)];
}

/** Output shape of `n` given its input shape `x`, or undefined after reporting a problem. */
function outDims(n: NirNode, x: Dims, at: string, P: NirProblems): Dims | undefined {
  const params = (key: string): Dims | undefined => {
    const s = floatField(n, key).shape;
    if (same(s, x) || (s.length === 0 || (s.length === 1 && s[0] === 1))) return x;
    P.add('HSNN5006', `${at}: field '${key}' has shape ${fmt(s)}, the incoming edge carries ${fmt(x)}`);
    return undefined;
  };
  switch (n.type) {
    case 'Input': return intField(n, 'shape');
    case 'Output': {
      const s = intField(n, 'shape');
      if (!same(s, x)) P.add('HSNN5006', `${at}: field 'shape' ${fmt(s)} does not match the incoming ${fmt(x)}`);
      return x;
    }
    case 'IF': return params('r') && params('v_threshold') && (n.floats.has('v_reset') ? params('v_reset') : x);
    case 'LIF': return params('tau') && params('r') && params('v_leak') && params('v_threshold') && (n.floats.has('v_reset') ? params('v_reset') : x);
    case 'I': return params('r');
    case 'Scale': return params('scale');
    case 'Conv2d': case CONVT_TYPE: return convDims(n, x, at, P);
    case 'SumPool2d': case 'AvgPool2d': {
      if (x.length !== 3) { P.add('HSNN5006', `${at}: pooling needs a (C, H, W) input, the incoming edge carries ${fmt(x)}`); return undefined; }
      const [kh, kw] = pair(intField(n, 'kernel_size')), [sh, sw] = pair(intField(n, 'stride')), [ph, pw] = pair(intField(n, 'padding'));
      return [x[0] as number, Math.floor(((x[1] as number) + 2 * ph - kh) / sh) + 1, Math.floor(((x[2] as number) + 2 * pw - kw) / sw) + 1];
    }
    case 'Affine': case 'Linear': {
      const w = floatField(n, 'weight').shape;
      if (w.length !== 2) { P.add('HSNN5005', `${at}: field 'weight' must be [out, in], found ${fmt(w)}`); return undefined; }
      if (!same(x, [w[1] as number])) { P.add('HSNN5006', `${at}: field 'weight' ${fmt(w)} takes [${w[1]}], the incoming edge carries ${fmt(x)} (a Flatten is needed before a dense layer)`); return undefined; }
      const b = n.floats.get('bias');
      if (b && !same(b.shape, [w[0] as number])) P.add('HSNN5006', `${at}: field 'bias' ${fmt(b.shape)} does not match weight ${fmt(w)}`);
      return [w[0] as number];
    }
    case 'Flatten': {
      const it = n.ints.get('input_type');
      if (it && !same(it, x)) P.add('HSNN5006', `${at}: field 'input_type' ${fmt(it)} does not match the incoming ${fmt(x)}`);
      return flattenDims(n, x);
    }
    default: { const never: never = n.type; return never; }
  }
}

function inferShapes(file: string, g: NirGraph, order: readonly string[], preds: ReadonlyMap<string, readonly string[]>, P: NirProblems): Map<string, Dims> {
  const shapes = new Map<string, Dims>();
  for (const name of order) {
    const n = g.nodes.get(name) as NirNode;
    const ins = (preds.get(name) ?? []).filter((p) => shapes.has(p));
    if (n.type !== 'Input' && ins.length === 0) continue;
    const x = shapes.get(ins[0] as string) ?? [];
    for (const p of ins.slice(1)) {
      if (!same(shapes.get(p) as Dims, x)) P.add('HSNN5006', `${file}: edges into node '${name}' carry different shapes: '${ins[0]}' gives ${fmt(x)}, '${p}' gives ${fmt(shapes.get(p))}`);
    }
    const y = outDims(n, x, `${file}: node '${name}' (${n.type}), edge from '${ins[0] ?? ''}'`, P);
    if (y && !y.every((d) => Number.isInteger(d) && d >= 1)) P.add('HSNN5006', `${file}: node '${name}' (${n.type}) gets input ${fmt(x)} and would output ${fmt(y)}`);
    else if (y) shapes.set(name, y);
  }
  return shapes;
}

export function checkNir(file: string, g: NirGraph): CheckedGraph {
  const P = new NirProblems();
  const { preds, succs } = structure(file, g, P);
  P.throwIfAny();
  const order = topoOrder(g, preds, succs, file, P);
  P.throwIfAny();
  const shapes = inferShapes(file, g, order, preds, P);
  P.throwIfAny();
  const pick = (t: string): string => [...g.nodes.values()].find((n) => n.type === t)?.name as string;
  return { graph: g, order, preds, succs, shapes, input: pick('Input'), output: pick('Output') };
}
