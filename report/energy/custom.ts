// A custom target's energy model from a JSON file, in the same shape as the built-in tables, so a
// user can cost an unlisted chip. Every number must name its source; see report/README.md for the format.
import { readFileSync } from 'node:fs';
import { HsnnError } from '../../core/errors.js';
import type { Diagnostic } from '../../core/errors.js';
import type { Cost, CostLabel, EnergyModel, RoutingMode, SnnCosts, StaticPower, SynapseKind } from './types.js';

const LABELS: readonly CostLabel[] = ['2nd', 'unconfirmed', 'all-in', 'lower-bound', 'pre-silicon', 'derived'];
const COST_KEYS = ['synop', 'neuronActive', 'neuronIdle', 'spikeOut', 'hopEW', 'hopNS', 'withinCore', 'chipCrossing'] as const;
const KINDS: readonly SynapseKind[] = ['conv', 'sparse', 'dense'];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: Diagnostic[] = [];
  constructor(private readonly file: string) {}
  bad(where: string, what: string): undefined {
    this.problems.push({ code: 'HSNN7002', message: `energy model ${this.file}: ${where}: ${what}` });
    return undefined;
  }
  labels(where: string, v: unknown): CostLabel[] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((l): l is CostLabel => LABELS.includes(l as CostLabel))) return this.bad(where, `labels must be a subset of ${LABELS.join(', ')}`);
    return v;
  }
  cost(where: string, v: unknown): Cost | undefined {
    if (v === undefined) return undefined;
    if (!isObj(v)) return this.bad(where, 'must be an object { "pj": number, "source": string, "labels"?: [...] }');
    if (typeof v.pj !== 'number' || !Number.isFinite(v.pj) || v.pj < 0) return this.bad(where, `pj must be a finite number >= 0, got ${JSON.stringify(v.pj)}`);
    if (typeof v.source !== 'string' || v.source.trim() === '') return this.bad(where, 'every number needs a non-empty "source"');
    const labels = this.labels(`${where}.labels`, v.labels);
    return labels === undefined ? { pj: v.pj, source: v.source } : { pj: v.pj, source: v.source, labels };
  }
  staticPower(v: unknown): StaticPower | undefined {
    if (v === undefined) return undefined;
    if (!isObj(v) || typeof v.mwPerCore !== 'number' || !(v.mwPerCore >= 0) || typeof v.source !== 'string' || v.source === '') {
      return this.bad('staticPower', 'must be { "mwPerCore": number >= 0, "source": string }');
    }
    return { mwPerCore: v.mwPerCore, source: v.source };
  }
}

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HsnnError({ code: 'HSNN7001', message: `energy model ${file}: cannot read the file` });
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HsnnError({ code: 'HSNN7002', message: `energy model ${file}: not valid JSON (${(e as Error).message})` });
  }
  if (!isObj(v)) throw new HsnnError({ code: 'HSNN7002', message: `energy model ${file}: the top level must be an object` });
  return v;
}

function parseCosts(c: Checker, costs: Json, allIn: boolean, routing: RoutingMode, staticPower: StaticPower | undefined): SnnCosts | undefined {
  const parsed: Partial<Record<(typeof COST_KEYS)[number], Cost>> = {};
  for (const key of COST_KEYS) {
    const v = c.cost(`costs.${key}`, costs[key]);
    if (v !== undefined) parsed[key] = v;
  }
  const byKind: Partial<Record<SynapseKind, Cost>> = {};
  if (isObj(costs.synopByKind)) {
    for (const k of KINDS) {
      const v = c.cost(`costs.synopByKind.${k}`, costs.synopByKind[k]);
      if (v !== undefined) byKind[k] = v;
    }
  }
  const synop = parsed.synop ?? c.bad('costs.synop', 'is required');
  if (synop === undefined) return undefined;
  return { ...parsed, synop, synopByKind: byKind, staticPower, allIn, routing };
}

/** Loads and checks a custom energy model; reports every problem in the file at once. */
export function loadCustomModel(file: string): EnergyModel {
  const j = readJson(file);
  const c = new Checker(file);
  const id = typeof j.id === 'string' && j.id !== '' ? j.id : c.bad('id', 'must be a non-empty string');
  const routing = j.routing === undefined || j.routing === 'unicast' || j.routing === 'multicast' ? (j.routing ?? 'unicast') : c.bad('routing', 'must be "unicast" or "multicast"');
  const allIn = j.allIn === undefined || typeof j.allIn === 'boolean' ? j.allIn === true : c.bad('allIn', 'must be true or false');
  const notes = Array.isArray(j.notes) && j.notes.every((n) => typeof n === 'string') ? j.notes : j.notes === undefined ? [] : c.bad('notes', 'must be a list of strings');
  const costs = isObj(j.costs) ? j.costs : c.bad('costs', 'must be an object of sourced costs');
  const snn = costs !== undefined && routing !== undefined && allIn !== undefined ? parseCosts(c, costs, allIn, routing, c.staticPower(j.staticPower)) : undefined;
  if (c.problems.length > 0 || snn === undefined || id === undefined || notes === undefined) throw new HsnnError(c.problems);
  const title = typeof j.title === 'string' && j.title !== '' ? j.title : id;
  return { id, title, origin: 'custom', snn, notes: [`Energy costs from the custom model file ${file}.`, ...notes] };
}
