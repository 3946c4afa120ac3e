// The wasm backend's heap is capped; a training step that exhausts it aborts with a bare RuntimeError deep
// in a kernel. The loop must turn that into a coded error that says what to lower, and leave no checkpoint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { initBackend } from '../../models/backend/select.js';
import { loadSource } from '../../models/unet/source.js';
import { isHeapExhaustion, trainLoop } from '../../models/unet/train-loop.js';
import { disposeWeights, initWeights } from '../../models/unet/weights.js';
import { HsnnError } from '../../core/errors.js';

const preprocess = { axis: 0, height: 16, width: 16, clipPercentiles: [0.5, 99.5] } as const;
const arch = { base: 2, depth: 1, inChannels: 1, height: 16, width: 16, dropout: 0 };
let dir = '';
/** What the wasm backend throws (a WebAssembly.RuntimeError; the lib typings here have no WebAssembly). */
const wasmTrap = (): Error => Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });

test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-heap-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('isHeapExhaustion recognises wasm and V8 out-of-memory failures only', () => {
  assert.ok(isHeapExhaustion(wasmTrap()));
  assert.ok(isHeapExhaustion(new RangeError('Array buffer allocation failed')));
  assert.ok(isHeapExhaustion(new Error('Aborted(OOM)')));
  assert.not.ok(isHeapExhaustion(new Error('training diverged: loss NaN')));
});

test('a step that exhausts the heap becomes HSNN1207 naming the batch, and writes no checkpoint', async () => {
  const data = loadSource({ kind: 'phantoms', count: 2, seed: 3, shape: [8, 14, 14] }, preprocess);
  const params = initWeights(arch, 1);
  const path = join(dir, 'ann.ckpt');
  try {
    await trainLoop({
      params, data, trainSlices: [0, 1, 2, 3], valSlices: [], epochs: 1, batchSize: 4, lr: 1e-3, seed: 0,
      lossFn: () => { throw wasmTrap(); },
      checkpoint: { path, header: { kind: 'ann', arch, preprocess }, provenance: {} },
    });
    assert.unreachable('trainLoop should have thrown');
  } catch (e) {
    assert.instance(e, HsnnError);
    assert.match((e as Error).message, /HSNN1207 .*batch 4/);
    assert.match((e as Error).message, /--batch \(e\.g\. 2\)/);
  } finally {
    disposeWeights(params);
  }
  assert.not.ok(existsSync(path), 'no checkpoint left behind');
});

test.run();
