// The fair energy matrix: one row per energy view, ANN against SNN under the same assumptions, with the
// ratio and the break-even operating point. Views: compute only at 45 nm (the literature's fp32, and the
// run's own precision); memory-inclusive at 45 nm with the ANN under no reuse and under optimal reuse;
// and the compiled target's own all-in figures against ANN accelerators (which mixes nodes, and says so).
import type { MappingInput, RunInput } from '../inputs/types.js';
import { ANN_ACCELERATORS } from '../../compiler/targets/accelerators.js';
import { breakEven } from './breakeven.js';
import type { SnnEnergy } from './snn.js';
import { HOROWITZ_45NM } from './horowitz.js';
import { ANN_BUFFER, fmtBytes, LEMAIRE_SOURCE, POTENTIAL_BYTES, SPIKE_BUFFER, sramCost } from './memory.js';
import { annShapes, annViewLayer, type AnnLayerShape, type Dataflow } from './view-ann.js';
import { meanAccessPj, snnViewLayers } from './view-snn.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import type { Cost } from './types.js';

export interface ViewCost { readonly what: string; readonly cost: Cost }

export interface ViewBreakEven {
  /** Factor on every measured IF rate at which the SNN ties; 0 = no rate ties, null = unknown (no spikes). */
  readonly scale: number | null;
  readonly spikesPerSynapse: { readonly measured: number; readonly breakEven: number | null };
  readonly tRate: { readonly measured: number; readonly breakEven: number | null };
}

export interface EnergyView {
  readonly id: string;
  readonly title: string;
  /** The process node(s); `mixesNodes` when the two sides are not costed at one node. */
  readonly node: string;
  readonly mixesNodes: boolean;
  readonly annPj: number;
  readonly snnPj: number;
  /** E_ANN / E_SNN: above 1 the SNN uses less. */
  readonly ratio: number;
  readonly breakEven: ViewBreakEven;
  readonly sentence: string;
  readonly costs: readonly ViewCost[];
  readonly layers: readonly { readonly name: string; readonly annPj: number; readonly snnPj: number }[];
  readonly notes: readonly string[];
}

export interface ViewInputs {
  readonly run: RunInput;
  readonly arch: UNetArch;
  readonly mapping?: MappingInput;
  readonly inputDriven: ReadonlySet<string>;
  /** The compiled target's SNN energy (the report's primary model), for the accelerator rows. */
  readonly target?: { readonly id: string; readonly title: string; readonly node?: string; readonly snn: SnnEnergy; readonly synopPj: number };
  readonly annBufferBytes?: number;
}

/** IF-driven SOPs per MAC of the same layers (spikes per synapse per inference), and T × mean IF rate. */
function measured(v: ViewInputs, shapes: readonly AnnLayerShape[]): { sps: number; tRate: number } {
  const macs = new Map(shapes.map((s) => [s.name, s.macs]));
  const ifDriven = v.run.populations.filter((p) => p.kind !== 'input' && !v.inputDriven.has(p.name));
  const sops = ifDriven.reduce((s, p) => s + p.sopsIn, 0) / v.run.slices;
  const m = ifDriven.reduce((s, p) => s + (macs.get(p.name) ?? 0), 0);
  const ifs = v.run.populations.filter((p) => p.kind === 'if');
  const neurons = ifs.reduce((s, p) => s + p.neurons, 0);
  const rate = neurons > 0 ? ifs.reduce((s, p) => s + p.spikes, 0) / (neurons * v.run.T * v.run.slices) : 0;
  return { sps: m > 0 ? sops / m : 0, tRate: v.run.T * rate };
}

function beOf(scale: number | null, m: { sps: number; tRate: number }): ViewBreakEven {
  return { scale, spikesPerSynapse: { measured: m.sps, breakEven: scale === null ? null : scale * m.sps }, tRate: { measured: m.tRate, breakEven: scale === null ? null : scale * m.tRate } };
}

/** k = (E_ANN − F) / V: the factor on the spike-dependent energy V at which the SNN ties. */
function scaleOf(annPj: number, fixedPj: number, totalPj: number): number | null {
  if (fixedPj >= annPj) return 0;
  const variable = totalPj - fixedPj;
  return variable > 0 ? (annPj - fixedPj) / variable : null;
}

function sentence(title: string, ann: number, snn: number, be: ViewBreakEven): string {
  const r = ann / snn;
  const sps = be.spikesPerSynapse;
  const tie = be.scale === null ? 'no IF spikes were measured, so the break-even is unknown'
    : be.scale === 0 ? 'no firing rate ties: the spike-independent SNN energy alone exceeds the ANN'
      : `it ties at ${fix(sps.breakEven ?? 0)} spikes per synapse per inference (T × rate ${fix(be.tRate.breakEven ?? 0)}), against ${fix(sps.measured)} measured`;
  const who = r >= 1 ? `the SNN uses ${fix(r)}× less energy than the ANN` : `the ANN uses ${fix(1 / r)}× less energy than the SNN`;
  return `${title}: ${who}; ${tie}.`;
}

const fix = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));

interface Arithmetic { readonly id: string; readonly mac: ViewCost; readonly add: ViewCost }

/** fp32 (the literature's convention) and the run's own precision: int8 MACs against int32 potential adds. */
function arithmetics(run: RunInput): Arithmetic[] {
  const fp32: Arithmetic = { id: 'fp32', mac: { what: 'ANN MAC (fp32)', cost: HOROWITZ_45NM.fp32Mac }, add: { what: 'SNN add (fp32)', cost: HOROWITZ_45NM.fp32Add } };
  if (run.numberFormat === 'FLOAT32') return [fp32];
  // Horowitz has no int16 multiply, so an INT16 netlist is set against the int8 ANN too (said in the row).
  const what = run.numberFormat === 'INT16' ? 'ANN MAC (int8: Horowitz gives no int16 MAC; the SNN has int16 weights)' : 'ANN MAC (int8, quantised ANN)';
  return [fp32, { id: 'int8', mac: { what, cost: HOROWITZ_45NM.int8Mac }, add: { what: 'SNN add into an int32 potential', cost: HOROWITZ_45NM.int32Add } }];
}

function view45(v: ViewInputs, shapes: readonly AnnLayerShape[], a: Arithmetic, flow: Dataflow, m: { sps: number; tRate: number }): EnergyView {
  const buffer = v.annBufferBytes ?? ANN_BUFFER.bytes;
  const memory = flow !== 'compute';
  const ann = shapes.map((s) => annViewLayer(s, flow, a.mac.cost.pj, buffer));
  const snn = snnViewLayers(v.run, { addPj: a.add.cost.pj, memory, inputDriven: v.inputDriven }, v.mapping);
  // A direct-input first layer runs as MACs on the host, at the ANN's cost per MAC of its first layer here.
  const first = ann[0];
  const hostMacPj = first !== undefined && first.macs > 0 ? (v.run.inputMacs / v.run.slices) * (first.pj / first.macs) : 0;
  const annPj = ann.reduce((s, l) => s + l.pj, 0);
  const snnPj = snn.reduce((s, l) => s + l.pj, 0) + hostMacPj;
  const fixedPj = snn.reduce((s, l) => s + l.fixedPj, 0) + hostMacPj;
  const be = beOf(scaleOf(annPj, fixedPj, snnPj), m);
  const flowName = flow === 'compute' ? 'compute only' : flow === 'no-reuse' ? 'memory-inclusive, ANN without reuse' : 'memory-inclusive, ANN with optimal reuse';
  const title = `45 nm ${a.id}, ${flowName}`;
  const costs: ViewCost[] = [a.mac, a.add];
  if (memory) {
    const acc = meanAccessPj(v.run, v.mapping);
    costs.push({ what: 'ANN buffer access', cost: sramCost(buffer, `ANN on-chip buffer: ${v.annBufferBytes !== undefined ? 'set with --ann-buffer-kb' : ANN_BUFFER.source}`) },
      { what: 'SNN spike-buffer access', cost: sramCost(SPIKE_BUFFER.bytes, SPIKE_BUFFER.source) },
      { what: 'SNN weight read (SOP-weighted mean over cores)', cost: { pj: acc.weightPj, source: `${LEMAIRE_SOURCE}, at each core's synapse memory (netlist Core.synapse_bytes)`, labels: ['derived'] } },
      { what: 'SNN potential read or write (mean over cores)', cost: { pj: acc.potentialPj, source: `${LEMAIRE_SOURCE}, at each core's neuron memory (neurons × ${POTENTIAL_BYTES} B)`, labels: ['derived'] } },
      { what: 'router hop (both directions)', cost: { pj: 3.2, source: 'Noxim defaults: generic 45 nm router + link, 32-bit flit' } });
  }
  const notes = [flow === 'no-reuse' ? 'ANN: one weight read and one input read per MAC (Lemaire et al.).' : flow === 'reuse' ? 'ANN: each weight and input activation read once per layer, partial sums in registers, each output written once (the bound of Dampfhoffer et al.).' : 'No memory or routing on either side.'];
  if (memory) notes.push(`SRAM per access: e = 1.09e-5 pJ/bit × size + 13.2 pJ (Lemaire et al.'s fit to Horowitz); writes cost as reads. The ANN buffer is ${fmtBytes(buffer)}; DRAM is charged to neither side.`);
  if (v.run.inputMacs > 0) notes.push(`Direct input: ${fixN(v.run.inputMacs / v.run.slices)} host MACs per slice charged at the ANN's first-layer cost per MAC in this view.`);
  const annBy = new Map(ann.map((l) => [l.name, l.pj]));
  const layers = snn.map((l) => ({ name: l.name, annPj: annBy.get(l.name) ?? 0, snnPj: l.pj }));
  return { id: `${a.id}-${flow}`, title, node: '45 nm, both sides', mixesNodes: false, annPj, snnPj, ratio: annPj / snnPj, breakEven: be, sentence: sentence(title, annPj, snnPj, be), costs, layers, notes };
}

const fixN = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The target chip's own costs against each ANN accelerator's all-in figure per MAC. */
function accelViews(v: ViewInputs, shapes: readonly AnnLayerShape[], m: { sps: number; tRate: number }): EnergyView[] {
  const t = v.target;
  if (t === undefined) return [];
  const macs = shapes.reduce((s, l) => s + l.macs, 0);
  return ANN_ACCELERATORS.map((acc) => {
    const hostMacPj = (v.run.inputMacs / v.run.slices) * acc.mac.pj;
    const annPj = macs * acc.mac.pj;
    // The model charged host MACs at the 45 nm fp32 MAC; here they run on the accelerator.
    const snnPj = t.snn.totalPj - t.snn.hostMacPj + hostMacPj;
    const be0 = breakEven({ ...t.snn, totalPj: snnPj, hostMacPj }, annPj, v.run.T, acc.mac.pj, t.synopPj);
    const scale = be0.rate === null ? null : be0.measuredRate > 0 ? be0.rate / be0.measuredRate : null;
    const be = beOf(scale === null ? null : Math.max(0, scale), m);
    const title = `${t.id} vs ${acc.title}`;
    const node = `${t.id}: ${t.node ?? 'node not stated'}; ${acc.title}: ${acc.node}`;
    const notes = [`Platforms, not one node: ${node}. ${acc.caveat}.`, `SNN side: ${t.title}'s own per-event costs on this mapping.`];
    const annBy = new Map(shapes.map((s) => [s.name, s.macs * acc.mac.pj]));
    const layers = t.snn.layers.map((l) => ({ name: l.name, annPj: annBy.get(l.name) ?? 0, snnPj: l.totalPj }));
    return { id: `${t.id}-vs-${acc.id}`, title, node, mixesNodes: true, annPj, snnPj, ratio: annPj / snnPj, breakEven: be, sentence: sentence(title, annPj, snnPj, be), costs: [{ what: `${acc.title} MAC (all-in)`, cost: acc.mac }], layers, notes };
  });
}

export function energyViews(v: ViewInputs): EnergyView[] {
  const shapes = annShapes(v.arch);
  const m = measured(v, shapes);
  const rows: EnergyView[] = [];
  for (const a of arithmetics(v.run)) rows.push(view45(v, shapes, a, 'compute', m));
  const own = arithmetics(v.run).at(-1) as Arithmetic;
  rows.push(view45(v, shapes, own, 'no-reuse', m), view45(v, shapes, own, 'reuse', m));
  return [...rows, ...accelViews(v, shapes, m)];
}
