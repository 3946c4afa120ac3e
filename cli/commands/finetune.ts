// `hsnn finetune SNN_CKPT --out DIR`: BPTT fine-tuning of a converted SNN on the ANN's fold (or, with
// --from-scratch, direct training of the same SNN from He-normal weights), writing DIR/snn.ckpt (best
// validation), DIR/snn.last.ckpt (resumable) and DIR/train.jsonl. Last stdout line is a JSON summary.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Args, CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint, type Checkpoint } from '../../formats/checkpoint.js';
import { parseLossName } from '../../models/unet/losses.js';
import { progressPrinter } from '../../models/unet/progress.js';
import { dirSource, loadSource, sourceFromJson } from '../../models/unet/source.js';
import { readSnn } from '../../models/snn/snn-checkpoint.js';
import { DEFAULT_FINETUNE, FINETUNE_LOG, finetuneSnn, SNN_BEST_CKPT, SNN_CKPT, SNN_LAST_CKPT, snapshotName, type FinetuneConfig } from '../../models/snn/finetune.js';
import { refuseOverwrite } from '../../core/same-file.js';
import { optInt, optPool, optReal, optString, surrogateFrom, SURROGATE_OPTIONS } from './snn-args.js';

function configFrom(args: Args, base: FinetuneConfig): FinetuneConfig {
  return {
    loss: typeof args.loss === 'string' ? parseLossName(args.loss) : base.loss,
    T: optInt(args, 'T', 1, 10000) ?? base.T,
    epochs: optInt(args, 'epochs', 1) ?? base.epochs,
    batch: optInt(args, 'batch', 1) ?? base.batch,
    lr: optReal(args, 'lr', 1e-9, 1) ?? base.lr,
    patience: optInt(args, 'patience', 1) ?? base.patience,
    minLr: optReal(args, 'min-lr', 0, 1) ?? base.minLr,
    surrogate: surrogateFrom(args, base.surrogate),
    seed: optInt(args, 'seed', 0, 2 ** 32 - 1) ?? base.seed,
    fromScratch: typeof args['from-scratch'] === 'boolean' ? args['from-scratch'] : base.fromScratch,
    slicesPerEpoch: optInt(args, 'slices-per-epoch', 1) ?? base.slicesPerEpoch,
    sopWeight: sopWeightOf(args) ?? base.sopWeight ?? 0,
    ...thresholdLearningOf(args, base),
    ...poolOf(args, base),
  };
}

/**
 * --learn-thresholds [--threshold-lr R]: absent from the config when off, so a run without them records
 * exactly what it did before the option existed. HSNN1410 names the option.
 */
function thresholdLearningOf(args: Args, base: FinetuneConfig): Pick<FinetuneConfig, 'learnThresholds' | 'thresholdLr'> {
  const flag = args['learn-thresholds'];
  const learn = typeof flag === 'boolean' ? flag : base.learnThresholds === true;
  const r = args['threshold-lr'];
  if (r !== undefined && (typeof r !== 'number' || !(r > 0 && r <= 1))) throw userError('HSNN1410', `option --threshold-lr: ${String(r)} must be a number in (0, 1] (the initial learning rate of log v)`);
  if (r !== undefined && !learn) throw userError('HSNN1410', 'option --threshold-lr applies only with --learn-thresholds (the thresholds are fixed otherwise)');
  if (!learn) return {};
  const lr = typeof r === 'number' ? r : base.learnThresholds === true ? base.thresholdLr : undefined;
  return { learnThresholds: true, ...(lr !== undefined ? { thresholdLr: lr } : {}) };
}

/** --pool, or the resumed run's; absent = the source checkpoint's mode (finetune.ts). */
function poolOf(args: Args, base: FinetuneConfig): Pick<FinetuneConfig, 'pool'> {
  const pool = optPool(args) ?? base.pool;
  return pool !== undefined ? { pool } : {};
}

/** --sop-weight β ≥ 0 (HSNN1405 names the option). */
function sopWeightOf(args: Args): number | undefined {
  const v = args['sop-weight'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw userError('HSNN1405', `option --sop-weight: ${String(v)} must be a number >= 0 (the weight β of SOP/MAC in the loss)`);
  return v;
}

/** On resume only --epochs may change. */
function checkResumable(cfg: FinetuneConfig, saved: FinetuneConfig, file: string): void {
  const keys = new Set([...Object.keys(saved), ...Object.keys(cfg)] as (keyof FinetuneConfig)[]);
  const diffs = [...keys]
    .filter((k) => k !== 'epochs' && JSON.stringify(cfg[k]) !== JSON.stringify(saved[k]))
    .map((k) => `${k} ${JSON.stringify(cfg[k])} vs saved ${JSON.stringify(saved[k])}`);
  if (diffs.length > 0) throw userError('HSNN1204', `checkpoint ${file}: --resume with different settings: ${diffs.join('; ')}`);
}

function savedConfig(c: Checkpoint, file: string): FinetuneConfig {
  const f = c.header.training.finetune as FinetuneConfig | undefined;
  if (!f || typeof f.T !== 'number' || typeof f.loss !== 'string') throw userError('HSNN1204', `checkpoint ${file}: no fine-tuning configuration recorded to resume`);
  return f;
}

export const finetuneCommand: CommandSpec = {
  command: 'finetune <snn>',
  describe: 'fine-tune a converted SNN with BPTT (or --from-scratch: direct training); writes OUT/snn.ckpt',
  positionals: { snn: { describe: 'converted SNN checkpoint (hsnn convert)', type: 'string' } },
  options: {
    out: { type: 'string', demandOption: true, describe: 'output folder' },
    data: { type: 'string', describe: 'dataset folder; default: the data the ANN was trained on' },
    fold: { type: 'number', describe: "fold (must match the ANN's; default: the checkpoint's)" },
    loss: { type: 'string', describe: "dice | bce | bce-dice (default: the ANN's loss)" },
    T: { type: 'number', describe: `time steps of training (default ${DEFAULT_FINETUNE.T})` },
    epochs: { type: 'number', describe: `total epochs (default ${DEFAULT_FINETUNE.epochs}; may be raised on --resume)` },
    batch: { type: 'number', describe: `batch size (default ${DEFAULT_FINETUNE.batch})` },
    'slices-per-epoch': { type: 'number', describe: 'train on a fresh seeded sample of N slices per epoch (default: all training slices)' },
    lr: { type: 'number', describe: `Adam learning rate (default ${DEFAULT_FINETUNE.lr})` },
    patience: { type: 'number', describe: `ReduceLROnPlateau patience (default ${DEFAULT_FINETUNE.patience})` },
    'min-lr': { type: 'number', describe: `ReduceLROnPlateau floor (default ${DEFAULT_FINETUNE.minLr})` },
    ...SURROGATE_OPTIONS,
    seed: { type: 'number', describe: 'seed of shuffling, Poisson input and (--from-scratch) init (default 0)' },
    'sop-weight': { type: 'number', describe: 'spike budget β: loss += β · SOP/MAC (synaptic operations per slice over the ANN MACs; default 0 = none)' },
    'learn-thresholds': { type: 'boolean', describe: "also train each IF layer's threshold v (as log v; written into the checkpoint's threshold table)" },
    'threshold-lr': { type: 'number', describe: 'initial learning rate of log v with --learn-thresholds (default: --lr; follows the same plateau schedule)' },
    pool: { type: 'string', describe: "train with the average pools as currents (fused) or as spiking pooling populations (spiking, as hsnn compile --pool spiking lowers them); recorded as snn.pool (default: the checkpoint's, else fused)" },
    'from-scratch': { type: 'boolean', describe: 'direct-training baseline: same SNN, He-normal init' },
    resume: { type: 'boolean', describe: 'continue from OUT/snn.last.ckpt (fresh if there is none)' },
    snapshots: { type: 'boolean', describe: "also keep every epoch's weights as OUT/snn.eN.ckpt (inputs for hsnn average)" },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    const file = String(args.snn);
    const out = String(args.out);
    const source = readSnn(file);
    const t = source.header.training;
    const fold = optInt(args, 'fold', 0);
    if (fold !== undefined && typeof t.fold === 'number' && fold !== t.fold) {
      throw userError('HSNN1305', `option --fold ${fold}: ${file} was converted from an ANN trained on fold ${t.fold}; its test subjects would leak into training`);
    }
    const lastFile = join(out, SNN_LAST_CKPT);
    const resume = args.resume === true && existsSync(lastFile) ? { checkpoint: loadCheckpoint(lastFile), file: lastFile } : undefined;
    const base: FinetuneConfig = { ...DEFAULT_FINETUNE, loss: typeof t.annLoss === 'string' ? parseLossName(t.annLoss) : DEFAULT_FINETUNE.loss };
    const cfg = configFrom(args, resume ? savedConfig(resume.checkpoint, lastFile) : base);
    if (resume) checkResumable(cfg, savedConfig(resume.checkpoint, lastFile), lastFile);
    else if (args.resume === true) io.stderr.write(`no ${lastFile} yet: starting a fresh run\n`);
    const written = [SNN_CKPT, SNN_BEST_CKPT, SNN_LAST_CKPT, FINETUNE_LOG, ...Array.from({ length: cfg.epochs }, (_, e) => snapshotName(e + 1))];
    refuseOverwrite('--out', written.map((f) => join(out, f)), [file]);
    const backend = await initBackend(optString(args, 'backend'));
    const src = typeof args.data === 'string' ? dirSource(args.data) : sourceFromJson(t.data, file);
    const data = loadSource(src, source.header.preprocess, typeof t.maxSubjects === 'number' ? t.maxSubjects : null);
    const progress = progressPrinter(io.stderr, (io.stderr as { isTTY?: boolean }).isTTY === true);
    const r = await finetuneSnn({
      source: { checkpoint: source.checkpoint, file, snn: source.snn, params: source.params }, data, cfg, out,
      ...(resume ? { resume } : {}), snapshots: args.snapshots === true, onProgress: progress.onProgress,
    });
    progress.done();
    const ran = r.state.history.slice(r.state.history.length - r.epochsRun);
    io.stdout.write(`${JSON.stringify({
      out, backend: backend.name, checkpoint: r.checkpoint, epochs: r.state.epoch, epochsRun: r.epochsRun,
      bestValDice: r.state.bestValDice, epochsToConverge: r.epochsToConverge,
      secondsPerEpoch: ran.length > 0 ? ran.reduce((a, e) => a + e.seconds, 0) / ran.length : null, config: cfg,
    })}\n`);
    return 0;
  },
};
