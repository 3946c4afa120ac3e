// The package graph (scripts/deps.mjs, from the imports) has no cycle and no back edge; nothing outside
// cli/ imports cli/; runtime-wasm depends only on core and proto; only models/ (and cli/) use tfjs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = execFileSync(process.execPath, [resolve(root, 'scripts/deps.mjs')], { cwd: root, encoding: 'utf8' });
/** package → its hsnn dependencies and npm packages, parsed from the printed graph. */
const graph = new Map(out.trim().split('\n').map((line) => {
  const [name, rest = ''] = line.split('→').map((s) => s.trim());
  const [deps = '', npm = ''] = rest.split('[npm:');
  const pkgs = deps === '—' ? [] : deps.split(',').map((d) => d.trim().replace(/ \(\d+\)$/, ''));
  return [name as string, { deps: pkgs.filter((d) => d !== ''), npm: npm.replace(']', '').split(',').map((s) => s.trim()).filter((s) => s !== '') }];
}));

test('scripts/deps.mjs lists every package and exits 0 (no cycle, no back edge)', () => {
  assert.equal([...graph.keys()], ['core', 'proto', 'data', 'formats', 'models', 'compiler', 'nir', 'runtime-wasm', 'report', 'cli']);
});

test('nothing outside cli/ imports cli/; core imports nothing', () => {
  for (const [name, g] of graph) if (name !== 'cli') assert.not.ok(g.deps.includes('cli'), `${name} imports cli/`);
  assert.equal(graph.get('core')?.deps, []);
});

test('runtime-wasm depends only on core and proto; tfjs only in models', () => {
  assert.ok(graph.get('runtime-wasm')?.deps.every((d) => d === 'core' || d === 'proto'));
  for (const [name, g] of graph) if (name !== 'models') assert.not.ok(g.npm.some((n) => n.startsWith('@tensorflow/')), `${name} uses tfjs`);
});

test.run();
