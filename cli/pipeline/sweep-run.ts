// Runs the points of a sweep plan: compile (once per checkpoint), simulate, cost every energy view, and
// record each point in OUT/points/ (atomic writes), so an interrupted sweep resumes where it stopped.
// The ANN's point: its energy per view comes with every point; its Dice is measured on the same subjects.
import { existsSync, readFileSync } from 'node:fs';
import type { Io } from '../types.js';
import { userError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { buildReport } from '../../report/build.js';
import { gatherInputs } from '../../report/inputs/gather.js';
import type { AnnPoint, SweepPoint } from '../../report/sweep/pareto.js';
import type { SweepPlan, SweepPlanPoint } from './sweep-plan.js';

type Entry = (argv: readonly string[], io: Io) => Promise<number>;

/** A record written by an earlier sweep; an unreadable one is treated as absent and recomputed. */
function readRecord<R>(file: string): R | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as R;
  } catch {
    return undefined;
  }
}

/** The recorded point when its key matches (same checkpoint bytes, T, target and subjects). */
export function recorded(p: SweepPlanPoint): SweepPoint | undefined {
  const v = readRecord<SweepPoint>(p.record);
  return v?.key === p.key ? v : undefined;
}

async function step(entry: Entry, argv: readonly string[], io: Io, what: string): Promise<void> {
  const quiet: Io = { stdout: { write: () => true }, stderr: io.stderr };
  const code = await entry(argv, quiet);
  if (code !== 0) throw userError('HSNN7412', `sweep: ${what} failed with exit code ${code} (see the error above)`);
}

async function runPoint(plan: SweepPlan, p: SweepPlanPoint, ann: string | undefined, io: Io, entry: Entry): Promise<SweepPoint> {
  if (!existsSync(p.netlist)) await step(entry, ['compile', p.checkpoint, '--target', plan.target, '-o', p.netlist], io, `compile ${p.checkpoint}`);
  const sel = [...(plan.fold !== undefined ? ['--fold', String(plan.fold)] : []), ...(plan.subjects !== undefined ? ['--subjects', String(plan.subjects)] : [])];
  await step(entry, ['run', p.netlist, '--input', plan.data, ...sel, '--checkpoint', p.checkpoint, '--T', String(p.T), '--threads', String(plan.threads), '--out', p.runDir], io, `simulate ${p.name} at T = ${p.T}`);
  const { inputs } = gatherInputs({ runDir: p.runDir, netlist: p.netlist, ...(ann !== undefined ? { annCheckpoint: ann } : {}) });
  const r = buildReport(inputs);
  if (inputs.run.dice === undefined) throw userError('HSNN7412', `sweep: ${p.runDir}/stats.json has no Dice (the subjects need labels)`);
  const meanRate = r.energy.models[0]?.breakEven.measuredRate ?? 0;
  return {
    key: p.key, name: p.name, checkpoint: p.checkpoint, T: p.T, dice: inputs.run.dice, subjects: (inputs.run.subjects ?? []).map((s) => s.id), meanRate,
    views: r.views.map((v) => ({ id: v.id, title: v.title, annPj: v.annPj, snnPj: v.snnPj, mixesNodes: v.mixesNodes })),
  };
}

/** Every point, reusing recorded ones; progress on stderr. */
export async function runSweepPoints(plan: SweepPlan, ann: string | undefined, io: Io): Promise<SweepPoint[]> {
  const { main } = await import('../main.js');
  const out: SweepPoint[] = [];
  for (const [i, p] of plan.points.entries()) {
    const tag = `[${i + 1}/${plan.points.length}] ${p.name} T=${p.T}`;
    const old = recorded(p);
    if (old !== undefined) {
      io.stderr.write(`${tag}: recorded in ${p.record}, skipped\n`);
      out.push(old);
      continue;
    }
    const t0 = Date.now();
    io.stderr.write(`${tag}: compile, simulate, cost\n`);
    const pt = await runPoint(plan, p, ann, io, main);
    writeFileAtomic(p.record, `${JSON.stringify(pt, null, 1)}\n`);
    io.stderr.write(`${tag}: Dice ${pt.dice.toFixed(4)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    out.push(pt);
  }
  return out;
}

/** The ANN's Dice on the same subjects: given, recorded, or measured with `hsnn evaluate`'s library. */
export async function annPoint(plan: SweepPlan, ann: string | undefined, given: number | undefined, subjects: readonly string[], io: Io): Promise<AnnPoint> {
  const base = { checkpoint: ann ?? '', subjects };
  if (given !== undefined) return { ...base, dice: given };
  if (ann === undefined) return { ...base, dice: null };
  const record = `${plan.out}/points/ann.json`;
  const key = JSON.stringify([ann, plan.data, plan.fold ?? null, subjects]);
  const old = readRecord<{ key: string; dice: number }>(record);
  if (old?.key === key) return { ...base, dice: old.dice };
  io.stderr.write(`ANN ${ann}: scoring ${subjects.length} subjects\n`);
  const { initBackend } = await import('../../models/backend/select.js');
  const { evaluateAnnCheckpoint } = await import('../../models/unet/evaluate-ann.js');
  await initBackend(undefined);
  const r = await evaluateAnnCheckpoint(ann, { data: plan.data, ...(plan.fold !== undefined ? { fold: plan.fold } : { all: true }) });
  const mine = r.subjects.filter((s) => subjects.includes(s.id));
  if (mine.length !== subjects.length) throw userError('HSNN7412', `sweep: the ANN ${ann} was scored on ${r.subjects.map((s) => s.id).join(', ')}, not on every sweep subject`);
  const dice = mine.reduce((s, x) => s + x.dice3d, 0) / mine.length;
  writeFileAtomic(record, `${JSON.stringify({ key, dice })}\n`);
  return { ...base, dice };
}
