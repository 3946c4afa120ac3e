// A small event-driven simulator of the first populations of an IR graph, run twice in lockstep: float
// weights and potentials, and the quantised integers. It measures how quantisation changes spikes at
// compile time without the runtime simulators (zero-delay semantics of SEMANTICS.md, Poisson input
// from core/poisson-rng.ts, or direct input as the host current of proto/direct-input.ts added every step).
// Only for measurement: the netlist semantics are defined by runtime-wasm/reference.
//
// Currents are kept pixel-major, cur[o·C_out + co], so one kernel tap adds one contiguous weight row:
//   tap table of a source pixel p:  [o_0, t_0, o_1, t_1, …]   (output pixel, kernel tap ky·kw + kx)
import { poissonSpike, probabilityThreshold24, sliceSeed } from '../../core/poisson-rng.js';
import { assert } from '../../core/errors.js';
import { directCurrent } from '../../proto/direct-input.js';
import { edgesInto, isHostCurrentEdge, numel, unreachable, type Edge, type Graph, type IfNode, type LayerSpikes, type Shape } from '../ir/graph.js';

interface SimEdge {
  readonly edge: Edge;
  readonly src: Shape;
  /** Per source pixel: flat [outputPixel, tap] pairs. */
  readonly taps: readonly Int32Array[];
  readonly wQ: Int32Array;
}

interface PopState {
  readonly node: IfNode;
  readonly edges: readonly SimEdge[];
  readonly uF: Float32Array;
  readonly uQ: Int32Array;
  readonly iF: Float64Array;
  readonly iQ: Int32Array;
  /** Host current per neuron (CHW) of a direct input, float and integer; zeros otherwise. */
  readonly biasF: Float32Array;
  readonly biasQ: Int32Array;
  spikesF: number[];
  spikesQ: number[];
  readonly stats: { floatSpikes: number; quantSpikes: number; mismatched: number };
}

/** Output coordinate a source coordinate reaches through kernel tap k, or −1. */
function targetIndex(e: Edge, i: number, k: number, s: number, p: number): number {
  switch (e.kind) {
    case 'conv': case 'pool': case 'dense': { const n = i + p - k; return n % s === 0 ? n / s : -1; }
    case 'convT': return i * s + k - p;
    default: return unreachable(e);
  }
}

function tapTables(e: Edge, src: Shape, tgt: Shape): Int32Array[] {
  const out: Int32Array[] = [];
  for (let iy = 0; iy < src.h; iy++) {
    for (let ix = 0; ix < src.w; ix++) {
      const list: number[] = [];
      for (let ky = 0; ky < e.kh; ky++) {
        const oy = targetIndex(e, iy, ky, e.sh, e.pt);
        if (oy < 0 || oy >= tgt.h) continue;
        for (let kx = 0; kx < e.kw; kx++) {
          const ox = targetIndex(e, ix, kx, e.sw, e.pl);
          if (ox >= 0 && ox < tgt.w) list.push(oy * tgt.w + ox, ky * e.kw + kx);
        }
      }
      out.push(Int32Array.from(list));
    }
  }
  return out;
}

function scatterF(se: SimEdge, spikes: readonly number[], cur: Float64Array): void {
  const { cin, cout } = se.edge;
  const w = se.edge.weights;
  const plane = se.src.h * se.src.w;
  for (const i of spikes) {
    const ci = Math.floor(i / plane);
    const t = se.taps[i % plane] as Int32Array;
    for (let k = 0; k < t.length; k += 2) {
      const o = (t[k] as number) * cout;
      const b = ((t[k + 1] as number) * cin + ci) * cout;
      for (let co = 0; co < cout; co++) cur[o + co] = (cur[o + co] as number) + (w[b + co] as number);
    }
  }
}

function scatterQ(se: SimEdge, spikes: readonly number[], cur: Int32Array): void {
  const { cin, cout } = se.edge;
  const w = se.wQ;
  const plane = se.src.h * se.src.w;
  for (const i of spikes) {
    const ci = Math.floor(i / plane);
    const t = se.taps[i % plane] as Int32Array;
    for (let k = 0; k < t.length; k += 2) {
      const o = (t[k] as number) * cout;
      const b = ((t[k + 1] as number) * cin + ci) * cout;
      for (let co = 0; co < cout; co++) cur[o + co] = ((cur[o + co] as number) + (w[b + co] as number)) | 0;
    }
  }
}

/** Spikes present in both runs add to both currents in one pass over the taps (the common case). */
function scatterBoth(se: SimEdge, spikes: readonly number[], curF: Float64Array, curQ: Int32Array): void {
  const { cin, cout } = se.edge;
  const wf = se.edge.weights;
  const wq = se.wQ;
  const plane = se.src.h * se.src.w;
  for (const i of spikes) {
    const ci = Math.floor(i / plane);
    const t = se.taps[i % plane] as Int32Array;
    for (let k = 0; k < t.length; k += 2) {
      const o = (t[k] as number) * cout;
      const b = ((t[k + 1] as number) * cin + ci) * cout;
      for (let co = 0; co < cout; co++) {
        curF[o + co] = (curF[o + co] as number) + (wf[b + co] as number);
        curQ[o + co] = ((curQ[o + co] as number) + (wq[b + co] as number)) | 0;
      }
    }
  }
}

/** Split two ascending spike lists into (both, float only, quantised only). */
function splitSpikes(f: readonly number[], q: readonly number[]): [number[], number[], number[]] {
  const both: number[] = [];
  const onlyF: number[] = [];
  const onlyQ: number[] = [];
  let i = 0;
  let j = 0;
  while (i < f.length || j < q.length) {
    const a = i < f.length ? (f[i] as number) : Infinity;
    const b = j < q.length ? (q[j] as number) : Infinity;
    if (a === b) { both.push(a); i++; j++; } else if (a < b) { onlyF.push(a); i++; } else { onlyQ.push(b); j++; }
  }
  return [both, onlyF, onlyQ];
}

function pickPopulations(g: Readonly<Graph>, count: number): IfNode[] {
  const into = edgesInto(g);
  const ready = new Set(['input']);
  const out: IfNode[] = [];
  for (const n of g.nodes) {
    if (out.length >= count) break;
    if (n.kind !== 'if') continue;
    const edges = into.get(n.name) ?? [];
    // Conv-kernel scatter only: stop at a spiking pooling population (its depthwise edge is not one) or a dense layer.
    if (edges.some((e) => e.kind === 'pool' || e.kind === 'dense')) break;
    if (edges.length === 0 || !edges.every((e) => ready.has(e.source))) continue;
    out.push(n);
    ready.add(n.name);
  }
  return out;
}

function stepPopulation(p: PopState, spikes: ReadonlyMap<string, readonly [number[], number[]]>): void {
  p.iF.fill(0);
  p.iQ.fill(0);
  for (const se of p.edges) {
    const [sf, sq] = spikes.get(se.edge.source) as [number[], number[]];
    const [both, onlyF, onlyQ] = splitSpikes(sf, sq);
    scatterBoth(se, both, p.iF, p.iQ);
    scatterF(se, onlyF, p.iF);
    scatterQ(se, onlyQ, p.iQ);
  }
  const v = p.node.threshold;
  const vq = p.node.quant?.thresholdQ ?? 0;
  const c = p.node.shape.c;
  const plane = p.node.shape.h * p.node.shape.w;
  p.spikesF = [];
  p.spikesQ = [];
  for (let i = 0; i < p.uF.length; i++) {
    const j = (i % plane) * c + Math.floor(i / plane);
    const uf = Math.fround(Math.fround((p.uF[i] as number) + (p.biasF[i] as number)) + (p.iF[j] as number));
    const fire = uf > v;
    p.uF[i] = fire ? Math.fround(uf - v) : uf;
    const uq = ((((p.uQ[i] as number) + (p.biasQ[i] as number)) | 0) + (p.iQ[j] as number)) | 0;
    const fireQ = uq > vq;
    p.uQ[i] = fireQ ? uq - vq : uq;
    if (fire) p.spikesF.push(i);
    if (fireQ) p.spikesQ.push(i);
    if (fire !== fireQ) p.stats.mismatched++;
  }
  p.stats.floatSpikes += p.spikesF.length;
  p.stats.quantSpikes += p.spikesQ.length;
}

/** The host currents into `node` (direct input), float and integer, CHW. */
function hostBias(node: IfNode, hosted: readonly Edge[], shapes: ReadonlyMap<string, Shape>, image: Float32Array): [Float32Array, Int32Array] {
  const n = numel(node.shape);
  const biasF = new Float32Array(n), biasQ = new Int32Array(n);
  const tgt = { C: node.shape.c, H: node.shape.h, W: node.shape.w };
  for (const e of hosted) {
    const s = shapes.get(e.source) as Shape;
    const geo = { kh: e.kh, kw: e.kw, sh: e.sh, sw: e.sw, pt: e.pt, pl: e.pl, src: { C: s.c, H: s.h, W: s.w }, tgt };
    const f = directCurrent({ ...geo, weights: e.weights }, image, false).current;
    const q = directCurrent({ ...geo, weights: e.quant?.weightsQ ?? new Int32Array(e.weights.length) }, image, true).current;
    for (let i = 0; i < n; i++) { biasF[i] = Math.fround((biasF[i] as number) + (f[i] as number)); biasQ[i] = ((biasQ[i] as number) + (q[i] as number)) | 0; }
  }
  return [biasF, biasQ];
}

function initState(node: IfNode, g: Readonly<Graph>, into: ReadonlyMap<string, readonly Edge[]>, shapes: ReadonlyMap<string, Shape>, image: Float32Array): PopState {
  const n = numel(node.shape);
  const all = into.get(node.name) ?? [];
  const [biasF, biasQ] = hostBias(node, all.filter((e) => isHostCurrentEdge(g, e)), shapes, image);
  const edges = all.filter((e) => !isHostCurrentEdge(g, e)).map((edge): SimEdge => {
    const src = shapes.get(edge.source) as Shape;
    return { edge, src, taps: tapTables(edge, src, node.shape), wQ: Int32Array.from(edge.quant?.weightsQ ?? new Int32Array(edge.weights.length)) };
  });
  return {
    node, edges, uF: new Float32Array(n).fill(node.u0), uQ: new Int32Array(n).fill(node.quant?.u0Q ?? 0), iF: new Float64Array(n), iQ: new Int32Array(n), biasF, biasQ,
    spikesF: [], spikesQ: [], stats: { floatSpikes: 0, quantSpikes: 0, mismatched: 0 },
  };
}

/** Simulate the first `count` spiking populations float vs quantised for T steps on `image`. */
export function compareSpikes(g: Readonly<Graph>, count: number, image: Float32Array, seed: number, T: number): LayerSpikes[] {
  const input = g.nodes[0];
  assert(input?.kind === 'input' && image.length === numel(input.shape), 'spike comparison: input node first, image sized to it');
  const into = edgesInto(g);
  const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
  const pops = pickPopulations(g, count).map((node) => initState(node, g, into, shapes, image));
  // A direct input never spikes: its threshold is 0 for every pixel.
  const thr = Array.from(image, (x) => (g.meta.encoding === 'direct' ? 0 : probabilityThreshold24(x)));
  const s = sliceSeed(seed, 0);
  for (let t = 0; t < T; t++) {
    const inSpikes: number[] = [];
    thr.forEach((th, i) => { if (poissonSpike(s, t, i, th)) inSpikes.push(i); });
    const spikes = new Map<string, readonly [number[], number[]]>([['input', [inSpikes, inSpikes]]]);
    for (const p of pops) {
      stepPopulation(p, spikes);
      spikes.set(p.node.name, [p.spikesF, p.spikesQ]);
    }
  }
  return pops.map((p) => ({ name: p.node.name, ...p.stats }));
}
