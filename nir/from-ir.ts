// Export: hsnn IR (after validate-model and split-concat, before pooling is lowered) → a NIR HDF5 tree.
// Populations become Input / IF / I, pools SumPool2d (the 1/f² of an average pool folded into the conv
// that reads it, exact for f = 2), convs Conv2d (OIHW; the target's bias, else 0), dense convs Flatten + Affine, and a
// transposed conv the extension node hsnn.ConvTranspose2d, which graph metadata 'extensions' declares.
import { assert } from '../core/errors.js';
import type { DenseEdge, Edge, Graph, Node } from '../compiler/ir/graph.js';
import { nirError } from './codes.js';
import type { H5Out, H5OutTree } from './hdf5.js';
import { DEFAULT_DT } from './to-ir.js';
import { CONVT_TYPE } from './types.js';

/** The NIR version whose field set hsnn writes (IF has v_reset; arrays uncompressed, which every reader takes). */
export const NIR_WRITE_VERSION = '1.0.7';

type Fields = Map<string, H5Out>;
const f32 = (shape: readonly number[], data: Float32Array): H5Out => ({ kind: 'f32', shape, data });
const i64 = (...v: number[]): H5Out => ({ kind: 'i64', shape: [v.length], data: v });
const i64s = (v: number): H5Out => ({ kind: 'i64', shape: [], data: [v] });
const f64s = (v: number): H5Out => ({ kind: 'f64', shape: [], data: Float64Array.of(v) });
const str = (v: string): H5Out => ({ kind: 'str', shape: [], data: [v] });

function group(datasets: Fields, meta?: Fields): H5OutTree {
  return { datasets, groups: meta && meta.size > 0 ? new Map([['metadata', { datasets: meta, groups: new Map() }]]) : new Map() };
}

/** [kh][kw][cin][cout] → OIHW (conv) or IOHW (transposed conv), dividing by `div`. */
function toTorch(e: Edge, transposed: boolean, div: number): Float32Array {
  const out = new Float32Array(e.weights.length);
  for (let y = 0; y < e.kh; y++) for (let x = 0; x < e.kw; x++) for (let ci = 0; ci < e.cin; ci++) for (let co = 0; co < e.cout; co++) {
    const [a, b, B] = transposed ? [ci, co, e.cout] : [co, ci, e.cin];
    out[((a * B + b) * e.kh + y) * e.kw + x] = (e.weights[((y * e.kw + x) * e.cin + ci) * e.cout + co] as number) / div;
  }
  return out;
}

/** [H][W][C][out] → [out][C·H·W]. */
/** A dense edge's [source neuron][cout] weights as NIR's Affine [out, in]. */
function toDense(e: DenseEdge, div: number): Float32Array {
  const n = e.cin * e.kh * e.kw, out = new Float32Array(e.weights.length);
  for (let i = 0; i < n; i++) for (let co = 0; co < e.cout; co++) out[co * n + i] = (e.weights[i * e.cout + co] as number) / div;
  return out;
}

class Exporter {
  readonly nodes = new Map<string, H5OutTree>();
  readonly edges: [string, string][] = [];
  readonly nirOf = new Map<string, string>();
  readonly biasWritten = new Set<string>();
  readonly byName: ReadonlyMap<string, Node>;

  constructor(readonly g: Readonly<Graph>) {
    this.byName = new Map(g.nodes.map((n) => [n.name, n]));
  }

  /** HDF5 names cannot hold '/'; the IR name survives in metadata hsnn_name. */
  fresh(name: string, suffix: string): string {
    let n = name.replace(/\//g, '|');
    if (this.nodes.has(n)) n = `${n}.${suffix}`;
    for (let k = 2; this.nodes.has(n); k++) n = `${name.replace(/\//g, '|')}.${suffix}${k}`;
    return n;
  }

  add(irName: string, suffix: string, type: string, fields: Fields, meta: Fields = new Map()): string {
    const n = this.fresh(irName, suffix);
    if (n !== irName) meta.set('hsnn_name', str(irName));
    fields.set('type', str(type));
    this.nodes.set(n, group(fields, meta));
    return n;
  }

  /** A population is written 1-D, like NIR dense layers expect, when it is 1×1 and only dense edges touch it. */
  dims(n: Node): number[] {
    const touching = this.g.edges.filter((e) => e.source === n.name || e.target === n.name);
    const flat = n.shape.h === 1 && n.shape.w === 1 && touching.length > 0 && touching.every((e) => e.kind === 'dense');
    return flat ? [n.shape.c] : [n.shape.c, n.shape.h, n.shape.w];
  }

  node(n: Node): void {
    const d = this.dims(n), size = d.reduce((a, b) => a * b, 1);
    const ones = (): H5Out => f32(d, new Float32Array(size).fill(1));
    let name: string;
    switch (n.kind) {
      case 'input': name = this.add(n.name, 'input', 'Input', new Map([['shape', i64(...d)]])); break;
      case 'if': {
        const fields: Fields = new Map([['r', ones()], ['v_threshold', f32(d, new Float32Array(size).fill(n.threshold))], ['v_reset', f32(d, new Float32Array(size))]]);
        const meta: Fields = new Map([['reset_mode', str(n.reset)], ['u0', f64s(n.u0)], ['hsnn_threshold', f64s(n.threshold)]]);
        // Leaky: τ = dt/δ and r = 1/δ, so forward Euler at the graph's dt gives back u ← (1 − δ)·u + I.
        if (n.decay !== undefined && n.decay > 0) {
          fields.set('tau', f32(d, new Float32Array(size).fill(DEFAULT_DT / n.decay)));
          fields.set('r', f32(d, new Float32Array(size).fill(1 / n.decay)));
          fields.set('v_leak', f32(d, new Float32Array(size)));
          meta.set('hsnn_decay', f64s(n.decay));
        }
        name = this.add(n.name, 'if', n.decay ? 'LIF' : 'IF', fields, meta);
        break;
      }
      case 'integrator': name = this.add(n.name, 'i', 'I', new Map([['r', ones()]])); break;
      case 'avgpool': {
        name = this.add(n.name, 'pool', 'SumPool2d', new Map([['kernel_size', i64(n.factor, n.factor)], ['stride', i64(n.factor, n.factor)], ['padding', i64(0, 0)]]));
        this.edges.push([this.nirOf.get(n.source) as string, name]);
        break;
      }
      case 'concat': case 'unsupported': throw new Error(`internal assertion failed: node '${n.name}' (${n.kind}) reaches export (split-concat and validation run first)`);
      default: { const never: never = n; return never; }
    }
    this.nirOf.set(n.name, name);
  }

  edge(e: Edge): void {
    const src = this.byName.get(e.source) as Node;
    const div = src.kind === 'avgpool' && !src.sum ? src.factor * src.factor : 1;
    // A population's constant current goes out as the bias of the first weighted node into it.
    const tgt = this.byName.get(e.target) as Node;
    const own = (tgt.kind === 'if' || tgt.kind === 'integrator') && tgt.bias && !this.biasWritten.has(e.target) ? tgt.bias : undefined;
    this.biasWritten.add(e.target);
    const zeros = f32([e.cout], own ? Float32Array.from(own) : new Float32Array(e.cout));
    let from = this.nirOf.get(e.source) as string;
    let w: string;
    // Export reads the graph before pool lowering: a spiking pool's SUM_POOL edge never reaches here.
    assert(e.kind !== 'pool', `NIR export: edge ${e.name} is a lowered pool edge`);
    if (e.kind === 'convT') {
      w = this.add(e.name, 'convT', CONVT_TYPE, new Map([['weight', f32([e.cin, e.cout, e.kh, e.kw], toTorch(e, true, div))], ['bias', zeros], ['stride', i64(e.sh, e.sw)],
        ['padding', i64(e.pt, e.pl)], ['output_padding', i64(0, 0)], ['dilation', i64(1, 1)], ['groups', i64s(1)]]));
    } else if (e.kind === 'dense') {
      const d = this.dims(src);
      if (d.length > 1) {
        const fl = this.add(`${e.name}.flatten`, 'flatten', 'Flatten', new Map([['start_dim', i64s(0)], ['end_dim', i64s(-1)], ['input_type', i64(...d)]]));
        this.edges.push([from, fl]);
        from = fl;
      }
      w = this.add(e.name, 'affine', 'Affine', new Map([['weight', f32([e.cout, e.cin * e.kh * e.kw], toDense(e, div))], ['bias', zeros]]));
    } else {
      w = this.add(e.name, 'conv', 'Conv2d', new Map([['weight', f32([e.cout, e.cin, e.kh, e.kw], toTorch(e, false, div))], ['bias', zeros], ['stride', i64(e.sh, e.sw)],
        ['padding', i64(e.pt, e.pl)], ['dilation', i64(1, 1)], ['groups', i64s(1)], ['input_shape', i64(src.shape.h, src.shape.w)]]));
    }
    this.edges.push([from, w], [w, this.nirOf.get(e.target) as string]);
  }

  run(): H5OutTree {
    for (const n of this.g.nodes) this.node(n);
    for (const e of this.g.edges) this.edge(e);
    const readout = [...this.g.nodes].reverse().find((n) => n.kind !== 'avgpool') as Node;
    const out = this.add('output', 'output', 'Output', new Map([['shape', i64(...this.dims(readout))]]));
    this.edges.push([this.nirOf.get(readout.name) as string, out]);
    return this.tree();
  }

  tree(): H5OutTree {
    const m = this.g.meta;
    const meta: Fields = new Map([['writer', str('hsnn')], ['name', str(this.g.name)], ['T', i64s(m.T)], ['seed', i64s(m.seed)], ['readout_scale', f64s(m.readoutScale)],
      ['encoding', str('poisson')], ['source_checkpoint', str(m.sourceCheckpoint)], ['dt', f64s(DEFAULT_DT)]]);
    if (this.g.edges.some((e) => e.kind === 'convT')) meta.set('extensions', str(CONVT_TYPE));
    const edges: H5Out = { kind: 'str', shape: [this.edges.length, 2], data: this.edges.flat() };
    const root: H5OutTree = {
      datasets: new Map([['type', str('NIRGraph')], ['edges', edges]]),
      groups: new Map([['nodes', { datasets: new Map(), groups: this.nodes }], ['metadata', { datasets: meta, groups: new Map() }]]),
    };
    return { datasets: new Map([['version', str(NIR_WRITE_VERSION)]]), groups: new Map([['node', root]]) };
  }
}

/** The NIR tree of an IR graph. `portable` refuses extension nodes (HSNN5010) instead of writing them. */
export function irToNir(g: Readonly<Graph>, portable: boolean): H5OutTree {
  const ext = g.edges.filter((e) => e.kind === 'convT');
  if (portable && ext.length > 0) {
    throw nirError('HSNN5010', `model ${g.name}: --portable refuses ${ext.length} transposed conv layer${ext.length > 1 ? 's' : ''} (${ext.map((e) => e.name).join(', ')}): NIR has no ConvTranspose node, and official readers reject the ${CONVT_TYPE} extension hsnn would write`);
  }
  return new Exporter(g).run();
}
