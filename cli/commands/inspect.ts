// `hsnn inspect model.netlist.pb [--json]`: decode (fully validated) and describe a netlist: populations,
// projections, cores per population, utilisation, traffic, hops and memory by kind.
import type { CommandSpec } from '../types.js';
import { loadNetlist } from '../../proto/decode.js';
import { formatInspect, inspectNetlist } from '../../compiler/emit/report.js';

export const inspectCommand: CommandSpec = {
  command: 'inspect <netlist>',
  describe: 'describe a compiled netlist (validates it fully)',
  positionals: { netlist: { describe: '.netlist.pb file', type: 'string' } },
  options: { json: { type: 'boolean', default: false, describe: 'print JSON instead of text' } },
  async run(args, io) {
    const report = inspectNetlist(loadNetlist(String(args.netlist)));
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatInspect(report));
    return 0;
  },
};
