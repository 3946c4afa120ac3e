// `hsnn convert ANN_CKPT --out SNN_CKPT`: ANN → IF SNN by spike-based threshold balancing on calibration
// slices of the ANN fold's training subjects (models/snn/convert.ts). Per-layer thresholds, rate scales
// and rates go to stderr; the last stdout line is a JSON summary. A QCFS ANN converts from its learned
// clips with no calibration (calibration options are refused), at T = L and u0 = v/2 unless given.
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { initBackend } from '../../models/backend/select.js';
import { conversionDefaults, convertAnn, DEFAULT_CONVERSION, type ConvertOptions } from '../../models/snn/convert.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { activationOf } from '../../models/unet/qcfs.js';
import type { InputEncoding } from '../../models/snn/network.js';
import { parseBalanceMethod } from '../../models/snn/current-stats.js';
import { optInt, optReal, optString } from './snn-args.js';

/** Options that only steer the calibration run (meaningless for a qcfs ANN). */
const CALIBRATION_OPTIONS = ['method', 'stat', 'calib-T', 'samples'] as const;
const d = DEFAULT_CONVERSION;

export const convertCommand: CommandSpec = {
  command: 'convert <ann>',
  describe: 'convert an ANN checkpoint to an integrate-and-fire SNN checkpoint (threshold balancing)',
  positionals: { ann: { describe: 'ANN checkpoint (ann.best.ckpt)', type: 'string' } },
  options: {
    out: { type: 'string', demandOption: true, describe: 'SNN checkpoint to write' },
    data: { type: 'string', describe: 'dataset folder; default: the data the ANN was trained on' },
    T: { type: 'number', describe: `time steps stored as the SNN's default (default ${d.T}; L for a qcfs ANN)` },
    'calib-T': { type: 'number', describe: `time steps of the calibration run (default ${d.calibT})` },
    method: { type: 'string', describe: `threshold statistic: max | p99.9 | p99.99 | pNN (default ${d.method})` },
    stat: { type: 'string', describe: `statistic over: ann (the ANN's ReLU outputs) | rate (each neuron's mean SNN current) | step (every step's SNN current, Sengupta) (default ${d.stat})` },
    'per-branch': { type: 'boolean', describe: `per-branch scales for the concat convs (default ${d.perBranch ? 'on' : 'off'}; --no-per-branch)` },
    u0: { type: 'number', describe: `initial membrane potential as a fraction of v (default ${d.u0Fraction}; 0.5 for a qcfs ANN)` },
    encoding: { type: 'string', describe: 'input: poisson (rate-coded spikes) | direct (the slice as a constant current into enc0.conv1 every step) (default poisson)' },
    samples: { type: 'number', describe: `calibration slices (default ${d.samples})` },
    seed: { type: 'number', describe: `seed of calibration sampling and Poisson input (default ${d.seed})` },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    const file = String(args.ann);
    const activation = activationOf(loadCheckpoint(file).header, file);
    const def = conversionDefaults(activation);
    if (activation.kind === 'qcfs') {
      const calib = CALIBRATION_OPTIONS.filter((k) => args[k] !== undefined);
      if (calib.length > 0) throw userError('HSNN1404', `option --${calib[0]}: ${file} is a qcfs ANN, converted from its learned clips λ without calibration; drop ${calib.map((k) => `--${k}`).join(', ')}`);
    }
    const encoding = optString(args, 'encoding') ?? def.encoding;
    if (encoding !== 'poisson' && encoding !== 'direct') throw userError('HSNN1404', `option --encoding: '${encoding}' is not 'poisson' or 'direct'`);
    const stat = optString(args, 'stat') ?? def.stat;
    if (stat !== 'rate' && stat !== 'step' && stat !== 'ann') throw userError('HSNN1203', `option --stat: '${stat}' is not 'ann', 'rate' or 'step'`);
    const options: ConvertOptions = {
      T: optInt(args, 'T', 1, 100000) ?? def.T,
      calibT: optInt(args, 'calib-T', 1, 100000) ?? def.calibT,
      method: parseBalanceMethod(optString(args, 'method') ?? def.method),
      stat,
      perBranch: typeof args['per-branch'] === 'boolean' ? args['per-branch'] : def.perBranch,
      u0Fraction: optReal(args, 'u0', 0, 0.999) ?? def.u0Fraction,
      samples: optInt(args, 'samples', 1) ?? def.samples,
      seed: optInt(args, 'seed', 0, 2 ** 32 - 1) ?? def.seed,
      chunkImages: def.chunkImages,
      encoding: encoding satisfies InputEncoding,
    };
    const backend = await initBackend(optString(args, 'backend'));
    const r = convertAnn({
      ann: file, out: String(args.out), options,
      ...(typeof args.data === 'string' ? { data: args.data } : {}),
      onLayer: (l) => io.stderr.write(`${l.name.padEnd(12)} v ${l.v.toPrecision(4).padStart(9)}  Λ ${l.scale.toPrecision(4).padStart(9)}  rate ${l.rate === null ? '-' : l.rate.toFixed(4)}${l.branchFactors ? `  branch ×${l.branchFactors.map((f) => f.toPrecision(3)).join(', ×')}` : ''}\n`),
    });
    // A qcfs conversion reads none of the calibration settings, so they are not reported as used.
    const used = activation.kind === 'qcfs' ? { T: options.T, u0Fraction: options.u0Fraction, perBranch: options.perBranch, seed: options.seed, encoding: options.encoding } : options;
    io.stdout.write(`${JSON.stringify({ out: r.out, backend: backend.name, activation, readoutScale: r.balance.readoutScale, calibrationSlices: r.calibrationSlices, seconds: Number(r.seconds.toFixed(1)), options: used })}\n`);
    return 0;
  },
};
