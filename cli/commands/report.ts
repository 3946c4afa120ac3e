// `hsnn report RUN_DIR`: energy and sparsity report of a simulated run (report/README.md), as
// report.json, report.md and a self-contained report.html; --png adds one PNG per figure.
import type { CommandSpec } from '../types.js';
import { userError } from '../../core/errors.js';
import { energy, percent, ratio } from '../../report/render/format.js';
import { beRate } from '../../report/render/tables.js';
import { writeReport } from '../../report/write.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function overlaySlices(v: unknown): number {
  const n = Number(v ?? 3);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw userError('HSNN7051', `--overlay-slices ${String(v)}: expected an integer in 1..32`);
  return n;
}

export const reportCommand: CommandSpec = {
  command: 'report <run>',
  describe: 'energy and sparsity report of a run directory (stats.json from hsnn run)',
  positionals: { run: { describe: 'run directory written by hsnn run --out', type: 'string' } },
  options: {
    ann: { type: 'string', describe: 'ANN checkpoint whose arch gives the MACs per layer' },
    compare: { type: 'string', describe: 'run directory of the converted SNN to compare against' },
    netlist: { type: 'string', describe: 'netlist the run simulated (default: the one stats.json names)' },
    out: { type: 'string', describe: 'output directory (default RUN_DIR/report)' },
    'energy-model': { type: 'string', array: true, describe: 'custom energy-model JSON file(s) (format in report/README.md)' },
    target: { type: 'string', describe: 'energy model to report first: loihi, loihi-sanafe, truenorth, horowitz-generic or a custom id' },
    png: { type: 'boolean', default: false, describe: 'also render each figure to PNG with headless Chromium' },
    label: { type: 'string', describe: "label of RUN_DIR (default 'fine-tuned' with --compare, else 'SNN')" },
    'compare-label': { type: 'string', describe: "label of the --compare run (default 'converted')" },
    data: { type: 'string', describe: 'dataset folder with the simulated subjects\' image and label: overlays from the runs\' prediction NIfTIs' },
    subject: { type: 'string', describe: 'subject id for the overlays (default: the first one every run simulated)' },
    'overlay-slices': { type: 'number', default: 3, describe: 'slices in the overlay figure (largest ground-truth area)' },
  },
  async run(args, io) {
    const models = Array.isArray(args['energy-model']) ? args['energy-model'].filter((m): m is string => typeof m === 'string') : [];
    const res = await writeReport({
      runDir: String(args.run), compareDir: str(args.compare), annCheckpoint: str(args.ann), netlist: str(args.netlist), outDir: str(args.out),
      energyModels: models, target: str(args.target), png: args.png === true, label: str(args.label), compareLabel: str(args['compare-label']),
      data: str(args.data), subject: str(args.subject), overlaySlices: overlaySlices(args['overlay-slices']),
    });
    const m = res.report.energy.models[0];
    if (m !== undefined) {
      io.stdout.write(`energy per slice on ${m.id}: ANN ${energy(res.report.ann.totalPj)}, SNN ${energy(m.snn.totalPj)} (ANN/SNN ${ratio(m.annOverSnn)}); mean rate ${percent(m.breakEven.measuredRate)}, break-even ${beRate(m)}\n`);
    }
    for (const n of res.notes) io.stdout.write(`note: ${n}\n`);
    for (const f of res.files) io.stdout.write(`wrote ${f}\n`);
    return 0;
  },
};
