// Issue 12, defects 4, 5, 6 and 14: nothing escapes main() as an uncaught exception (one short coded line,
// the stack only under --debug), unknown or missing backends are coded errors, `pipeline` checks every
// option before its first stage, and messages echo what the user typed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { CHECKPOINT_MAGIC } from '../../formats/checkpoint.js';
import { cli, makeWorld } from './fixture.js';

const w = makeWorld('errors');
test.after(() => w.cleanup());

/** A checkpoint file whose header JSON is exactly `json`. */
function rawCheckpoint(name: string, json: string): string {
  const body = Buffer.from(json, 'utf8');
  const head = Buffer.alloc(12);
  head.write(CHECKPOINT_MAGIC, 0, 'latin1');
  head.writeUInt32LE(body.length, 8);
  const file = join(w.dir, name);
  writeFileSync(file, Buffer.concat([head, body, Buffer.alloc(16)]));
  return file;
}

test('defect 4: a null header, a header without arch, or a null tensor entry is HSNN1101, not a TypeError', async () => {
  const base = { format: 'hsnn-checkpoint', version: 1, kind: 'snn', preprocess: {}, training: {}, snn: {}, tensors: [] };
  const arch = { base: 2, depth: 1, inChannels: 1, height: 64, width: 48, dropout: 0 };
  const files = [
    rawCheckpoint('null.ckpt', 'null'),
    rawCheckpoint('noarch.ckpt', JSON.stringify(base)),
    rawCheckpoint('nulltensor.ckpt', JSON.stringify({ ...base, arch, tensors: [null] })),
    // found by `npm run fuzz` (checkpoint case 6264): thresholds null crashed checkThresholds
    rawCheckpoint('nullthresholds.ckpt', JSON.stringify({ ...base, arch, snn: { thresholds: null } })),
  ];
  for (const f of files) {
    const r = await cli(['compile', f, '--target', 'generic', '-o', join(w.dir, 'x.pb')]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /^error: HSNN1101 checkpoint .*\.ckpt: /);
  }
});

test('defect 4: an unexpected error is one line with HSNN9599, no stack unless --debug', async () => {
  const failing = (sink: { err: string }) => ({ stdout: { write: (): never => { throw new TypeError('stdout closed'); } }, stderr: { write: (s: string) => (sink.err += s) } });
  const quiet = { err: '' };
  assert.is(await main(['inspect', w.netlist], failing(quiet)), 70);
  assert.match(quiet.err, /^error: HSNN9599 internal error .*TypeError: stdout closed \(rerun with --debug/);
  assert.is(quiet.err.trim().split('\n').length, 1);
  const loud = { err: '' };
  assert.is(await main(['inspect', w.netlist, '--debug'], failing(loud)), 70);
  assert.match(loud.err, /\n\s+at /);
});

test('defect 4: evaluate-snn -T has an upper bound', async () => {
  const r = await cli(['evaluate-snn', w.ckpt, '--T', '1000000000']);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /HSNN1203 option --T: '1000000000' must be integers in \[1, 100000\]/);
});

test('defects 4 and 5: --backend gpu lists the choices; --backend tensorflow without tfjs-node is coded', async () => {
  const gpu = await cli(['info', '--backend', 'gpu']);
  assert.is(gpu.code, 2, gpu.err);
  assert.match(gpu.err, /HSNN1503 --backend gpu: unknown backend; expected one of tensorflow, wasm, cpu/);
  let hasNode = true;
  try { await import('@tensorflow/tfjs-node' as string); } catch { hasNode = false; }
  if (!hasNode) {
    const tf = await cli(['info', '--backend', 'tensorflow']);
    assert.is(tf.code, 2, tf.err);
    assert.match(tf.err, /HSNN1503 --backend tensorflow: @tensorflow\/tfjs-node is not installed/);
  }
});

test('defect 6: pipeline rejects --target bogus and a bad --finetune-loss before writing anything', async () => {
  for (const [flag, value, code] of [['--target', 'bogus', 'HSNN2204'], ['--finetune-loss', 'l2', 'HSNN9002'], ['--loss', 'l2', 'HSNN1203']] as const) {
    const out = join(w.dir, `pipe-${value}`);
    const r = await cli(['pipeline', '--out', out, flag, value]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, new RegExp(code));
    assert.not.ok(existsSync(out), `${flag}: ${out} was created`);
  }
});

test('defect 14: --threads states the range it accepts; -T abc echoes abc', async () => {
  const t = await cli(['pipeline', '--out', join(w.dir, 'pipe-t'), '--threads', '0']);
  assert.is(t.code, 2, t.err);
  assert.match(t.err, /option --threads: '0' must be an integer in \[1, 256\]/);
  const abc = await cli(['run', w.netlist, '--input', w.image, '--out', join(w.dir, 'o'), '-T', 'abc']);
  assert.is(abc.code, 2, abc.err);
  assert.match(abc.err, /HSNN9502 option -T: 'abc' is not a number/);
});

test.run();
