// The report's tables as plain data (title, header, rows of strings), rendered to Markdown by
// markdown.ts and to HTML by html.ts, so both say exactly the same numbers.
import type { ModelResult, Report } from '../build.js';
import { count, energy, percent, ratio, sig } from './format.js';
import { matrixTable, viewCostTable, viewLayersTable } from './views.js';

export interface Table {
  readonly id: string;
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly note?: string;
}

export function beRate(m: ModelResult): string {
  const be = m.breakEven;
  if (be.rate === null) return 'n/a (no IF spikes)';
  // r* = 0 only when the spike-independent part alone costs more than the ANN.
  return be.rate === 0 && be.fixedPj >= be.annPj ? 'none (fixed costs exceed the ANN)' : percent(be.rate);
}

const METRIC_NAMES: Readonly<Record<string, string>> = { cycles: 'core cycles', sops: 'SOPs', neurons: 'neurons (not per slice)', spikesOut: 'spikes out', messagesOut: 'messages out', messagesIn: 'messages in' };

export function summaryTable(r: Report): Table {
  const m = r.energy.models[0] as ModelResult;
  const rows = [
    ['energy model', `${m.title} [${m.origin}]`],
    ['why this model', r.energy.why],
    ['ANN energy per slice (fp32 MAC)', `${energy(r.ann.totalPj)} (${count(r.ann.macs)} MACs × ${r.ann.mac.pj} pJ)`],
    [`SNN energy per slice (${r.labels.run}, T = ${r.T})`, energy(m.snn.totalPj)],
    ...(m.compare !== undefined ? [[`SNN energy per slice (${r.labels.compare ?? 'compared'})`, energy(m.compare.totalPj)]] : []),
    [`ANN / SNN energy (${m.id}'s own figures against a 45 nm compute-only MAC: mixes nodes, see the fair matrix)`, ratio(m.annOverSnn)],
    ['mean firing rate of IF neurons (measured)', percent(m.breakEven.measuredRate)],
    ['break-even firing rate (this mapping, routing counted)', beRate(m)],
    ['textbook break-even E_MAC / (T · E_syn) (compute only)', percent(m.breakEven.textbookRate)],
    ['SNN energy per IF spike (synaptic + injection + routing)', energy(m.breakEven.pjPerSpike)],
    ['spike-independent SNN energy (neurons, static, input SOPs)', energy(m.breakEven.fixedPj)],
  ];
  return { id: 'summary', title: 'Summary', head: ['quantity', 'value'], rows, note: m.breakEven.note };
}

export function modelsTable(r: Report): Table {
  const rows = r.energy.models.map((m) => [m.id, m.origin, energy(m.snn.totalPj), ...(r.labels.compare !== undefined ? [m.compare !== undefined ? energy(m.compare.totalPj) : 'n/a'] : []), ratio(m.annOverSnn), beRate(m)]);
  const cmp = r.labels.compare !== undefined ? [`SNN (${r.labels.compare})`] : [];
  return { id: 'models', title: 'SNN energy per slice under each energy model', head: ['model', 'origin', `SNN (${r.labels.run})`, ...cmp, 'ANN / SNN', 'break-even rate'], rows, note: 'All models are applied to the same counts and mapping; costs of a target other than the one compiled for are indicative. ANN / SNN here sets each chip\'s own figures (its node, memory included) against the 45 nm fp32 MAC, compute only: it mixes process nodes and memory models; the fair matrix above does not.' };
}

export function annTable(r: Report): Table {
  const rows = r.ann.variants.map((v) => [v.title, `${v.mac.pj} pJ${v.mac.labels !== undefined ? ` (${v.mac.labels.join(', ')})` : ''}`, energy(v.totalPj)]);
  return { id: 'ann', title: 'ANN energy per slice by arithmetic (Horowitz 45 nm)', head: ['arithmetic', 'E_MAC', 'ANN energy'], rows, note: 'int16 has no published multiply figure in the table, so no int16 MAC variant is given.' };
}

export function acTable(r: Report): Table {
  const rows = r.snnAcVariants.map((v) => [v.title, `${v.ac.pj} pJ`, count(v.sops), energy(v.synapticPj)]);
  return { id: 'ac', title: 'SNN synaptic energy per slice by accumulate width (Horowitz 45 nm)', head: ['accumulate', 'E_AC', 'SOPs', 'synaptic energy'], rows, note: 'Synaptic operations only, on generic logic: the potentials of INT8/INT16 netlists are int32, so int32 add is the matching row; fp32 add is the literature\'s E_AC.' };
}

export function layersTable(r: Report): Table {
  const scale = (k: number | null): string => (k === null ? 'n/a' : k === 0 ? 'none' : `${sig(k)}×`);
  const rows = r.energy.layers.map((l) => [l.name, count(l.macs), energy(l.annPj), count(l.sops), energy(l.synapticPj), energy(l.neuronPj), energy(l.routingPj), energy(l.otherPj), energy(l.snnPj), ratio(l.annOverSnn), scale(l.breakEvenScale)]);
  const m = r.energy.models[0] as ModelResult;
  const be = m.breakEven;
  const totalScale = be.rate === null ? null : be.measuredRate > 0 ? be.rate / be.measuredRate : null;
  const total = ['total', count(r.ann.macs), energy(r.ann.totalPj), count(m.snn.layers.reduce((s, l) => s + l.sops, 0)), energy(m.snn.synapticPj), energy(m.snn.neuronPj), energy(m.snn.routingPj), energy(m.snn.spikeOutPj + m.snn.staticPj), energy(m.snn.totalPj), ratio(m.annOverSnn), scale(totalScale)];
  return {
    id: 'layers', title: `Energy per layer and slice (SNN on ${m.id})`,
    head: ['layer', 'MACs', 'ANN', 'SOPs', 'synaptic', 'neuron', 'routing', 'spike out + static', 'SNN', 'ANN / SNN', 'break-even at rates ×'],
    rows: [...rows, total],
    note: 'break-even at rates × k: the layer\'s SNN energy equals its ANN energy when every measured firing rate is scaled by k (none: its spike-independent energy alone exceeds the ANN). Routing is charged to the layer that sends the spikes (exact total, apportioned by messages × mean route cost). Pooled layers run as kernel-6 stride-2 convolutions in the SNN, so their SOPs per input spike are 4× the ANN layer\'s MACs per input value.',
  };
}

export function nocTable(r: Report): Table {
  const m = r.energy.models[0] as ModelResult;
  const n = r.noc;
  const rows = [
    ['NoC messages', count(n.messages)], ['messages within a core (0 hops)', count(n.localMessages)], ['host injections (Poisson input)', count(n.hostInjections)],
    ['hops unicast E-W / N-S', `${count(n.hopsUnicastEW)} / ${count(n.hopsUnicastNS)}`], ['hops multicast E-W / N-S', `${count(n.hopsMulticastEW)} / ${count(n.hopsMulticastNS)}`],
    ['chip crossings unicast / multicast', `${count(n.chipCrossingsUnicast)} / ${count(n.chipCrossingsMulticast)}`],
    [`routing energy unicast / multicast (${m.id})`, `${energy(m.snn.routing.unicastPj)} / ${energy(m.snn.routing.multicastPj)} (charged: ${m.snn.routing.mode})`],
    ['latency per slice', n.latencyNs > 0 ? `${sig(n.latencyNs / 1000)} µs` : 'not reported'], ['cores', String(n.cores)],
  ];
  return { id: 'noc', title: 'Spike routing per slice', head: ['quantity', 'value'], rows };
}

export function sparsityTable(r: Report): Table {
  const runs = r.sparsity.runs;
  const names: string[] = [];
  for (const run of runs) for (const l of run.layers) if (!names.includes(l.name)) names.push(l.name);
  const rows = names.map((n) => {
    const cells = runs.flatMap((run) => {
      const l = run.layers.find((x) => x.name === n);
      return l === undefined ? ['n/a', 'n/a', 'n/a'] : [percent(l.rate), sig(l.spikesPerNeuron), l.silentFraction !== undefined ? percent(l.silentFraction) : 'n/a'];
    });
    const neurons = runs.map((run) => run.layers.find((x) => x.name === n)?.neurons).find((v) => v !== undefined) ?? 0;
    return [n, count(neurons), ...cells];
  });
  rows.push(['mean (IF neurons)', '', ...runs.flatMap((run) => [percent(run.meanRate), sig(run.meanRate * run.T), ''])]);
  const head = ['layer', 'neurons', ...runs.flatMap((run) => [`rate ${run.label}`, `spikes/neuron ${run.label}`, `silent ${run.label}`])];
  return { id: 'sparsity', title: 'Sparsity per layer', head, rows, note: 'rate = spikes per neuron per timestep; spikes/neuron = per slice (rate × T); silent = neurons that never spiked (only where a firing-rate file counted it).' };
}

export function balanceTable(r: Report): Table | undefined {
  if (r.sparsity.loadBalance.length === 0) return undefined;
  const per = (metric: string): number => (metric === 'neurons' ? 1 : r.slices);
  const rows = r.sparsity.loadBalance.map((b) => [METRIC_NAMES[b.metric] ?? b.metric, count(b.max / per(b.metric)), count(b.mean / per(b.metric)), sig(b.ratio), String(b.maxCore)]);
  return { id: 'balance', title: 'Per-core load balance (per slice)', head: ['metric', 'max', 'mean', 'max / mean', 'busiest core'], rows };
}

export function diceTable(r: Report): Table | undefined {
  if (r.dice.length === 0) return undefined;
  const ts = [...new Set(r.dice.flatMap((s) => s.points.map((p) => p.T)))].sort((a, b) => a - b);
  const rows = ts.map((t) => [String(t), ...r.dice.map((s) => s.points.find((p) => p.T === t)?.dice.toFixed(3) ?? '')]);
  return { id: 'dice', title: 'Dice against T', head: ['T', ...r.dice.map((s) => s.label)], rows };
}

export function costTables(r: Report): Table[] {
  return r.energy.models.map((m) => ({
    id: `costs-${m.id}`, title: `Energy model '${m.id}': ${m.title}`, head: ['cost', 'value', 'labels', 'source'],
    rows: m.costs.map((c) => [c.what, `${c.value} ${c.unit}`, c.labels.join(', '), c.source]),
    note: m.notes.join(' '),
  }));
}

export function allTables(r: Report): Table[] {
  const t = [summaryTable(r), matrixTable(r), viewLayersTable(r), viewCostTable(r), modelsTable(r), annTable(r), acTable(r), layersTable(r), nocTable(r), sparsityTable(r), balanceTable(r), diceTable(r)];
  return t.filter((x): x is Table => x !== undefined);
}
