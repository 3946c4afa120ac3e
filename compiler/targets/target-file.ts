// --target-file custom.json: a target as JSON, optionally `"extends": "<built-in>"` and overriding any
// field. Every problem (unknown key, wrong type, broken rule) is collected into one HSNN2203 error
// naming the file and the key.
import { readFileSync } from 'node:fs';
import { HsnnError, userError } from '../../core/errors.js';
import { builtinTarget, targetProblems } from './index.js';
import { GENERIC } from './generic.js';
import { flatEnergy, type Cost, type FlatEnergy, type TargetEnergy } from './energy.js';
import type { TargetSpec } from './types.js';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields stored as uint32 in the netlist (proto/netlist.proto Target): 1e300 would wrap to 0 = "unlimited". */
const UINT32_FIELDS = new Set(['neuronsPerCore', 'faninAxonsPerCore', 'fanoutAxonsPerCore', 'coresPerChip', 'meshWidth', 'meshHeight', 'maxChips', 'weightBits', 'maxDestinationsPerCore', 'maxDestinationsPerNeuron', 'maxKernelSize']);
/** Largest energy cost per event accepted (1 J in pJ): far above any chip, far below float overflow in sums. */
const MAX_COST_PJ = 1e12;

function fitsField(key: string, v: number, out: string[]): void {
  if (UINT32_FIELDS.has(key) && !(Number.isInteger(v) && v <= 0xffffffff)) out.push(`'${key}' ${v} must be an integer ≤ ${0xffffffff} (a uint32 netlist field)`);
  else if (key === 'synapseBitsPerCore' && !Number.isSafeInteger(v)) out.push(`'${key}' ${v} must be an integer ≤ ${Number.MAX_SAFE_INTEGER}`);
  else if (key.startsWith('energy.') && v > MAX_COST_PJ) out.push(`'${key}' ${v} exceeds ${MAX_COST_PJ} (pJ or mW per event; sums over a run would overflow)`);
}

function checkValue(key: string, v: unknown, like: unknown, out: string[]): void {
  if (typeof like === 'number' && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) out.push(`'${key}' must be a finite number ≥ 0`);
  else if (typeof like === 'number') fitsField(key, v as number, out);
  else if (typeof like === 'string' && typeof v !== 'string') out.push(`'${key}' must be a string`);
  else if (typeof like === 'boolean' && typeof v !== 'boolean') out.push(`'${key}' must be true or false`);
  else if (Array.isArray(like)) {
    if (!Array.isArray(v)) out.push(`'${key}' must be an array`);
    else if (key === 'edgeKinds' && v.some((k) => k !== 'conv' && k !== 'convT' && k !== 'pool' && k !== 'dense')) out.push(`'edgeKinds' entries must be 'conv', 'convT', 'pool' or 'dense'`);
    else if (key.endsWith('MemoryPerCore') && v.some((k) => !(typeof k === 'number' && Number.isSafeInteger(k) && k >= 0))) out.push(`'${key}' must list integers ≥ 0`);
    else if ((key === 'sources') && v.some((k) => typeof k !== 'string')) out.push(`'${key}' must list strings`);
  }
}

/** The flat keys a file may set (the netlist's EnergyCosts fields) and the sourced cost each one fills. */
const FLAT_TO_COST = {
  synopPj: 'synop', neuronUpdateActivePj: 'neuronActive', neuronUpdateIdlePj: 'neuronIdle', spikeOutPj: 'spikeOut',
  hopEwPj: 'hopEW', hopNsPj: 'hopNS', withinCorePj: 'withinCore', chipCrossingPj: 'chipCrossing',
} as const;

/** Rebuilds a sourced table from flat figures; every number set in the file is sourced to the file. */
function energyFromFlat(base: TargetEnergy, f: FlatEnergy, set: ReadonlySet<string>, file: string): TargetEnergy {
  const baseFlat = flatEnergy(base);
  const src = (k: string): string => (set.has(k) ? `target file ${file}: energy.${k}` : `${base.sources.join('; ')} (inherited)`);
  const costs: Record<string, Cost> = {};
  for (const [k, c] of Object.entries(FLAT_TO_COST)) {
    const v = f[k as keyof typeof FLAT_TO_COST];
    const inherited = base.costs?.[c];
    if (!set.has(k) && inherited !== undefined && v === baseFlat[k as keyof typeof FLAT_TO_COST]) costs[c] = inherited;
    else if (v > 0) costs[c] = { pj: v, source: src(k) };
  }
  const synop = costs.synop ?? { pj: 0, source: src('synopPj') };
  const staticPower = f.staticMwPerCore > 0 ? { staticPower: { mwPerCore: f.staticMwPerCore, source: src('staticMwPerCore') } } : {};
  return {
    id: base.id, title: base.title, ...(base.node !== undefined ? { node: base.node } : {}),
    costs: { ...costs, synop, ...staticPower, allIn: f.allIn, routing: base.costs?.routing ?? 'unicast' },
    sources: f.sources, note: f.note, notes: f.note !== '' ? [f.note] : [],
  };
}

function mergeEnergy(base: TargetEnergy, v: unknown, key: string, out: string[], file: string): TargetEnergy {
  if (!isObj(v)) { out.push(`'${key}' must be an object`); return base; }
  const flat = flatEnergy(base);
  for (const [k, x] of Object.entries(v)) {
    if (!(k in flat)) out.push(`'${key}.${k}' is not an energy field (${Object.keys(flat).join(', ')})`);
    else checkValue(`${key}.${k}`, x, flat[k as keyof FlatEnergy], out);
  }
  if (out.length > 0) return base;
  return energyFromFlat(base, { ...flat, ...(v as Partial<FlatEnergy>) }, new Set(Object.keys(v)), file);
}

/** Merge a parsed JSON object over a base target; problems are appended to `out`. */
export function targetFromJson(json: unknown, out: string[], file = 'JSON'): TargetSpec {
  if (!isObj(json)) { out.push('the file must hold a JSON object'); return GENERIC; }
  let base: TargetSpec = GENERIC;
  if (json.extends !== undefined) {
    if (typeof json.extends !== 'string') out.push(`'extends' must name a built-in target`);
    else try { base = builtinTarget(json.extends); } catch (e) { out.push(e instanceof HsnnError ? e.message.replace(/^HSNN\d+ /, '') : String(e)); }
  }
  let t: TargetSpec = { ...base, name: typeof json.name === 'string' ? json.name : `${base.name}-custom`, alternativeEnergy: [] };
  for (const [k, v] of Object.entries(json)) {
    if (k === 'extends' || k === 'name') continue;
    if (k === 'alternativeEnergy') { out.push(`'alternativeEnergy' cannot be set from a file`); continue; }
    if (!(k in base)) { out.push(`'${k}' is not a target field`); continue; }
    if (k === 'energy') { t = { ...t, energy: mergeEnergy(base.energy, v, 'energy', out, file) }; continue; }
    checkValue(k, v, base[k as keyof TargetSpec], out);
    t = { ...t, [k]: v };
  }
  if (out.length === 0) out.push(...targetProblems(t));
  return t;
}

export function loadTargetFile(path: string): TargetSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw userError('HSNN2203', `target file ${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const problems: string[] = [];
  const t = targetFromJson(json, problems, path);
  if (problems.length > 0) throw new HsnnError(problems.map((m) => ({ code: 'HSNN2203', message: `target file ${path}: ${m}` })));
  return t;
}
