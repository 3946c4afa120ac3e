// Collects everything a report reads from disk: the run directory (and the compared one), the netlist,
// the ANN checkpoint, custom energy models, and the optional rates, Dice and overlay inputs
// (report/README.md lists them), into one ReportInputs.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import type { PreprocessConfig } from '../../data/types.js';
import { sourceCheckpoint } from '../../formats/source-checkpoint.js';
import type { ReportInputs } from '../build.js';
import { loadCustomModel } from '../energy/custom.js';
import { archFromCheckpoint, archFromNetlist, defaultArch } from './arch.js';
import type { ArchChoice } from './arch.js';
import { mergeOverlays, optional, parseDice, parseOverlays, parseRates } from './load-extras.js';
import { loadMapping } from './load-netlist.js';
import type { NetlistView } from './load-netlist.js';
import { loadRun } from './load-run.js';
import { overlaysFromNifti } from './nifti-overlays.js';
import type { DiceSeries, OverlaySlice, RunInput } from './types.js';

export interface GatherOptions {
  readonly runDir: string;
  readonly compareDir?: string | undefined;
  readonly annCheckpoint?: string | undefined;
  readonly netlist?: string | undefined;
  readonly energyModels?: readonly string[] | undefined;
  readonly target?: string | undefined;
  readonly label?: string | undefined;
  readonly compareLabel?: string | undefined;
  /** Dataset folder with the simulated subjects' image and label, for overlays from prediction NIfTIs. */
  readonly data?: string | undefined;
  readonly subject?: string | undefined;
  readonly overlaySlices?: number | undefined;
}

/** --netlist, else the netlist path the simulator recorded (as written or relative to the run directory). */
function netlistPath(opts: GatherOptions, run: RunInput): string | undefined {
  if (opts.netlist !== undefined) return opts.netlist;
  if (run.netlistPath === undefined) return undefined;
  const candidates = isAbsolute(run.netlistPath) ? [run.netlistPath] : [resolve(run.netlistPath), resolve(opts.runDir, run.netlistPath)];
  return candidates.find((p) => existsSync(p));
}

/** Series from dice-vs-t.json files, else one point per run from stats.json's mean 3D Dice. */
function diceSeries(runs: readonly { run: RunInput; dir: string }[]): DiceSeries[] {
  const out: DiceSeries[] = [];
  for (const { run, dir } of runs) {
    const file = optional(dir, 'dice-vs-t.json', (v, f) => parseDice(v, f, run.label));
    const series = file ?? (run.dice !== undefined ? [{ label: run.label, points: [{ T: run.T, dice: run.dice }] }] : []);
    for (const s of series) if (!out.some((x) => x.label === s.label)) out.push(s);
  }
  return out;
}

/** The preprocessing the network was trained with: --ann's, else the netlist's source checkpoint's. */
function preprocessConfig(arch: ArchChoice, netlist: NetlistView | undefined, netlistFile: string | undefined): { config: PreprocessConfig; note?: string } {
  if (arch.preprocess !== undefined) return { config: arch.preprocess };
  if (netlist?.sourceCheckpoint !== undefined && netlist.sourceCheckpoint !== '' && netlistFile !== undefined) {
    try {
      return { config: sourceCheckpoint(netlist.sourceCheckpoint, netlistFile).config };
    } catch {
      // Fall through to the default, and say so.
    }
  }
  return { config: DEFAULT_PREPROCESS, note: 'overlays use the default preprocessing (give --ann for the checkpoint\'s)' };
}

function overlays(opts: GatherOptions, runs: readonly { run: RunInput; dir: string }[], arch: ArchChoice, netlist: NetlistView | undefined, nl: string | undefined, notes: string[]): OverlaySlice[] | undefined {
  if (opts.data !== undefined) {
    const pre = preprocessConfig(arch, netlist, nl);
    if (pre.note !== undefined) notes.push(pre.note);
    return overlaysFromNifti({ data: opts.data, runs, count: opts.overlaySlices ?? 3, config: pre.config, ...(opts.subject !== undefined ? { subject: opts.subject } : {}) });
  }
  const [first, ...rest] = runs.map(({ run, dir }) => ({ dir, slices: optional(dir, 'overlays.json', (v, f) => parseOverlays(v, f, run.label)) }));
  // Columns follow the runs' order; slices come from the last run that has an overlays.json.
  let merged: OverlaySlice[] | undefined = first?.slices;
  for (const r of rest) {
    if (r.slices === undefined) continue;
    merged = merged === undefined ? r.slices : mergeOverlays(r.slices, merged, join(r.dir, 'overlays.json'));
  }
  return merged;
}

export function gatherInputs(opts: GatherOptions): { inputs: ReportInputs; notes: string[] } {
  const notes: string[] = [];
  const run = loadRun(opts.runDir, opts.label ?? (opts.compareDir !== undefined ? 'fine-tuned' : 'SNN'));
  const compare = opts.compareDir !== undefined ? loadRun(opts.compareDir, opts.compareLabel ?? 'converted') : undefined;
  const runs = [...(compare !== undefined && opts.compareDir !== undefined ? [{ run: compare, dir: opts.compareDir }] : []), { run, dir: opts.runDir }];
  const nl = netlistPath(opts, run);
  const loaded = nl !== undefined ? loadMapping(nl) : undefined;
  if (loaded === undefined) notes.push('no netlist given or found: per-layer routing is apportioned by messages only and the mesh size comes from the run');
  const arch: ArchChoice = opts.annCheckpoint !== undefined ? archFromCheckpoint(opts.annCheckpoint)
    : (loaded !== undefined && nl !== undefined ? archFromNetlist(loaded.netlist, nl) : undefined) ?? defaultArch();
  const ov = overlays(opts, runs, arch, loaded?.netlist, nl, notes);
  const inputs: ReportInputs = {
    run, arch: arch.arch, archSource: arch.source, dice: diceSeries(runs),
    ...(compare !== undefined ? { compare } : {}),
    ...(loaded !== undefined ? { mapping: loaded.mapping } : {}),
    ...(ov !== undefined ? { overlays: ov } : {}),
    rates: optional(opts.runDir, 'rates.json', parseRates),
    compareRates: opts.compareDir !== undefined ? optional(opts.compareDir, 'rates.json', parseRates) : undefined,
    customModels: (opts.energyModels ?? []).map(loadCustomModel),
    target: opts.target,
  };
  return { inputs, notes };
}
