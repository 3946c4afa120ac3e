// Hand-built IR graphs for compiler tests: an input, a chain of conv / transposed-conv populations,
// optional skip projections (a population fed by two sources), seeded random weights.
import { hashSeed, mulberry32, type Rand } from '../../core/random.js';
import { convOut, convTOut } from '../../compiler/ir/geometry.js';
import type { Edge, Graph, Node, Shape } from '../../compiler/ir/graph.js';

export interface LayerSpec {
  readonly kind: 'conv' | 'convT';
  readonly c: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  /** Index (into the population list, 0 = input) of a second source with the same output size. */
  readonly skipFrom?: number | undefined;
}

function randomWeights(n: number, rand: Rand): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rand() * 2 - 1) * 0.5;
  return w;
}

function edge(kind: 'conv' | 'convT', name: string, source: string, target: string, src: Shape, c: number, k: number, s: number, p: number, rand: Rand): Edge {
  return { kind, name, source, target, kh: k, kw: k, sh: s, sw: s, pt: p, pl: p, cin: src.c, cout: c, weights: randomWeights(k * k * src.c * c, rand) };
}

/** Builds the chain; a skip whose source size does not match the layer's output is skipped silently. */
export function chainGraph(input: Shape, layers: readonly LayerSpec[], seed: number): Graph {
  const rand = mulberry32(hashSeed(seed, 0xc4a1));
  const nodes: Node[] = [{ kind: 'input', name: 'input', shape: input }];
  const edges: Edge[] = [];
  layers.forEach((l, i) => {
    const prev = nodes[nodes.length - 1] as Node;
    const h = l.kind === 'conv' ? convOut(prev.shape.h, { k: l.k, s: l.s, p: l.p }) : convTOut(prev.shape.h, { k: l.k, s: l.s, p: l.p });
    const w = l.kind === 'conv' ? convOut(prev.shape.w, { k: l.k, s: l.s, p: l.p }) : convTOut(prev.shape.w, { k: l.k, s: l.s, p: l.p });
    const name = `l${i + 1}`;
    edges.push(edge(l.kind, name, prev.name, name, prev.shape, l.c, l.k, l.s, l.p, rand));
    const skip = l.skipFrom !== undefined ? nodes[l.skipFrom] : undefined;
    if (skip && skip !== prev && skip.shape.h === h && skip.shape.w === w) edges.push(edge('conv', `${name}/skip`, skip.name, name, skip.shape, l.c, 3, 1, 1, rand));
    nodes.push({ kind: 'if', name, shape: { c: l.c, h, w }, threshold: 1, u0: 0.5, reset: 'subtract' });
  });
  return { name: `chain${seed}`, meta: { T: 4, encoding: 'poisson', seed, readoutScale: 1, sourceCheckpoint: 'test' }, nodes, edges, cores: [], routes: [], report: { notes: [] } };
}
