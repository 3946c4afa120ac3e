// Which preprocessing the browser page gives a netlist (web/src/worker/session.ts): the bundled
// checkpoint whose sha256 the netlist records, else the default when the input is 1×64×48, else
// HSNN6002; and a shipped netlist, when built, loads through the CLI's checks into a session.
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { preprocessFor, sessionFor } from '../../web/src/worker/session.js';

const SHA = 'ab'.repeat(32);
const OWN = { ...DEFAULT_PREPROCESS, clipPercentiles: [1, 99] as const };
const configs = [{ sha256: SHA, name: 'models/x.ckpt', config: OWN }];
const input = { C: 1, H: 64, W: 48 };

function codeOf(f: () => unknown): string {
  try { f(); } catch (e) { if (e instanceof HsnnError) return e.diagnostics[0]?.code ?? ''; throw e; }
  return 'no error';
}

test('a netlist recording a bundled checkpoint gets that checkpoint\'s config', () => {
  const r = preprocessFor(`elsewhere/x.ckpt sha256:${SHA}`, input, 'n.pb', configs);
  assert.equal(r.config, OWN);
  assert.match(r.notes[0] ?? '', /models\/x\.ckpt/);
});

test('an unknown checkpoint falls back to the default for a 1×64×48 input, with a note', () => {
  const r = preprocessFor(`other.ckpt sha256:${'cd'.repeat(32)}`, input, 'n.pb', configs);
  assert.equal(r.config, DEFAULT_PREPROCESS);
  assert.match(r.notes[0] ?? '', /default.*other\.ckpt/);
  assert.equal(preprocessFor('', input, 'n.pb', []).config, DEFAULT_PREPROCESS);
});

test('HSNN6002: unknown checkpoint and another input size, or a bundled one whose size differs', () => {
  assert.is(codeOf(() => preprocessFor('other.ckpt', { C: 1, H: 32, W: 32 }, 'n.pb', configs)), 'HSNN6002');
  assert.is(codeOf(() => preprocessFor(`x.ckpt sha256:${SHA}`, { C: 2, H: 64, W: 48 }, 'n.pb', configs)), 'HSNN6002');
});

const SHIPPED = 'web/public/generated/networks/snn-t16-loihi-int8.netlist.pb';
if (existsSync(SHIPPED)) {
  test('the shipped netlist loads into a session (reused for the same bytes)', () => {
    const bytes = readFileSync(SHIPPED);
    const a = sessionFor('t16.netlist.pb', bytes, []);
    assert.is(a.loaded.net.T, 16);
    assert.equal(a.config, DEFAULT_PREPROCESS);
    assert.is(sessionFor('t16.netlist.pb', bytes, []), a, 'same bytes, same session');
  });
} else {
  console.log(`note: ${SHIPPED} not built (npm run build:web-assets); skipping the session load test`);
  test.skip('the shipped netlist loads into a session', () => undefined);
}

test.run();
