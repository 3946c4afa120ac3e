// Ties the one code registry (core/codes.ts) to the source and the READMEs: every HSNN code written in
// the source is registered, every registered code is raised somewhere, core/README.md lists each with its
// registry meaning, and the nearest README with a code table to each file that raises a code documents it in a table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CODES, isCode, RETIRED } from '../../core/codes.js';

const root = resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['core', 'data', 'formats', 'cli', 'compiler', 'models', 'nir', 'proto', 'report', 'runtime-wasm/host', 'runtime-wasm/reference', 'scripts', 'web'];
const SKIP = new Set(['proto/gen', 'models/pretrained', 'web/node_modules', 'web/dist', 'web/public', 'web/test']);

function walk(dir: string): string[] {
  if (SKIP.has(relative(root, dir)) || !existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|mjs)$/.test(name) ? [p] : [];
  });
}

/** code → repo-relative files that write it (core/codes.ts itself excluded). */
function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap((d) => walk(join(root, d)))) {
    const rel = relative(root, file);
    if (rel === 'core/codes.ts') continue;
    for (const code of new Set(readFileSync(file, 'utf8').match(/HSNN\d{4}/g) ?? [])) found.set(code, [...(found.get(code) ?? []), rel]);
  }
  return found;
}

/** Codes in the first column of a Markdown table, with the second column. */
function tableRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of markdown.matchAll(/^\|\s*\**(HSNN\d{4})\**\s*\|\s*(.*?)\s*\|\s*$/gm)) rows.set(m[1] as string, m[2] as string);
  return rows;
}

/** The README nearest to `file` (its folder, then each parent) that has a `| code | meaning |` table. */
function nearestReadme(file: string): string {
  for (let dir = dirname(join(root, file)); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    const readme = join(dir, 'README.md');
    if (existsSync(readme) && /^\|\s*code\s*\|\s*meaning\s*\|/m.test(readFileSync(readme, 'utf8'))) return relative(root, readme);
  }
  return 'README.md';
}

const used = codesInSource();

test('every code written in the source is in the registry', () => {
  const unknown = [...used.keys()].filter((c) => !isCode(c)).map((c) => `${c} (${used.get(c)?.join(', ')})`);
  assert.equal(unknown, []);
});

test('every registered code is raised somewhere; retired codes are not', () => {
  assert.equal(Object.keys(CODES).filter((c) => !used.has(c)), []);
  assert.equal(Object.keys(RETIRED).filter((c) => used.has(c) || isCode(c)), []);
});

test('core/README.md lists every code with its registry meaning', () => {
  const rows = tableRows(readFileSync(join(root, 'core/README.md'), 'utf8'));
  assert.equal([...rows.keys()].sort(), Object.keys(CODES).sort());
  for (const [code, meaning] of Object.entries(CODES)) assert.is(rows.get(code)?.replaceAll('\\|', '|'), meaning, code);
});

test('the nearest README with a code table to each file that raises a code documents it', () => {
  const missing: string[] = [];
  for (const [code, files] of used) {
    for (const file of files) {
      if (file.startsWith('core/')) continue;
      const readme = nearestReadme(file);
      if (!tableRows(readFileSync(join(root, readme), 'utf8')).has(code)) missing.push(`${code} (${file}) in ${readme}`);
    }
  }
  assert.equal([...new Set(missing)], []);
});

test('the registry rejects a code it does not list', () => {
  assert.ok(isCode('HSNN2001'));
  assert.not.ok(isCode('HSNN2999'));
  assert.not.ok(isCode('toString'));
});

test.run();
