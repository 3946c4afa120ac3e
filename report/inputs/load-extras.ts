// Optional inputs found beside stats.json in a run directory (formats in report/README.md):
//   rates.json      firing rates per layer  {"T","slices","layers":[{"name","neurons","rate","silentFraction"}]}
//   dice-vs-t.json  {"series":[{"label","points":[{"T","dice"}]}]}, or the JSON line of `hsnn evaluate-snn`
//   overlays.json   {"slices":[{"title","height","width","image":[..],"truth":[..],"prediction":[..]}]}
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import type { Code } from '../../core/codes.js';
import { readJsonFile } from './load-run.js';
import { parseRates as parseRatesFile } from '../../formats/rates.js';
import type { DiceSeries, FiringRates, OverlaySlice } from './types.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fail(code: Code, file: string, what: string): never {
  throw new HsnnError({ code, message: `${file}: ${what}` });
}

/** rates.json beside stats.json: the one reader (formats/rates.ts) with the report's code, HSNN7040. */
export function parseRates(v: unknown, file: string): FiringRates {
  const r = parseRatesFile(v, file, 'HSNN7040');
  return { source: file, T: r.T, slices: r.slices, layers: r.layers };
}

/** The 3D Dice mean of one result: `hsnn evaluate-snn`'s JSON line has it at dice3d, SnnEvalResult at report.dice3d. */
function dice3dMean(r: Json): unknown {
  const holder = isObj(r.report) ? r.report : r;
  return isObj(holder.dice3d) ? holder.dice3d.mean : undefined;
}

/** One network's Dice at several T: {"results": [{"T", "dice3d": {"mean"}}]} (or with "report": {...}). */
function parseEvalResult(v: Json, file: string, label: string): DiceSeries[] {
  const results = v.results as unknown[];
  const points = results.map((r, i) => {
    const d = isObj(r) ? dice3dMean(r) : undefined;
    if (!isObj(r) || !isNum(r.T) || !isNum(d)) fail('HSNN7041', file, `results[${i}] needs "T" and "dice3d.mean"`);
    return { T: r.T, dice: d };
  });
  return [{ label, points: points.sort((a, b) => a.T - b.T) }];
}

/** Dice against T: {"series": [...]} for any networks, or `hsnn evaluate-snn` output for the run's own network. */
export function parseDice(v: unknown, file: string, label: string): DiceSeries[] {
  if (isObj(v) && Array.isArray(v.results)) return parseEvalResult(v, file, label);
  if (!isObj(v) || !Array.isArray(v.series)) fail('HSNN7041', file, 'expected {"series": [{"label": string, "points": [{"T": number, "dice": number}]}]} or the JSON line of hsnn evaluate-snn {"results": [{"T", "dice3d": {"mean"}}]}');
  return v.series.map((s, i) => {
    if (!isObj(s) || typeof s.label !== 'string' || !Array.isArray(s.points)) fail('HSNN7041', file, `series[${i}] needs "label" and "points"`);
    const points = s.points.map((p, j) => {
      if (!isObj(p) || !isNum(p.T) || !isNum(p.dice) || p.dice < 0 || p.dice > 1) fail('HSNN7041', file, `series[${i}].points[${j}] needs "T" and "dice" in [0, 1]`);
      return { T: p.T, dice: p.dice };
    });
    return { label: s.label, points: [...points].sort((a, b) => a.T - b.T) };
  });
}

function array(v: unknown, n: number, file: string, where: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every(isNum)) fail('HSNN7042', file, `${where} must be a list of ${n} numbers`);
  return v;
}

/** Overlay slices of one run: image and truth, and this run's prediction under `label`. */
export function parseOverlays(v: unknown, file: string, label: string): OverlaySlice[] {
  if (!isObj(v) || !Array.isArray(v.slices)) fail('HSNN7042', file, 'expected {"slices": [...]}');
  return v.slices.map((s, i) => {
    const at = `slices[${i}]`;
    if (!isObj(s) || !isNum(s.height) || !isNum(s.width) || s.height < 1 || s.width < 1) fail('HSNN7042', file, `${at} needs positive "height" and "width"`);
    const n = s.height * s.width;
    const image = Float32Array.from(array(s.image, n, file, `${at}.image`));
    const truth = Uint8Array.from(array(s.truth, n, file, `${at}.truth`), (x) => (x > 0 ? 1 : 0));
    const mask = Uint8Array.from(array(s.prediction, n, file, `${at}.prediction`), (x) => (x > 0 ? 1 : 0));
    const title = typeof s.title === 'string' ? s.title : `slice ${i}`;
    return { title, height: s.height, width: s.width, image, truth, predictions: [{ label, mask }] };
  });
}

/** Adds the compared run's predictions as a column before this run's, matching slices by title. */
export function mergeOverlays(base: readonly OverlaySlice[], before: readonly OverlaySlice[], file: string): OverlaySlice[] {
  const byTitle = new Map(before.map((s) => [s.title, s]));
  return base.map((s) => {
    const o = byTitle.get(s.title);
    if (o === undefined) return s;
    if (o.height !== s.height || o.width !== s.width) fail('HSNN7042', file, `slice '${s.title}' is ${o.height}×${o.width}, not ${s.height}×${s.width}`);
    return { ...s, predictions: [...o.predictions, ...s.predictions] };
  });
}

/** Reads a file from the run directory if it is there. */
export function optional<T>(dir: string, name: string, parse: (v: unknown, file: string) => T): T | undefined {
  const file = join(dir, name);
  return existsSync(file) ? parse(readJsonFile(file, 'HSNN7043', name), file) : undefined;
}
