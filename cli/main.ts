// hsnn command line: the command table below is the whole CLI; each entry is a thin shell over a library.
// main(argv, io) runs in-process so tests can call it with captured stdout/stderr.
import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import type { Args, CommandSpec, Io } from './types.js';
import { HsnnError } from '../core/errors.js';
import { infoCommand } from './commands/info.js';
import { trainCommand } from './commands/train.js';
import { evaluateCommand } from './commands/evaluate.js';
import { convertCommand } from './commands/convert.js';
import { finetuneCommand } from './commands/finetune.js';
import { averageCommand } from './commands/average.js';
import { evaluateSnnCommand } from './commands/evaluate-snn.js';
import { ratesCommand } from './commands/rates.js';
import { experimentCommand } from './commands/experiment.js';
import { tableCommand } from './commands/table.js';
import { compileCommand } from './commands/compile.js';
import { inspectCommand } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { reportCommand } from './commands/report.js';
import { pipelineCommand } from './commands/pipeline.js';

// yargs' ESM build lays out help with cliui's ESM string helpers, whose wrap cuts words in the middle
// ("thres hold"); its CommonJS build uses wrap-ansi, which wraps on word boundaries. Same library, same API.
const yargs = createRequire(import.meta.url)('yargs') as typeof import('yargs').default;

/** Every command, in pipeline order. */
export const COMMANDS: readonly CommandSpec[] = [
  infoCommand,
  trainCommand,
  evaluateCommand,
  convertCommand,
  finetuneCommand,
  averageCommand,
  evaluateSnnCommand,
  ratesCommand,
  experimentCommand,
  tableCommand,
  compileCommand,
  inspectCommand,
  runCommand,
  reportCommand,
  pipelineCommand,
];

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  let parser: Argv = yargs([...argv]).scriptName('hsnn').strict().help().version(false).exitProcess(false)
    .demandCommand(1, 'give a command; see hsnn --help')
    .fail((msg, err) => { throw err ?? new HsnnError({ code: 'HSNN0001', message: msg }); })
    .wrap(100);
  for (const spec of COMMANDS) {
    parser = parser.command(spec.command, spec.describe, (y: Argv) => {
      let b: Argv = y.options({ ...spec.options });
      for (const [name, p] of Object.entries(spec.positionals ?? {})) b = b.positional(name, p);
      return b;
    }, async (a) => { code = await spec.run(a as unknown as Args, io); });
  }
  try {
    await parser.parseAsync();
    return code;
  } catch (e) {
    if (e instanceof HsnnError) {
      io.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
