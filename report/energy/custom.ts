// A custom target's energy model from a JSON file, in the same shape as the built-in tables, so a
// user can cost an unlisted chip. Every number must name its source; see report/README.md for the format.
import { readFileSync } from 'node:fs';
import { HsnnError } from '../../core/errors.js';
import type { Diagnostic } from '../../core/errors.js';
import type { Cost, CostLabel, EnergyModel, RoutingMode, SnnCosts, StaticPower, SynapseKind } from './types.js';

/** Largest cost per event accepted (1 J in pJ): far above any chip, far below overflow when summed. */
const MAX_COST_PJ = 1e12;
const LABELS: readonly CostLabel[] = ['2nd', 'unconfirmed', 'all-in', 'lower-bound', 'pre-silicon', 'derived', 'peak', 'assumed'];
const COST_KEYS = ['synop', 'neuronActive', 'neuronIdle', 'spikeOut', 'hopEW', 'hopNS', 'withinCore', 'chipCrossing'] as const;
const KINDS: readonly SynapseKind[] = ['conv', 'sparse', 'dense'];
/** Stands in for a bare NaN / Infinity token, which JSON forbids but hand-written files contain. */
const NONFINITE = '\u0000hsnn-nonfinite:';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A non-empty string that is not a bare NaN/Infinity token (see markNonFinite). */
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !v.startsWith(NONFINITE);

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
    if (v.pj === undefined) return this.bad(where, 'pj is missing (a cost needs "pj": a finite number >= 0)');
    if (typeof v.pj === 'string' && v.pj.startsWith(NONFINITE)) return this.bad(where, `pj must be a finite number >= 0, got ${v.pj.slice(NONFINITE.length)}`);
    if (typeof v.pj !== 'number' || !Number.isFinite(v.pj) || v.pj < 0) return this.bad(where, `pj must be a finite number >= 0, got ${JSON.stringify(v.pj)}`);
    if (v.pj > MAX_COST_PJ) return this.bad(where, `pj ${v.pj} exceeds ${MAX_COST_PJ} (1 J per event); sums over a run would overflow`);
    if (!isText(v.source)) return this.bad(where, 'every number needs a non-empty "source"');
    const labels = this.labels(`${where}.labels`, v.labels);
    return labels === undefined ? { pj: v.pj, source: v.source } : { pj: v.pj, source: v.source, labels };
  }
  staticPower(v: unknown): StaticPower | undefined {
    if (v === undefined) return undefined;
    if (!isObj(v)) return this.bad('staticPower', 'must be { "mwPerCore": number >= 0, "source": string }');
    const mw = v.mwPerCore;
    if (typeof mw !== 'number' || !Number.isFinite(mw) || mw < 0 || mw > MAX_COST_PJ) {
      const got = typeof mw === 'string' && mw.startsWith(NONFINITE) ? mw.slice(NONFINITE.length) : JSON.stringify(mw) ?? 'nothing (missing)';
      return this.bad('staticPower', `mwPerCore must be a finite number in [0, ${MAX_COST_PJ}], got ${got}`);
    }
    if (!isText(v.source)) return this.bad('staticPower', 'every number needs a non-empty "source"');
    return { mwPerCore: mw, source: v.source };
  }
}

/**
 * Bare NaN, Infinity and -Infinity outside strings become marker strings, so the checker can name the
 * field that holds one instead of the parser stopping at "Unexpected token N" with no field.
 */
function markNonFinite(text: string): string {
  let out = '', inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') { out += text[i + 1] ?? ''; i++; } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') { inString = true; out += ch; continue; }
    const tok = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (tok !== undefined) { out += JSON.stringify(NONFINITE + tok); i += tok.length - 1; continue; }
    out += ch;
  }
  return out;
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
    v = JSON.parse(markNonFinite(text));
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
  // A misspelt cost would otherwise be silently absent (and charged as another cost, or not at all).
  for (const key of Object.keys(costs)) {
    if (key !== 'synopByKind' && !(COST_KEYS as readonly string[]).includes(key)) c.bad(`costs.${key}`, `unknown cost (known: ${COST_KEYS.join(', ')}, synopByKind)`);
  }
  const byKind: Partial<Record<SynapseKind, Cost>> = {};
  if (costs.synopByKind !== undefined && !isObj(costs.synopByKind)) c.bad('costs.synopByKind', `must be an object of costs by synapse kind (${KINDS.join(', ')})`);
  if (isObj(costs.synopByKind)) {
    for (const k of Object.keys(costs.synopByKind)) if (!(KINDS as readonly string[]).includes(k)) c.bad(`costs.synopByKind.${k}`, `unknown synapse kind (known: ${KINDS.join(', ')})`);
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
  const id = isText(j.id) ? j.id : c.bad('id', 'must be a non-empty string');
  const routing = j.routing === undefined || j.routing === 'unicast' || j.routing === 'multicast' ? (j.routing ?? 'unicast') : c.bad('routing', 'must be "unicast" or "multicast"');
  const allIn = j.allIn === undefined || typeof j.allIn === 'boolean' ? j.allIn === true : c.bad('allIn', 'must be true or false');
  const notes = Array.isArray(j.notes) && j.notes.every((n) => typeof n === 'string') ? j.notes : j.notes === undefined ? [] : c.bad('notes', 'must be a list of strings');
  const costs = isObj(j.costs) ? j.costs : c.bad('costs', 'must be an object of sourced costs');
  const snn = costs !== undefined && routing !== undefined && allIn !== undefined ? parseCosts(c, costs, allIn, routing, c.staticPower(j.staticPower)) : undefined;
  if (c.problems.length > 0 || snn === undefined || id === undefined || notes === undefined) throw new HsnnError(c.problems);
  const title = isText(j.title) ? j.title : id;
  return { id, title, origin: 'custom', snn, notes: [`Energy costs from the custom model file ${file}.`, ...notes] };
}
