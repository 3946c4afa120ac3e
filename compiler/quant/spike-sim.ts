// A small event-driven simulator of the first populations of an IR graph, run twice in lockstep: float
// weights and potentials, and the quantised integers. It measures how quantisation changes spikes at
// compile time without the runtime simulators (zero-delay semantics of SEMANTICS.md, Poisson input
// from models/snn/rng.ts). Only for measurement: the netlist semantics are defined by runtime-wasm/reference.
import { poissonSpike, probabilityThreshold24, sliceSeed } from '../../models/snn/rng.js';
import { assert } from '../../cli/errors.js';
import { edgesInto, numel, unreachable, type Edge, type Graph, type IfNode, type LayerSpikes, type Shape } from '../ir/graph.js';

interface PopState {
  readonly node: IfNode;
  readonly edges: readonly Edge[];
  readonly uF: Float32Array;
  readonly uQ: Int32Array;
  readonly iF: Float64Array;
  readonly iQ: Int32Array;
  spikesF: number[];
  spikesQ: number[];
  readonly stats: { floatSpikes: number; quantSpikes: number; mismatched: number };
}

/** Add one source neuron's weights into the target currents (conv or transposed conv). */
function scatter(e: Edge, src: Shape, tgt: Shape, i: number, w: ArrayLike<number>, cur: Float64Array | Int32Array): void {
  const ci = Math.floor(i / (src.h * src.w));
  const iy = Math.floor(i / src.w) % src.h;
  const ix = i % src.w;
  const plane = tgt.h * tgt.w;
  for (let ky = 0; ky < e.kh; ky++) {
    const oy = targetIndex(e, iy, ky, e.sh, e.pt);
    if (oy < 0 || oy >= tgt.h) continue;
    for (let kx = 0; kx < e.kw; kx++) {
      const ox = targetIndex(e, ix, kx, e.sw, e.pl);
      if (ox < 0 || ox >= tgt.w) continue;
      const base = ((ky * e.kw + kx) * e.cin + ci) * e.cout;
      const o = oy * tgt.w + ox;
      for (let co = 0; co < e.cout; co++) cur[co * plane + o] = (cur[co * plane + o] as number) + (w[base + co] as number);
    }
  }
}

/** Output coordinate a source coordinate reaches through kernel tap k, or −1. */
function targetIndex(e: Edge, i: number, k: number, s: number, p: number): number {
  switch (e.kind) {
    case 'conv': { const n = i + p - k; return n % s === 0 ? n / s : -1; }
    case 'convT': return i * s + k - p;
    default: return unreachable(e);
  }
}

function pickPopulations(g: Readonly<Graph>, count: number): IfNode[] {
  const into = edgesInto(g);
  const ready = new Set(['input']);
  const out: IfNode[] = [];
  for (const n of g.nodes) {
    if (out.length >= count) break;
    if (n.kind !== 'if') continue;
    const edges = into.get(n.name) ?? [];
    if (edges.length === 0 || !edges.every((e) => ready.has(e.source))) continue;
    out.push(n);
    ready.add(n.name);
  }
  return out;
}

function stepPopulation(p: PopState, shapes: ReadonlyMap<string, Shape>, spikes: ReadonlyMap<string, readonly [number[], number[]]>): void {
  p.iF.fill(0);
  p.iQ.fill(0);
  for (const e of p.edges) {
    const src = shapes.get(e.source) as Shape;
    const [sf, sq] = spikes.get(e.source) as [number[], number[]];
    const wq = e.quant?.weightsQ ?? new Int32Array(0);
    for (const i of sf) scatter(e, src, p.node.shape, i, e.weights, p.iF);
    for (const i of sq) scatter(e, src, p.node.shape, i, wq, p.iQ);
  }
  const v = p.node.threshold;
  const vq = p.node.quant?.thresholdQ ?? 0;
  p.spikesF = [];
  p.spikesQ = [];
  for (let i = 0; i < p.uF.length; i++) {
    const uf = Math.fround((p.uF[i] as number) + (p.iF[i] as number));
    const fire = uf > v;
    p.uF[i] = fire ? Math.fround(uf - v) : uf;
    const uq = ((p.uQ[i] as number) + (p.iQ[i] as number)) | 0;
    const fireQ = uq > vq;
    p.uQ[i] = fireQ ? uq - vq : uq;
    if (fire) p.spikesF.push(i);
    if (fireQ) p.spikesQ.push(i);
    if (fire !== fireQ) p.stats.mismatched++;
  }
  p.stats.floatSpikes += p.spikesF.length;
  p.stats.quantSpikes += p.spikesQ.length;
}

/** Simulate the first `count` spiking populations float vs quantised for T steps on `image`. */
export function compareSpikes(g: Readonly<Graph>, count: number, image: Float32Array, seed: number, T: number): LayerSpikes[] {
  const input = g.nodes[0];
  assert(input?.kind === 'input' && image.length === numel(input.shape), 'spike comparison: input node first, image sized to it');
  const into = edgesInto(g);
  const pops: PopState[] = pickPopulations(g, count).map((node) => {
    const n = numel(node.shape);
    const uQ = new Int32Array(n).fill(node.quant?.u0Q ?? 0);
    return { node, edges: into.get(node.name) ?? [], uF: new Float32Array(n).fill(node.u0), uQ, iF: new Float64Array(n), iQ: new Int32Array(n), spikesF: [], spikesQ: [], stats: { floatSpikes: 0, quantSpikes: 0, mismatched: 0 } };
  });
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const thr = Array.from(image, (x) => probabilityThreshold24(x));
  const s = sliceSeed(seed, 0);
  for (let t = 0; t < T; t++) {
    const inSpikes: number[] = [];
    thr.forEach((th, i) => { if (poissonSpike(s, t, i, th)) inSpikes.push(i); });
    const spikes = new Map<string, readonly [number[], number[]]>([['input', [inSpikes, inSpikes]]]);
    for (const p of pops) {
      stepPopulation(p, shapes, spikes);
      spikes.set(p.node.name, [p.spikesF, p.spikesQ]);
    }
  }
  return pops.map((p) => ({ name: p.node.name, ...p.stats }));
}
