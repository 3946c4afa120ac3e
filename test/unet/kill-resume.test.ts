// Crash safety: `hsnn train` in a child process is killed with SIGKILL once its first checkpoint exists;
// `--resume` must continue from the last complete epoch, and the final checkpoint and log must be whole.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { main } from '../../cli/main.js';

const root = resolve(import.meta.dirname, '../..');
const tiny = ['--fold', '0', '--folds', '3', '--base', '4', '--depth', '2', '--height', '32', '--width', '32', '--phantoms', '6', '--phantom-shape', '10x28x28', '--batch', '8', '--seed', '3'];
let dir = '';

test.before(() => { dir = mkdtempSync(join(tmpdir(), 'hsnn-unet-kill-')); });
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Start a long training run, SIGKILL it as soon as ann.ckpt appears; resolves with the exit signal. */
function trainUntilFirstCheckpoint(out: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [join(root, 'bin/hsnn.mjs'), 'train', ...tiny, '--epochs', '200', '--out', out], { cwd: root, stdio: 'ignore' });
  return new Promise((res, rej) => {
    const deadline = Date.now() + 60_000;
    const poll = setInterval(() => {
      if (existsSync(join(out, 'ann.ckpt'))) child.kill('SIGKILL');
      else if (Date.now() > deadline) { child.kill('SIGKILL'); rej(new Error('no checkpoint within 60 s')); }
    }, 20);
    child.on('exit', (_code, signal) => { clearInterval(poll); res(signal); });
  });
}

test('kill -9 during training, then --resume continues from the last complete epoch', async () => {
  const out = join(dir, 'run');
  assert.is(await trainUntilFirstCheckpoint(out), 'SIGKILL');
  const killed = loadCheckpoint(join(out, 'ann.ckpt'));
  const done = killed.header.training.epoch as number;
  assert.ok(done >= 1 && done < 200, `checkpoint after the kill holds ${done} epochs`);
  const target = done + 2;
  let stdout = '';
  const io = { stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: () => undefined } };
  assert.is(await main(['train', '--out', out, '--resume', '--epochs', String(target), '--backend', 'wasm'], io), 0);
  const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { epochs: number; epochsRun: number };
  assert.equal([summary.epochs, summary.epochsRun], [target, 2]);
  const final = loadCheckpoint(join(out, 'ann.ckpt'));
  assert.is(final.header.training.epoch, target);
  assert.is(final.header.training.adamStep, (killed.header.training.adamStep as number) * (target / done));
  const epochs = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { epoch: number }).epoch);
  assert.equal(epochs, Array.from({ length: target }, (_, i) => i + 1));
  assert.equal(readdirSync(out).filter((f) => f.startsWith('.tmp-')), []);
  // Changing the run's settings on resume is refused.
  assert.is(await main(['train', '--out', out, '--resume', '--loss', 'bce'], io), 2);
});

test.run();
