// IR passes checked against independent dense computations: the avg-pool lowering and the concat split
// must give the same currents as the layers they replace; the import's weight transpose; and
// validation messages that name the node and edge at fault.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { expandKernel } from '../../compiler/passes/lower-avgpool.js';
import { splitConcat } from '../../compiler/passes/split-concat.js';
import { importCheckpoint } from '../../compiler/import/checkpoint.js';
import { checkGraph } from '../../compiler/ir/validate.js';
import { DiagnosticSink } from '../../compiler/diagnostics/sink.js';
import { DEFAULT_OPTIONS, type CompileContext } from '../../compiler/context.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import type { ConvEdge, Graph } from '../../compiler/ir/graph.js';
import { chainGraph } from './graphs.js';
import { makeCheckpoint, TINY_ARCH } from './helpers.js';

const ctx = (): CompileContext => ({ target: GENERIC, options: DEFAULT_OPTIONS, diag: new DiagnosticSink() });

function rand(n: number, seed: number): Float64Array {
  const r = mulberry32(hashSeed(seed));
  return Float64Array.from({ length: n }, () => r() * 2 - 1);
}

/** Plain dense conv, zero padding, w[ky][kx][ci][co]. */
function conv(x: Float64Array, c: number, h: number, w: number, wt: ArrayLike<number>, k: number, s: number, p: number, cout: number): Float64Array {
  const ho = Math.floor((h + 2 * p - k) / s) + 1;
  const wo = Math.floor((w + 2 * p - k) / s) + 1;
  const out = new Float64Array(cout * ho * wo);
  for (let co = 0; co < cout; co++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
    let acc = 0;
    for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) for (let ci = 0; ci < c; ci++) {
      const iy = oy * s + ky - p;
      const ix = ox * s + kx - p;
      if (iy >= 0 && iy < h && ix >= 0 && ix < w) acc += (wt[((ky * k + kx) * c + ci) * cout + co] as number) * (x[(ci * h + iy) * w + ix] as number);
    }
    out[(co * ho + oy) * wo + ox] = acc;
  }
  return out;
}

function avgpool(x: Float64Array, c: number, h: number, w: number): Float64Array {
  const out = new Float64Array(c * (h / 2) * (w / 2));
  for (let ci = 0; ci < c; ci++) for (let y = 0; y < h / 2; y++) for (let xx = 0; xx < w / 2; xx++) {
    let s = 0;
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) s += x[(ci * h + 2 * y + dy) * w + 2 * xx + dx] as number;
    out[(ci * (h / 2) + y) * (w / 2) + xx] = s / 4;
  }
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

test('lower-avgpool: conv3x3(avgpool2(x)) equals the 6x6 stride-2 pad-2 conv with w/4', () => {
  const [c, h, w, cout] = [3, 8, 6, 4];
  const x = rand(c * h * w, 1);
  const wt = Float32Array.from(rand(9 * c * cout, 2));
  const ref = conv(avgpool(x, c, h, w), c, h / 2, w / 2, wt, 3, 1, 1, cout);
  const low = conv(x, c, h, w, expandKernel(wt, 3, 3, c, cout, 2), 6, 2, 2, cout);
  assert.is(low.length, ref.length);
  assert.ok(maxDiff(low, ref) < 1e-6, `max diff ${maxDiff(low, ref)}`);
});

test('split-concat: conv over concat(a, b) equals conv_a(a) + conv_b(b) into one population', () => {
  const [ca, cb, h, w, cout] = [2, 3, 5, 4, 2];
  const a = rand(ca * h * w, 3);
  const b = rand(cb * h * w, 4);
  const wt = Float32Array.from(rand(9 * (ca + cb) * cout, 5));
  const g0: Graph = {
    name: 't', meta: { T: 1, encoding: 'poisson', seed: 0, readoutScale: 1, sourceCheckpoint: '' }, cores: [], routes: [], report: { notes: [] },
    nodes: [
      { kind: 'input', name: 'input', shape: { c: 1, h, w } },
      { kind: 'if', name: 'a', shape: { c: ca, h, w }, threshold: 1, u0: 0, reset: 'subtract' },
      { kind: 'if', name: 'b', shape: { c: cb, h, w }, threshold: 1, u0: 0, reset: 'subtract' },
      { kind: 'concat', name: 'cat', shape: { c: ca + cb, h, w }, sources: ['a', 'b'] },
      { kind: 'if', name: 'y', shape: { c: cout, h, w }, threshold: 1, u0: 0, reset: 'subtract' },
    ],
    edges: [
      { kind: 'conv', name: 'a', source: 'input', target: 'a', kh: 1, kw: 1, sh: 1, sw: 1, pt: 0, pl: 0, cin: 1, cout: ca, weights: new Float32Array(ca) },
      { kind: 'conv', name: 'b', source: 'input', target: 'b', kh: 1, kw: 1, sh: 1, sw: 1, pt: 0, pl: 0, cin: 1, cout: cb, weights: new Float32Array(cb) },
      { kind: 'conv', name: 'y', source: 'cat', target: 'y', kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, cin: ca + cb, cout, weights: wt },
    ],
  };
  assert.equal(checkGraph(g0), []);
  const g = splitConcat(g0, ctx());
  assert.equal(checkGraph(g), []);
  const [ea, eb] = g.edges.filter((e) => e.target === 'y') as ConvEdge[];
  assert.is(ea?.name, 'y/a');
  assert.is(eb?.name, 'y/b');
  const cat = new Float64Array([...a, ...b]);
  const ref = conv(cat, ca + cb, h, w, wt, 3, 1, 1, cout);
  const sum = conv(a, ca, h, w, ea!.weights, 3, 1, 1, cout).map((v, i) => v + (conv(b, cb, h, w, eb!.weights, 3, 1, 1, cout)[i] as number));
  assert.ok(maxDiff(sum, ref) < 1e-9);
});

test('import: transposed-conv weights go from tfjs [kh][kw][cout][cin] to [kh][kw][cin][cout]', () => {
  const ck = makeCheckpoint(TINY_ARCH, 3);
  const g = importCheckpoint(ck, 't.ckpt', 'x', undefined, ctx());
  const e = g.edges.find((x) => x.name === 'dec0.up');
  const src = ck.tensors.get('dec0.up') as Float32Array;
  assert.ok(e && e.kind === 'convT');
  const [cout, cin] = [e.cout, e.cin];
  assert.is(cout, 4);
  assert.is(cin, 8);
  for (let t = 0; t < 4; t++) for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) {
    assert.is(e.weights[(t * cin + ci) * cout + co], src[(t * cout + co) * cin + ci]);
  }
});

test('validation names the node and edge at fault', () => {
  const g = chainGraph({ c: 1, h: 6, w: 6 }, [{ kind: 'conv', c: 2, k: 3, s: 1, p: 1 }, { kind: 'conv', c: 3, k: 3, s: 1, p: 1 }], 1);
  const bad: Graph = { ...g, edges: g.edges.map((e) => (e.name === 'l2' ? { ...e, cin: 5 } : e)).concat([{ ...(g.edges[0] as ConvEdge), name: 'ghost', source: 'nowhere' }]) };
  const msgs = checkGraph(bad).map((p) => p.message).join('\n');
  assert.match(msgs, /edge 'l2' \(l1 → l2\): weights expect 5 input channels but 'l1' has 2/);
  assert.match(msgs, /edge 'ghost' \(nowhere → l1\) names a node that does not exist/);
});

test.run();
