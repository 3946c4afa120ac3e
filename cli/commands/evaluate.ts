// `hsnn evaluate CKPT`: 2D slice-wise and 3D subject-wise Dice of an ANN checkpoint on its fold's test
// subjects (fold/folds/seed from the checkpoint) or on every subject (--all). Last stdout line is JSON.
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { evaluateAnnCheckpoint } from '../../models/unet/evaluate-ann.js';
import { optProbabilityList } from './snn-args.js';
import { THRESHOLDS_OPTION, thresholdLines } from './threshold-lines.js';

const fmt = (s: { mean: number; std: number; n: number }): string => `${s.mean.toFixed(4)} ± ${s.std.toFixed(4)} (n=${s.n})`;

export const evaluateCommand: CommandSpec = {
  command: 'evaluate <ckpt>',
  describe: "Dice of an ANN checkpoint on its fold's test subjects (or --all); prints JSON last",
  positionals: { ckpt: { describe: 'ANN checkpoint (ann.ckpt or ann.best.ckpt)', type: 'string' } },
  options: {
    data: { type: 'string', describe: 'dataset folder; default: the data the checkpoint was trained on' },
    fold: { type: 'number', describe: "score this fold's test subjects (default: the checkpoint's fold)" },
    all: { type: 'boolean', describe: 'score every subject of the dataset' },
    validation: { type: 'boolean', describe: "score the fold's validation subjects (used for model selection) instead of its test subjects" },
    batch: { type: 'number', describe: 'slices per inference batch (default 26)' },
    thresholds: THRESHOLDS_OPTION,
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    if (args.all === true && args.fold !== undefined) throw userError('HSNN1203', 'options --fold and --all exclude each other');
    const fold = args.fold;
    if (fold !== undefined && (typeof fold !== 'number' || !Number.isInteger(fold) || fold < 0)) throw userError('HSNN1203', `option --fold: ${String(fold)} must be an integer >= 0`);
    const batch = args.batch;
    if (batch !== undefined && (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1)) throw userError('HSNN1203', `option --batch: ${String(batch)} must be a positive integer`);
    const thresholds = optProbabilityList(args, 'thresholds');
    await initBackend(typeof args.backend === 'string' ? args.backend : undefined);
    const r = await evaluateAnnCheckpoint(String(args.ckpt), {
      ...(typeof args.data === 'string' ? { data: args.data } : {}),
      ...(fold !== undefined ? { fold } : {}),
      ...(args.all === true ? { all: true } : {}),
      ...(args.validation === true ? { validation: true } : {}),
      ...(batch !== undefined ? { batch } : {}),
    }, thresholds !== undefined ? { thresholds } : {});
    io.stderr.write(`${r.subjects.length} subjects, ${r.slices} slices (${r.fold === null ? 'all subjects' : `fold ${r.fold} ${args.validation === true ? 'validation' : 'test'} set`})\n`);
    io.stderr.write(`dice3d ${fmt(r.dice3d)}\ndice2d ${fmt(r.dice2d)} (both-empty slices count as 1)\ndice2d over slices with hippocampus ${fmt(r.dice2dHippocampus)}\n`);
    for (const line of thresholdLines(r.sweep ?? [], '')) io.stderr.write(line);
    io.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  },
};
