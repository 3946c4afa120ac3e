// Assembles the report: ANN and SNN energy per layer under every energy model, the ANN/SNN ratios and
// break-even rate, sparsity of the fine-tuned (and converted) runs, the core map and the Dice curves.
// Pure: inputs in, one JSON-serialisable Report out; rendering lives in render/.
import { userError } from '../core/errors.js';
import { unetLayers } from '../formats/unet-arch.js';
import type { UNetArch } from '../formats/unet-arch.js';
import { annEnergy } from './energy/ann.js';
import type { AnnEnergy } from './energy/ann.js';
import { breakEven, layerBreakEvenScale } from './energy/breakeven.js';
import type { BreakEven } from './energy/breakeven.js';
import { chooseModels, costRows } from './energy/models.js';
import type { CostRow } from './energy/models.js';
import { snnEnergy } from './energy/snn.js';
import type { SnnEnergy } from './energy/snn.js';
import { SNN_AC_VARIANTS } from './energy/horowitz.js';
import type { Cost, EnergyModel } from './energy/types.js';
import { energyViews } from './energy/views.js';
import type { EnergyView, ViewInputs } from './energy/views.js';
import { BUILTIN_MODELS, HOROWITZ_GENERIC } from './energy/targets.js';
import { TARGETS } from '../compiler/targets/index.js';
import type { DiceSeries, FiringRates, MappingInput, NocCounts, OverlaySlice, RunInput } from './inputs/types.js';
import { loadBalance, ratesSparsity, runSparsity } from './sparsity.js';
import type { LoadBalance, RunSparsity } from './sparsity.js';
import { coreMap } from './core-map.js';
import type { CoreMap } from './core-map.js';

export interface ReportInputs {
  /** The run being reported (normally the fine-tuned SNN). */
  readonly run: RunInput;
  /** The run to compare against (normally the converted SNN). */
  readonly compare?: RunInput | undefined;
  readonly mapping?: MappingInput | undefined;
  readonly arch: UNetArch;
  readonly archSource: string;
  readonly rates?: FiringRates | undefined;
  readonly compareRates?: FiringRates | undefined;
  readonly dice?: readonly DiceSeries[] | undefined;
  readonly overlays?: readonly OverlaySlice[] | undefined;
  readonly customModels?: readonly EnergyModel[] | undefined;
  /** --target: force the primary energy model. */
  readonly target?: string | undefined;
  /** --ann-buffer-kb: the ANN's on-chip buffer in the memory-inclusive views (default Eyeriss's 108 KB). */
  readonly annBufferBytes?: number | undefined;
}

export interface ModelResult {
  readonly id: string;
  readonly title: string;
  readonly origin: EnergyModel['origin'];
  readonly costs: readonly CostRow[];
  readonly notes: readonly string[];
  readonly snn: SnnEnergy;
  readonly compare?: SnnEnergy;
  /** E_ANN (fp32) / E_SNN: above 1 the SNN uses less energy. */
  readonly annOverSnn: number;
  readonly breakEven: BreakEven;
}

export interface LayerRow {
  readonly name: string;
  readonly macs: number;
  readonly annPj: number;
  readonly snnPj: number;
  readonly synapticPj: number;
  readonly neuronPj: number;
  readonly routingPj: number;
  /** Spike injection + static. */
  readonly otherPj: number;
  readonly sops: number;
  readonly annOverSnn: number | null;
  /** Scale of all measured rates at which this layer's SNN energy equals its ANN energy (breakeven.ts). */
  readonly breakEvenScale: number | null;
}

export interface Report {
  readonly version: 1;
  readonly inputs: { readonly run: string; readonly compare?: string; readonly netlist?: string; readonly arch: string };
  readonly labels: { readonly run: string; readonly compare?: string };
  /** NoC counts of the reported run, per slice; latency of one slice in ns (0 = unknown). */
  readonly noc: NocCounts & { readonly latencyNs: number; readonly cores: number };
  readonly T: number;
  readonly slices: number;
  readonly arch: UNetArch;
  readonly ann: AnnEnergy;
  /** The run's SOPs per slice × each 45 nm accumulate width (synaptic energy only). */
  readonly snnAcVariants: readonly { readonly id: string; readonly title: string; readonly ac: Cost; readonly sops: number; readonly synapticPj: number }[];
  readonly energy: { readonly primary: string; readonly why: string; readonly models: readonly ModelResult[]; readonly layers: readonly LayerRow[] };
  /** The fair matrix (energy/views.ts): like-for-like views first, then the target against accelerators. */
  readonly views: readonly EnergyView[];
  readonly sparsity: { readonly runs: readonly RunSparsity[]; readonly loadBalance: readonly LoadBalance[] };
  readonly coreMap?: CoreMap;
  readonly dice: readonly DiceSeries[];
  readonly overlays: readonly string[];
  readonly notes: readonly string[];
}

/** Costs near float overflow (1e308 pJ) make sums Infinity, which a report would print as "n/a" and "∞×". */
function checkFinite(m: EnergyModel, label: string, e: SnnEnergy): void {
  if (!Number.isFinite(e.totalPj)) throw userError('HSNN7502', `energy model '${m.id}': the ${label} run's energy per slice is ${e.totalPj} pJ, not a finite number; its costs (${costRows(m).map((r) => `${r.what} ${r.value} ${r.unit}`).join(', ')}) overflow`);
}

function modelResult(inp: ReportInputs, m: EnergyModel, ann: AnnEnergy, inputDriven: ReadonlySet<string>): ModelResult {
  const snn = snnEnergy(inp.run, m, inputDriven, inp.mapping, ann.mac.pj);
  checkFinite(m, inp.run.label, snn);
  const compare = inp.compare !== undefined ? snnEnergy(inp.compare, m, inputDriven, inp.mapping, ann.mac.pj) : undefined;
  if (compare !== undefined && inp.compare !== undefined) checkFinite(m, inp.compare.label, compare);
  const be = breakEven(snn, ann.totalPj, inp.run.T, ann.mac.pj, m.snn.synop.pj);
  const base = { id: m.id, title: m.title, origin: m.origin, costs: costRows(m), notes: snn.notes, snn, annOverSnn: snn.totalPj > 0 ? ann.totalPj / snn.totalPj : Infinity, breakEven: be };
  return compare !== undefined ? { ...base, compare } : base;
}

function layerRows(ann: AnnEnergy, snn: SnnEnergy): LayerRow[] {
  const annBy = new Map(ann.layers.map((l) => [l.name, l]));
  return snn.layers.map((l) => {
    const a = annBy.get(l.name);
    const annPj = a?.pj ?? 0;
    return {
      name: l.name, macs: a?.macs ?? 0, annPj, snnPj: l.totalPj, synapticPj: l.synapticPj, neuronPj: l.neuronPj, routingPj: l.routingPj,
      otherPj: l.spikeOutPj + l.staticPj, sops: l.sops, annOverSnn: a !== undefined && l.totalPj > 0 ? annPj / l.totalPj : null,
      breakEvenScale: a !== undefined ? layerBreakEvenScale(l, annPj) : null,
    };
  });
}

function sparsityRuns(inp: ReportInputs): RunSparsity[] {
  const runs = [runSparsity(inp.run, inp.rates)];
  if (inp.compare !== undefined) runs.unshift(runSparsity(inp.compare, inp.compareRates));
  else if (inp.compareRates !== undefined) runs.unshift(ratesSparsity('converted', inp.compareRates));
  return runs;
}

function acVariants(run: RunInput): Report['snnAcVariants'] {
  const sops = run.populations.reduce((s, p) => s + p.sopsIn, 0) / run.slices;
  return SNN_AC_VARIANTS.map((v) => ({ id: v.id, title: v.title, ac: v.ac, sops, synapticPj: sops * v.ac.pj }));
}

function nocPerSlice(run: RunInput): Report['noc'] {
  const per = Object.fromEntries(Object.entries(run.noc).map(([k, v]) => [k, v / run.slices])) as unknown as NocCounts;
  return { ...per, latencyNs: run.latencyNsPerSlice, cores: run.cores.length };
}

/** The chip set against the ANN accelerators: the leading model, or Loihi when that is the generic 45 nm one. */
function chipSide(all: readonly EnergyModel[], models: readonly ModelResult[]): NonNullable<ViewInputs['target']> {
  const lead = models[0] as ModelResult;
  const chip = lead.id === HOROWITZ_GENERIC.id ? (models.find((m) => m.id === 'loihi') ?? lead) : lead;
  const model = all.find((m) => m.id === chip.id);
  // A netlist-supplied model names its target: the node comes from that target's table.
  const node = model?.node ?? BUILTIN_MODELS.find((b) => b.id === chip.id)?.node ?? TARGETS.get(chip.id)?.energy.node;
  return { id: chip.id, title: chip.title, snn: chip.snn, synopPj: model?.snn.synop.pj ?? 0, ...(node !== undefined ? { node } : {}) };
}

export function buildReport(inp: ReportInputs): Report {
  const ann = annEnergy(inp.arch);
  const inputDriven = new Set(unetLayers(inp.arch).filter((l) => l.inputs.includes('input')).map((l) => l.name));
  const choice = chooseModels({
    netlistTarget: inp.mapping?.targetName, netlistEnergy: inp.mapping?.energy, netlistAlternatives: inp.mapping?.alternativeEnergy, requested: inp.target, runTarget: inp.run.targetName, custom: inp.customModels,
  });
  const models = [choice.primary, ...choice.all.filter((m) => m !== choice.primary)].map((m) => modelResult(inp, m, ann, inputDriven));
  const primary = models[0] as ModelResult;
  const views = energyViews({
    run: inp.run, arch: inp.arch, inputDriven, ...(inp.mapping !== undefined ? { mapping: inp.mapping } : {}), ...(inp.annBufferBytes !== undefined ? { annBufferBytes: inp.annBufferBytes } : {}),
    target: chipSide(choice.all, models),
  });
  const notes = [
    'Energies are per slice (one 2D inference). ANN: MACs × E_MAC at 45 nm (compute only). SNN: simulator counts × the energy model.',
    'Counts that ignore memory flatter SNNs; see report/README.md for the caveats (Yan et al., arXiv:2409.08290).',
  ];
  if (inp.compare !== undefined && inp.compare.T !== inp.run.T) notes.push(`the compared runs use different T (${inp.compare.T} vs ${inp.run.T})`);
  const cm = coreMap(inp.run, inp.mapping);
  const inputs = { run: inp.run.source, arch: inp.archSource, ...(inp.compare !== undefined ? { compare: inp.compare.source } : {}), ...(inp.mapping !== undefined ? { netlist: inp.mapping.source } : {}) };
  const labels = inp.compare !== undefined ? { run: inp.run.label, compare: inp.compare.label } : { run: inp.run.label };
  return {
    version: 1, inputs, labels, noc: nocPerSlice(inp.run), T: inp.run.T, slices: inp.run.slices, arch: inp.arch, ann, snnAcVariants: acVariants(inp.run),
    energy: { primary: primary.id, why: choice.why, models, layers: layerRows(ann, primary.snn) },
    views,
    sparsity: { runs: sparsityRuns(inp), loadBalance: loadBalance(inp.run.cores) },
    ...(cm !== undefined ? { coreMap: cm } : {}),
    dice: inp.dice ?? [],
    overlays: (inp.overlays ?? []).map((o) => o.title),
    notes,
  };
}
