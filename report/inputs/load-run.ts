// Adapter from the simulator's RUN_DIR/stats.json (runtime-wasm/host/stats.ts SimStats) to the report's
// RunInput. Checks the fields the report uses and names the file in every problem.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HsnnError, userError } from '../../core/errors.js';
import type { Diagnostic } from '../../core/errors.js';
import type { Code } from '../../core/codes.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import type { CoreCounts, PopulationCounts, RunInput } from './types.js';

export function readJsonFile(file: string, code: Code, what: string): unknown {
  if (!existsSync(file)) throw userError(code, `${what} ${file}: file not found`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw userError(code, `${what} ${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Names every missing or non-numeric counter the report needs, all at once. */
function checkStats(s: SimStats, file: string): void {
  const problems: Diagnostic[] = [];
  const need = (cond: boolean, what: string): void => { if (!cond) problems.push({ code: 'HSNN7011', message: `run stats ${file}: ${what}` }); };
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  need(typeof s === 'object' && s !== null, 'is not a JSON object');
  if (problems.length > 0) throw new HsnnError(problems);
  need(Number.isInteger(s.T) && s.T > 0, `T must be a positive integer, got ${JSON.stringify(s.T)}`);
  need(Number.isInteger(s.slices) && s.slices > 0, `slices must be a positive integer, got ${JSON.stringify(s.slices)}`);
  need(Array.isArray(s.populations) && s.populations.length > 0, 'populations must be a non-empty list');
  need(Array.isArray(s.cores), 'cores must be a list');
  need(typeof s.totals === 'object' && s.totals !== null, 'totals is missing');
  if (problems.length > 0) throw new HsnnError(problems);
  for (const k of ['messages', 'localMessages', 'hostInjections', 'hopsUnicastEW', 'hopsUnicastNS', 'hopsMulticastEW', 'hopsMulticastNS', 'chipCrossingsUnicast', 'chipCrossingsMulticast'] as const) {
    need(num(s.totals[k]), `totals.${k} must be a number >= 0`);
  }
  for (const p of s.populations) {
    need(num(p.neurons) && num(p.spikes) && num(p.sopsIn) && num(p.neuronUpdates), `population '${String(p.name)}' lacks neurons/spikes/sopsIn/neuronUpdates counts`);
    need(p.kind === 'input' || p.kind === 'if' || p.kind === 'integrator', `population '${String(p.name)}' has unknown kind '${String(p.kind)}'`);
  }
  for (const c of s.cores) {
    need([c.x, c.y, c.chip, c.neurons, c.sops, c.neuronUpdatesActive, c.neuronUpdatesIdle, c.spikesOut, c.messagesOut, c.messagesIn, c.cycles].every(num), `core ${String(c.id)} lacks counts`);
    need(s.populations.some((p) => p.id === c.population), `core ${String(c.id)} names population ${String(c.population)}, which is not listed`);
  }
  if (problems.length > 0) throw new HsnnError(problems);
}

/** Converts checked SimStats; `label` names the run in tables and legends. */
export function runFromStats(s: SimStats, file: string, label: string): RunInput {
  checkStats(s, file);
  const popName = new Map(s.populations.map((p) => [p.id, p.name]));
  const populations: PopulationCounts[] = s.populations.map((p) => ({ name: p.name, kind: p.kind, neurons: p.neurons, spikes: p.spikes, sopsIn: p.sopsIn, neuronUpdates: p.neuronUpdates }));
  const cores: CoreCounts[] = s.cores.map((c) => ({
    id: c.id, population: popName.get(c.population) ?? String(c.population), chip: c.chip, x: c.x, y: c.y, neurons: c.neurons, sops: c.sops,
    neuronUpdatesActive: c.neuronUpdatesActive, neuronUpdatesIdle: c.neuronUpdatesIdle, spikesOut: c.spikesOut, messagesOut: c.messagesOut, messagesIn: c.messagesIn, cycles: c.cycles,
  }));
  const t = s.totals;
  const noc = {
    messages: t.messages, localMessages: t.localMessages, hostInjections: t.hostInjections, hopsUnicastEW: t.hopsUnicastEW, hopsUnicastNS: t.hopsUnicastNS,
    hopsMulticastEW: t.hopsMulticastEW, hopsMulticastNS: t.hopsMulticastNS, chipCrossingsUnicast: t.chipCrossingsUnicast, chipCrossingsMulticast: t.chipCrossingsMulticast,
  };
  const latency = typeof s.latency?.perSliceNs === 'number' && Number.isFinite(s.latency.perSliceNs) ? s.latency.perSliceNs : 0;
  const run: RunInput = { label, source: file, T: s.T, slices: s.slices, populations, cores, noc, latencyNsPerSlice: latency };
  const extra: { targetName?: string; netlistPath?: string; meshWidth?: number; subjects?: RunInput['subjects']; dice?: number } = {};
  if (Array.isArray(s.subjects)) extra.subjects = s.subjects.filter((x) => typeof x?.id === 'string' && typeof x.prediction === 'string');
  if (typeof s.dice === 'number' && Number.isFinite(s.dice)) extra.dice = s.dice;
  if (Number.isInteger(s.target?.meshWidth) && s.target.meshWidth > 0) extra.meshWidth = s.target.meshWidth;
  if (typeof s.target?.name === 'string' && s.target.name !== '') extra.targetName = s.target.name;
  if (typeof s.netlist === 'string' && s.netlist !== '') extra.netlistPath = s.netlist;
  return { ...run, ...extra };
}

/** Reads RUN_DIR/stats.json. */
export function loadRun(dir: string, label?: string): RunInput {
  const file = join(dir, 'stats.json');
  const s = readJsonFile(file, 'HSNN7010', 'run stats') as SimStats;
  return runFromStats(s, file, label ?? basename(dir));
}
