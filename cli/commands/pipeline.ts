// `hsnn pipeline`: the main job. By default the shipped networks on samples/ (compile → simulate → report,
// cli/pipeline/samples-job.ts); with --demo the from-scratch job: phantoms (or --data) → train ANN →
// convert → fine-tune → compile → simulate → report. Each stage is an hsnn command run in-process and
// printed so it can be rerun alone; a failed stage is reported by name with its cause, and the run stops.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Args, CommandSpec, Io } from '../types.js';
import { HsnnError, userError } from '../../core/errors.js';
import { ensureDir, writeFileAtomic } from '../../core/atomic.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { parseLossName } from '../../models/unet/losses.js';
import { writePhantomFolder } from '../pipeline/phantom-folder.js';
import { pipelineStages, type PipelinePlan, type Stage } from '../pipeline/stages.js';
import { SHIPPED_NETWORKS } from '../pipeline/networks.js';
import { presentNetworks, samplesStages } from '../pipeline/samples-job.js';

const REPO = new URL('../../', import.meta.url).pathname;
const PRETRAINED_DIR = join(REPO, 'models/pretrained/');

/** An integer option in [min, max]; the message states exactly the range that is accepted. */
function num(args: Args, key: string, fallback: number, min: number, max = 1_000_000): number {
  const v = args[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw userError('HSNN9002', `option --${key}: '${String(v)}' must be an integer in [${min}, ${max}]`);
  return v;
}

/** Every option a later stage reads is checked here, before the first stage writes anything. */
function checkNames(plan: Pick<PipelinePlan, 'loss' | 'finetuneLoss' | 'target'>): void {
  parseLossName(plan.loss);
  try {
    parseLossName(plan.finetuneLoss);
  } catch (e) {
    throw e instanceof HsnnError ? userError('HSNN9002', e.message.replace(/^HSNN\d+ option --loss/, 'option --finetune-loss')) : e;
  }
  builtinTarget(plan.target);
}

function pretrainedCheckpoints(): NonNullable<PipelinePlan['pretrained']> {
  const c = { ann: join(PRETRAINED_DIR, 'ann.ckpt'), converted: join(PRETRAINED_DIR, 'snn-converted.ckpt'), finetuned: join(PRETRAINED_DIR, 'snn-finetuned.ckpt') };
  for (const f of Object.values(c)) if (!existsSync(f)) throw userError('HSNN9003', `--pretrained: ${f} is missing`);
  return c;
}

/** Options only the from-scratch job reads: giving one asks for it (so none is silently ignored). */
const DEMO_ONLY = ['data', 'pretrained', 'fold', 'loss', 'finetune-loss', 'target', 'epochs', 'finetune-epochs', 'finetune-slices', 'finetune-batch', 'phantoms', 'dice-subjects'] as const;

/** The from-scratch job runs with --demo, or when an option only it reads (--data, --pretrained, --target, …) is given. */
export function isDemo(args: Readonly<Record<string, unknown>>): boolean {
  return args.demo === true || DEMO_ONLY.some((k) => args[k] !== undefined && args[k] !== false);
}

function planFrom(args: Args, io: Io): PipelinePlan {
  const out = resolve(typeof args.out === 'string' ? args.out : 'runs/pipeline');
  const real = typeof args.data === 'string';
  if (real && !existsSync(String(args.data))) throw userError('HSNN9002', `--data ${String(args.data)}: folder not found`);
  const count = num(args, 'phantoms', 24, 1, 10000);
  const plan: PipelinePlan = {
    out, data: real ? resolve(String(args.data)) : join(out, 'phantoms'),
    fold: num(args, 'fold', 0, 0, 99),
    loss: typeof args.loss === 'string' ? args.loss : real ? 'dice' : 'bce-dice',
    finetuneLoss: typeof args['finetune-loss'] === 'string' ? args['finetune-loss'] : 'dice',
    target: typeof args.target === 'string' ? args.target : 'loihi',
    T: num(args, 'T', 16, 1, 10000),
    annEpochs: num(args, 'epochs', real ? 15 : 20, 1),
    calibration: real ? { samples: 32, T: 64 } : { samples: 16, T: 32 },
    finetuneEpochs: num(args, 'finetune-epochs', real ? 3 : 4, 1),
    finetuneSlices: num(args, 'finetune-slices', real ? 520 : 130, 0),
    finetuneBatch: num(args, 'finetune-batch', real ? 26 : 13, 1),
    arch: real ? { base: 16, depth: 3 } : { base: 8, depth: 2 },
    ...(args.pretrained === true ? { pretrained: pretrainedCheckpoints() } : {}),
    diceTs: real ? [8, 16, 32, 64] : [8, 16],
    diceSubjects: num(args, 'dice-subjects', real ? 10 : 4, 1),
    threads: num(args, 'threads', Math.max(1, availableParallelism()), 1, 256),
  };
  checkNames(plan);
  if (real) return plan;
  const f = writePhantomFolder(plan.data, count, 2024);
  io.stderr.write(`[data] ${f.reused ? 'reusing' : 'wrote'} ${count} phantom subjects in ${f.dir}\n`);
  return { ...plan, data: f.dir };
}

/** Runs one stage through the CLI table; stdout is kept (last JSON line saved where asked), stderr streams. */
async function runStage(stage: Stage, io: Io, entry: (argv: readonly string[], io: Io) => Promise<number>): Promise<void> {
  let text = '';
  const capture: Io = { stdout: { write: (s: string) => { text += s; return true; } }, stderr: io.stderr };
  let code: number;
  try {
    code = await entry(stage.argv, capture);
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    throw userError('HSNN9001', `stage '${stage.name}' failed: ${cause}`);
  }
  if (code !== 0) throw userError('HSNN9001', `stage '${stage.name}' failed with exit code ${code} (see the error above)`);
  if (stage.saveLastLine) {
    const last = text.trim().split('\n').pop() ?? '';
    writeFileAtomic(stage.saveLastLine, `${last}\n`);
  }
}

async function runStages(stages: readonly Stage[], io: Io): Promise<void> {
  const { main } = await import('../main.js');
  for (const [i, stage] of stages.entries()) {
    const ts = Date.now();
    io.stderr.write(`\n[${i + 1}/${stages.length}] ${stage.name}: hsnn ${stage.argv.join(' ')}\n`);
    await runStage(stage, io, main);
    io.stderr.write(`[${i + 1}/${stages.length}] ${stage.name} done in ${((Date.now() - ts) / 1000).toFixed(1)} s\n`);
  }
}

/** The main job on samples/: each shipped network compiled, simulated and reported; the matrix verdicts printed. */
async function samplesJob(args: Args, io: Io, t0: number): Promise<number> {
  const out = resolve(typeof args.out === 'string' ? args.out : 'runs/main');
  const nets = SHIPPED_NETWORKS.filter((n) => n.main || args['all-networks'] === true);
  const { present, notes } = presentNetworks(REPO, nets);
  for (const n of notes) io.stderr.write(`note: ${n}\n`);
  if (present.length === 0) throw userError('HSNN9003', `no shipped network is present under ${PRETRAINED_DIR}`);
  ensureDir(out);
  await runStages(samplesStages({ repo: REPO, out, data: join(REPO, 'samples'), threads: num(args, 'threads', Math.max(1, availableParallelism()), 1, 256), networks: present }), io);
  io.stdout.write(`\nhsnn pipeline finished in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${present.map((n) => n.name).join(', ')} on the 3 fold-0 test subjects in samples/.\n`);
  for (const n of present) {
    const dir = join(out, `report-${n.name}`);
    const r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { views: { sentence: string }[]; dice: { points: { dice: number }[] }[] };
    io.stdout.write(`\n${n.name} (T = ${n.T}): mean 3D Dice ${r.dice[0]?.points[0]?.dice.toFixed(4) ?? 'n/a'}; report ${join(dir, 'report.html')}\n${r.views.map((v) => `  ${v.sentence}`).join('\n')}\n`);
  }
  io.stdout.write('\nThe from-scratch job (train → convert → fine-tune → … on phantoms) is `hsnn pipeline --demo`.\n');
  return 0;
}

export const pipelineCommand: CommandSpec = {
  command: 'pipeline',
  describe: 'the main job: shipped networks on samples/ → compile → simulate → report; --demo: phantoms (or --data) → train → convert → fine-tune → …',
  options: {
    demo: { type: 'boolean', describe: 'the from-scratch job: (phantoms | --data) → train → convert → fine-tune → compile → simulate → report (implied by any option only it reads: --data, --pretrained, --target, --loss, --epochs, …)' },
    'all-networks': { type: 'boolean', describe: 'main job: every shipped network of cli/pipeline/networks.ts, not only the npm start ones' },
    data: { type: 'string', describe: 'dataset folder (MSD layout); default: embedded phantoms' },
    pretrained: { type: 'boolean', describe: 'start from models/pretrained/ and skip training' },
    out: { type: 'string', describe: 'output folder (default runs/main; --demo: runs/pipeline)' },
    fold: { type: 'number', describe: 'cross-validation fold (default 0)' },
    loss: { type: 'string', describe: 'dice | bce | bce-dice (default: dice on --data, bce-dice on phantoms)' },
    'finetune-loss': { type: 'string', describe: 'fine-tuning loss (default dice)' },
    target: { type: 'string', describe: 'hardware target (default loihi)' },
    T: { type: 'number', describe: 'SNN time steps (default 16)' },
    epochs: { type: 'number', describe: 'ANN epochs (default 15 on --data, 20 on phantoms)' },
    'finetune-epochs': { type: 'number', describe: 'fine-tuning epochs (default 3 on --data, 4 on phantoms)' },
    'finetune-slices': { type: 'number', describe: 'training slices sampled per fine-tuning epoch, 0 = all (default 520 on --data, 130 on phantoms)' },
    'finetune-batch': { type: 'number', describe: 'fine-tuning batch (default 26 on --data, 13 on phantoms)' },
    phantoms: { type: 'number', describe: 'phantom subjects when no --data (default 24)' },
    'dice-subjects': { type: 'number', describe: 'test subjects scored for Dice against T (default 10 on --data, 4 on phantoms)' },
    threads: { type: 'number', describe: 'simulator worker threads (default: all cores)' },
  },
  async run(args, io) {
    const t0 = Date.now();
    if (!isDemo(args)) return samplesJob(args, io, t0);
    const plan = planFrom(args, io);
    ensureDir(plan.out);
    await runStages(pipelineStages(plan), io);
    const report = join(plan.out, 'report', 'report.html');
    if (!existsSync(report)) throw new HsnnError({ code: 'HSNN9001', message: `stage 'report' finished but ${report} is missing` });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    io.stdout.write(`\nhsnn pipeline finished in ${secs} s: ${plan.pretrained ? 'pretrained models' : 'trained ANN, converted, fine-tuned'}, compiled for ${plan.target}, simulated fold ${plan.fold} at T=${plan.T}.\n`);
    io.stdout.write(`data: ${plan.data}\noutputs: ${plan.out}\nreport: ${report}\n`);
    return 0;
  },
};
