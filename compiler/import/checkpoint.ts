// Import: an hsnn checkpoint (kind 'snn', or 'ann' plus --thresholds) → IR graph, walking the U-Net
// layer list of formats/unet-arch.ts. Pooling and concat stay explicit nodes here; later passes lower
// them. Missing pieces are reported (HSNN2104–2106) and replaced by placeholders so validation can
// still collect every other problem in the same run.
import { unetLayers, validateArch, levelSize, type LayerSpec } from '../../formats/unet-arch.js';
import type { Checkpoint } from '../../formats/checkpoint.js';
import type { CompileContext } from '../context.js';
import type { AvgPoolNode, ConcatNode, Edge, Graph, GraphMeta, Node, Shape, UnsupportedNode } from '../ir/graph.js';
import type { ThresholdsFile } from './thresholds.js';
import { poolPopulationName } from '../../proto/spiking-pool.js';

interface SnnSettings {
  readonly thresholds: Readonly<Record<string, number>>;
  readonly u0Fraction: number;
  readonly meta: GraphMeta;
}

function snnSettings(ckpt: Checkpoint, file: string, hash: string, th: ThresholdsFile | undefined, ctx: CompileContext): SnnSettings | undefined {
  const source = `${file} sha256:${hash}`;
  const h = ckpt.header;
  if (h.kind === 'snn' && h.snn && !th) {
    const encoding = h.snn.encoding;
    if (encoding !== 'poisson' && encoding !== 'direct') {
      ctx.diag.error('HSNN2402', `checkpoint ${file}: snn.encoding '${String(encoding)}' is not 'poisson' or 'direct'`);
      return undefined;
    }
    return { thresholds: h.snn.thresholds, u0Fraction: h.snn.u0Fraction, meta: { T: h.snn.T, encoding, seed: h.snn.seed, readoutScale: h.snn.readoutScale, sourceCheckpoint: source } };
  }
  if (th && h.kind === 'snn' && !ctx.options.overrideThresholds) {
    ctx.diag.error('HSNN2502', `checkpoint ${file} is an SNN with its own trained thresholds; --thresholds ${th.file} is meant for ANN checkpoints (add --override-thresholds to replace them anyway)`);
    return undefined;
  }
  if (th) {
    return { thresholds: th.thresholds, u0Fraction: th.u0Fraction, meta: { T: th.T, encoding: 'poisson', seed: th.seed, readoutScale: th.readoutScale, sourceCheckpoint: `${source}; thresholds ${th.file}` } };
  }
  ctx.diag.error('HSNN2106', h.kind === 'ann'
    ? `checkpoint ${file}: an ANN checkpoint needs --thresholds JSON (per-layer firing thresholds) to compile`
    : `checkpoint ${file}: kind '${String(h.kind)}' without an 'snn' header cannot be compiled`);
  return undefined;
}

/** Reorder tfjs conv2dTranspose weights [kh][kw][cout][cin] to the netlist layout [kh][kw][cin][cout]. */
function transposeUp(src: Float32Array, kh: number, kw: number, cout: number, cin: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let t = 0; t < kh * kw; t++) {
    for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) out[(t * cin + ci) * cout + co] = src[(t * cout + co) * cin + ci] as number;
  }
  return out;
}

function layerEdge(l: LayerSpec, source: string, ckpt: Checkpoint, file: string, ctx: CompileContext): Edge {
  const entry = ckpt.header.tensors.find((e) => e.name === l.name);
  const data = ckpt.tensors.get(l.name);
  let shape = l.weightShape as readonly number[];
  let weights = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (!entry || !data) ctx.diag.error('HSNN2105', `checkpoint ${file}: layer '${l.name}' has no weight tensor (expected [${shape.join(', ')}])`);
  else if (entry.shape.length !== 4) ctx.diag.error('HSNN2104', `checkpoint ${file}: layer '${l.name}' weights have rank ${entry.shape.length} [${entry.shape.join(', ')}], expected 4 [${shape.join(', ')}]`);
  else { shape = entry.shape; weights = data; }
  const [kh, kw, a, b] = shape as [number, number, number, number];
  if (l.kind === 'up2x2') {
    return { kind: 'convT', name: l.name, source, target: l.name, kh, kw, sh: 2, sw: 2, pt: 0, pl: 0, cin: b, cout: a, weights: transposeUp(weights, kh, kw, a, b) };
  }
  const pad = l.kind === 'conv3x3' ? 1 : 0;
  return { kind: 'conv', name: l.name, source, target: l.name, kh, kw, sh: 1, sw: 1, pt: pad, pl: pad, cin: a, cout: b, weights };
}

/** The node a layer reads: the population itself, or an explicit pool / concat node in front of it. */
function inputNode(l: LayerSpec, shapes: ReadonlyMap<string, Shape>): AvgPoolNode | ConcatNode | undefined {
  const src = shapes.get(l.inputs[0] as string) as Shape;
  if (l.pooledInput) return { kind: 'avgpool', name: poolPopulationName(l.name), shape: { c: src.c, h: src.h / 2, w: src.w / 2 }, source: l.inputs[0] as string, factor: 2 };
  if (l.inputs.length > 1) {
    const c = l.inputs.reduce((s, n) => s + (shapes.get(n)?.c ?? 0), 0);
    return { kind: 'concat', name: `${l.name}/concat`, shape: { c, h: src.h, w: src.w }, sources: l.inputs };
  }
  return undefined;
}

function unsupportedTensors(ckpt: Checkpoint, known: ReadonlySet<string>): UnsupportedNode[] {
  return ckpt.header.tensors.filter((e) => !known.has(e.name)).map((e) => {
    const op = /bias/i.test(e.name) ? 'bias' : /(bn|batch|gamma|beta|moving)/i.test(e.name) ? 'batch norm' : 'unknown tensor';
    return { kind: 'unsupported', name: e.name, shape: { c: 1, h: 1, w: 1 }, op, reason: `tensor [${e.shape.join(', ')}] is outside the U-Net layer list (no biases, no batch norm: formats/unet-arch.ts)` };
  });
}

export function importCheckpoint(ckpt: Checkpoint, file: string, sha256: string, thresholds: ThresholdsFile | undefined, ctx: CompileContext): Graph {
  const arch = ckpt.header.arch;
  const settings = snnSettings(ckpt, file, sha256, thresholds, ctx);
  const meta = settings?.meta ?? { T: 1, encoding: 'poisson' as const, seed: 0, readoutScale: 1, sourceCheckpoint: file };
  const empty: Graph = { name: file, meta, nodes: [], edges: [], cores: [], routes: [], report: { notes: [] } };
  const archProblems = validateArch(arch);
  if (archProblems.length > 0) {
    for (const p of archProblems) ctx.diag.error('HSNN2104', `checkpoint ${file}: arch ${p}`);
    return empty;
  }
  const nodes: Node[] = [{ kind: 'input', name: 'input', shape: { c: arch.inChannels, h: arch.height, w: arch.width } }];
  const edges: Edge[] = [];
  const shapes = new Map<string, Shape>([['input', nodes[0]!.shape]]);
  for (const l of unetLayers(arch)) {
    const front = inputNode(l, shapes);
    if (front) nodes.push(front);
    const [h, w] = levelSize(arch, l.level);
    const shape = { c: l.outChannels, h, w };
    shapes.set(l.name, shape);
    edges.push(layerEdge(l, front?.name ?? (l.inputs[0] as string), ckpt, file, ctx));
    if (!l.spiking) { nodes.push({ kind: 'integrator', name: l.name, shape }); continue; }
    const v = settings?.thresholds[l.name];
    if (settings && v === undefined) ctx.diag.error('HSNN2105', `checkpoint ${file}: spiking layer '${l.name}' has no threshold`);
    const threshold = v ?? 1;
    nodes.push({ kind: 'if', name: l.name, shape, threshold, u0: (settings?.u0Fraction ?? 0) * threshold, reset: 'subtract' });
  }
  nodes.push(...unsupportedTensors(ckpt, new Set(unetLayers(arch).map((l) => l.name))));
  const name = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return { ...empty, name, nodes, edges };
}
