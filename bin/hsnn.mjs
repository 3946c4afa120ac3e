#!/usr/bin/env node
// Entry point: registers the TypeScript loader, then hands argv to the in-process CLI. Anything that still
// escapes (a stray rejection, an error in a timer) is printed as one internal-error line, never a raw trace.
import { register } from 'tsx/esm/api';

register();
const { main, internalErrorText, INTERNAL_EXIT } = await import('../cli/main.ts');
const debug = process.argv.includes('--debug') || (process.env.HSNN_DEBUG ?? '0') !== '0';
const escaped = (e) => {
  process.stderr.write(internalErrorText(e, debug));
  process.exit(INTERNAL_EXIT);
};
process.on('uncaughtException', escaped);
process.on('unhandledRejection', escaped);
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
