// The fair energy matrix as tables: the matrix itself (one row per view, ANN, SNN, ratio, break-even),
// one sentence per view, the sourced costs each view used, and the per-layer energy of every view.
import type { Report } from '../build.js';
import type { EnergyView } from '../energy/views.js';
import { energy, ratio, sig } from './format.js';
import type { Table } from './tables.js';

const be = (x: number | null, scale: number | null): string => (scale === null ? 'n/a (no IF spikes)' : scale === 0 ? 'none' : sig(x ?? 0));

export function matrixTable(r: Report): Table {
  const rows = r.views.map((v: EnergyView) => [
    v.title, v.node + (v.mixesNodes ? ' (mixes nodes)' : ''), energy(v.annPj), energy(v.snnPj), ratio(v.ratio),
    `${be(v.breakEven.spikesPerSynapse.breakEven, v.breakEven.scale)} (measured ${sig(v.breakEven.spikesPerSynapse.measured)})`,
    `${be(v.breakEven.tRate.breakEven, v.breakEven.scale)} (measured ${sig(v.breakEven.tRate.measured)})`,
  ]);
  return {
    id: 'matrix', title: 'Fair energy matrix (per slice)',
    head: ['view', 'process node', 'ANN', 'SNN', 'ANN / SNN', 'break-even spikes per synapse per inference', 'break-even T × rate'],
    rows,
    note: 'Above 1 the SNN uses less energy. Break-even: the operating point at which the SNN ties, scaling its spike-dependent energy linearly from the measured one (none: its spike-independent energy alone exceeds the ANN). Spikes per synapse = IF-driven SOPs / the same layers\' MACs.',
  };
}

export function verdictLines(r: Report): string[] {
  return r.views.map((v) => v.sentence);
}

export function viewCostTable(r: Report): Table {
  const rows = r.views.flatMap((v) => v.costs.map((c) => [v.title, c.what, `${sig(c.cost.pj)} pJ`, (c.cost.labels ?? []).join(', '), c.cost.source]));
  return { id: 'matrix-costs', title: 'Costs used by the matrix, with sources', head: ['view', 'cost', 'value', 'labels', 'source'], rows, note: r.views.flatMap((v) => v.notes).filter((n, i, a) => a.indexOf(n) === i).join(' ') };
}

export function viewLayersTable(r: Report): Table {
  const names = r.views[0]?.layers.map((l) => l.name) ?? [];
  const rows = names.map((n) => [n, ...r.views.flatMap((v) => {
    const l = v.layers.find((x) => x.name === n);
    return [energy(l?.annPj ?? 0), energy(l?.snnPj ?? 0)];
  })]);
  return { id: 'matrix-layers', title: 'Energy per layer and slice in each view', head: ['layer', ...r.views.flatMap((v) => [`ANN, ${v.id}`, `SNN, ${v.id}`])], rows, note: 'Same views as the matrix; a direct-input first layer\'s host MACs are in the totals only.' };
}
