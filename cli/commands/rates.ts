// `hsnn rates SNN_CKPT --out rates.json`: spikes per neuron per step and silent-neuron fraction of every
// spiking layer on a seeded sample of the fold's test slices; the JSON is read by the compiler's report.
import { writeFileAtomic } from '../../core/atomic.js';
import type { CommandSpec } from '../types.js';
import { initBackend } from '../../models/backend/select.js';
import { loadSnn } from '../../models/snn/snn-checkpoint.js';
import { measureRates, sampleSlices } from '../../models/snn/rates.js';
import { evaluationSet } from '../../models/unet/evaluate-ann.js';
import { checkDatasetFitsArch } from '../../models/unet/train-ann.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { optInt, optString } from './snn-args.js';

export const ratesCommand: CommandSpec = {
  command: 'rates <ckpt>',
  describe: 'firing rate and silent fraction per SNN layer on test slices, as JSON for the compiler',
  positionals: { ckpt: { describe: 'SNN checkpoint', type: 'string' } },
  options: {
    out: { type: 'string', demandOption: true, describe: 'rates JSON to write' },
    data: { type: 'string', describe: 'dataset folder; default: the data the checkpoint records' },
    T: { type: 'number', describe: "time steps (default: the checkpoint's T)" },
    slices: { type: 'number', describe: 'test slices sampled (default 64)' },
    all: { type: 'boolean', describe: 'sample from every subject instead of the fold test set' },
    seed: { type: 'number', describe: "slice sampling seed (default 0); Poisson input uses the checkpoint's seed" },
    backend: { type: 'string', describe: 'force a tfjs backend: tensorflow | wasm | cpu' },
  },
  async run(args, io) {
    const count = optInt(args, 'slices', 1) ?? 64;
    const seed = optInt(args, 'seed', 0) ?? 0;
    const snn = loadSnn(String(args.ckpt));
    try {
      const T = optInt(args, 'T', 1, 100000) ?? snn.snn.T;
      await initBackend(optString(args, 'backend'));
      const set = evaluationSet(snn.checkpoint, String(args.ckpt), { ...(typeof args.data === 'string' ? { data: args.data } : {}), ...(args.all === true ? { all: true } : {}) });
      checkDatasetFitsArch(set.data, snn.header.arch);
      const slices = sampleSlices(set.data, set.ids, count, seed);
      const report = measureRates(snn.header.arch, snn.weights, snn.params, T, snn.snn.seed, set.data, slices);
      writeFileAtomic(String(args.out), `${JSON.stringify(report, null, 2)}\n`);
      for (const l of report.layers) io.stderr.write(`${l.name.padEnd(12)} rate ${l.rate.toFixed(4)}  silent ${(100 * l.silentFraction).toFixed(1)}%\n`);
      io.stdout.write(`${JSON.stringify({ out: String(args.out), T, slices: report.slices })}\n`);
      return 0;
    } finally {
      disposeWeights(snn.weights);
    }
  },
};
