// Generates proto/gen/netlist.js (static ESM codec) and netlist.d.ts from proto/netlist.proto with protobufjs-cli.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
mkdirSync(resolve(root, 'proto/gen'), { recursive: true });
const js = resolve(root, 'proto/gen/netlist.js');
execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--force-number', '--no-verify', '--no-delimited', '--no-convert', '-o', js, resolve(root, 'proto/netlist.proto')], { stdio: 'inherit' });
execFileSync(bin('pbts'), ['-o', resolve(root, 'proto/gen/netlist.d.ts'), js], { stdio: 'inherit' });
