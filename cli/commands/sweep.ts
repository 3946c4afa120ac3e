// `hsnn sweep --ckpt A.ckpt --ckpt B.ckpt --T 8,16,32 --out DIR`: where does the SNN win? Every
// (checkpoint, T) point is compiled, simulated and costed under every energy view; DIR gets a Pareto
// table (pareto.md), sweep.html with one Dice-vs-energy chart per view, sweep.json and PNG figures.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { exportFigures } from '../../report/render/browser.js';
import { sweepHtml, sweepMarkdown } from '../../report/sweep/render.js';
import { checkAnnArch, planSweep, type TChoice } from '../pipeline/sweep-plan.js';
import { annPoint, runSweepPoints } from '../pipeline/sweep-run.js';

const REPO = new URL('../../', import.meta.url).pathname;

function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Each --T occurrence is one group of T values (integers, or `own`: the checkpoint's own T). */
function tGroups(v: unknown): TChoice[][] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items.map((g) => list(g).map((s): TChoice => {
    if (s === 'own') return 'own';
    const n = Number(s);
    if (!(Number.isInteger(n) && n >= 1 && n <= 4096)) throw userError('HSNN7411', `sweep --T: '${s}' must be an integer in 1..4096 or 'own'`);
    return n;
  }));
}

function optInt(v: unknown, opt: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= min)) throw userError('HSNN7411', `sweep --${opt}: '${String(v)}' must be an integer ≥ ${min}`);
  return n;
}

export const sweepCommand: CommandSpec = {
  command: 'sweep',
  describe: 'Pareto sweep over SNN checkpoints × T: compile, simulate, score, cost every energy view; table + charts',
  options: {
    ckpt: { type: 'string', array: true, demandOption: true, describe: 'SNN checkpoint(s), repeated or comma-separated; all must share one fold split' },
    T: { type: 'string', describe: 'time steps, comma-separated, `own` = the checkpoint\'s own T (the default). Once: every checkpoint; once per checkpoint: paired in --ckpt order' },
    data: { type: 'string', describe: 'dataset folder (default samples/, the three shipped fold-0 test subjects)' },
    fold: { type: 'number', describe: 'only this fold\'s test subjects of --data (the checkpoints\' split)' },
    subjects: { type: 'number', describe: 'a fixed sample: the first N subjects (after --fold)' },
    target: { type: 'string', default: 'loihi', describe: 'hardware target to compile for' },
    ann: { type: 'string', describe: 'ANN checkpoint: U-Net MACs and the ANN\'s Dice point (default models/pretrained/ann.ckpt)' },
    'ann-dice': { type: 'number', describe: 'the ANN\'s mean 3D Dice on the same subjects, instead of measuring it' },
    out: { type: 'string', demandOption: true, describe: 'output folder; finished points recorded there are skipped on a rerun' },
    threads: { type: 'number', default: Math.max(1, Math.min(8, availableParallelism() - 1)), describe: 'simulator worker threads' },
    png: { type: 'boolean', default: true, describe: 'render the charts to PNG with headless Chromium (skipped with a note if absent)' },
  },
  async run(args, io) {
    const out = String(args.out);
    const fold = optInt(args.fold, 'fold', 0), subjects = optInt(args.subjects, 'subjects', 1), threads = optInt(args.threads, 'threads', 1) ?? 1;
    const annDice = args['ann-dice'] === undefined ? undefined : Number(args['ann-dice']);
    if (annDice !== undefined && !(annDice >= 0 && annDice <= 1)) throw userError('HSNN7411', `sweep --ann-dice ${String(args['ann-dice'])}: expected a Dice in [0, 1]`);
    const plan = planSweep({
      checkpoints: list(args.ckpt), Ts: tGroups(args.T), out, data: typeof args.data === 'string' ? args.data : join(REPO, 'samples'),
      target: String(args.target), threads, ...(fold !== undefined ? { fold } : {}), ...(subjects !== undefined ? { subjects } : {}),
    });
    const ann = typeof args.ann === 'string' ? args.ann : join(REPO, 'models/pretrained/ann.ckpt');
    checkAnnArch(ann, plan.points.map((p) => p.checkpoint).filter((f, i, all) => all.indexOf(f) === i));
    const points = await runSweepPoints(plan, ann, io);
    const annPt = await annPoint(plan, ann, annDice, points[0]?.subjects ?? [], io);
    writeFileAtomic(join(out, 'sweep.json'), `${JSON.stringify({ points, ann: annPt }, null, 1)}\n`);
    writeFileAtomic(join(out, 'pareto.md'), sweepMarkdown(points, annPt));
    writeFileAtomic(join(out, 'sweep.html'), sweepHtml(points, annPt));
    const files = [join(out, 'sweep.json'), join(out, 'pareto.md'), join(out, 'sweep.html')];
    if (args.png === true) {
      const png = await exportFigures(join(out, 'sweep.html'), join(out, 'figures'));
      if ('reason' in png) io.stdout.write(`note: PNG figures skipped: ${png.reason}\n`);
      else files.push(...png.files);
    }
    io.stdout.write(`${sweepMarkdown(points, annPt)}\n`);
    for (const f of files) io.stdout.write(`wrote ${f}\n`);
    return 0;
  },
};
