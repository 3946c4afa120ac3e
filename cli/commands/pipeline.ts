// `hsnn pipeline`: the main job. Phantoms (or --data) → train ANN → convert → fine-tune → compile → simulate
// → report, each stage an hsnn command run in-process and printed so it can be rerun alone. A failed
// stage is reported by name with its cause, and the run stops there.
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Args, CommandSpec, Io } from '../types.js';
import { HsnnError, userError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { writePhantomFolder } from '../pipeline/phantom-folder.js';
import { pipelineStages, type PipelinePlan, type Stage } from '../pipeline/stages.js';

const PRETRAINED_DIR = new URL('../../models/pretrained/', import.meta.url).pathname;

function num(args: Args, key: string, fallback: number): number {
  const v = args[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw userError('HSNN9002', `option --${key}: '${String(v)}' must be a non-negative number`);
  return v;
}

function pretrainedCheckpoints(): NonNullable<PipelinePlan['pretrained']> {
  const c = { ann: join(PRETRAINED_DIR, 'ann.ckpt'), converted: join(PRETRAINED_DIR, 'snn-converted.ckpt'), finetuned: join(PRETRAINED_DIR, 'snn-finetuned.ckpt') };
  for (const f of Object.values(c)) if (!existsSync(f)) throw userError('HSNN9003', `--pretrained: ${f} is missing`);
  return c;
}

function planFrom(args: Args, io: Io): PipelinePlan {
  const out = resolve(typeof args.out === 'string' ? args.out : 'runs/pipeline');
  const real = typeof args.data === 'string';
  if (real && !existsSync(String(args.data))) throw userError('HSNN9002', `--data ${String(args.data)}: folder not found`);
  let data = real ? resolve(String(args.data)) : join(out, 'phantoms');
  if (!real) {
    const count = num(args, 'phantoms', 24);
    const f = writePhantomFolder(data, count, 2024);
    io.stderr.write(`[data] ${f.reused ? 'reusing' : 'wrote'} ${count} phantom subjects in ${f.dir}\n`);
    data = f.dir;
  }
  return {
    out, data,
    fold: num(args, 'fold', 0),
    loss: typeof args.loss === 'string' ? args.loss : real ? 'dice' : 'bce-dice',
    finetuneLoss: typeof args['finetune-loss'] === 'string' ? args['finetune-loss'] : 'dice',
    target: typeof args.target === 'string' ? args.target : 'loihi',
    T: num(args, 'T', 16),
    annEpochs: num(args, 'epochs', real ? 15 : 20),
    calibration: real ? { samples: 32, T: 64 } : { samples: 16, T: 32 },
    finetuneEpochs: num(args, 'finetune-epochs', real ? 3 : 4),
    finetuneSlices: num(args, 'finetune-slices', real ? 520 : 130),
    finetuneBatch: num(args, 'finetune-batch', real ? 26 : 13),
    arch: real ? { base: 16, depth: 3 } : { base: 8, depth: 2 },
    ...(args.pretrained === true ? { pretrained: pretrainedCheckpoints() } : {}),
    diceTs: real ? [8, 16, 32, 64] : [8, 16],
    diceSubjects: num(args, 'dice-subjects', real ? 10 : 4),
    threads: num(args, 'threads', Math.max(1, availableParallelism())),
  };
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

export const pipelineCommand: CommandSpec = {
  command: 'pipeline',
  describe: 'the main job: (phantoms | --data) → train → convert → fine-tune → compile → simulate → report',
  options: {
    data: { type: 'string', describe: 'dataset folder (MSD layout); default: embedded phantoms' },
    pretrained: { type: 'boolean', describe: 'start from models/pretrained/ and skip training' },
    out: { type: 'string', describe: 'output folder (default runs/pipeline)' },
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
    const plan = planFrom(args, io);
    mkdirSync(plan.out, { recursive: true });
    const { main } = await import('../main.js');
    const stages = pipelineStages(plan);
    for (const [i, stage] of stages.entries()) {
      const ts = Date.now();
      io.stderr.write(`\n[${i + 1}/${stages.length}] ${stage.name}: hsnn ${stage.argv.join(' ')}\n`);
      await runStage(stage, io, main);
      io.stderr.write(`[${i + 1}/${stages.length}] ${stage.name} done in ${((Date.now() - ts) / 1000).toFixed(1)} s\n`);
    }
    const report = join(plan.out, 'report', 'report.html');
    if (!existsSync(report)) throw new HsnnError({ code: 'HSNN9001', message: `stage 'report' finished but ${report} is missing` });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    io.stdout.write(`\nhsnn pipeline finished in ${secs} s: ${plan.pretrained ? 'pretrained models' : 'trained ANN, converted, fine-tuned'}, compiled for ${plan.target}, simulated fold ${plan.fold} at T=${plan.T}.\n`);
    io.stdout.write(`data: ${plan.data}\noutputs: ${plan.out}\nreport: ${report}\n`);
    return 0;
  },
};
