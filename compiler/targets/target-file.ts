// --target-file custom.json: a target as JSON, optionally `"extends": "<built-in>"` and overriding any
// field. Every problem (unknown key, wrong type, broken rule) is collected into one HSNN2203 error
// naming the file and the key.
import { readFileSync } from 'node:fs';
import { HsnnError, userError } from '../../core/errors.js';
import { builtinTarget, targetProblems } from './index.js';
import { GENERIC } from './generic.js';
import type { EnergyModel, TargetSpec } from './types.js';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValue(key: string, v: unknown, like: unknown, out: string[]): void {
  if (typeof like === 'number' && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) out.push(`'${key}' must be a finite number ≥ 0`);
  else if (typeof like === 'string' && typeof v !== 'string') out.push(`'${key}' must be a string`);
  else if (typeof like === 'boolean' && typeof v !== 'boolean') out.push(`'${key}' must be true or false`);
  else if (Array.isArray(like)) {
    if (!Array.isArray(v)) out.push(`'${key}' must be an array`);
    else if (key === 'edgeKinds' && v.some((k) => k !== 'conv' && k !== 'convT' && k !== 'pool')) out.push(`'edgeKinds' entries must be 'conv', 'convT' or 'pool'`);
    else if (key.endsWith('MemoryPerCore') && v.some((k) => typeof k !== 'number')) out.push(`'${key}' must list numbers`);
    else if ((key === 'sources') && v.some((k) => typeof k !== 'string')) out.push(`'${key}' must list strings`);
  }
}

function mergeEnergy(base: EnergyModel, v: unknown, key: string, out: string[]): EnergyModel {
  if (!isObj(v)) { out.push(`'${key}' must be an object`); return base; }
  for (const [k, x] of Object.entries(v)) {
    if (!(k in base)) out.push(`'${key}.${k}' is not an energy field (${Object.keys(base).join(', ')})`);
    else checkValue(`${key}.${k}`, x, base[k as keyof EnergyModel], out);
  }
  return { ...base, ...(v as Partial<EnergyModel>) };
}

/** Merge a parsed JSON object over a base target; problems are appended to `out`. */
export function targetFromJson(json: unknown, out: string[]): TargetSpec {
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
    if (k === 'energy') { t = { ...t, energy: mergeEnergy(base.energy, v, 'energy', out) }; continue; }
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
  const t = targetFromJson(json, problems);
  if (problems.length > 0) throw new HsnnError(problems.map((m) => ({ code: 'HSNN2203', message: `target file ${path}: ${m}` })));
  return t;
}
