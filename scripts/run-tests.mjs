// Runs every test/**/*.test.ts in one uvu process (tsx loader) and ends with a plain
// "N passed, N failed, N skipped" line. Usage: node scripts/run-tests.mjs [--fast] [substring-filter ...]
// --fast (npm run test:fast) is the quick tier: no training or tfjs, no ../shared data, no Chromium.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fast = process.argv.includes('--fast');
const filters = process.argv.slice(2).filter((a) => a !== '--fast');

// Left out of the fast tier, with why. Everything else there needs only the repo (and the built wasm).
const SLOW = [
  ['test/unet/', 'trains or runs the tfjs U-Net'],
  ['test/snn/', 'runs the tfjs SNN (conversion, fine-tuning, experiments)'],
  ['test/kernels/', 'compares tfjs training kernels'],
  ['test/sim/tfjs-agreement', 'runs the tfjs SNN'],
  ['test/pipeline/', 'compiles and simulates the shipped full-size models'],
  ['test/report/html-render', 'headless Chromium'],
  ['test/report/cli', 'builds full reports from the shipped ANN'],
];
const inTier = (rel) => !fast || !SLOW.some(([prefix]) => rel.startsWith(prefix));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'test')).filter((f) => (filters.length === 0 || filters.some((s) => f.includes(s))) && inTier(relative(root, f)));
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
const env = { ...process.env, FORCE_COLOR: '0', ...(fast ? { HSNN_TEST_TIER: 'fast' } : {}), HSNN_TEST_FILES: JSON.stringify(files.map((f) => ({ abs: f, rel: relative(root, f) }))) };
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
