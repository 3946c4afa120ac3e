// hsnn command line: the command table below is the whole CLI; each entry is a thin shell over a library.
// main(argv, io) runs in-process so tests can call it with captured stdout/stderr.
import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import type { Args, CommandSpec, Io } from './types.js';
import { HsnnError } from '../core/errors.js';
import { checkRawNumbers } from './raw-numbers.js';
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
import { exportNirCommand } from './commands/export-nir.js';
import { inspectCommand } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { reportCommand } from './commands/report.js';
import { pipelineCommand } from './commands/pipeline.js';
import { sweepCommand } from './commands/sweep.js';

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
  exportNirCommand,
  inspectCommand,
  runCommand,
  reportCommand,
  pipelineCommand,
  sweepCommand,
];

/** Exit status of a bug (an error that is not a coded HsnnError). */
export const INTERNAL_EXIT = 70;

const wantsDebug = (argv: readonly string[]): boolean => argv.includes('--debug') || !['', '0'].includes(process.env.HSNN_DEBUG ?? '');

/**
 * One short line for an unexpected error: never the 39 KB of minified library source Node would print for
 * an uncaught exception from tfjs, and the stack only when asked for (--debug or HSNN_DEBUG=1).
 */
export function internalErrorText(e: unknown, debug: boolean): string {
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const first = raw.split('\n', 1)[0] ?? '';
  const msg = first.length > 300 ? `${first.slice(0, 300)}…` : first;
  const stack = debug && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `error: HSNN9599 internal error (a bug in hsnn, not in your input): ${msg}${debug ? stack : ' (rerun with --debug or HSNN_DEBUG=1 for the stack)'}\n`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  let parser: Argv = yargs([...argv]).scriptName('hsnn').strict().help().version(false).exitProcess(false)
    .option('debug', { type: 'boolean', global: true, describe: 'print the stack of an internal error (also HSNN_DEBUG=1)' })
    .demandCommand(1, 'give a command; see hsnn --help')
    .fail((msg, err) => { throw err ?? new HsnnError({ code: 'HSNN0001', message: msg }); })
    .wrap(100);
  for (const spec of COMMANDS) {
    parser = parser.command(spec.command, spec.describe, (y: Argv) => {
      let b: Argv = y.options({ ...spec.options });
      for (const [name, p] of Object.entries(spec.positionals ?? {})) b = b.positional(name, p);
      return b;
    }, async (a) => {
      checkRawNumbers(argv, spec.options);
      code = await spec.run(a as unknown as Args, io);
    });
  }
  try {
    await parser.parseAsync();
    return code;
  } catch (e) {
    if (e instanceof HsnnError) {
      io.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(internalErrorText(e, wantsDebug(argv)));
    return INTERNAL_EXIT;
  }
}
