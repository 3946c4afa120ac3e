// `hsnn convert ANN_CKPT --out SNN_CKPT`: ANN → IF SNN by spike-based threshold balancing on calibration
// slices of the ANN fold's training subjects (models/snn/convert.ts). Per-layer thresholds, rate scales
// and rates go to stderr; the last stdout line is a JSON summary.
import type { CommandSpec } from '../types.js';
import { userError } from '../errors.js';
import { initBackend } from '../../models/backend/select.js';
import { convertAnn, DEFAULT_CONVERSION, type ConvertOptions } from '../../models/snn/convert.js';
import { parseBalanceMethod } from '../../models/snn/current-stats.js';
import { optInt, optReal, optString } from './snn-args.js';
import { refuseOverwrite } from '../../models/io/same-file.js';

const d = DEFAULT_CONVERSION;

export const convertCommand: CommandSpec = {
  command: 'convert <ann>',
  describe: 'convert an ANN checkpoint to an integrate-and-fire SNN checkpoint (threshold balancing)',
  positionals: { ann: { describe: 'ANN checkpoint (ann.best.ckpt)', type: 'string' } },
  options: {
    out: { type: 'string', demandOption: true, describe: 'SNN checkpoint to write' },
    data: { type: 'string', describe: 'dataset folder; default: the data the ANN was trained on' },
    T: { type: 'number', describe: `time steps stored as the SNN's default (default ${d.T})` },
    'calib-T': { type: 'number', describe: `time steps of the calibration run (default ${d.calibT})` },
    method: { type: 'string', describe: `threshold statistic: max | p99.9 | p99.99 | pNN (default ${d.method})` },
    stat: { type: 'string', describe: `statistic over: ann (the ANN's ReLU outputs) | rate (each neuron's mean SNN current) | step (every step's SNN current, Sengupta) (default ${d.stat})` },
    'per-branch': { type: 'boolean', describe: `per-branch scales for the concat convs (default ${d.perBranch ? 'on' : 'off'}; --no-per-branch)` },
    u0: { type: 'number', describe: `initial membrane potential as a fraction of v (default ${d.u0Fraction})` },
    samples: { type: 'number', describe: `calibration slices (default ${d.samples})` },
    seed: { type: 'number', describe: `seed of calibration sampling and Poisson input (default ${d.seed})` },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    refuseOverwrite('--out', [String(args.out)], [String(args.ann)]);
    const stat = optString(args, 'stat') ?? d.stat;
    if (stat !== 'rate' && stat !== 'step' && stat !== 'ann') throw userError('HSNN1203', `option --stat: '${stat}' is not 'ann', 'rate' or 'step'`);
    const options: ConvertOptions = {
      T: optInt(args, 'T', 1, 100000) ?? d.T,
      calibT: optInt(args, 'calib-T', 1, 100000) ?? d.calibT,
      method: parseBalanceMethod(optString(args, 'method') ?? d.method),
      stat,
      perBranch: typeof args['per-branch'] === 'boolean' ? args['per-branch'] : d.perBranch,
      u0Fraction: optReal(args, 'u0', 0, 0.999) ?? d.u0Fraction,
      samples: optInt(args, 'samples', 1) ?? d.samples,
      seed: optInt(args, 'seed', 0, 2 ** 32 - 1) ?? d.seed,
      chunkImages: d.chunkImages,
    };
    const backend = await initBackend(optString(args, 'backend'));
    const r = convertAnn({
      ann: String(args.ann), out: String(args.out), options,
      ...(typeof args.data === 'string' ? { data: args.data } : {}),
      onLayer: (l) => io.stderr.write(`${l.name.padEnd(12)} v ${l.v.toPrecision(4).padStart(9)}  Λ ${l.scale.toPrecision(4).padStart(9)}  rate ${l.rate === null ? '-' : l.rate.toFixed(4)}${l.branchFactors ? `  branch ×${l.branchFactors.map((f) => f.toPrecision(3)).join(', ×')}` : ''}\n`),
    });
    io.stdout.write(`${JSON.stringify({ out: r.out, backend: backend.name, readoutScale: r.balance.readoutScale, calibrationSlices: r.calibrationSlices, seconds: Number(r.seconds.toFixed(1)), options })}\n`);
    return 0;
  },
};
