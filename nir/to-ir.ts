// Import: a checked NIR graph → the hsnn compiler IR (compiler/ir/graph.ts), which then goes through the
// ordinary pass list. Neuron nodes become populations, pooling nodes avgpool nodes, and every weighted
// node (Conv2d, Affine, Linear, Scale, the ConvTranspose2d extension) one projection per path from a
// spiking source into a population; fan-in edges become several projections into one population (summed).
import { basename } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import type { AvgPoolNode, Edge, Graph, IfNode, Node, Shape } from '../compiler/ir/graph.js';
import { NirProblems } from './codes.js';
import type { CheckedGraph, Dims } from './check.js';
import { edgeBias, weightedEdge, type EdgeRequest, type Producer } from './to-ir-edges.js';
import { floatField, intField, type MetaValue, type NirNode } from './types.js';

export type ResetChoice = 'auto' | 'subtract' | 'zero';

export interface NirImportOptions {
  readonly reset: ResetChoice;
  /** Time steps when the file's metadata states none. */
  readonly timesteps?: number;
  /** Step length in seconds for LIF (forward Euler: decay dt/τ) when the file's metadata states none. */
  readonly dt?: number;
}

/** Norse's default step (1 ms); snnTorch writes 1e-4. */
export const DEFAULT_DT = 1e-3;

export const DEFAULT_T = 16;

const POPULATIONS = new Set(['Input', 'IF', 'LIF', 'I']);
const WEIGHTED = new Set(['Conv2d', 'Affine', 'Linear', 'Scale', 'hsnn.ConvTranspose2d']);

export function irShape(d: Dims): Shape | undefined {
  if (d.length === 3) return { c: d[0] as number, h: d[1] as number, w: d[2] as number };
  if (d.length === 1) return { c: d[0] as number, h: 1, w: 1 };
  return undefined;
}

/** One value for the whole population, or a reported problem. */
function uniform(n: NirNode, key: string, at: string, P: NirProblems): number | undefined {
  const a = floatField(n, key).data;
  let lo = Infinity, hi = -Infinity;
  for (const x of a) { if (x < lo) lo = x; if (x > hi) hi = x; }
  if (a.length === 0) { P.add('HSNN5005', `${at}: field '${key}' is empty`); return undefined; }
  if (lo !== hi) { P.add('HSNN5004', `${at}: field '${key}' varies across neurons (${lo} … ${hi}); hsnn populations take one value`); return undefined; }
  return lo;
}

class Importer {
  readonly P = new NirProblems();
  readonly nodes: Node[] = [];
  readonly edges: Edge[] = [];
  /** NIR node → IR name (metadata hsnn_name restores the names hsnn exported). */
  readonly irName = new Map<string, string>();
  /** r of each population, folded into its incoming weights. */
  readonly gain = new Map<string, number>();
  /** IF nodes whose reset mode the file does not state (one warning lists them all). */
  readonly assumedZero: string[] = [];
  /** Constant current per channel of each population (NIR biases, LIF δ·v_leak). */
  readonly bias = new Map<string, Float32Array>();
  readonly biased = new Set<string>();
  /** LIF nodes discretised with the default dt. */
  readonly dtAssumed: string[] = [];

  constructor(readonly file: string, readonly cg: CheckedGraph, readonly opts: NirImportOptions) {
    for (const [k, n] of cg.graph.nodes) {
      const m = n.metadata.get('hsnn_name');
      this.irName.set(k, typeof m === 'string' && m.length > 0 ? m : k);
    }
  }

  node(name: string): NirNode {
    return this.cg.graph.nodes.get(name) as NirNode;
  }

  at(name: string): string {
    return `${this.file}: node '${name}' (${this.node(name).type})`;
  }

  shape(name: string): Shape | undefined {
    const d = this.cg.shapes.get(name) as Dims;
    const s = irShape(d);
    if (!s) this.P.add('HSNN5004', `${this.at(name)}: shape [${d.join(', ')}] has rank ${d.length}; hsnn populations are (C, H, W) or (N)`);
    return s;
  }

  resetOf(n: NirNode, at: string): IfNode['reset'] {
    if (this.opts.reset !== 'auto') return this.opts.reset;
    const m = n.metadata.get('reset_mode') ?? this.cg.graph.metadata.get('reset_mode');
    if (m === 'subtract' || m === 'zero') return m;
    const vr = n.floats.has('v_reset') ? uniform(n, 'v_reset', at, this.P) : 0;
    if (vr !== undefined && vr !== 0) this.P.add('HSNN5004', `${at}: field 'v_reset' = ${vr}; hsnn resets to 0 or by subtraction only`);
    this.assumedZero.push(n.name);
    return 'zero';
  }

  population(name: string): void {
    const n = this.node(name), at = this.at(name), shape = this.shape(name);
    if (!shape) return;
    const ir = this.irName.get(name) as string;
    if (n.type === 'Input') { this.nodes.push({ kind: 'input', name: ir, shape }); return; }
    const r = uniform(n, 'r', at, this.P);
    if (r !== undefined && !(r > 0)) this.P.add('HSNN5004', `${at}: field 'r' = ${r} must be > 0`);
    this.gain.set(name, r ?? 1);
    if (n.type === 'I') { this.nodes.push({ kind: 'integrator', name: ir, shape }); return; }
    const threshold = uniform(n, 'v_threshold', at, this.P);
    if (threshold !== undefined && !(threshold > 0)) this.P.add('HSNN5004', `${at}: field 'v_threshold' = ${threshold} must be > 0`);
    const leak = n.type === 'LIF' ? this.lif(n, at) : undefined;
    if (leak) this.gain.set(name, leak.gain);
    const u0 = n.metadata.get('u0'), exact = n.metadata.get('hsnn_threshold');
    // hsnn's own files carry the float64 threshold too; use it when v_threshold is its float32 rounding.
    const th = typeof exact === 'number' && threshold !== undefined && Math.fround(exact) === threshold ? exact : threshold;
    this.nodes.push({ kind: 'if', name: ir, shape, threshold: th ?? 1, u0: typeof u0 === 'number' ? u0 : 0, reset: this.resetOf(n, at), ...(leak ? { decay: leak.decay } : {}) });
  }

  /**
   * LIF τ dv/dt = (v_leak − v) + r·I, forward Euler with step dt: v ← (1 − dt/τ)·v + (dt/τ)·r·I, so the
   * population decays by dt/τ and its incoming weights take r·dt/τ. hsnn's own files carry the decay
   * (metadata hsnn_decay) with r = 1/decay, so their weights come back unscaled and bit-exact. A rest
   * potential v_leak becomes the constant current δ·v_leak.
   */
  lif(n: NirNode, at: string): { decay: number; gain: number } | undefined {
    const tau = uniform(n, 'tau', at, this.P), r = uniform(n, 'r', at, this.P), vl = uniform(n, 'v_leak', at, this.P);
    if (tau === undefined || r === undefined || vl === undefined) return undefined;
    if (!(tau > 0)) { this.P.add('HSNN5004', `${at}: field 'tau' = ${tau} must be > 0`); return undefined; }
    const own = n.metadata.get('hsnn_decay');
    if (typeof own === 'number' && own > 0 && own <= 1) return this.restCurrent(n, own, vl, { decay: own, gain: 1 });
    const meta = this.cg.graph.metadata.get('dt');
    const dt = this.opts.dt ?? (typeof meta === 'number' ? meta : DEFAULT_DT);
    if (this.opts.dt === undefined && typeof meta !== 'number') this.dtAssumed.push(n.name);
    const decay = dt / tau;
    if (!(decay > 0 && decay <= 1)) { this.P.add('HSNN5011', `${at}: dt = ${dt} s with field 'tau' = ${tau} s gives a decay dt/τ = ${decay} per step; forward Euler needs 0 < dt ≤ τ (--dt)`); return undefined; }
    return this.restCurrent(n, decay, vl, { decay, gain: r * decay });
  }

  /** A rest potential v_leak ≠ 0 is a constant current δ·v_leak per step (forward Euler). */
  restCurrent<X>(n: NirNode, decay: number, vLeak: number, out: X): X {
    if (vLeak !== 0) this.addBias(this.irName.get(n.name) as string, new Float32Array((this.cg.shapes.get(n.name) as Dims)[0] as number).fill(decay * vLeak));
    return out;
  }

  pool(name: string): void {
    const n = this.node(name), at = this.at(name), shape = this.shape(name);
    const [k, k2] = intField(n, 'kernel_size'), [s, s2] = intField(n, 'stride');
    const pad = intField(n, 'padding');
    const src = this.producer(this.cg.preds.get(name)?.[0] as string, name);
    if (!shape || !src) return;
    if (k !== (k2 ?? k) || s !== (s2 ?? s) || k !== s || pad.some((p) => p !== 0)) {
      this.P.add('HSNN5004', `${at}: fields 'kernel_size' [${intField(n, 'kernel_size').join(', ')}], 'stride' [${intField(n, 'stride').join(', ')}], 'padding' [${pad.join(', ')}]; hsnn pools square windows with stride = kernel and no padding`);
      return;
    }
    const srcNode = this.nodes.find((x) => x.name === src.ir);
    if (!srcNode || (srcNode.kind !== 'input' && srcNode.kind !== 'if') || srcNode.shape.h % (k as number) !== 0 || srcNode.shape.w % (k as number) !== 0) {
      this.P.add('HSNN5004', `${at}: hsnn pools the spikes of one population whose height and width divide by ${k}; its source is '${src.ir}'`);
      return;
    }
    const p: AvgPoolNode = { kind: 'avgpool', name: this.irName.get(name) as string, shape, source: src.ir, factor: k as number, ...(n.type === 'SumPool2d' ? { sum: true } : {}) };
    this.nodes.push(p);
  }

  /** The spiking node (population or pool, through Flattens) whose output `name` carries. */
  producer(name: string, consumer: string): Producer | undefined {
    const n = this.node(name);
    if (n.type === 'Flatten') {
      const up = this.cg.preds.get(name) ?? [];
      if (up.length !== 1) { this.P.add('HSNN5004', `${this.at(name)}: a Flatten with ${up.length} inputs`); return undefined; }
      return this.producer(up[0] as string, consumer);
    }
    if (POPULATIONS.has(n.type) || n.type === 'SumPool2d' || n.type === 'AvgPool2d') {
      const ir = this.irName.get(name) as string;
      const node = this.nodes.find((x) => x.name === ir);
      return node ? { nir: name, ir, shape: node.shape } : undefined;
    }
    this.P.add('HSNN5004', `${this.at(consumer)} reads '${name}' (${n.type}), a current: hsnn projections connect spiking populations (no ${n.type} → ${this.node(consumer).type} without neurons between)`);
    return undefined;
  }

  addBias(target: string, b: Float32Array): void {
    const acc = this.bias.get(target) ?? new Float32Array(b.length);
    for (let c = 0; c < b.length; c++) acc[c] = (acc[c] as number) + (b[c] as number);
    this.bias.set(target, acc);
  }

  /** Attach the accumulated bias to population `ir` (nodes are readonly records: replaced). */
  attachBias(ir: string): void {
    const b = this.bias.get(ir), k = this.nodes.findIndex((x) => x.name === ir), n = this.nodes[k];
    if (b && n && (n.kind === 'if' || n.kind === 'integrator')) this.nodes[k] = { ...n, bias: b };
  }

  edgeName(base: string, target: string, source: string): string {
    const taken = (x: string): boolean => this.edges.some((e) => e.name === x);
    if (!taken(base)) return base;
    if (!taken(`${base}/${target}`)) return `${base}/${target}`;
    return `${base}/${target}/${source}`;
  }

  /** Every projection into population `name`. */
  inputs(name: string, targetIr: string, tshape: Shape): void {
    const g = this.gain.get(name) ?? 1;
    for (const q of this.cg.preds.get(name) ?? []) {
      const qn = this.node(q);
      let w: NirNode | undefined, scale: NirNode | undefined;
      if (qn.type === 'Scale') {
        scale = qn;
        const up = this.node(this.cg.preds.get(q)?.[0] as string);
        if (WEIGHTED.has(up.type) && up.type !== 'Scale') w = up;
      } else if (WEIGHTED.has(qn.type)) w = qn;
      const first = scale && w ? w.name : q;
      const srcs = w || scale ? (this.cg.preds.get(first) ?? []) : [q];
      for (const s of srcs) {
        const prod = this.producer(s, w?.name ?? scale?.name ?? name);
        if (!prod) continue;
        const base = this.irName.get(w?.name ?? scale?.name ?? `${q}`) as string;
        const req: EdgeRequest = { file: this.file, w, scale, prod, target: targetIr, tshape, gain: g, P: this.P, name: this.edgeName(w || scale ? base : `${prod.ir}→${targetIr}`, targetIr, prod.ir) };
        const e: Edge | undefined = weightedEdge(req);
        if (e) this.edges.push(e);
        // A node feeding several populations adds its bias to each; one reached by several paths once.
        const b = e && this.biased.has(`${w?.name ?? ''}\u0000${targetIr}`) ? undefined : edgeBias(req);
        if (b) { this.addBias(targetIr, b); this.biased.add(`${w?.name ?? ''}\u0000${targetIr}`); }
      }
    }
  }

  run(): Graph {
    const out = this.cg.output;
    const readoutSrc = this.cg.preds.get(out) ?? [];
    for (const name of this.cg.order) {
      const t = this.node(name).type;
      if (POPULATIONS.has(t)) this.population(name);
      else if (t === 'SumPool2d' || t === 'AvgPool2d') this.pool(name);
      if (t === 'IF' || t === 'LIF' || t === 'I') {
        const ir = this.irName.get(name) as string;
        const node = this.nodes.find((x) => x.name === ir);
        if (node) this.inputs(name, ir, node.shape);
        this.attachBias(ir);
      }
    }
    this.readout(out, readoutSrc);
    if (this.dtAssumed.length > 0) {
      this.P.warn(`${this.file}: LIF node${this.dtAssumed.length > 1 ? 's' : ''} ${this.dtAssumed.map((x) => `'${x}'`).join(', ')}: the file states no dt; discretised with forward Euler at dt = ${DEFAULT_DT} s (Norse's default; --dt)`);
    }
    if (this.assumedZero.length > 0) {
      this.P.warn(`${this.file}: neuron node${this.assumedZero.length > 1 ? 's' : ''} ${this.assumedZero.map((x) => `'${x}'`).join(', ')}: no reset mode in the metadata, so hsnn resets to v_reset = 0 as NIR ≥ 1.0.6 specifies (sinabs and snnTorch subtract instead: pass --reset subtract)`);
    }
    this.P.throwIfAny();
    return this.graph();
  }

  /** The readout is the last population: the one feeding Output, or an integrator of the currents it gets. */
  readout(out: string, srcs: readonly string[]): void {
    const src = srcs[0] as string;
    if (srcs.length === 1 && POPULATIONS.has(this.node(src).type)) {
      const ir = this.irName.get(src) as string;
      const last = [...this.nodes].reverse().find((n) => n.kind !== 'avgpool');
      if (last?.name !== ir) this.P.add('HSNN5007', `${this.at(out)}: its source '${src}' is not the last population ('${last?.name ?? ''}' comes after it); hsnn's readout is the last population`);
      return;
    }
    const shape = this.shape(out);
    if (!shape) return;
    const ir = this.irName.get(out) as string;
    this.nodes.push({ kind: 'integrator', name: ir, shape });
    this.gain.set(out, 1);
    this.inputs(out, ir, shape);
    this.attachBias(ir);
  }

  graph(): Graph {
    const m = this.cg.graph.metadata;
    const num = (k: string): number | undefined => { const v: MetaValue | undefined = m.get(k); return typeof v === 'number' ? v : undefined; };
    let T = num('T');
    if (T === undefined) {
      T = this.opts.timesteps ?? DEFAULT_T;
      if (this.opts.timesteps === undefined) this.P.warn(`${this.file}: NIR time is continuous and the file states no step count; simulating T = ${T} steps (--timesteps)`);
    }
    const name = typeof m.get('name') === 'string' ? (m.get('name') as string) : basename(this.file).replace(/\.[^.]*$/, '');
    const source = typeof m.get('source_checkpoint') === 'string' ? `${this.file} (from ${String(m.get('source_checkpoint'))})` : this.file;
    return {
      name, meta: { T, encoding: 'poisson', seed: num('seed') ?? 1, readoutScale: num('readout_scale') ?? 1, sourceCheckpoint: source },
      nodes: this.nodes, edges: this.edges, cores: [], routes: [], report: { notes: [`imported from NIR ${this.file} (version '${this.cg.graph.version}')`] },
    };
  }
}

/** Lower a checked NIR graph to the IR; throws every problem at once. */
export function nirToIr(file: string, cg: CheckedGraph, opts: NirImportOptions): { graph: Graph; warnings: readonly Diagnostic[] } {
  const imp = new Importer(file, cg, opts);
  const graph = imp.run();
  return { graph, warnings: imp.P.warnings };
}
