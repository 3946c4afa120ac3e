// Pass: split every conv over a channel concat into one projection per concat source, all into the same
// population: conv(concat(a, b)) = conv_a(a) + conv_b(b), where conv_a keeps input channels [0, C_a) of
// the kernel and conv_b channels [C_a, C_a + C_b). Edge names get '/<source>' (e.g. 'dec1.conv1/enc1.conv2').
import { assert } from '../../core/errors.js';
import type { CompileContext } from '../context.js';
import { nodeMap, type ConcatNode, type Edge, type Graph } from '../ir/graph.js';

/** Input channels [c0, c0 + n) of a [kh][kw][cin][cout] kernel. */
function sliceCin(w: Readonly<Float32Array>, kh: number, kw: number, cin: number, cout: number, c0: number, n: number): Float32Array {
  const out = new Float32Array(kh * kw * n * cout);
  for (let t = 0; t < kh * kw; t++) {
    for (let ci = 0; ci < n; ci++) out.set(w.subarray((t * cin + c0 + ci) * cout, (t * cin + c0 + ci + 1) * cout), (t * n + ci) * cout);
  }
  return out;
}

function splitEdge(e: Edge, cat: ConcatNode, g: Readonly<Graph>): Edge[] {
  assert(e.kind === 'conv', `edge '${e.name}': only a conv may read concat '${cat.name}'`);
  const nodes = nodeMap(g);
  let c0 = 0;
  return cat.sources.map((src) => {
    const n = nodes.get(src)?.shape.c;
    assert(n !== undefined, `concat '${cat.name}' source '${src}' exists`);
    const part: Edge = { ...e, name: `${e.name}/${src}`, source: src, cin: n, weights: sliceCin(e.weights, e.kh, e.kw, e.cin, e.cout, c0, n) };
    c0 += n;
    return part;
  });
}

export function splitConcat(g: Readonly<Graph>, _ctx: CompileContext): Graph {
  const cats = new Map(g.nodes.filter((n): n is ConcatNode => n.kind === 'concat').map((n) => [n.name, n]));
  if (cats.size === 0) return { ...g };
  const edges = g.edges.flatMap((e) => {
    const cat = cats.get(e.source);
    return cat ? splitEdge(e, cat, g) : [e];
  });
  return { ...g, nodes: g.nodes.filter((n) => n.kind !== 'concat'), edges };
}
