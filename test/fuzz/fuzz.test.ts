// A few hundred cases of `npm run fuzz` per decoder inside `npm test` (issue 12): truncations, bit flips,
// splices, random bytes and random field values either load or give a coded error, never a crash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzFormats } from './formats.js';
import { fuzzFormat } from './run.js';

for (const f of fuzzFormats()) {
  test(`fuzz ${f.name}: 300 cases, 0 crashes, every mutator reaches a coded error`, () => {
    const r = fuzzFormat(f, 300, 7);
    assert.equal(r.crashes, [], r.crashes.map((c) => `${c.index} ${c.how}: ${c.message}`).join('\n'));
    assert.is(r.cases, 300);
    assert.ok(r.codes.size >= 3, `only ${[...r.codes.keys()].join(', ')}`);
    assert.ok(r.loaded < r.cases);
  });
}

test.run();
