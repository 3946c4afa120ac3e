// `hsnn run model.netlist.pb --input X --out DIR`: simulate a netlist on MRI volumes with the WASM simulator;
// `--synthetic` instead runs seeded synthetic slices of the netlist's input shape (any netlist, e.g. a
// compiled NIR graph). Thin shell over cli/run/run.ts and cli/run/synthetic.ts; a progress bar on stderr.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CommandSpec, Io } from '../types.js';
import { userError } from '../../core/errors.js';
import { runNetlist } from '../run/run.js';
import { runSynthetic } from '../run/synthetic.js';
import type { SimMode } from '../../runtime-wasm/host/stats.js';

const MODES: readonly SimMode[] = ['zero-delay', 'pipelined'];

function intOption(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= min)) throw userError('HSNN4006', `--${name} ${String(v)}: expected an integer ≥ ${min}`);
  return n;
}

/** Redraws only when the whole percentage changes, so logs of long runs stay short. */
function progressBar(io: Io, t0: number): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === shown && done !== total) return;
    shown = pct;
    const w = 30, fill = Math.round((w * done) / total);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    io.stderr.write(`\r  simulating [${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${done}/${total} slices ${s} s${done === total ? '\n' : ''}`);
  };
}

/** Options that read data, which --synthetic replaces. */
const DATA_OPTIONS = ['input', 'label', 'fold', 'subjects', 'checkpoint'] as const;

/** Exactly one of --input and --synthetic; the synthetic options only with --synthetic. */
function checkInputChoice(args: Readonly<Record<string, unknown>>): void {
  if (args.synthetic === true) {
    const given = DATA_OPTIONS.filter((o) => args[o] !== undefined);
    if (given.length > 0) throw userError('HSNN4060', `--synthetic simulates generated slices; it excludes ${given.map((o) => `--${o}`).join(', ')}, which need data`);
    return;
  }
  if (args.input === undefined) throw userError('HSNN4061', 'hsnn run needs --input (a volume or dataset folder) or --synthetic');
  const stray = (['seed', 'slices'] as const).filter((o) => args[o] !== undefined);
  if (stray.length > 0) throw userError('HSNN4061', `${stray.map((o) => `--${o}`).join(', ')} ${stray.length > 1 ? 'go' : 'goes'} with --synthetic only`);
}

async function synthetic(args: Readonly<Record<string, unknown>>, mode: SimMode, io: Io): Promise<number> {
  const t0 = performance.now();
  const T = intOption(args.T, 'T', 1);
  const stats = await runSynthetic({
    netlist: String(args.netlist), seed: args.seed === undefined ? 0 : Number(args.seed), slices: args.slices === undefined ? 1 : Number(args.slices),
    mode, threads: intOption(args.threads, 'threads', 1) ?? 1, out: String(args.out), ...(T !== undefined ? { T } : {}), onProgress: progressBar(io, t0),
  });
  const t = stats.totals;
  io.stdout.write(`${stats.slices} synthetic slice(s) of shape (${stats.synthetic.shape.join(', ')}), seed ${stats.synthetic.seed}, T = ${stats.T}, ${mode}: ${t.sops} SOPs, ${t.spikes} spikes, ${t.messages} messages, load imbalance ${stats.loadImbalance.toFixed(2)}\n`);
  io.stdout.write(`no labels: no Dice. wrote ${String(args.out)}/stats.json in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return 0;
}

export const runCommand: CommandSpec = {
  command: 'run <netlist>',
  describe: 'simulate a netlist on a volume, a dataset folder or a fold (WASM simulator); writes predictions + stats.json',
  positionals: { netlist: { describe: 'compiled .netlist.pb', type: 'string' } },
  options: {
    input: { type: 'string', describe: 'NIfTI volume, or a dataset folder (every subject); or give --synthetic' },
    synthetic: { type: 'boolean', describe: 'simulate seeded synthetic slices of the input shape (values in [0, 1)) instead of --input; stats.json only, no Dice' },
    seed: { type: 'number', describe: '--synthetic: seed of the synthetic images (default 0)' },
    slices: { type: 'number', describe: '--synthetic: number of slices (default 1)' },
    label: { type: 'string', describe: 'label NIfTI of a single volume (enables Dice)' },
    fold: { type: 'number', describe: 'folder input: only this fold\'s test subjects (split of the source checkpoint)' },
    subjects: { type: 'number', describe: 'folder input: only the first N subjects (after --fold)' },
    checkpoint: { type: 'string', describe: 'SNN checkpoint for the preprocessing config (default: the netlist\'s source)' },
    T: { type: 'number', describe: 'time steps (default: the netlist\'s)' },
    mode: { type: 'string', default: 'zero-delay', describe: 'zero-delay | pipelined' },
    threads: { type: 'number', default: Math.max(1, Math.min(8, availableParallelism() - 1)), describe: 'worker threads' },
    out: { type: 'string', demandOption: true, describe: 'output folder (predictions, stats.json)' },
  },
  async run(args, io) {
    const mode = String(args.mode) as SimMode;
    if (!MODES.includes(mode)) throw userError('HSNN4006', `--mode ${String(args.mode)}: expected ${MODES.join(' or ')}`);
    checkInputChoice(args);
    if (args.synthetic === true) return synthetic(args, mode, io);
    const t0 = performance.now();
    const T = intOption(args.T, 'T', 1), fold = intOption(args.fold, 'fold', 0), maxSubjects = intOption(args.subjects, 'subjects', 1);
    const stats = await runNetlist({
      input: String(args.input),
      netlist: String(args.netlist), mode, threads: intOption(args.threads, 'threads', 1) ?? 1, out: String(args.out),
      ...(typeof args.label === 'string' ? { label: args.label } : {}), ...(typeof args.checkpoint === 'string' ? { checkpoint: args.checkpoint } : {}),
      ...(T !== undefined ? { T } : {}), ...(fold !== undefined ? { fold } : {}), ...(maxSubjects !== undefined ? { maxSubjects } : {}),
      onProgress: progressBar(io, t0), onNote: (n) => io.stderr.write(`warning: ${n}\n`),
    });
    const t = stats.totals, s = (performance.now() - t0) / 1000;
    const rate = stats.wallMs ? ` (${(t.sops / stats.wallMs / 1e6).toFixed(2)} G SOP/s per thread)` : '';
    io.stdout.write(`${stats.slices} slices of ${stats.subjects?.length ?? 0} volume(s), T = ${stats.T}, ${mode}: ${t.sops} SOPs${rate}, ${t.spikes} spikes, ${t.messages} messages, load imbalance ${stats.loadImbalance.toFixed(2)}\n`);
    if (stats.encoding === 'direct') io.stdout.write(`direct input: the host computed the first conv, ${stats.inputMacs} MACs (${stats.inputMacs / stats.slices} per slice)\n`);
    if (stats.dice !== undefined) io.stdout.write(`mean 3D Dice ${stats.dice.toFixed(4)} over ${stats.subjects?.filter((x) => x.dice3d !== undefined).length} labelled volume(s)\n`);
    io.stdout.write(`wrote ${String(args.out)}/stats.json and predictions in ${s.toFixed(1)} s\n`);
    return 0;
  },
};
