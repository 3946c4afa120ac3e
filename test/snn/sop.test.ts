// The spike budget: fan-out per layer by hand, the differentiable SOP/MAC equals the counted one, a
// descent step on it lowers the measured SOPs, and `hsnn finetune --sop-weight` logs SOP/MAC per epoch,
// spends fewer SOPs than β = 0, and refuses β < 0 without writing anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { DEFAULT_ARCH, unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { heNormalValues } from '../../models/unet/weights.js';
import { macsPerSlice, SopMeter, spikeFanout } from '../../models/snn/sop.js';
import { snnLogits, type SnnParams } from '../../models/snn/network.js';
import { snnInfer } from '../../models/snn/stream.js';
import { DEFAULT_SURROGATE } from '../../models/snn/if-neuron.js';
import { main } from '../../cli/main.js';

let dir = '';
test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-sop-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('fan-out: k²·C_out of every layer a spike feeds (pooled: the fused 6×6 stride-2 kernel reaches 3×3 outputs)', () => {
  const f = spikeFanout(DEFAULT_ARCH);
  assert.is(f.get('enc0.conv1'), 9 * 16);
  assert.is(f.get('enc0.conv2'), 9 * 32 + 9 * 16, 'pooled into enc1.conv1 and skipped into dec0.conv1');
  assert.is(f.get('mid.conv2'), 4 * 64, 'into the 2×2 transposed conv dec2.up');
  assert.is(f.get('dec0.up'), 9 * 16);
  assert.is(f.get('dec0.conv2'), 1, 'into the 1×1 readout');
  assert.is(f.size, unetLayers(DEFAULT_ARCH).filter((l) => l.spiking).length);
  assert.ok(Math.abs(macsPerSlice(DEFAULT_ARCH) / 1e6 - 108) < 1, `MACs ${macsPerSlice(DEFAULT_ARCH)}`);
});

const arch: UNetArch = { base: 2, depth: 1, inChannels: 1, height: 8, width: 8, dropout: 0 };
const weights = new Map(unetLayers(arch).map((l, i) => [l.name, tf.tensor4d(heNormalValues(l, i, 3), [...l.weightShape])]));
const thresholds: Record<string, number> = {};
for (const l of unetLayers(arch)) if (l.spiking) thresholds[l.name] = 0.3;
const p: SnnParams = { thresholds, u0Fraction: 0.5, readoutScale: 1, encoding: 'direct' };
const x = tf.tensor4d(Float32Array.from({ length: 3 * 64 }, (_, i) => 0.5 + 0.5 * Math.sin(i * 0.7)), [3, 8, 8, 1]);
const o = { T: 4, seed: 1, sliceIds: [0, 1, 2] };

function measured(w: ReadonlyMap<string, tf.Tensor4D>): number {
  const m = new SopMeter(arch, 3);
  tf.tidy(() => { snnInfer(arch, w, p, x, o, { onCounts: (l, c) => m.addCount(l, c.spikes) }); });
  return m.ratio();
}

test('the differentiable SOP/MAC equals the counted one, and a descent step on it lowers the SOPs', () => {
  const names = [...weights.keys()].filter((n) => n !== 'out'); // the readout's weight does not change any spike
  const sop = (...ws: tf.Tensor[]): tf.Scalar => {
    const wm = new Map([...weights, ...names.map((n, i): [string, tf.Tensor4D] => [n, ws[i] as tf.Tensor4D])]);
    const m = new SopMeter(arch, 3);
    snnLogits(arch, wm, p, x, { ...o, surrogate: DEFAULT_SURROGATE, onSpikes: (l, s) => m.addTensor(l, s) });
    return m.ratioTensor();
  };
  const { value, grads } = tf.valueAndGrads(sop)(names.map((n) => weights.get(n) as tf.Tensor));
  const before = measured(weights);
  assert.ok(before > 0, 'the network fires');
  assert.ok(Math.abs((value.dataSync()[0] as number) - before) < 1e-6 * before, `${value.dataSync()[0]} vs ${before}`);
  const norm = Math.sqrt(grads.reduce((s, g) => s + (tf.sum(tf.square(g)).dataSync()[0] as number), 0));
  assert.ok(norm > 0, 'the SOP term has a gradient through the surrogate');
  const stepped = new Map([...weights, ...names.map((n, i): [string, tf.Tensor4D] => [n, tf.sub(weights.get(n) as tf.Tensor4D, tf.mul(grads[i] as tf.Tensor, 0.05 / norm))])]);
  const after = measured(stepped);
  assert.ok(after < before, `SOP/MAC ${before} → ${after} after a step down its gradient`);
  tf.dispose([value, ...grads, ...names.map((n) => stepped.get(n) as tf.Tensor4D)]);
});

const PHANTOM = ['--phantoms', '6', '--phantom-shape', '10x28x28', '--height', '32', '--width', '32', '--base', '4', '--depth', '2', '--folds', '3', '--batch', '8', '--val-fraction', '0.25', '--backend', 'wasm'];

async function ok(args: string[]): Promise<void> {
  let e = '';
  const io = { stdout: { write: (_s: string) => true }, stderr: { write: (s: string) => { e += s; } } };
  assert.is(await main(args, io), 0, e);
}

const log = (d: string): { sopPerMac: number; valSopPerMac: number }[] => readFileSync(join(d, 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sopPerMac: number; valSopPerMac: number });

test('hsnn finetune --sop-weight logs SOP/MAC per epoch and spends fewer SOPs than β = 0', async () => {
  await ok(['train', '--fold', '0', '--epochs', '1', '--lr', '1e-2', '--out', join(dir, 'relu'), ...PHANTOM]);
  await ok(['convert', join(dir, 'relu', 'ann.best.ckpt'), '--stat', 'ann', '--u0', '0.5', '--encoding', 'direct', '--T', '4', '--samples', '8', '--out', join(dir, 'snn.ckpt'), '--backend', 'wasm']);
  const ft = ['finetune', join(dir, 'snn.ckpt'), '--T', '4', '--epochs', '3', '--batch', '8', '--slices-per-epoch', '16', '--lr', '3e-3', '--backend', 'wasm'];
  await ok([...ft, '--out', join(dir, 'b0')]);
  await ok([...ft, '--sop-weight', '5', '--out', join(dir, 'b5')]);
  const a = log(join(dir, 'b0'));
  const b = log(join(dir, 'b5'));
  for (const r of [...a, ...b]) assert.ok(r.sopPerMac > 0 && r.valSopPerMac > 0, JSON.stringify(r));
  assert.ok((b[2]?.valSopPerMac as number) < 0.9 * (a[2]?.valSopPerMac as number), `validation SOP/MAC β=5 ${b[2]?.valSopPerMac} vs β=0 ${a[2]?.valSopPerMac}`);
  let e = '';
  const io = { stdout: { write: (_s: string) => true }, stderr: { write: (s: string) => { e += s; } } };
  assert.is(await main([...ft, '--sop-weight', '-0.5', '--out', join(dir, 'neg')], io), 2);
  assert.match(e, /HSNN1405.*--sop-weight/);
  assert.not.ok(existsSync(join(dir, 'neg')));
});

test.run();
