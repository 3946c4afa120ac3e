// One-layer-per-core targets (Speck / DYNAP-CNN): each population must fit a single core, and cores differ
// in kernel and neuron memory, so layers are matched to cores (bipartite matching, as sinabs does).
//   kernel memory = C_in · 2^(⌈log2(k²)⌉ + ⌈log2 C_out⌉),  neuron memory = C_out · 2^(⌈log2 H'⌉ + ⌈log2 W'⌉)
// A conv lowered from a pooled input is charged its original kernel: the source core's sum-pool does the pooling.
import type { Edge, NeuronNode } from '../ir/graph.js';
import type { TargetSpec } from '../targets/types.js';

const clog2 = (n: number): number => Math.ceil(Math.log2(Math.max(1, n)));

export interface LayerMemory {
  readonly kernel: number;
  readonly neuron: number;
  readonly kernelFormula: string;
  readonly neuronFormula: string;
}

/** Kernel side charged for an edge (the pre-pooling kernel where pooling was folded in). */
export function chargedKernel(e: Edge): number {
  if (e.kind === 'conv' && e.pooled) return Math.max(e.pooled.kh, e.pooled.kw);
  return Math.max(e.kh, e.kw);
}

export function layerMemory(n: NeuronNode, edges: readonly Edge[]): LayerMemory {
  const cin = edges.reduce((a, e) => a + e.cin, 0);
  const k = Math.max(1, ...edges.map(chargedKernel));
  const { c, h, w } = n.shape;
  const kernel = cin * 2 ** (clog2(k * k) + clog2(c));
  const neuron = c * 2 ** (clog2(h) + clog2(w));
  return {
    kernel, neuron,
    kernelFormula: `C_in·2^(⌈log2 k²⌉+⌈log2 C_out⌉) = ${cin}·2^(${clog2(k * k)}+${clog2(c)}) = ${kernel}`,
    neuronFormula: `C_out·2^(⌈log2 H'⌉+⌈log2 W'⌉) = ${c}·2^(${clog2(h)}+${clog2(w)}) = ${neuron}`,
  };
}

export function fitsCore(m: LayerMemory, t: TargetSpec, core: number): boolean {
  return m.kernel <= (t.kernelMemoryPerCore[core] ?? 0) && m.neuron <= (t.neuronMemoryPerCore[core] ?? 0);
}

/** Kuhn's augmenting-path matching of layers to cores; returns core per layer (−1 = unmatched). */
export function matchLayers(fits: readonly (readonly number[])[], cores: number): number[] {
  const owner = new Array<number>(cores).fill(-1);
  const tryLayer = (l: number, seen: boolean[]): boolean => {
    for (const c of fits[l] ?? []) {
      if (seen[c]) continue;
      seen[c] = true;
      if (owner[c] === -1 || tryLayer(owner[c] as number, seen)) { owner[c] = l; return true; }
    }
    return false;
  };
  fits.forEach((_f, l) => { tryLayer(l, new Array<boolean>(cores).fill(false)); });
  const out = new Array<number>(fits.length).fill(-1);
  owner.forEach((l, c) => { if (l >= 0) out[l] = c; });
  return out;
}

export interface LayerPlacementProblem {
  readonly code: 'HSNN2004' | 'HSNN2005' | 'HSNN2007';
  readonly message: string;
}

export interface OnePerCoreResult {
  /** Population name → core index on the chip. */
  readonly coreOf: ReadonlyMap<string, number>;
  readonly memory: ReadonlyMap<string, LayerMemory>;
  readonly problems: readonly LayerPlacementProblem[];
}

function kernelProblems(n: NeuronNode, edges: readonly Edge[], t: TargetSpec): LayerPlacementProblem[] {
  const out: LayerPlacementProblem[] = [];
  for (const e of edges) {
    const kh = e.kind === 'conv' && e.pooled ? e.pooled.kh : e.kh;
    const kw = e.kind === 'conv' && e.pooled ? e.pooled.kw : e.kw;
    if (t.squareKernels && kh !== kw) out.push({ code: 'HSNN2007', message: `layer ${n.name}: ${kh}×${kw} kernel of '${e.name}' is not square; ${t.name} cores need square kernels` });
    if (t.maxKernelSize > 0 && Math.max(kh, kw) > t.maxKernelSize) out.push({ code: 'HSNN2007', message: `layer ${n.name}: ${kh}×${kw} kernel of '${e.name}' exceeds ${t.name}'s ${t.maxKernelSize}×${t.maxKernelSize}` });
  }
  return out;
}

function memoryProblem(n: NeuronNode, m: LayerMemory, t: TargetSpec): LayerPlacementProblem {
  const kMax = Math.max(...t.kernelMemoryPerCore);
  const nMax = Math.max(...t.neuronMemoryPerCore);
  const cores = (list: readonly number[], v: number): string => list.map((x, i) => (x >= v ? i : -1)).filter((i) => i >= 0).join(',') || 'none';
  const parts: string[] = [];
  if (m.kernel > kMax) parts.push(`kernel memory ${m.kernelFormula} entries exceeds the largest core's ${kMax}`);
  if (m.neuron > nMax) parts.push(`neuron memory ${m.neuronFormula} entries exceeds the largest core's ${nMax}`);
  if (parts.length === 0) parts.push(`kernel memory ${m.kernelFormula} fits cores [${cores(t.kernelMemoryPerCore, m.kernel)}] but neuron memory ${m.neuronFormula} fits cores [${cores(t.neuronMemoryPerCore, m.neuron)}]; no core has both`);
  return { code: 'HSNN2004', message: `layer ${n.name} does not fit one ${t.name} core: ${parts.join('; ')}` };
}

/** Match every population to its own core; collects every layer that cannot be placed. */
export function assignOnePerCore(pops: readonly NeuronNode[], into: ReadonlyMap<string, readonly Edge[]>, t: TargetSpec): OnePerCoreResult {
  const problems: LayerPlacementProblem[] = [];
  const memory = new Map<string, LayerMemory>();
  const fits: number[][] = [];
  for (const n of pops) {
    const edges = into.get(n.name) ?? [];
    problems.push(...kernelProblems(n, edges, t));
    const m = layerMemory(n, edges);
    memory.set(n.name, m);
    const ok = t.kernelMemoryPerCore.map((_x, c) => c).filter((c) => fitsCore(m, t, c));
    if (ok.length === 0) problems.push(memoryProblem(n, m, t));
    fits.push(ok);
  }
  const total = t.coresPerChip * Math.max(1, t.maxChips);
  if (pops.length > total) {
    problems.push({ code: 'HSNN2005', message: `model needs ${pops.length} cores (one per layer: ${pops.map((p) => p.name).join(', ')}); ${t.name} has ${total}` });
    return { coreOf: new Map(), memory, problems };
  }
  const match = matchLayers(fits, t.coresPerChip);
  const coreOf = new Map<string, number>();
  pops.forEach((n, i) => { if ((match[i] as number) >= 0) coreOf.set(n.name, match[i] as number); });
  const unmatched = pops.filter((n, i) => (match[i] as number) < 0 && (fits[i] as number[]).length > 0);
  if (unmatched.length > 0) problems.push({ code: 'HSNN2005', message: `no assignment of layers to ${t.name} cores: ${unmatched.map((n) => n.name).join(', ')} compete for the same cores` });
  return { coreOf, memory, problems };
}
