#!/usr/bin/env node
// Entry point: registers the TypeScript loader, then hands argv to the in-process CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
