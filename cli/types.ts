// The CLI is declared as data: each command is a CommandSpec, and main() builds yargs from the table.
// Commands are thin shells that parse options and call into the library folders.
import type { Options } from 'yargs';

export interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export type Args = Readonly<Record<string, unknown>> & { readonly _: readonly (string | number)[] };

export interface CommandSpec {
  /** yargs command string, e.g. 'compile <ckpt>' */
  readonly command: string;
  readonly describe: string;
  readonly options: Readonly<Record<string, Options>>;
  readonly positionals?: Readonly<Record<string, { describe: string; type: 'string' | 'number' }>>;
  /** Returns the process exit code. Throw HsnnError for user errors. */
  run(args: Args, io: Io): Promise<number>;
}
