// `hsnn compile CKPT --target loihi -o model.netlist.pb`: checkpoint → core-mapped spiking netlist.
// Thin shell over compiler/compile.ts (a .nir file goes through nir/compile.ts into the same passes);
// prints the summary (or JSON with --json) and writes atomically.
import { performance } from 'node:perf_hooks';
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { refuseOverwrite } from '../../core/same-file.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { compileFile } from '../../compiler/compile.js';
import { DEFAULT_OPTIONS, type CompileOptions } from '../../compiler/context.js';
import { formatSummary } from '../../compiler/emit/report.js';
import { loadRates } from '../../compiler/import/rates.js';
import { loadThresholds } from '../../compiler/import/thresholds.js';
import type { NumberFormat } from '../../compiler/ir/graph.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { loadTargetFile } from '../../compiler/targets/target-file.js';
import { compileNirFile } from '../../nir/compile.js';
import { isNirPath } from '../../nir/export.js';
import { nirImportOptions, NIR_IMPORT_OPTIONS } from './nir-args.js';

const FORMATS: readonly NumberFormat[] = ['int8', 'int16', 'float32'];

function options(args: Readonly<Record<string, unknown>>): Partial<CompileOptions> {
  const q = String(args.quantize);
  if (!(FORMATS as readonly string[]).includes(q)) throw userError('HSNN2204', `--quantize ${q}: expected one of ${FORMATS.join(', ')}`);
  const rate = Number(args['assumed-rate']);
  if (!(rate >= 0 && rate <= 1)) throw userError('HSNN2204', `--assumed-rate ${String(args['assumed-rate'])}: expected spikes per neuron per step in [0, 1]`);
  const sample = Number(args['spike-sample-layers']);
  if (!(Number.isInteger(sample) && sample >= 0)) throw userError('HSNN2204', `--spike-sample-layers ${String(args['spike-sample-layers'])}: expected an integer ≥ 0`);
  const pool = args.pool === undefined ? undefined : String(args.pool);
  if (pool !== undefined && pool !== 'fused' && pool !== 'spiking') throw userError('HSNN2204', `--pool ${pool}: expected fused or spiking`);
  return {
    ...(pool !== undefined ? { pool } : {}),
    quantize: q as NumberFormat, assumedRate: rate, seed: Number(args.seed), sampleLayers: sample, overrideThresholds: args['override-thresholds'] === true,
    ...(typeof args.rates === 'string' ? { rates: loadRates(args.rates) } : {}),
  };
}

export const compileCommand: CommandSpec = {
  command: 'compile <ckpt>',
  describe: 'compile an SNN checkpoint to a core-mapped spiking netlist (.netlist.pb)',
  positionals: { ckpt: { describe: 'SNN checkpoint (or ANN checkpoint with --thresholds), or a .nir file', type: 'string' } },
  options: {
    target: { type: 'string', default: 'loihi', describe: 'loihi | loihi2 | truenorth | speck | generic' },
    'target-file': { type: 'string', describe: 'custom target JSON (overrides --target; may "extends" a built-in)' },
    quantize: { type: 'string', default: DEFAULT_OPTIONS.quantize, describe: 'weight format: int8 | int16 | float32' },
    pool: { type: 'string', describe: `avg pooling: fused (into the next conv, exact) | spiking (2×2 IF pooling populations); default: the checkpoint's snn.pool (hsnn finetune --pool), else ${DEFAULT_OPTIONS.pool}` },
    rates: { type: 'string', describe: 'measured firing rates JSON {T, slices, layers:[{name, neurons, rate, silentFraction}]}' },
    'assumed-rate': { type: 'number', default: DEFAULT_OPTIONS.assumedRate, describe: 'spikes/neuron/step where no rate is measured' },
    thresholds: { type: 'string', describe: 'per-layer thresholds JSON, to compile an ANN checkpoint' },
    'override-thresholds': { type: 'boolean', default: false, describe: "let --thresholds replace an SNN checkpoint's trained thresholds" },
    'max-chips': { type: 'number', describe: 'limit the number of chips (default: the target\'s)' },
    seed: { type: 'number', default: DEFAULT_OPTIONS.seed, describe: 'placement search seed' },
    'spike-sample-layers': { type: 'number', default: DEFAULT_OPTIONS.sampleLayers, describe: 'spiking layers simulated float vs quantised on a phantom slice (0 = skip)' },
    out: { alias: 'o', type: 'string', demandOption: true, describe: 'output netlist path' },
    json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
    ...NIR_IMPORT_OPTIONS,
  },
  async run(args, io) {
    const t0 = performance.now();
    const inputs = [args.ckpt, args['target-file'], args.rates, args.thresholds].filter((p): p is string => typeof p === 'string');
    refuseOverwrite('-o', [String(args.out)], inputs);
    let target = typeof args['target-file'] === 'string' ? loadTargetFile(args['target-file']) : builtinTarget(String(args.target));
    if (args['max-chips'] !== undefined) {
      const n = Number(args['max-chips']);
      if (!(Number.isInteger(n) && n >= 1)) throw userError('HSNN2204', `--max-chips ${String(args['max-chips'])}: expected a positive integer`);
      target = { ...target, maxChips: n };
    }
    const thresholds = typeof args.thresholds === 'string' ? loadThresholds(args.thresholds) : undefined;
    const path = String(args.ckpt);
    const fromNir = isNirPath(path) ? await compileNirFile(path, target, options(args), nirImportOptions(args)) : undefined;
    const result = fromNir ?? compileFile(path, target, options(args), thresholds);
    for (const w of fromNir?.importWarnings ?? []) io.stderr.write(`warning: ${w.code} ${w.message}\n`);
    writeFileAtomic(String(args.out), result.bytes);
    for (const w of result.warnings) io.stderr.write(`warning: ${w.code} ${w.message}\n`);
    const pm = 'poolMismatch' in result ? result.poolMismatch : undefined;
    if (pm) io.stderr.write(`warning: HSNN1411 option --pool ${pm.requested}: ${path} was fine-tuned with --pool ${pm.checkpoint} (snn.pool), so the netlist runs a network it was not trained as; omit --pool to compile it as trained\n`);
    if (args.json) io.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else io.stdout.write(`${formatSummary(result.summary)}  wrote ${String(args.out)} (${result.bytes.length} bytes) in ${(performance.now() - t0).toFixed(0)} ms total\n`);
    return 0;
  },
};
