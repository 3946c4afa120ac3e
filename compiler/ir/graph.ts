// The compiler IR: a readonly graph of neuron populations (nodes) and weighted projections (edges).
// Every pass takes a Readonly<Graph> and returns a new Graph; nothing is mutated in place. Node and edge
// kinds are tagged unions on `kind`; a switch over them ends in `unreachable(x)` so a new kind fails to
// type-check until every pass handles it. Neuron update equations live beside their types (NIR style).

/** Channels × height × width; flat neuron index = c·H·W + y·W + x (SEMANTICS.md). */
export interface Shape {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

/** Integer units of a quantised population (SEMANTICS.md "Integer netlists"). */
export interface PopulationQuant {
  /** Float value of one integer potential unit q_p. */
  readonly unit: number;
  /** v_q = round(v / q_p). */
  readonly thresholdQ: number;
  /** u0_q = round(u0 / q_p). */
  readonly u0Q: number;
}

/**
 * The input slice x, no state. Poisson encoding: spikes s(t, i) = [(rand32(seed, t, i) >>> 8) < ⌊x_i · 2^24⌋]
 * for t < T (core/poisson-rng.ts). Direct encoding (meta.encoding 'direct'): no spikes; each edge out of the
 * input is a host current I = conv(x), computed once per slice and added to its target every step t < T
 * (proto/direct-input.ts), so it needs no cores, synapse memory, fan-in axons or routes.
 */
export interface InputNode {
  readonly kind: 'input';
  readonly name: string;
  readonly shape: Shape;
}

/**
 * Integrate-and-fire population, no leak:
 *   u_t = u_{t−1} + I_t;  o_t = [u_t > v];  u_t ← u_t − v·o_t (subtract) or 0 (zero);  u_{−1} = u0.
 * With `decay` δ (a leaky IF, NIR LIF): u_t = (1 − δ)·u_{t−1} + I_t; integer netlists use
 * u_t = ⌊u_{t−1}·(4096 − round(4096·δ)) / 4096⌋ + I_t (proto/leak.ts).
 */
export interface IfNode {
  readonly kind: 'if';
  readonly name: string;
  readonly shape: Shape;
  readonly threshold: number;
  readonly u0: number;
  readonly reset: 'subtract' | 'zero';
  readonly decay?: number;
  /** A constant current per channel added every step after the leak: u_t += b_c (NIR bias). */
  readonly bias?: Readonly<Float32Array>;
  readonly quant?: PopulationQuant;
}

/** Non-spiking readout: U_t = U_{t−1} + I_t, U_{−1} = 0; p = sigmoid(readoutScale · U_{T−1} / T). */
export interface IntegratorNode {
  readonly kind: 'integrator';
  readonly name: string;
  readonly shape: Shape;
  /** A constant current per channel added every step: U_t += b_c (NIR bias). */
  readonly bias?: Readonly<Float32Array>;
  readonly quant?: PopulationQuant;
}

/**
 * f×f average pooling, no neurons: p(c, y, x) = (1/f²) Σ_{dy,dx<f} s(c, fy+dy, fx+dx), a current.
 * With `sum` (NIR SumPool2d) the 1/f² is dropped: p = Σ_{dy,dx<f} s(c, fy+dy, fx+dx).
 */
export interface AvgPoolNode {
  readonly kind: 'avgpool';
  readonly name: string;
  readonly shape: Shape;
  readonly source: string;
  readonly factor: number;
  readonly sum?: boolean;
}

/** Channel concatenation, no neurons: channels of sources[0] first, then sources[1], … */
export interface ConcatNode {
  readonly kind: 'concat';
  readonly name: string;
  readonly shape: Shape;
  readonly sources: readonly string[];
}

/** A layer hsnn cannot lower (bias, batch norm, …); kept so validation reports all of them in one run. */
export interface UnsupportedNode {
  readonly kind: 'unsupported';
  readonly name: string;
  readonly shape: Shape;
  readonly op: string;
  readonly reason: string;
}

export type Node = InputNode | IfNode | IntegratorNode | AvgPoolNode | ConcatNode | UnsupportedNode;
export type NeuronNode = InputNode | IfNode | IntegratorNode;

/** Quantised weights of one edge: w_q = round(w / scale), scale = unit of the target population. */
export interface EdgeQuant {
  readonly scale: number;
  /** Same layout as the float weights; empty for float32 netlists. */
  readonly weightsQ: Readonly<Int32Array>;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
  readonly maxAbsWeight: number;
}

/** Where a lowered edge came from, so targets that pool in hardware (Speck) can charge the original kernel. */
export interface PooledOrigin {
  readonly factor: number;
  readonly kh: number;
  readonly kw: number;
}

/** Geometry and endpoints shared by both convolution kinds. */
interface ConvGeometry {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pt: number;
  readonly pl: number;
  readonly cin: number;
  readonly cout: number;
}

/** out(co, oy, ox) += Σ w[ky][kx][ci][co] · s(ci, oy·sh + ky − pt, ox·sw + kx − pl); outside = 0. */
export interface ConvEdge extends ConvGeometry {
  readonly kind: 'conv';
  /** Layout [kh][kw][cin][cout], cout fastest. */
  readonly weights: Readonly<Float32Array>;
  readonly pooled?: PooledOrigin;
  readonly quant?: EdgeQuant;
}

/** out(co, iy·sh + ky − pt, ix·sw + kx − pl) += w[ky][kx][ci][co] · s(ci, iy, ix). */
export interface ConvTEdge extends ConvGeometry {
  readonly kind: 'convT';
  /** Layout [kh][kw][cin][cout], cout fastest (the import transposes tfjs's [kh][kw][cout][cin]). */
  readonly weights: Readonly<Float32Array>;
  readonly quant?: EdgeQuant;
}

/**
 * f×f sum pool into a spiking pooling population (`--pool spiking`), depthwise:
 * out(c, oy, ox) += w · Σ_{ky,kx < f} s(c, oy·f + ky, ox·f + kx); cin = cout, weights = [w] (one value).
 */
export interface PoolEdge extends ConvGeometry {
  readonly kind: 'pool';
  readonly weights: Readonly<Float32Array>;
  readonly quant?: EdgeQuant;
}

/**
 * Fully connected (NIR Affine/Linear) into a (cout, 1, 1) target: out(co) += Σ_i w[i][co] · s(i), with
 * i = ci·H·W + y·W + x over the whole (cin, H, W) source. Its geometry is that of a conv whose kernel covers
 * the source (kh×kw = H×W, stride 1, pad 0, a 1×1 output), so receptive fields, fan-in and traffic follow the
 * conv rules; the netlist writes it as a DENSE projection and the simulators add row i per spike of i.
 */
export interface DenseEdge extends ConvGeometry {
  readonly kind: 'dense';
  /** Layout [source neuron i][cout], cout fastest. */
  readonly weights: Readonly<Float32Array>;
  /** Set when a pool was folded in (rows repeated over each f×f window). */
  readonly pooled?: PooledOrigin;
  readonly quant?: EdgeQuant;
}

export type Edge = ConvEdge | ConvTEdge | PoolEdge | DenseEdge;

/** A population slice [c0, c1) × [y0, y1) × [x0, x1). */
export interface Box {
  readonly c0: number;
  readonly c1: number;
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
}

/** A core of the mapped design; `place` is set by the placement pass. */
export interface MappedCore {
  readonly id: number;
  readonly population: string;
  readonly box: Box;
  readonly neurons: number;
  readonly synapseBits: number;
  readonly faninAxons: number;
  readonly fanoutAxons: number;
  readonly estSpikesPerStep: number;
  readonly place?: { readonly chip: number; readonly x: number; readonly y: number };
}

/** Spikes from one core to one destination core. */
export interface RouteDest {
  readonly core: number;
  readonly hops: number;
  readonly chipCrossings: number;
  /** Edge names carried. */
  readonly edges: readonly string[];
  readonly messagesPerStep: number;
}

export interface CoreRoute {
  readonly sourceCore: number;
  readonly dests: readonly RouteDest[];
  readonly multicastTreeLinks: number;
}

export type NumberFormat = 'int8' | 'int16' | 'float32';

/** How average pooling is lowered: folded into the next conv, or a spiking pooling population. */
export type PoolLowering = 'fused' | 'spiking';

export type InputEncoding = 'poisson' | 'direct';

export interface GraphMeta {
  readonly T: number;
  readonly encoding: InputEncoding;
  readonly seed: number;
  readonly readoutScale: number;
  readonly sourceCheckpoint: string;
}

export interface LayerSpikes {
  readonly name: string;
  readonly floatSpikes: number;
  readonly quantSpikes: number;
  readonly mismatched: number;
}

/** Figures the passes measure along the way; the emitter copies them into CompileStats. */
export interface GraphReport {
  readonly spikeEffect?: { readonly input: string; readonly timesteps: number; readonly layers: readonly LayerSpikes[] };
  readonly rates?: { readonly byPopulation: ReadonlyMap<string, number>; readonly assumedRate: number };
  readonly traffic?: {
    readonly multicastHopsPerStep: number;
    readonly maxLinkMessagesPerStep: number;
    readonly meanLinkMessagesPerStep: number;
    readonly linksUsed: number;
  };
  readonly chips?: number;
  readonly notes: readonly string[];
}

export interface Graph {
  readonly name: string;
  readonly meta: GraphMeta;
  /** In topological order: every source precedes its consumers. */
  readonly nodes: readonly Node[];
  readonly edges: readonly Edge[];
  /** Set by the quantisation pass. */
  readonly format?: NumberFormat;
  /** Set by the pooling pass. */
  readonly pool?: PoolLowering;
  readonly cores: readonly MappedCore[];
  readonly routes: readonly CoreRoute[];
  readonly report: GraphReport;
}

export function unreachable(x: never): never {
  throw new Error(`internal assertion failed: unhandled IR kind ${JSON.stringify(x)}`);
}

export function numel(s: Shape): number {
  return s.c * s.h * s.w;
}

export function boxVolume(b: Box): number {
  return (b.c1 - b.c0) * (b.y1 - b.y0) * (b.x1 - b.x0);
}

export function isNeuronNode(n: Node): n is NeuronNode {
  switch (n.kind) {
    case 'input': case 'if': case 'integrator': return true;
    case 'avgpool': case 'concat': case 'unsupported': return false;
    default: return unreachable(n);
  }
}

export function nodeMap(g: Readonly<Graph>): ReadonlyMap<string, Node> {
  return new Map(g.nodes.map((n) => [n.name, n]));
}

/** Edges into each population, in graph order. */
export function edgesInto(g: Readonly<Graph>): ReadonlyMap<string, readonly Edge[]> {
  const m = new Map<string, Edge[]>();
  for (const e of g.edges) {
    const list = m.get(e.target) ?? [];
    list.push(e);
    m.set(e.target, list);
  }
  return m;
}

/** Edges the host computes as a dense current (direct encoding: every edge out of the input). */
export function isHostCurrentEdge(g: Readonly<Graph>, e: Edge): boolean {
  return g.meta.encoding === 'direct' && g.nodes[0]?.kind === 'input' && e.source === g.nodes[0].name;
}

/** The edges that carry spikes between cores (all but host currents). */
export function spikingEdges(g: Readonly<Graph>): readonly Edge[] {
  return g.meta.encoding === 'direct' ? g.edges.filter((e) => !isHostCurrentEdge(g, e)) : g.edges;
}

export function withReport(g: Readonly<Graph>, patch: Partial<GraphReport>): GraphReport {
  return { ...g.report, ...patch, notes: [...g.report.notes, ...(patch.notes ?? [])] };
}
