// Prints the package dependency graph of the TypeScript sources (one package per top-level folder) from
// their import statements, with the npm packages each one uses, and fails (exit 1) on a cycle. The README's
// "Architecture" section shows this output. Usage: node scripts/deps.mjs [--dot]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

const root = posix.resolve(import.meta.dirname, '..');
// Lower layers first; the order the lint rules in eslint.config.js enforce.
const ORDER = ['core', 'proto', 'data', 'formats', 'models', 'compiler', 'nir', 'runtime-wasm', 'report', 'cli'];
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"$\s]+)['"]/g;

const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: root, encoding: 'utf8' }).split('\n')
  .filter((f) => ORDER.includes(f.split('/')[0]) && !f.startsWith('runtime-wasm/assembly/') && !f.startsWith('proto/gen/'));

/** package → (package or npm name → import count) */
const edges = new Map(ORDER.map((p) => [p, new Map()]));
for (const file of files) {
  const from = file.split('/')[0];
  for (const [, spec] of readFileSync(posix.join(root, file), 'utf8').matchAll(IMPORT)) {
    let to;
    if (spec.startsWith('.')) to = posix.normalize(posix.join(posix.dirname(file), spec)).split('/')[0];
    else if (!spec.startsWith('node:')) to = `npm:${spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]}`;
    if (to === undefined || to === from) continue;
    const m = edges.get(from);
    m.set(to, (m.get(to) ?? 0) + 1);
  }
}

function cycle() {
  const state = new Map();
  const visit = (p, path) => {
    if (state.get(p) === 'done') return undefined;
    if (state.get(p) === 'open') return [...path.slice(path.indexOf(p)), p];
    state.set(p, 'open');
    for (const q of edges.get(p)?.keys() ?? []) {
      if (!edges.has(q)) continue;
      const c = visit(q, [...path, p]);
      if (c) return c;
    }
    state.set(p, 'done');
    return undefined;
  };
  for (const p of ORDER) {
    const c = visit(p, []);
    if (c) return c;
  }
  return undefined;
}

const internal = (p) => [...edges.get(p)].filter(([q]) => edges.has(q)).sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
const external = (p) => [...edges.get(p).keys()].filter((q) => q.startsWith('npm:')).map((q) => q.slice(4)).sort();

if (process.argv.includes('--dot')) {
  console.log('digraph hsnn {\n  rankdir=BT;');
  for (const p of ORDER) for (const [q, n] of internal(p)) console.log(`  "${p}" -> "${q}" [label=${n}];`);
  console.log('}');
} else {
  const w = Math.max(...ORDER.map((p) => p.length));
  for (const p of ORDER) {
    const deps = internal(p).map(([q, n]) => `${q} (${n})`).join(', ') || '—';
    const npm = external(p);
    console.log(`${p.padEnd(w)}  → ${deps}${npm.length > 0 ? `   [npm: ${npm.join(', ')}]` : ''}`);
  }
}
const c = cycle();
if (c) {
  console.error(`cycle: ${c.join(' → ')}`);
  process.exit(1);
}
const back = ORDER.flatMap((p) => internal(p).filter(([q]) => ORDER.indexOf(q) > ORDER.indexOf(p)).map(([q]) => `${p} → ${q}`));
if (back.length > 0) {
  console.error(`imports against the layer order (${ORDER.join(' < ')}): ${back.join(', ')}`);
  process.exit(1);
}
