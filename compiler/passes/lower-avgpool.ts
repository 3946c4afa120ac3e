// Pass: lower every 2×2 average pool (SEMANTICS.md "Layers as projections"), as `--pool` says.
// fused (default): fold it into the conv that reads it, conv_{k,s,p}(avgpool_f(x)) = conv_{f·k, f·s, f·p}(x)
// with w'[ky][kx] = w[⌊ky/f⌋][⌊kx/f⌋] / f², exact for source sizes divisible by f (U-Net: 6×6, stride 2, pad 2, w/4).
// spiking: the pool becomes an IF population (v = 1, u0 = ½, reset subtract) fed by a SUM_POOL of weight
// 1/f², so it fires at the window's mean rate and the next conv sees f² fewer input events.
// A sum pool (NIR SumPool2d) keeps w when fused: w'[ky][kx] = w[⌊ky/f⌋][⌊kx/f⌋]. A dense edge reading a pool
// repeats each pooled neuron's row over its f×f window (÷f² for an average pool).
import { assert } from '../../core/errors.js';
import type { CompileContext } from '../context.js';
import type { AvgPoolNode, ConvEdge, DenseEdge, Edge, Graph, IfNode, Node, PoolEdge } from '../ir/graph.js';
import { POOL_THRESHOLD, POOL_U0_FRACTION } from '../../proto/spiking-pool.js';

export { POOL_THRESHOLD };

/** Expand a [kh][kw][cin][cout] kernel f× along both axes, dividing by f² (by `div`: 1 for a sum pool). */
export function expandKernel(w: Readonly<Float32Array>, kh: number, kw: number, cin: number, cout: number, f: number, div = f * f): Float32Array {
  const KH = kh * f;
  const KW = kw * f;
  const inner = cin * cout;
  const out = new Float32Array(KH * KW * inner);
  for (let y = 0; y < KH; y++) {
    for (let x = 0; x < KW; x++) {
      const src = (Math.floor(y / f) * kw + Math.floor(x / f)) * inner;
      const dst = (y * KW + x) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = (w[src + i] as number) / div;
    }
  }
  return out;
}

/** A dense edge over the pooled (C, H, W) read from the (C, H·f, W·f) source: every source neuron of a window
 *  gets its pooled neuron's row, divided by `div` (f² for an average pool, 1 for a sum pool). */
export function expandDense(e: DenseEdge, f: number, div: number): DenseEdge {
  const H = e.kh, W = e.kw, HF = H * f, WF = W * f, cout = e.cout;
  const weights = new Float32Array(e.cin * HF * WF * cout);
  for (let c = 0; c < e.cin; c++) for (let y = 0; y < HF; y++) for (let x = 0; x < WF; x++) {
    const from = ((c * H + Math.floor(y / f)) * W + Math.floor(x / f)) * cout, to = ((c * HF + y) * WF + x) * cout;
    for (let co = 0; co < cout; co++) weights[to + co] = (e.weights[from + co] as number) / div;
  }
  return { ...e, kh: HF, kw: WF, weights, pooled: { factor: f, kh: H, kw: W } };
}

function lowerEdge(e: Edge, pool: AvgPoolNode): ConvEdge | DenseEdge {
  if (e.kind === 'dense') return { ...expandDense(e, pool.factor, pool.sum ? 1 : pool.factor * pool.factor), source: pool.source };
  assert(e.kind === 'conv', `edge '${e.name}': only a conv or a dense edge may read pool '${pool.name}'`);
  const f = pool.factor;
  return {
    ...e, source: pool.source, kh: e.kh * f, kw: e.kw * f, sh: e.sh * f, sw: e.sw * f, pt: e.pt * f, pl: e.pl * f,
    weights: expandKernel(e.weights, e.kh, e.kw, e.cin, e.cout, f, pool.sum ? 1 : f * f), pooled: { factor: f, kh: e.kh, kw: e.kw },
  };
}

/** The pool as a population of its own name (the conv reading it is unchanged) and the SUM_POOL into it. */
function spikingPool(pool: AvgPoolNode): [IfNode, PoolEdge] {
  const f = pool.factor, c = pool.shape.c;
  const node: IfNode = { kind: 'if', name: pool.name, shape: pool.shape, threshold: POOL_THRESHOLD, u0: POOL_U0_FRACTION * POOL_THRESHOLD, reset: 'subtract' };
  const edge: PoolEdge = { kind: 'pool', name: pool.name, source: pool.source, target: pool.name, kh: f, kw: f, sh: f, sw: f, pt: 0, pl: 0, cin: c, cout: c, weights: Float32Array.of(1 / (f * f)) };
  return [node, edge];
}

function spikingPools(g: Readonly<Graph>): Graph {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  for (const n of g.nodes) {
    if (n.kind !== 'avgpool') { nodes.push(n); continue; }
    const [node, edge] = spikingPool(n);
    nodes.push(node);
    edges.push(edge);
  }
  return { ...g, nodes, edges: [...edges, ...g.edges], pool: 'spiking' };
}

export function lowerAvgPool(g: Readonly<Graph>, ctx: CompileContext): Graph {
  const pools = new Map(g.nodes.filter((n): n is AvgPoolNode => n.kind === 'avgpool').map((n) => [n.name, n]));
  if (ctx.options.pool === 'spiking') return spikingPools(g);
  if (pools.size === 0) return { ...g, pool: 'fused' };
  const edges = g.edges.map((e) => {
    const pool = pools.get(e.source);
    return pool ? lowerEdge(e, pool) : e;
  });
  return { ...g, nodes: g.nodes.filter((n) => n.kind !== 'avgpool'), edges, pool: 'fused' };
}
