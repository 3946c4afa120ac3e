// Moves files or folders with `git mv` and rewrites every relative import that pointed at them (or out
// of them), so a layout change is one command. `--imports-only` rewrites imports of files that still
// name an old path (e.g. a branch written before the move was merged) without moving anything.
// Usage: node scripts/move-files.mjs [--imports-only] old=new [old=new ...]   (paths from the repo root)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const importsOnly = args.includes('--imports-only');
const pairs = args.filter((a) => a !== '--imports-only').map((a) => {
  const [from, to] = a.split('=');
  if (!from || !to) throw new Error(`bad move '${a}': expected old=new`);
  return [posix.normalize(from).replace(/\/$/, ''), posix.normalize(to).replace(/\/$/, '')];
});
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });

/** Maps a repo-relative path through the move list (exact file or folder prefix); undefined when unmoved. */
function mapPath(p) {
  for (const [from, to] of pairs) {
    if (p === from) return to;
    if (p.startsWith(`${from}/`)) return to + p.slice(from.length);
  }
  return undefined;
}
function unmapPath(p) {
  for (const [from, to] of pairs) {
    if (p === to) return from;
    if (p.startsWith(`${to}/`)) return from + p.slice(to.length);
  }
  return undefined;
}

if (!importsOnly) {
  for (const [from, to] of pairs) {
    execFileSync('mkdir', ['-p', dirname(join(root, to))]);
    git('mv', from, to);
  }
}

// '.js' specifiers name '.ts' sources; a path is known when either exists now.
const known = (p) => existsSync(join(root, p)) || (p.endsWith('.js') && existsSync(join(root, `${p.slice(0, -3)}.ts`)));
const mapSpecTarget = (p) => mapPath(p) ?? (p.endsWith('.js') ? mapPath(`${p.slice(0, -3)}.ts`)?.replace(/\.ts$/, '.js') : undefined);

/** The specifier `spec` of `file` (at its new place) after the moves; unchanged when nothing it names moved. */
function rewrite(file, spec) {
  if (!spec.startsWith('.')) return spec;
  const here = posix.dirname(file);
  const oldFile = unmapPath(file);
  const direct = posix.normalize(posix.join(here, spec));
  let target;
  if (oldFile === undefined || (importsOnly && known(direct))) target = mapSpecTarget(direct) ?? direct;
  else {
    const fromOld = posix.normalize(posix.join(posix.dirname(oldFile), spec));
    target = mapSpecTarget(fromOld) ?? fromOld;
  }
  if (target === direct || !known(target)) return spec;
  let rel = posix.relative(here, target);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (spec.endsWith('/') && !rel.endsWith('/')) rel += '/';
  return rel;
}

const PATTERNS = [
  /(\bfrom\s+)(['"])([^'"]+)\2/g,
  /(\bimport\s*\(\s*)(['"])([^'"]+)\2/g,
  /(\bimport\s+)(['"])([^'"]+)\2/g,
  /(new URL\(\s*)(['"`])([^'"`$]+)\2(\s*,\s*import\.meta\.url)/g,
];
let changed = 0;
for (const file of git('ls-files', '*.ts', '*.mjs', '*.js').split('\n').filter(Boolean)) {
  if (!existsSync(join(root, file))) continue;
  const text = readFileSync(join(root, file), 'utf8');
  let out = text;
  for (const re of PATTERNS) out = out.replace(re, (...m) => `${m[1]}${m[2]}${rewrite(file, m[3])}${m[2]}${typeof m[4] === 'string' ? m[4] : ''}`);
  if (out !== text) {
    writeFileSync(join(root, file), out);
    changed++;
  }
}
console.log(`${importsOnly ? 'rewrote' : `moved ${pairs.length} path(s), rewrote`} imports in ${changed} file(s) (${relative(process.cwd(), root) || '.'})`);
