// Golden compiles: the tiny U-Net (base 4, depth 2, 16×16, seeded random weights) compiled for every
// built-in target; the summary (or the exact diagnostics, for targets it cannot fit) must match the
// checked-in JSON in test/compiler/golden/. small-cores.target.json adds a many-core, multi-chip case.
// Regenerate on purpose only: HSNN_UPDATE_GOLDEN=1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { HsnnError } from '../../core/errors.js';
import { TARGETS } from '../../compiler/targets/index.js';
import { loadTargetFile } from '../../compiler/targets/target-file.js';
import type { TargetSpec } from '../../compiler/targets/types.js';
import { compileTiny } from './helpers.js';

const UPDATE = process.env.HSNN_UPDATE_GOLDEN === '1';

/** Round floats to 6 significant digits so the fixtures pin behaviour, not summation noise. */
function stable(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(6));
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'compileMs').map(([k, x]) => [k, stable(x)]));
  return v;
}

function goldenOf(target: TargetSpec): unknown {
  try {
    const r = compileTiny(target);
    return stable({ ok: true, summary: { ...r.summary, notes: r.summary.notes.map((n) => n.replace(/[\d.]+/g, (d) => String(stable(Number(d))))) }, warnings: r.warnings });
  } catch (e) {
    if (!(e instanceof HsnnError)) throw e;
    return { ok: false, diagnostics: e.diagnostics };
  }
}

const targets: TargetSpec[] = [...TARGETS.values(), loadTargetFile(new URL('./golden/small-cores.target.json', import.meta.url).pathname)];

for (const target of targets) {
  test(`golden: tiny U-Net on ${target.name}`, () => {
    const file = new URL(`./golden/tiny-unet.${target.name}.json`, import.meta.url);
    const got = goldenOf(target);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) assert.unreachable(`missing golden ${file.pathname}; run with HSNN_UPDATE_GOLDEN=1`);
      writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      return;
    }
    assert.equal(got, JSON.parse(readFileSync(file, 'utf8')));
  });
}

test.run();
