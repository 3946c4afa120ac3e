// Pass: fold every 2×2 average pool into the conv that reads it (SEMANTICS.md "Layers as projections").
// conv_{k,s,p}(avgpool_f(x)) = conv_{f·k, f·s, f·p}(x) with w'[ky][kx] = w[⌊ky/f⌋][⌊kx/f⌋] / f², exact
// for source sizes divisible by f. For the U-Net's 3×3 pad-1 conv: kernel 6, stride 2, pad 2, w/4.
// A sum pool (NIR SumPool2d) keeps w: w'[ky][kx] = w[⌊ky/f⌋][⌊kx/f⌋].
import { assert } from '../../core/errors.js';
import type { CompileContext } from '../context.js';
import type { AvgPoolNode, ConvEdge, Edge, Graph } from '../ir/graph.js';

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

function lowerEdge(e: Edge, pool: AvgPoolNode): ConvEdge {
  assert(e.kind === 'conv', `edge '${e.name}': only a conv may read pool '${pool.name}'`);
  const f = pool.factor;
  return {
    ...e, source: pool.source, kh: e.kh * f, kw: e.kw * f, sh: e.sh * f, sw: e.sw * f, pt: e.pt * f, pl: e.pl * f,
    weights: expandKernel(e.weights, e.kh, e.kw, e.cin, e.cout, f, pool.sum ? 1 : f * f), pooled: { factor: f, kh: e.kh, kw: e.kw },
  };
}

export function lowerAvgPool(g: Readonly<Graph>, _ctx: CompileContext): Graph {
  const pools = new Map(g.nodes.filter((n): n is AvgPoolNode => n.kind === 'avgpool').map((n) => [n.name, n]));
  if (pools.size === 0) return { ...g };
  const edges = g.edges.map((e) => {
    const pool = pools.get(e.source);
    return pool ? lowerEdge(e, pool) : e;
  });
  return { ...g, nodes: g.nodes.filter((n) => n.kind !== 'avgpool'), edges };
}
