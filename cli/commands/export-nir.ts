// `hsnn export-nir MODEL -o model.nir [--portable]`: an SNN checkpoint (or a .nir hsnn can import,
// re-exported normalised) → NIR HDF5. Thin shell over nir/export.ts; the write is atomic.
import type { CommandSpec } from '../types.js';
import { exportNir } from '../../nir/export.js';
import { nirImportOptions, NIR_IMPORT_OPTIONS } from './nir-args.js';

export const exportNirCommand: CommandSpec = {
  command: 'export-nir <model>',
  describe: 'export an SNN checkpoint (or a .nir file) as NIR, the neuromorphic interchange format (.nir, HDF5)',
  positionals: { model: { describe: 'SNN checkpoint, or a .nir file to normalise', type: 'string' } },
  options: {
    out: { alias: 'o', type: 'string', demandOption: true, describe: 'output .nir path' },
    portable: { type: 'boolean', default: false, describe: 'refuse networks that need the hsnn.ConvTranspose2d extension node (official NIR readers reject it)' },
    ...NIR_IMPORT_OPTIONS,
  },
  async run(args, io) {
    const r = await exportNir(String(args.model), String(args.out), { portable: args.portable === true, nir: nirImportOptions(args) });
    for (const w of r.warnings) io.stderr.write(`warning: ${w.code} ${w.message}\n`);
    const convT = r.graph.edges.filter((e) => e.kind === 'convT').length;
    io.stdout.write(`wrote ${String(args.out)}: ${r.graph.nodes.length} populations/pools, ${r.graph.edges.length} projections${convT > 0 ? `, ${convT} as the hsnn.ConvTranspose2d extension (declared in graph metadata 'extensions')` : ''}\n`);
    return 0;
  },
};
