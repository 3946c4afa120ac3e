// Spiking pooling in the tfjs SNN (`--pool spiking`): per-population spike counts against the plain-TS
// reference simulator on the netlist `hsnn compile --pool spiking` makes (pool populations included), the
// SOP estimate's fan-out in that mode by hand and against the simulator's SOPs, the differentiable SOP/MAC
// and BPTT through the pool, and the CLI: finetune records snn.pool, rates measures the pooling
// populations, compile follows it and warns (HSNN1411) on an explicit mismatch, evaluate-snn takes --pool.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { snnLogits, type SnnParams } from '../../models/snn/network.js';
import { snnInfer } from '../../models/snn/stream.js';
import { DEFAULT_SURROGATE } from '../../models/snn/if-neuron.js';
import { macsPerSlice, SopMeter, spikeFanout } from '../../models/snn/sop.js';
import { weightsFromCheckpoint } from '../../models/unet/weights.js';
import { DEFAULT_ARCH, unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { poolPopulationName } from '../../proto/spiking-pool.js';
import { decodeNetlist } from '../../proto/decode.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { compileCheckpoint } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { makeCheckpoint } from '../compiler/helpers.js';
import { randomImage } from '../sim/builders.js';
import { main } from '../../cli/main.js';

const ARCH: UNetArch = { base: 2, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0 };
const T = 8;
let dir = '';

test.before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'hsnn-spool-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function tinyCheckpoint(encoding: 'poisson' | 'direct'): ReturnType<typeof makeCheckpoint> {
  const thresholds = Object.fromEntries(unetLayers(ARCH).filter((l) => l.spiking).map((l) => [l.name, 0.6]));
  const c = makeCheckpoint(ARCH, 11, { T, thresholds, encoding });
  return { ...c, header: { ...c.header, snn: { ...(c.header.snn as NonNullable<typeof c.header.snn>), pool: 'spiking' } } };
}

/** tfjs spike counts per population (layers and pooling populations), with the SOP/MAC the meter counts. */
function tfjsCounts(ckpt: ReturnType<typeof makeCheckpoint>, image: Float32Array, seed: number): { counts: Map<string, number>; sopPerMac: number } {
  const snn = ckpt.header.snn as NonNullable<typeof ckpt.header.snn>;
  const p: SnnParams = { thresholds: snn.thresholds, u0Fraction: snn.u0Fraction, readoutScale: snn.readoutScale, encoding: snn.encoding, pool: 'spiking' };
  const weights = weightsFromCheckpoint(ckpt, 'tiny.ckpt');
  const counts = new Map<string, number>();
  const meter = new SopMeter(ARCH, 1, 'spiking');
  tf.tidy(() => {
    snnInfer(ARCH, weights, p, tf.tensor4d(image, [1, ARCH.height, ARCH.width, 1]), { T, seed, sliceIds: [0] }, {
      onCounts: (l, c) => { counts.set(l.name, c.spikes); meter.addCount(l, c.spikes); },
      onPoolCounts: (l, c) => { counts.set(poolPopulationName(l.name), c.spikes); meter.addPoolCount(l, c.spikes); },
    });
  });
  tf.dispose([...weights.values()]);
  return { counts, sopPerMac: meter.ratio() };
}

for (const encoding of ['poisson', 'direct'] as const) {
  test(`tfjs --pool spiking = reference simulator on the compiled FLOAT32 netlist: spikes per population (${encoding} input)`, () => {
    const ckpt = tinyCheckpoint(encoding);
    const r = compileCheckpoint({ checkpoint: ckpt, file: 'tiny.ckpt', sha256: '0'.repeat(64) }, builtinTarget('loihi2'), { quantize: 'float32', sampleLayers: 0, placementRounds: 0 });
    assert.is(r.netlist.poolLowering, 'spiking', 'the checkpoint\'s snn.pool selects the lowering');
    const net = decodeSimNetlist(r.bytes, 'tiny');
    const image = randomImage(4, ARCH.height * ARCH.width);
    const ref = referenceSimulate(net, image, sliceSeed(net.seed, 0), { mode: 'zero-delay', T });
    const { counts } = tfjsCounts(ckpt, image, net.seed);
    let total = 0, diff = 0, exact = 0, pools = 0;
    for (const pop of ref.stats.populations) {
      if (pop.kind !== 'if') continue;
      const mine = counts.get(pop.name);
      assert.ok(mine !== undefined, `tfjs has no population ${pop.name}`);
      total += mine;
      diff += Math.abs(mine - pop.spikes);
      if (mine === pop.spikes) exact++;
      if (pop.name.endsWith('/pool')) {
        pools++;
        assert.ok(pop.spikes > 0, `${pop.name} fires`);
      }
    }
    assert.is(pools, ARCH.depth, 'one pooling population per pooled layer');
    assert.is(counts.size, ref.stats.populations.filter((q) => q.kind === 'if').length);
    assert.ok(total > 200, `only ${total} spikes`);
    // The pooling neurons' arithmetic is exact in float (¼-steps from ½); the convs differ only in float
    // summation order, so a rare neuron at u ≈ v may flip, as in test/sim/tfjs-agreement.test.ts.
    assert.ok(diff <= 0.002 * total, `${diff} of ${total} spikes differ (${exact} populations exact)`);
  });
}

test('SOP fan-out with spiking pools: 1 per spike into a pool, 9·C_out per pooled spike', () => {
  const f = spikeFanout(DEFAULT_ARCH, 'spiking');
  const fused = spikeFanout(DEFAULT_ARCH);
  assert.is(f.get('enc0.conv2'), 1 + 9 * 16, 'into the pool of enc1.conv1, and 3×3 into dec0.conv1 (skip)');
  assert.is(fused.get('enc0.conv2'), 9 * 32 + 9 * 16, 'fused: the 6×6 stride-2 kernel reaches 3×3 outputs');
  assert.is(f.get(poolPopulationName('enc1.conv1')), 9 * 32);
  assert.is(f.get(poolPopulationName('mid.conv1')), 9 * 128);
  assert.is(f.get('dec0.up'), fused.get('dec0.up'));
  const pooled = unetLayers(DEFAULT_ARCH).filter((l) => l.pooledInput).length;
  assert.is(f.size, fused.size + pooled);
});

test('SOP estimate in spiking mode against the simulator: pool inputs exact, convs over-counted only at borders', () => {
  const ckpt = tinyCheckpoint('poisson');
  const net = decodeSimNetlist(compileCheckpoint({ checkpoint: ckpt, file: 'tiny.ckpt', sha256: '0'.repeat(64) }, builtinTarget('loihi2'), { quantize: 'float32', sampleLayers: 0, placementRounds: 0 }).bytes, 'tiny');
  const image = randomImage(4, ARCH.height * ARCH.width);
  const ref = referenceSimulate(net, image, sliceSeed(net.seed, 0), { mode: 'zero-delay', T });
  const pop = new Map(ref.stats.populations.map((q) => [q.name, q]));
  for (const l of unetLayers(ARCH).filter((x) => x.pooledInput)) {
    const source = l.inputs[0] as string;
    assert.is(pop.get(poolPopulationName(l.name))?.sopsIn, pop.get(source)?.spikes, `${l.name}: one SOP per spike into its pool`);
  }
  const { sopPerMac } = tfjsCounts(ckpt, image, net.seed);
  const estimate = sopPerMac * macsPerSlice(ARCH);
  // the meter leaves out the input layer's spikes (they do not depend on the weights): so does this
  const sim = ref.stats.totals.sops - (pop.get('enc0.conv1')?.sopsIn as number);
  assert.ok(estimate >= sim, `estimate ${estimate} ≥ simulator ${sim}`);
  assert.ok(estimate <= 1.6 * sim, `estimate ${estimate} within the border over-count of ${sim} (16×16 maps: a third of the neurons are borders)`);
  console.log(`  SOPs per slice, tiny U-Net, spiking pools: estimate ${estimate.toFixed(0)}, simulator ${sim} (ratio ${(estimate / sim).toFixed(3)})`);
});

test('spiking pools in training: the differentiable SOP/MAC equals the counted one, and BPTT reaches the first layer', () => {
  const ckpt = tinyCheckpoint('direct');
  const snn = ckpt.header.snn as NonNullable<typeof ckpt.header.snn>;
  const p: SnnParams = { thresholds: snn.thresholds, u0Fraction: snn.u0Fraction, readoutScale: snn.readoutScale, encoding: 'direct', pool: 'spiking' };
  const weights = weightsFromCheckpoint(ckpt, 'tiny.ckpt');
  const x = tf.tensor4d(randomImage(9, 2 * 256), [2, 16, 16, 1]);
  const o = { T: 4, seed: 1, sliceIds: [0, 1] };
  const names = [...weights.keys()];
  const f = (...ws: tf.Tensor[]): tf.Scalar => {
    const wm = new Map(names.map((n, i): [string, tf.Tensor4D] => [n, ws[i] as tf.Tensor4D]));
    const m = new SopMeter(ARCH, 2, 'spiking');
    const logits = snnLogits(ARCH, wm, p, x, { ...o, surrogate: DEFAULT_SURROGATE, onSpikes: (l, s) => m.addTensor(l, s), onPoolSpikes: (l, s) => m.addPoolTensor(l, s) });
    return tf.add(m.ratioTensor(), tf.mul(tf.mean(logits), 1e-3));
  };
  const { value, grads } = tf.valueAndGrads(f)(names.map((n) => weights.get(n) as tf.Tensor));
  const counted = new SopMeter(ARCH, 2, 'spiking');
  const logits = snnInfer(ARCH, weights, p, x, o, { onCounts: (l, c) => counted.addCount(l, c.spikes), onPoolCounts: (l, c) => counted.addPoolCount(l, c.spikes) });
  const expect = counted.ratio() + 1e-3 * (tf.mean(logits).dataSync()[0] as number);
  assert.ok(Math.abs((value.dataSync()[0] as number) - expect) < 1e-5 * expect, `${value.dataSync()[0]} vs ${expect}`);
  const g0 = tf.sum(tf.abs(grads[names.indexOf('enc0.conv1')] as tf.Tensor)).dataSync()[0] as number;
  assert.ok(g0 > 0, 'the gradient passes the pooling neurons back to enc0.conv1');
  tf.dispose([value, ...grads, x, logits, ...weights.values()]);
});

const PHANTOM = ['--phantoms', '6', '--phantom-shape', '10x28x28', '--height', '32', '--width', '32', '--base', '4', '--depth', '2', '--folds', '3', '--batch', '8', '--val-fraction', '0.25', '--backend', 'wasm'];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => { out += s; return true; } }, stderr: { write: (s: string) => { err += s; return true; } } };
  return { code: await main(args, io), out, err };
}

test('CLI: finetune --pool spiking records snn.pool; compile follows it, warns HSNN1411 on an explicit mismatch; evaluate-snn --pool', async () => {
  const ok = async (args: string[]): Promise<string> => {
    const r = await cli(args);
    assert.is(r.code, 0, r.err);
    return r.err;
  };
  await ok(['train', '--fold', '0', '--epochs', '1', '--lr', '1e-2', '--out', join(dir, 'relu'), ...PHANTOM]);
  const src = join(dir, 'snn.ckpt');
  await ok(['convert', join(dir, 'relu', 'ann.best.ckpt'), '--stat', 'ann', '--u0', '0.5', '--encoding', 'direct', '--T', '4', '--samples', '8', '--out', src, '--backend', 'wasm']);
  const ft = ['finetune', src, '--T', '4', '--batch', '8', '--slices-per-epoch', '8', '--lr', '3e-3', '--sop-weight', '1', '--backend', 'wasm'];
  await ok([...ft, '--epochs', '1', '--pool', 'spiking', '--out', join(dir, 'sp')]);
  const trained = join(dir, 'sp', 'snn.ckpt');
  assert.is(loadCheckpoint(trained).header.snn?.pool, 'spiking');
  assert.is(loadCheckpoint(src).header.snn?.pool, undefined, 'a conversion is fused');
  const compile = ['compile', trained, '--target', 'loihi', '--spike-sample-layers', '0'];
  assert.not.match(await ok([...compile, '-o', join(dir, 'a.pb')]), /HSNN1411/);
  assert.is(decodeNetlist(readFileSync(join(dir, 'a.pb')), 'a').poolLowering, 'spiking');
  assert.match(await ok([...compile, '--pool', 'fused', '-o', join(dir, 'b.pb')]), /warning: HSNN1411 option --pool fused.*--pool spiking/);
  assert.is(decodeNetlist(readFileSync(join(dir, 'b.pb')), 'b').poolLowering, 'fused', 'the explicit option wins');
  assert.not.match(await ok(['compile', src, '--pool', 'spiking', '--spike-sample-layers', '0', '-o', join(dir, 'c.pb')]), /HSNN1411/, 'a fused-trained (unrecorded) checkpoint takes either');
  await ok(['rates', trained, '--slices', '8', '--out', join(dir, 'rates.json'), '--backend', 'wasm']);
  const rates = JSON.parse(readFileSync(join(dir, 'rates.json'), 'utf8')) as { layers: { name: string; neurons: number; rate: number }[] };
  const poolRates = rates.layers.filter((l) => l.name.endsWith('/pool'));
  assert.equal(poolRates.map((l) => l.name), ['enc1.conv1/pool', 'mid.conv1/pool']);
  const netA = decodeNetlist(readFileSync(join(dir, 'a.pb')), 'a');
  for (const l of poolRates) {
    const popA = netA.populations.find((q) => q.name === l.name);
    assert.is(l.neurons, (popA?.channels ?? 0) * (popA?.height ?? 0) * (popA?.width ?? 0), `${l.name}: the population's size`);
  }
  assert.not.match(await ok([...compile, '--rates', join(dir, 'rates.json'), '-o', join(dir, 'r.pb')]), /HSNN2202/, 'every measured population exists in the spiking netlist');
  const e = await cli(['evaluate-snn', trained, '--T', '4', '--subjects', '1', '--pool', 'fused', '--backend', 'wasm']);
  assert.is(e.code, 0, e.err);
  assert.is((JSON.parse(e.out.trim().split('\n').pop() as string) as { pool: string }).pool, 'fused');
  const bad = await cli(['evaluate-snn', trained, '--T', '4', '--pool', 'max', '--backend', 'wasm']);
  assert.is(bad.code, 2);
  assert.match(bad.err, /HSNN1203 option --pool: 'max'/);
  const badFt = await cli([...ft, '--epochs', '1', '--pool', 'max', '--out', join(dir, 'bad')]);
  assert.is(badFt.code, 2);
  assert.not.ok(existsSync(join(dir, 'bad')));
  const resumed = await cli([...ft, '--epochs', '2', '--resume', '--pool', 'fused', '--out', join(dir, 'sp')]);
  assert.is(resumed.code, 2);
  assert.match(resumed.err, /HSNN1204.*pool/, resumed.err);
});

test.run();
