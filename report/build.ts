// Assembles the report: ANN and SNN energy per layer under every energy model, the ANN/SNN ratios and
// break-even rate, sparsity of the fine-tuned (and converted) runs, the core map and the Dice curves.
// Pure: inputs in, one JSON-serialisable Report out; rendering lives in render/.
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
  readonly sparsity: { readonly runs: readonly RunSparsity[]; readonly loadBalance: readonly LoadBalance[] };
  readonly coreMap?: CoreMap;
  readonly dice: readonly DiceSeries[];
  readonly overlays: readonly string[];
  readonly notes: readonly string[];
}

function modelResult(inp: ReportInputs, m: EnergyModel, ann: AnnEnergy, inputDriven: ReadonlySet<string>): ModelResult {
  const snn = snnEnergy(inp.run, m, inputDriven, inp.mapping);
  const compare = inp.compare !== undefined ? snnEnergy(inp.compare, m, inputDriven, inp.mapping) : undefined;
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

export function buildReport(inp: ReportInputs): Report {
  const ann = annEnergy(inp.arch);
  const inputDriven = new Set(unetLayers(inp.arch).filter((l) => l.inputs.includes('input')).map((l) => l.name));
  const choice = chooseModels({
    netlistTarget: inp.mapping?.targetName, netlistEnergy: inp.mapping?.energy, netlistAlternatives: inp.mapping?.alternativeEnergy, requested: inp.target, runTarget: inp.run.targetName, custom: inp.customModels,
  });
  const models = [choice.primary, ...choice.all.filter((m) => m !== choice.primary)].map((m) => modelResult(inp, m, ann, inputDriven));
  const primary = models[0] as ModelResult;
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
    sparsity: { runs: sparsityRuns(inp), loadBalance: loadBalance(inp.run.cores) },
    ...(cm !== undefined ? { coreMap: cm } : {}),
    dice: inp.dice ?? [],
    overlays: (inp.overlays ?? []).map((o) => o.title),
    notes,
  };
}
