// rates.json has one parser (formats/rates.ts): the compiler (HSNN2202) and the report (HSNN7040) accept
// and reject the same files, with the same messages; silentFraction is optional, as the report writes it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { parseRates as compilerRates } from '../../compiler/import/rates.js';
import { parseRates as reportRates } from '../../report/inputs/load-extras.js';

function diagnostics(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof HsnnError) return e.diagnostics.map((d) => `${d.code} ${d.message}`);
    throw e;
  }
  return [];
}

const GOOD = { T: 16, slices: 3, layers: [{ name: 'enc0.conv1', neurons: 8, rate: 0.25, silentFraction: 0.5 }, { name: 'enc0.conv2', neurons: 8, rate: 0 }] };
const BAD: unknown[] = [
  { T: 0, slices: 3, layers: [] },
  { T: 16, slices: 3, layers: [{ name: 'a', neurons: 4, rate: 1.5 }] },
  { T: 16, slices: 3, layers: [{ name: 'a', neurons: 4.5, rate: 0.1 }] },
  { T: 16, slices: 3, layers: [{ name: 'a', neurons: 4, rate: 0.1, silentFraction: 2 }] },
  { T: 16, slices: 3, layers: [{ name: 'a', neurons: 4, rate: 0.1 }, { name: 'a', neurons: 4, rate: 0.2 }] },
  [1, 2],
];

test('both readers accept the same file, optional silentFraction kept or absent', () => {
  const c = compilerRates(GOOD, 'r.json');
  const r = reportRates(GOOD, 'r.json');
  assert.equal(c.layers, r.layers);
  assert.is(c.layers[0]?.silentFraction, 0.5);
  assert.not.ok('silentFraction' in (c.layers[1] ?? {}));
  assert.equal([c.T, c.slices, c.file], [16, 3, 'r.json']);
  assert.is(r.source, 'r.json');
});

test('both readers reject the same files with the same messages, each with its own code', () => {
  for (const bad of BAD) {
    const c = diagnostics(() => compilerRates(bad, 'r.json'));
    const r = diagnostics(() => reportRates(bad, 'r.json'));
    assert.ok(c.length > 0, JSON.stringify(bad));
    assert.ok(c.every((d) => d.startsWith('HSNN2202 rates r.json: ')));
    assert.equal(r, c.map((d) => d.replace('HSNN2202', 'HSNN7040')));
  }
});

test.run();
