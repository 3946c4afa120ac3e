// `hsnn table DIR`: merge the per-job results of `hsnn experiment` into DIR/table1.md and DIR/table1.json
// (the paper's Table 1 layout). Prints the Markdown table; the last stdout line is a JSON summary.
import type { CommandSpec } from '../types.js';
import { tableMarkdown, writeTable } from '../../models/snn/table.js';

export const tableCommand: CommandSpec = {
  command: 'table <dir>',
  describe: 'merge experiment results into table1.md and table1.json',
  positionals: { dir: { describe: 'experiment folder (hsnn experiment --out)', type: 'string' } },
  options: {},
  async run(args, io) {
    const dir = String(args.dir);
    const t = writeTable(dir);
    io.stdout.write(tableMarkdown(t));
    io.stdout.write(`${JSON.stringify({ table: `${dir}/table1.md`, json: `${dir}/table1.json`, jobs: t.jobs, rows: t.rows.length })}\n`);
    return 0;
  },
};
