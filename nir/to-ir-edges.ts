// One hsnn projection from one NIR weighted node (or none: an identity) between a spiking producer and a
// population. Weight layouts: NIR Conv2d OIHW and the extension's [C_in, C_out, kH, kW] become
// [kh][kw][cin][cout]; a dense [out, in] becomes a dense edge with weights [in][out] (a DENSE projection
// in the netlist, one row per source neuron). r of the target and a Scale fold into the weights,
// and a bias becomes a constant current of the target population (edgeBias).
import type { ConvEdge, ConvTEdge, DenseEdge, Shape } from '../compiler/ir/graph.js';
import type { NirProblems } from './codes.js';
import { CONVT_TYPE, floatField, intField, type NirNode } from './types.js';

export interface Producer {
  /** NIR node name and IR node name of the spiking source (population or pool). */
  readonly nir: string;
  readonly ir: string;
  readonly shape: Shape;
}

export interface EdgeRequest {
  readonly file: string;
  readonly name: string;
  /** The weighted node, or undefined for an identity (possibly scaled) projection. */
  readonly w: NirNode | undefined;
  readonly scale: NirNode | undefined;
  readonly prod: Producer;
  readonly target: string;
  readonly tshape: Shape;
  /** r of the target population. */
  readonly gain: number;
  readonly P: NirProblems;
}

const pair = (v: readonly number[] | undefined, d: number): [number, number] => [v?.[0] ?? d, v?.[1] ?? v?.[0] ?? d];

/** OIHW (conv) or IOHW (transposed) → [kh][kw][cin][cout]. */
function kernelLayout(w: Float32Array, shape: readonly number[], transposed: boolean): Float32Array {
  const [a, b, kh, kw] = shape as [number, number, number, number];
  const [cin, cout] = transposed ? [a, b] : [b, a];
  const out = new Float32Array(w.length);
  for (let o = 0; o < a; o++) for (let i = 0; i < b; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    const [ci, co] = transposed ? [o, i] : [i, o];
    out[((y * kw + x) * cin + ci) * cout + co] = w[((o * b + i) * kh + y) * kw + x] as number;
  }
  return out;
}

/** Dense [out, in] → [in][out] (in = c·H·W + y·W + x, hsnn's and PyTorch's flatten order; out fastest). */
function denseLayout(w: Float32Array, out: number, n: number): Float32Array {
  const k = new Float32Array(w.length);
  for (let co = 0; co < out; co++) for (let i = 0; i < n; i++) k[i * out + co] = w[co * n + i] as number;
  return k;
}

/** Per output channel factors of a Scale node (constant over H×W), or undefined after a problem. */
function channelScale(r: EdgeRequest, c: number): Float32Array | undefined {
  const sc = r.scale ? floatField(r.scale, 'scale').data : undefined;
  const out = new Float32Array(c).fill(1);
  if (!sc) return out;
  if (sc.length === 1) return out.fill(sc[0] as number);
  const per = sc.length / c;
  for (let ch = 0; ch < c; ch++) {
    const v = sc[ch * per] as number;
    for (let k = 1; k < per; k++) {
      if (sc[ch * per + k] !== v) { r.P.add('HSNN5004', `${r.file}: node '${r.scale?.name ?? ''}' (Scale) field 'scale' varies within channel ${ch}; hsnn folds one factor per output channel`); return undefined; }
    }
    out[ch] = v;
  }
  return out;
}

function applyGain(k: Float32Array, cout: number, g: number, s: Float32Array): void {
  for (let co = 0; co < cout; co++) {
    const f = g * (s[co] as number);
    if (f === 1) continue;
    for (let i = co; i < k.length; i += cout) k[i] = (k[i] as number) * f;
  }
}

function checkParams(r: EdgeRequest, w: NirNode): boolean {
  const at = `${r.file}: node '${w.name}' (${w.type})`;
  const before = r.P.list.length;
  if ((w.ints.get('dilation') ?? [1]).some((d) => d !== 1)) r.P.add('HSNN5004', `${at}: field 'dilation' [${intField(w, 'dilation').join(', ')}]; hsnn convs are not dilated`);
  if ((w.ints.get('groups') ?? [1])[0] !== 1) r.P.add('HSNN5004', `${at}: field 'groups' = ${intField(w, 'groups')[0]}; hsnn convs are dense over channels`);
  if ((w.ints.get('output_padding') ?? [0]).some((d) => d !== 0)) r.P.add('HSNN5004', `${at}: field 'output_padding' is non-zero`);
  return r.P.list.length === before;
}

function convEdge(r: EdgeRequest, w: NirNode): ConvEdge | ConvTEdge | undefined {
  const a = floatField(w, 'weight');
  const T = w.type === CONVT_TYPE;
  const [o, i, kh, kw] = a.shape as [number, number, number, number];
  const [cin, cout] = T ? [o, i] : [i, o];
  const [sh, sw] = pair(w.ints.get('stride'), 1);
  let [pt, pl] = pair(w.ints.get('padding'), 0);
  if (w.padMode === 'valid') [pt, pl] = [0, 0];
  if (w.padMode === 'same') {
    if (kh % 2 === 0 || kw % 2 === 0) { r.P.add('HSNN5004', `${r.file}: node '${w.name}' (${w.type}) padding 'same' with an even kernel pads unevenly`); return undefined; }
    [pt, pl] = [(kh - 1) / 2, (kw - 1) / 2];
  }
  const weights = kernelLayout(a.data, a.shape, T);
  const s = channelScale(r, cout);
  if (!s) return undefined;
  applyGain(weights, cout, r.gain, s);
  const base = { name: r.name, source: r.prod.ir, target: r.target, kh, kw, sh, sw, pt, pl, cin, cout, weights };
  return T ? { kind: 'convT', ...base } : { kind: 'conv', ...base };
}

function denseEdge(r: EdgeRequest, w: NirNode | undefined): DenseEdge | undefined {
  const src = r.prod.shape, n = src.c * src.h * src.w, cout = r.tshape.c;
  let m: Float32Array;
  if (w) m = floatField(w, 'weight').data;
  else {
    m = new Float32Array(cout * n);
    for (let k = 0; k < Math.min(n, cout); k++) m[k * n + k] = 1;
  }
  const s = channelScale(r, cout);
  if (!s) return undefined;
  const weights = denseLayout(m, cout, n);
  applyGain(weights, cout, r.gain, s);
  return { kind: 'dense', name: r.name, source: r.prod.ir, target: r.target, kh: src.h, kw: src.w, sh: 1, sw: 1, pt: 0, pl: 0, cin: src.c, cout, weights };
}

/** A 1×1 identity conv (same (C, H, W) on both sides), scaled per channel. */
function identityEdge(r: EdgeRequest): ConvEdge | undefined {
  const c = r.tshape.c;
  const weights = new Float32Array(c * c);
  for (let k = 0; k < c; k++) weights[k * c + k] = 1;
  const s = channelScale(r, c);
  if (!s) return undefined;
  applyGain(weights, c, r.gain, s);
  return { kind: 'conv', name: r.name, source: r.prod.ir, target: r.target, kh: 1, kw: 1, sh: 1, sw: 1, pt: 0, pl: 0, cin: c, cout: c, weights };
}

/**
 * The bias of a weighted node as a constant current into the target's channels, scaled like its
 * weights (r of the target, Scale); undefined when it has none or all are zero.
 */
export function edgeBias(r: EdgeRequest): Float32Array | undefined {
  const b = r.w?.floats.get('bias')?.data;
  if (!b || !b.some((x) => x !== 0)) return undefined;
  const s = channelScale(r, b.length);
  return s ? Float32Array.from(b, (x, c) => { const f = r.gain * (s[c] as number); return f === 1 ? x : x * f; }) : undefined;
}

export function weightedEdge(r: EdgeRequest): ConvEdge | ConvTEdge | DenseEdge | undefined {
  const { w, prod, tshape } = r;
  if (w && !checkParams(r, w)) return undefined;
  if (w && (w.type === 'Conv2d' || w.type === CONVT_TYPE)) return convEdge(r, w);
  if (w) return denseEdge(r, w);
  const s = prod.shape;
  if (s.c === tshape.c && s.h === tshape.h && s.w === tshape.w) return identityEdge(r);
  if (tshape.h === 1 && tshape.w === 1 && tshape.c === s.c * s.h * s.w) return denseEdge(r, undefined);
  r.P.add('HSNN5006', `${r.file}: '${prod.nir}' (${s.c}, ${s.h}, ${s.w}) feeds '${r.target}' (${tshape.c}, ${tshape.h}, ${tshape.w}) without weights, and the shapes differ`);
  return undefined;
}
