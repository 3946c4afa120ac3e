// `hsnn experiment --out DIR`: the Table-1 protocol, ANN → convert → fine-tune per (fold, loss). Each
// (fold, loss) is an independent, resumable job writing DIR/fold{k}-{loss}/result.json, so folds can run as
// separate processes (--fold k --losses dice); `hsnn table DIR` merges them. Ends by writing the table.
import type { Args, CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { parseLossName } from '../../models/unet/losses.js';
import { progressPrinter } from '../../models/unet/progress.js';
import { dirSource, loadSource } from '../../models/unet/source.js';
import { checkDatasetFitsArch } from '../../models/unet/train-ann.js';
import { presetByName, type ExperimentPreset } from '../experiment/presets.js';
import { runJob } from '../experiment/experiment.js';
import { tableMarkdown, writeTable } from '../experiment/table.js';
import { optInt, optString, optStringList } from './snn-args.js';

function withOverrides(p: ExperimentPreset, args: Args): ExperimentPreset {
  const ann = optInt(args, 'ann-epochs', 1), ft = optInt(args, 'finetune-epochs', 1), slices = optInt(args, 'finetune-slices', 1);
  const patience = optInt(args, 'patience', 1), maxEpochs = optInt(args, 'max-epochs', 1);
  if (p.recipe !== 'paper' && ann !== undefined) throw userError('HSNN1203', `option --ann-epochs: preset ${p.name} trains no ReLU ANN (it reuses the paper recipe's); drop the option`);
  if (p.recipe === 'paper' && args['ann-from'] !== undefined) throw userError('HSNN1203', `option --ann-from: preset ${p.name} trains its own ANN; --ann-from goes with --preset lowlat`);
  if (args.direct !== true && (patience !== undefined || maxEpochs !== undefined)) throw userError('HSNN1203', 'options --patience and --max-epochs set the direct-training baseline; add --direct');
  const direct = { patience: patience ?? p.direct.patience, maxEpochs: maxEpochs ?? p.direct.maxEpochs };
  if (direct.maxEpochs <= direct.patience) throw userError('HSNN1203', `option --max-epochs ${direct.maxEpochs}: must exceed --patience ${direct.patience}, or convergence could never be seen`);
  return {
    ...p, ann: { ...p.ann, epochs: ann ?? p.ann.epochs }, direct,
    finetune: { ...p.finetune, epochs: ft ?? p.finetune.epochs, slicesPerEpoch: slices ?? p.finetune.slicesPerEpoch },
  };
}

export const experimentCommand: CommandSpec = {
  command: 'experiment',
  describe: 'Table 1: ANN → converted SNN → fine-tuned SNN per fold and loss (resumable jobs), then the table',
  options: {
    out: { type: 'string', demandOption: true, describe: 'experiment folder' },
    data: { type: 'string', describe: "dataset folder (MSD layout); default: the preset's phantoms" },
    folds: { type: 'number', describe: "number of folds (default: the preset's)" },
    fold: { type: 'number', describe: 'run only this fold (0-based); default: every fold' },
    losses: { type: 'string', describe: 'comma-separated losses: bce, dice, bce-dice (default dice)' },
    preset: { type: 'string', describe: 'quick | paper | lowlat | micro | micro-lowlat (default quick); lowlat reuses the paper jobs\' ANNs' },
    'ann-from': { type: 'string', describe: "lowlat: experiment folder (fold{k}-{loss}/ann/) or ANN checkpoint of the paper recipe (default: --out)" },
    'ann-epochs': { type: 'number', describe: "override the preset's ANN epochs" },
    'finetune-epochs': { type: 'number', describe: "override the preset's fine-tuning epochs" },
    'finetune-slices': { type: 'number', describe: 'fine-tune on a fresh seeded sample of N training slices per epoch (default: all)' },
    'max-subjects': { type: 'number', describe: "override the preset's subject limit (0 = all)" },
    direct: { type: 'boolean', describe: 'also train the SNN from scratch until validation Dice stops improving (epochs-to-converge baseline)' },
    patience: { type: 'number', describe: "--direct: stop after this many epochs without a better validation Dice (default: the preset's, 8 for paper)" },
    'max-epochs': { type: 'number', describe: "--direct: epoch cap; a run that reaches it is reported as bounded (default: the preset's, 80 for paper)" },
    seed: { type: 'number', describe: 'seed of split, init, shuffling and Poisson input (default 0)' },
    threads: { type: 'number', describe: 'simulator worker threads for the scoring stages (default 1; results do not depend on it)' },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    const out = String(args.out);
    const maxSubjects = optInt(args, 'max-subjects', 0);
    const base = presetByName(optString(args, 'preset') ?? 'quick');
    const p: ExperimentPreset = { ...withOverrides(base, args), ...(maxSubjects !== undefined ? { maxSubjects: maxSubjects === 0 ? null : maxSubjects } : {}) };
    const folds = optInt(args, 'folds', 2) ?? p.folds;
    const only = optInt(args, 'fold', 0);
    if (only !== undefined && only >= folds) throw userError('HSNN1203', `option --fold ${only}: must be below --folds ${folds}`);
    const losses = (optStringList(args, 'losses') ?? ['dice']).map(parseLossName);
    const backend = await initBackend(optString(args, 'backend'));
    const source = typeof args.data === 'string' ? dirSource(args.data) : p.defaultData;
    const data = loadSource(source, p.preprocess, p.maxSubjects);
    checkDatasetFitsArch(data, p.arch);
    io.stderr.write(`preset ${p.name}, backend ${backend.name}, ${data.subjects.length} subjects, ${folds} folds, losses ${losses.join(', ')}\n`);
    const progress = progressPrinter(io.stderr, (io.stderr as { isTTY?: boolean }).isTTY === true);
    for (const fold of only !== undefined ? [only] : Array.from({ length: folds }, (_, k) => k)) {
      for (const loss of losses) {
        const job = { fold, folds, loss, seed: optInt(args, 'seed', 0) ?? 0, data: source, direct: args.direct === true, threads: optInt(args, 'threads', 1) ?? 1, ...(typeof args['ann-from'] === 'string' ? { annFrom: args['ann-from'] } : {}) };
        const r = await runJob(p, job, out, data, (line) => io.stderr.write(`[fold ${fold} ${loss}] ${line}\n`), progress.onProgress);
        progress.done();
        io.stderr.write(`[fold ${fold} ${loss}] done in ${r.seconds.toFixed(0)} s\n`);
      }
    }
    const { table: t } = writeTable(out);
    io.stderr.write(tableMarkdown(t));
    io.stdout.write(`${JSON.stringify({ out, preset: p.name, jobs: t.jobs, table: `${out}/table1.md` })}\n`);
    return 0;
  },
};
