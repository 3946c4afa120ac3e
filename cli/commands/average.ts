// `hsnn average A.ckpt B.ckpt … --out MEAN.ckpt`: element-wise mean of fine-tuned SNN checkpoints of one
// conversion and one fold (models/snn/average.ts); the last stdout line is a JSON summary.
import type { CommandSpec } from '../types.js';
import { averageSnnFiles } from '../../models/snn/average.js';
import { refuseOverwrite } from '../../core/same-file.js';

export const averageCommand: CommandSpec = {
  command: 'average <ckpts..>',
  describe: 'average the weights of SNN checkpoints that share thresholds, T and fold (checkpoint averaging)',
  positionals: { ckpts: { describe: 'two or more SNN checkpoints (e.g. snn.best.ckpt and snn.last.ckpt of fine-tuning runs)', type: 'string' } },
  options: {
    out: { type: 'string', demandOption: true, describe: 'SNN checkpoint to write' },
  },
  run(args, io) {
    const files = (Array.isArray(args.ckpts) ? args.ckpts : [args.ckpts]).map(String);
    refuseOverwrite('--out', [String(args.out)], files);
    const r = averageSnnFiles(files, String(args.out));
    io.stdout.write(`${JSON.stringify(r)}\n`);
    return Promise.resolve(0);
  },
};
