// `hsnn table DIR`: merge the per-job results of `hsnn experiment` into DIR/table1.md (Table 1 blocks per
// recipe + the per-fold appendix), DIR/table1.json and, when direct-training logs exist, DIR/convergence.svg.
// Jobs run with different configs are refused (cli/experiment/table-check.ts). --readme FILE also splices the
// blocks into FILE between its markers (table-readme.ts). Prints the blocks; the last stdout line is JSON.
import type { CommandSpec } from '../types.js';
import { tableMarkdown, writeTable } from '../experiment/table.js';
import { readReadme, spliceReadme } from '../experiment/table-readme.js';

export const tableCommand: CommandSpec = {
  command: 'table <dir>',
  describe: 'merge experiment results into table1.md, table1.json (and convergence.svg when --direct ran)',
  positionals: { dir: { describe: 'experiment folder (hsnn experiment --out)', type: 'string' } },
  options: {
    readme: { type: 'string', describe: 'also write the blocks into this markdown file between its hsnn table begin/end markers' },
  },
  async run(args, io) {
    const dir = String(args.dir);
    const readme = typeof args.readme === 'string' ? readReadme(args.readme) : null;
    const { table: t, chart } = writeTable(dir);
    if (readme) spliceReadme(readme, t, dir, chart !== null);
    io.stdout.write(tableMarkdown(t));
    io.stdout.write(`${JSON.stringify({ table: `${dir}/table1.md`, json: `${dir}/table1.json`, jobs: t.jobs, rows: t.rows.length, ...(chart ? { chart } : {}), ...(readme ? { readme: readme.path } : {}) })}\n`);
    return 0;
  },
};
