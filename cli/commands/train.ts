// `hsnn train`: train the paper's U-Net ANN on one cross-validation fold (phantoms when no --data),
// with a progress line on stderr, OUT/train.jsonl, atomic OUT/ann.ckpt every epoch and --resume.
// --activation qcfs --levels L trains the quantised ANN; --init-from warm-starts it from a ReLU ANN.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Args, CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { loadCheckpoint, type Checkpoint } from '../../formats/checkpoint.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { DEFAULT_ARCH } from '../../formats/unet-arch.js';
import { annConfigFromCheckpoint } from '../../models/unet/ann-checkpoint.js';
import { parseLossName } from '../../models/unet/losses.js';
import { progressPrinter } from '../../models/unet/progress.js';
import { DEFAULT_PHANTOMS, dirSource, type DataSource } from '../../models/unet/source.js';
import { COLLAPSE_RULE } from '../../models/unet/train-loop.js';
import { ANN_CKPT, DEFAULT_INIT_SLICES, trainAnn, type AnnTrainConfig } from '../../models/unet/train-ann.js';
import { activationOf, parseActivation, RELU } from '../../models/unet/qcfs.js';

const FRESH: Omit<AnnTrainConfig, 'fold'> = {
  data: DEFAULT_PHANTOMS, maxSubjects: null, preprocess: DEFAULT_PREPROCESS, arch: DEFAULT_ARCH,
  folds: 5, seed: 0, loss: 'dice', epochs: 100, batch: 26, lr: 1e-3, patience: 5, minLr: 1e-6, valFraction: 0.1, flips: false, activation: RELU,
};

function int(args: Args, key: string, min: number): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw userError('HSNN1203', `option --${key}: ${String(v)} must be an integer >= ${min}`);
  return v;
}

function real(args: Args, key: string, lo: number, hi: number): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw userError('HSNN1203', `option --${key}: ${String(v)} must be a number in [${lo}, ${hi}]`);
  return v;
}

function phantomSource(args: Args): DataSource {
  const count = int(args, 'phantoms', 2) ?? (DEFAULT_PHANTOMS.kind === 'phantoms' ? DEFAULT_PHANTOMS.count : 40);
  const seed = DEFAULT_PHANTOMS.kind === 'phantoms' ? DEFAULT_PHANTOMS.seed : 0;
  const shapeText = args['phantom-shape'];
  if (shapeText === undefined) return { kind: 'phantoms', count, seed };
  const shape = String(shapeText).split('x').map(Number);
  if (shape.length !== 3 || !shape.every((n) => Number.isInteger(n) && n >= 8)) throw userError('HSNN1203', `option --phantom-shape: '${String(shapeText)}' must be NXxNYxNZ with integers >= 8`);
  return { kind: 'phantoms', count, seed, shape: shape as [number, number, number] };
}

const restartOf = (r: number | undefined): { restart?: number } => (r ? { restart: r } : {});

/** Explicit options over `base` (the defaults, or the checkpoint's configuration when resuming). */
function configFrom(args: Args, base: Omit<AnnTrainConfig, 'fold'> & { fold?: number }): AnnTrainConfig {
  const fold = int(args, 'fold', 0) ?? base.fold;
  if (fold === undefined) throw userError('HSNN1203', 'option --fold is required (0-based fold index)');
  const height = int(args, 'height', 1) ?? base.preprocess.height;
  const width = int(args, 'width', 1) ?? base.preprocess.width;
  const data = typeof args.data === 'string' ? dirSource(args.data) : args.phantoms !== undefined || args['phantom-shape'] !== undefined ? phantomSource(args) : base.data;
  return {
    data, maxSubjects: int(args, 'max-subjects', 1) ?? base.maxSubjects,
    preprocess: { ...base.preprocess, height, width },
    arch: { ...base.arch, base: int(args, 'base', 1) ?? base.arch.base, depth: int(args, 'depth', 1) ?? base.arch.depth, height, width, dropout: real(args, 'dropout', 0, 0.99) ?? base.arch.dropout },
    fold, folds: int(args, 'folds', 2) ?? base.folds, seed: int(args, 'seed', 0) ?? base.seed,
    loss: typeof args.loss === 'string' ? parseLossName(args.loss) : base.loss,
    epochs: int(args, 'epochs', 1) ?? base.epochs, batch: int(args, 'batch', 1) ?? base.batch,
    lr: real(args, 'lr', 1e-9, 1) ?? base.lr, patience: int(args, 'patience', 1) ?? base.patience,
    minLr: real(args, 'min-lr', 0, 1) ?? base.minLr, valFraction: real(args, 'val-fraction', 0, 0.9) ?? base.valFraction,
    flips: typeof args.flips === 'boolean' ? args.flips : base.flips,
    activation: parseActivation(args.activation, args.levels) ?? base.activation ?? RELU,
    ...restartOf(int(args, 'restart', 0) ?? base.restart),
  };
}

/** What a warm start inherits from its ANN: the fold split and the data's shape; an option that differs is refused. */
const INHERITED: readonly (keyof AnnTrainConfig)[] = ['fold', 'folds', 'seed', 'valFraction', 'maxSubjects', 'preprocess'];

function initFromConfig(args: Args, init: Checkpoint, file: string): AnnTrainConfig {
  if (init.header.kind !== 'ann') throw userError('HSNN1403', `option --init-from ${file}: kind '${init.header.kind}' is not an ANN checkpoint`);
  if (activationOf(init.header, file).kind !== 'relu') throw userError('HSNN1403', `option --init-from ${file}: a qcfs ANN; warm starts take a trained ReLU ANN (resume a qcfs run with --resume)`);
  const saved = annConfigFromCheckpoint(init, file);
  const cfg = configFrom(args, { ...saved, activation: RELU });
  const diffs = INHERITED.filter((k) => JSON.stringify(cfg[k]) !== JSON.stringify(saved[k])).map((k) => `${k} ${JSON.stringify(cfg[k])} vs ${JSON.stringify(saved[k])}`);
  const { dropout: _d, ...arch } = cfg.arch;
  const { dropout: _s, ...savedArch } = saved.arch;
  if (JSON.stringify(arch) !== JSON.stringify(savedArch)) diffs.push('architecture');
  if (diffs.length > 0) throw userError('HSNN1403', `option --init-from ${file}: a warm start keeps that ANN's fold split, preprocessing and architecture; these differ: ${diffs.join('; ')}`);
  return cfg;
}

/** On resume only --epochs may change; anything else that differs from the checkpoint is an error. */
function checkResumable(cfg: AnnTrainConfig, saved: AnnTrainConfig, file: string): void {
  const diffs = ([...new Set([...Object.keys(saved), ...Object.keys(cfg)])] as (keyof AnnTrainConfig)[])
    .filter((k) => k !== 'epochs' && JSON.stringify(cfg[k]) !== JSON.stringify(saved[k]))
    .map((k) => `${k} ${JSON.stringify(cfg[k])} vs saved ${JSON.stringify(saved[k])}`);
  if (diffs.length > 0) throw userError('HSNN1204', `checkpoint ${file}: --resume with different settings: ${diffs.join('; ')}`);
}

export const trainCommand: CommandSpec = {
  command: 'train',
  describe: 'train the U-Net ANN on one fold (phantoms unless --data); writes OUT/ann.ckpt, OUT/ann.best.ckpt, OUT/train.jsonl',
  options: {
    data: { type: 'string', describe: 'dataset folder (MSD layout); default: embedded phantoms' },
    fold: { type: 'number', describe: 'cross-validation fold (0-based), required unless resuming' },
    folds: { type: 'number', describe: 'number of folds (default 5)' },
    loss: { type: 'string', describe: 'dice | bce | bce-dice (default dice)' },
    epochs: { type: 'number', describe: 'total epochs (default 100; may be raised on --resume)' },
    out: { type: 'string', demandOption: true, describe: 'output folder' },
    resume: { type: 'boolean', describe: 'continue from OUT/ann.ckpt (starts fresh if there is none)' },
    seed: { type: 'number', describe: 'seed of init, split, shuffling and dropout (default 0)' },
    base: { type: 'number', describe: 'channels of the first level (default 16)' },
    depth: { type: 'number', describe: 'pooling levels (default 3)' },
    height: { type: 'number', describe: 'slice height (default 64)' },
    width: { type: 'number', describe: 'slice width (default 48)' },
    dropout: { type: 'number', describe: 'dropout after encoder/mid conv2 (default 0.1)' },
    'max-subjects': { type: 'number', describe: 'use only the first N subjects' },
    batch: { type: 'number', describe: 'batch size (default 26)' },
    lr: { type: 'number', describe: 'Adam learning rate (default 1e-3)' },
    patience: { type: 'number', describe: 'ReduceLROnPlateau patience in epochs (default 5)' },
    'min-lr': { type: 'number', describe: 'ReduceLROnPlateau floor (default 1e-6)' },
    'val-fraction': { type: 'number', describe: 'training subjects held out for validation (default 0.1)' },
    flips: { type: 'boolean', describe: 'random left-right flips (default off)' },
    phantoms: { type: 'number', describe: 'number of phantom subjects when no --data (default 40)' },
    'phantom-shape': { type: 'string', describe: 'fixed phantom volume shape NXxNYxNZ (default: MSD-like random)' },
    activation: { type: 'string', describe: 'relu | qcfs (quantised clip-floor-shift, for low-T conversion) (default relu)' },
    levels: { type: 'number', describe: 'qcfs quantisation levels L, an integer >= 1 (required with --activation qcfs; convert at T = L)' },
    'init-from': { type: 'string', describe: "warm start from a trained ReLU ANN checkpoint: its weights, fold split and preprocessing (other settings default to its own)" },
    restart: { type: 'number', describe: `restart number after a collapsed run: init, batch order and dropout from a derived seed, the same split (default 0; a run stops as collapsed, HSNN1208, after ${COLLAPSE_RULE})` },
    'init-slices': { type: 'number', describe: `training slices used to choose each qcfs λ (default ${DEFAULT_INIT_SLICES})` },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    const out = String(args.out);
    const ckptFile = join(out, ANN_CKPT);
    const resume = args.resume === true && existsSync(ckptFile) ? { checkpoint: loadCheckpoint(ckptFile), file: ckptFile } : undefined;
    const initFile = typeof args['init-from'] === 'string' ? args['init-from'] : undefined;
    const init = initFile !== undefined ? { checkpoint: loadCheckpoint(initFile), file: initFile } : undefined;
    const initSlices = int(args, 'init-slices', 1);
    let cfg: AnnTrainConfig;
    if (resume) {
      const saved = annConfigFromCheckpoint(resume.checkpoint, ckptFile);
      cfg = configFrom(args, saved);
      checkResumable(cfg, saved, ckptFile);
    } else {
      if (args.resume === true) io.stderr.write(`no ${ckptFile} yet: starting a fresh run\n`);
      cfg = init ? initFromConfig(args, init.checkpoint, init.file) : configFrom(args, FRESH);
    }
    if (resume && init) io.stderr.write(`resuming ${ckptFile}: --init-from is not read again\n`);
    const backend = await initBackend(typeof args.backend === 'string' ? args.backend : undefined);
    const isTTY = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const progress = progressPrinter(io.stderr, isTTY);
    const r = await trainAnn(cfg, { out, ...(resume ? { resume } : init ? { init } : {}), ...(initSlices !== undefined ? { initSlices } : {}), onProgress: progress.onProgress });
    progress.done();
    if (r.collapsed) {
      throw userError('HSNN1208', `training ${out} collapsed at epoch ${r.state.epoch}: ${COLLAPSE_RULE}, so its output has saturated and more epochs cannot help (checkpoints kept for inspection); train again into a new --out with --restart ${(cfg.restart ?? 0) + 1} (new init, batch order and dropout; the same split)`);
    }
    const ran = r.state.history.slice(r.state.history.length - r.epochsRun);
    const summary = {
      out, backend: backend.name, epochs: r.state.epoch, epochsRun: r.epochsRun, bestValDice: r.state.bestValDice, bestEpoch: r.state.bestEpoch,
      secondsPerEpoch: ran.length > 0 ? ran.reduce((a, e) => a + e.seconds, 0) / ran.length : null,
      subjects: { train: r.split.train.length, validation: r.split.validation.length, test: r.split.test.length },
      checkpoint: r.checkpoint, best: r.best, activation: cfg.activation,
    };
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  },
};
