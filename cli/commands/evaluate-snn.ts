// `hsnn evaluate-snn SNN_CKPT --T 8,16,32`: 2D and 3D Dice of an SNN checkpoint at several T on its fold's
// test subjects (or --all), all from one run of max(T) steps. Last stdout line is JSON.
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { evaluateSnnCheckpoint } from '../../models/snn/evaluate-snn.js';
import { optInt, optIntList, optPool, optProbabilityList, optString } from './snn-args.js';
import { THRESHOLDS_OPTION, thresholdLines } from './threshold-lines.js';

export const DEFAULT_TS = [8, 16, 32, 64, 128, 200];
const fmt = (s: { mean: number; std: number }): string => `${s.mean.toFixed(4)} ± ${s.std.toFixed(4)}`;

export const evaluateSnnCommand: CommandSpec = {
  command: 'evaluate-snn <ckpt>',
  describe: "Dice of an SNN checkpoint against T on its fold's test subjects (or --all); prints JSON last",
  positionals: { ckpt: { describe: 'SNN checkpoint (converted or fine-tuned)', type: 'string' } },
  options: {
    T: { type: 'string', describe: `time steps to score, comma-separated (default ${DEFAULT_TS.join(',')})` },
    data: { type: 'string', describe: 'dataset folder; default: the data the checkpoint records' },
    fold: { type: 'number', describe: "score this fold's test subjects (default: the checkpoint's fold)" },
    all: { type: 'boolean', describe: 'score every subject of the dataset' },
    validation: { type: 'boolean', describe: "score the fold's validation subjects (used for model selection) instead of its test subjects" },
    subjects: { type: 'number', describe: 'score only the first N subjects of that set (a fixed, cheaper sample)' },
    pool: { type: 'string', describe: "average pools as currents (fused) or as spiking pooling populations (spiking) as hsnn compile --pool spiking lowers them (default: the checkpoint's snn.pool, else fused)" },
    thresholds: THRESHOLDS_OPTION,
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    if (args.all === true && args.fold !== undefined) throw userError('HSNN1203', 'options --fold and --all exclude each other');
    const Ts = optIntList(args, 'T') ?? DEFAULT_TS;
    const fold = optInt(args, 'fold', 0);
    const subjects = optInt(args, 'subjects', 1);
    const pool = optPool(args);
    const thresholds = optProbabilityList(args, 'thresholds');
    await initBackend(optString(args, 'backend'));
    const r = await evaluateSnnCheckpoint(String(args.ckpt), {
      ...(typeof args.data === 'string' ? { data: args.data } : {}),
      ...(fold !== undefined ? { fold } : {}),
      ...(args.all === true ? { all: true } : {}),
      ...(args.validation === true ? { validation: true } : {}),
      ...(subjects !== undefined ? { subjects } : {}),
      ...(pool !== undefined ? { pool } : {}),
    }, Ts, thresholds !== undefined ? { thresholds } : {});
    io.stderr.write(`${r.subjects} subjects (${r.fold === null ? 'all subjects' : `fold ${r.fold} ${args.validation === true ? 'validation' : 'test'} set`}), ${r.seconds.toFixed(0)} s\n`);
    for (const x of r.results) {
      io.stderr.write(`T ${String(x.T).padStart(4)}  dice3d ${fmt(x.report.dice3d)}  dice2d ${fmt(x.report.dice2d)}  dice2d(hippocampus) ${fmt(x.report.dice2dHippocampus)}\n`);
      for (const line of thresholdLines(x.report.sweep ?? [], '       ')) io.stderr.write(line);
    }
    io.stdout.write(`${JSON.stringify({ ckpt: String(args.ckpt), fold: r.fold, pool: r.pool, subjects: r.subjects, seconds: r.seconds, results: r.results.map((x) => ({ T: x.T, dice3d: x.report.dice3d, dice2d: x.report.dice2d, dice2dHippocampus: x.report.dice2dHippocampus, ...(x.report.sweep ? { sweep: x.report.sweep } : {}), perSubject: x.report.subjects })) })}\n`);
    return 0;
  },
};
