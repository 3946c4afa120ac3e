// The numbers beside the viewer: counters (SOPs, spikes, NoC, latency, Dice), the report's fair energy
// matrix with one verdict per view, energy per slice under each of the report's models, firing rate per
// layer (bars) and the spike raster of one layer.
import type { SimStats } from '../../../runtime-wasm/host/stats.js';
import type { EnergyView, PopulationInfo, RasterReply } from '../protocol.js';

const fmt = (x: number, digits = 3): string => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(digits - 1) : x.toPrecision(digits));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function rows(table: HTMLTableElement, head: readonly string[], body: readonly (readonly string[])[]): void {
  table.replaceChildren();
  const tr = (cells: readonly string[], tag: 'th' | 'td'): HTMLTableRowElement => {
    const r = document.createElement('tr');
    for (const c of cells) { const e = document.createElement(tag); e.textContent = c; r.append(e); }
    return r;
  };
  if (head.length > 0) table.append(tr(head, 'th'));
  for (const b of body) table.append(tr(b, 'td'));
}

export function renderCounters(table: HTMLTableElement, s: SimStats, count: number): void {
  const t = s.totals, per = (x: number): string => fmt(x / s.slices);
  rows(table, ['counter', 'total', 'per slice'], [
    ['slices', `${s.slices} / ${count}`, ''],
    ['T (steps)', String(s.T), ''],
    ['SOPs', int(t.sops), per(t.sops)],
    ['spikes', int(t.spikes), per(t.spikes)],
    ['input spikes', int(t.inputSpikes), per(t.inputSpikes)],
    ['NoC messages', int(t.messages), per(t.messages)],
    ['hops (unicast)', int(t.hopsUnicast), per(t.hopsUnicast)],
    ['chip latency (µs)', fmt(t.latencyNs / 1e3), fmt(t.latencyNs / 1e3 / s.slices)],
    ['host wall (ms)', fmt(s.wallMs ?? 0), fmt((s.wallMs ?? 0) / s.slices)],
  ]);
  table.dataset.sops = String(t.sops);
  table.dataset.spikes = String(t.spikes);
}

export interface EnergyPanels {
  readonly matrix: HTMLTableElement;
  readonly verdict: HTMLElement;
  readonly matrixNote: HTMLElement;
  readonly viewLayers: HTMLTableElement;
  readonly models: HTMLTableElement;
  readonly layers: HTMLTableElement;
  readonly why: HTMLElement;
}

/** The fair matrix first (cells as `hsnn report` prints them; each row carries its view id and exact ratio), then the verdicts. */
function renderMatrix(p: EnergyPanels, e: EnergyView): void {
  rows(p.matrix, e.matrix.head, e.matrix.rows.map((r) => r.cells));
  const trs = [...p.matrix.querySelectorAll('tr')].slice(1);
  e.matrix.rows.forEach((r, i) => {
    const tr = trs[i];
    if (tr === undefined) return;
    tr.dataset.view = r.id;
    tr.dataset.ratio = String(r.ratio);
    tr.dataset.winner = r.ratio >= 1 ? 'snn' : 'ann';
  });
  p.verdict.replaceChildren(...e.matrix.rows.map((r) => Object.assign(document.createElement('li'), { textContent: r.sentence })));
  p.matrixNote.textContent = e.matrix.note;
  rows(p.viewLayers, e.viewLayers.head, e.viewLayers.rows);
}

export function renderEnergy(p: EnergyPanels, e: EnergyView): void {
  renderMatrix(p, e);
  p.why.textContent = `Each energy model on its own chip's costs against the ANN at 45 nm fp32, compute only (${fmt(e.annPj / 1e6)} µJ): these mix nodes and memory models; the matrix above is the like-for-like answer. Lead model (★, per layer below): ${e.why}.`;
  rows(p.models, ['energy model', 'SNN µJ / slice', 'ANN / SNN'], e.models.map((m) => [m.id === e.primary ? `${m.title} ★` : m.title, fmt(m.snnPj / 1e6), fmt(m.annOverSnn)]));
  rows(p.layers, ['layer', 'SOPs / slice', 'SNN µJ', 'ANN µJ'], e.layers.map((l) => [l.name, fmt(l.sops), fmt(l.snnPj / 1e6), fmt(l.annPj / 1e6)]));
}

export function renderRates(div: HTMLElement, s: SimStats): void {
  const spiking = s.populations.filter((p) => p.kind === 'if');
  const max = Math.max(1e-9, ...spiking.map((p) => p.rate));
  div.replaceChildren(...spiking.map((p) => {
    const row = document.createElement('div');
    row.className = 'bar';
    const label = document.createElement('span'), bar = document.createElement('span'), value = document.createElement('span');
    label.textContent = p.name;
    bar.className = 'fill';
    bar.style.width = `${(100 * p.rate) / max}%`;
    value.textContent = fmt(p.rate);
    row.dataset.layer = p.name;
    row.append(label, bar, value);
    return row;
  }));
}

/**
 * x = step, y = neuron: one row per sampled neuron (every k-th CHW index, as many as the canvas has
 * rows), one mark per spike, so single spikes stay visible even in a 49 152-neuron layer.
 */
export function drawRaster(c: HTMLCanvasElement, text: HTMLElement, r: RasterReply, pop: PopulationInfo): void {
  const ctx = c.getContext('2d');
  if (ctx === null) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.fillStyle = '#0b3d91';
  const shown = Math.min(r.neurons, c.height), every = Math.max(1, Math.ceil(r.neurons / shown));
  const colW = c.width / Math.max(1, r.steps), rowH = c.height / Math.max(1, Math.ceil(r.neurons / every));
  let drawn = 0;
  for (let i = 0; i < r.spikes.length; i += 2) {
    const t = r.spikes[i] as number, n = r.spikes[i + 1] as number;
    if (n % every !== 0) continue;
    ctx.fillRect(t * colW + 1, (n / every) * rowH, Math.max(1, colW - 2), Math.max(1, rowH - 0.5));
    drawn++;
  }
  const count = r.spikes.length / 2;
  text.textContent = `${pop.name} (${pop.C}×${pop.H}×${pop.W} = ${int(r.neurons)} neurons), slice ${r.slice}: ${int(count)} spikes in ${r.steps} steps, `
    + `rate ${fmt(count / Math.max(1, r.neurons * r.steps))} per neuron per step. Rows: every ${every}th neuron (${int(drawn)} spikes drawn).`;
  c.dataset.spikes = String(count);
}
