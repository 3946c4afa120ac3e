// Turns a Report into its charts (SVG strings with stable ids): firing rate per layer, energy per layer
// ANN vs SNN by kind, energy by model, the core map and Dice against T. The HTML page, the PNG export
// and the browser test all use this one list.
import type { Report } from '../build.js';
import { barChart, SERIES_COLORS } from './bars.js';
import { energyUnit, sig } from './format.js';
import { energyByModelChart } from './hbars.js';
import type { HBar } from './hbars.js';
import { coreMapChart } from './heatmap.js';
import { diceChart } from './lines.js';
import { COLORS } from './svg.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** One sentence under the chart: what is drawn and from which data. */
  readonly caption: string;
}

function ratesChart(r: Report): Chart | undefined {
  const runs = r.sparsity.runs;
  if (runs.length === 0) return undefined;
  const names: string[] = [];
  for (const run of runs) for (const l of run.layers) if (!names.includes(l.name)) names.push(l.name);
  const bars = runs.map((run, i) => {
    const rate = new Map(run.layers.map((l) => [l.name, l.rate * 100]));
    const color = /fine/i.test(run.label) ? COLORS.blue : /conver/i.test(run.label) ? COLORS.orange : (SERIES_COLORS[i] ?? COLORS.grey);
    return { name: run.label, segments: [{ label: `${run.label} (T = ${run.T})`, color }], values: names.map((n) => [rate.get(n) ?? 0]) };
  });
  const svg = barChart({ id: 'chart-rates', title: 'Firing rate per layer', categories: names, bars, yLabel: 'spikes per neuron per step (%)', xLabel: 'layer', yFmt: (v) => `${sig(v)}` });
  return { id: 'chart-rates', title: 'Firing rate per layer', svg, caption: `Mean spikes per neuron per timestep of each spiking layer, ${runs.map((x) => x.label).join(' vs ')} (cf. the paper's Fig. 3).` };
}

function layerEnergyChart(r: Report): Chart {
  const model = r.energy.models[0];
  const rows = r.energy.layers.filter((l) => l.annPj > 0 || l.snnPj > 0);
  const max = Math.max(...rows.map((l) => Math.max(l.annPj, l.snnPj)), 1);
  const u = energyUnit(max);
  const segs = [
    { label: 'synaptic', color: COLORS.blue }, { label: 'neuron update', color: COLORS.orange },
    { label: 'routing', color: COLORS.green }, { label: 'spike out + static', color: COLORS.purple },
  ];
  const bars = [
    { name: 'ANN', segments: [{ label: `ANN (${r.ann.mac.pj} pJ/MAC)`, color: COLORS.grey }], values: rows.map((l) => [l.annPj / u.pj]) },
    { name: `SNN on ${model?.id ?? '?'}`, segments: segs, values: rows.map((l) => [l.synapticPj, l.neuronPj, l.routingPj, l.otherPj].map((v) => v / u.pj)) },
  ];
  const title = `Energy per layer: ANN vs SNN on ${model?.id ?? '?'}`;
  const svg = barChart({ id: 'chart-energy-layers', title, categories: rows.map((l) => l.name), bars, yLabel: `energy per slice (${u.unit})`, xLabel: 'layer (left bar ANN, right bar SNN by kind)' });
  return { id: 'chart-energy-layers', title, svg, caption: `Per slice. ANN: MACs × ${r.ann.mac.pj} pJ (fp32, Horowitz 45 nm). SNN: simulator counts × the '${model?.id ?? '?'}' energy model; routing is charged to the layer that sends the spikes. The two bars mix process nodes and memory models unless the model is the generic 45 nm one; the matrix figure compares like for like.` };
}

function modelsChart(r: Report): Chart {
  const bars: HBar[] = [
    ...r.ann.variants.map((v) => ({ label: `ANN, ${v.title}`, pj: v.totalPj, color: COLORS.grey })),
    ...r.energy.models.map((m) => ({ label: `SNN, ${m.id}`, pj: m.snn.totalPj, color: COLORS.blue })),
    ...r.energy.models.flatMap((m) => (m.compare !== undefined ? [{ label: `SNN, ${m.id} (${r.labels.compare ?? 'compared'})`, pj: m.compare.totalPj, color: COLORS.orange }] : [])),
  ];
  const cmp = r.labels.compare !== undefined ? [{ label: `SNN, ${r.labels.compare}`, color: COLORS.orange }] : [];
  const items = [{ label: 'ANN', color: COLORS.grey }, { label: `SNN, ${r.labels.run}`, color: COLORS.blue }, ...cmp];
  const svg = energyByModelChart('chart-energy-models', 'Energy per slice by arithmetic and energy model', bars, items);
  return { id: 'chart-energy-models', title: 'Energy per slice by model', svg, caption: 'ANN variants from Horowitz 45 nm, compute only (fp16 MAC derived as mult + add); SNN on every energy model applied to the same counts and mapping, each at its own chip\'s node: this figure mixes nodes (see the matrix).' };
}

/** The fair matrix as bars: ANN and SNN per view, on one log axis. */
function matrixChart(r: Report): Chart | undefined {
  if (r.views.length === 0) return undefined;
  const bars: HBar[] = r.views.flatMap((v) => [
    // Short ids keep the labels inside the chart; the matrix table spells each view out.
    { label: `ANN, ${v.id}`, pj: v.annPj, color: COLORS.grey },
    { label: `SNN, ${v.id}`, pj: v.snnPj, color: COLORS.blue },
  ]);
  const svg = energyByModelChart('chart-matrix', 'Fair energy matrix: ANN and SNN per view', bars, [{ label: 'ANN', color: COLORS.grey }, { label: r.labels.run === 'SNN' ? 'SNN' : `SNN, ${r.labels.run}`, color: COLORS.blue }]);
  return { id: 'chart-matrix', title: 'Fair energy matrix', svg, caption: 'Energy per slice of each view of the matrix (log axis; ids as in the matrix\'s per-layer table): fp32/int8-compute = 45 nm compute only, int8-no-reuse / int8-reuse = 45 nm memory-inclusive with the ANN without / with reuse, *-vs-* = the target chip against an accelerator (mixes nodes).' };
}

export function reportCharts(r: Report): Chart[] {
  const charts: Chart[] = [];
  const matrix = matrixChart(r);
  if (matrix !== undefined) charts.push(matrix);
  const rates = ratesChart(r);
  if (rates !== undefined) charts.push(rates);
  charts.push(layerEnergyChart(r), modelsChart(r));
  if (r.coreMap !== undefined) {
    charts.push({ id: 'chart-core-map', title: 'Core map', svg: coreMapChart('chart-core-map', r.coreMap), caption: 'Each core at its mesh position; colour = SOPs (left) and NoC messages sent + received (right) per slice. Hover a core for its counts.' });
  }
  if (r.dice.length > 0) {
    charts.push({ id: 'chart-dice', title: 'Dice against T', svg: diceChart('chart-dice', r.dice), caption: 'Dice of the predicted masks against the number of timesteps T.' });
  }
  return charts;
}
