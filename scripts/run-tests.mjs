// Runs every test/**/*.test.ts in one uvu process (tsx loader) and ends with a plain
// "N passed, N failed, N skipped" line. Usage: node scripts/run-tests.mjs [substring-filter ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const runner = `
  import { run } from 'uvu/run';
  const files = JSON.parse(process.env.HSNN_TEST_FILES);
  globalThis.UVU_QUEUE = [];
  await run(files.map((f) => ({ name: f.rel, file: f.abs })));
`;
const env = { ...process.env, FORCE_COLOR: '0', HSNN_TEST_FILES: JSON.stringify(files.map((f) => ({ abs: f, rel: relative(root, f) }))) };
const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', runner], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
let text = '';
child.stdout.on('data', (b) => { process.stdout.write(b); text += b.toString(); });
child.on('close', (code) => {
  const num = (label) => Number((text.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? 0);
  const total = num('Total'), passed = num('Passed'), skipped = num('Skipped');
  const failed = code === 0 ? Math.max(0, total - passed - skipped) : Math.max(1, total - passed - skipped);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
