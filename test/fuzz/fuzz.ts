// `npm run fuzz [-- --cases N --seed S --only NAME]`: fuzz every decoder (netlist readers, checkpoint, NIfTI) with
// N seeded cases each (default 10 000) and print, per decoder, how many loaded, the coded errors by code
// and every crash. Exits 1 on any crash. Not part of `npm test` (fuzz.test.ts runs a few hundred).
import { fuzzFormats } from './formats.js';
import { fuzzFormat } from './run.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} ${String(process.argv[i + 1])}: expected an integer ≥ 0`);
  return v;
}

const cases = arg('cases', 10_000);
const seed = arg('seed', 1);
const oi = process.argv.indexOf('--only');
const only = oi >= 0 ? String(process.argv[oi + 1]) : '';
let crashes = 0;
for (const f of fuzzFormats().filter((x) => x.name.includes(only))) {
  const r = fuzzFormat(f, cases, seed);
  crashes += r.crashes.length;
  const top = [...r.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  console.log(`${r.format.padEnd(28)} ${r.cases} cases in ${r.seconds.toFixed(1)} s: ${r.loaded} loaded, ${r.cases - r.loaded - r.crashes.length} coded errors (${top}), ${r.crashes.length} crashes, slowest ${r.slowestMs.toFixed(1)} ms`);
  for (const c of r.crashes.slice(0, 10)) console.log(`  CRASH case ${c.index} (${c.how}, ${c.id}): ${c.message}`);
}
console.log(crashes === 0 ? 'fuzz: 0 crashes' : `fuzz: ${crashes} crashes`);
process.exitCode = crashes === 0 ? 0 : 1;
