// `--pool fused | spiking`: fused (default) folds each 2×2 avg pool into the next conv; spiking lowers it
// to a SUM_POOL (weight 1/4) into an IF pooling population (v = 1, u0 = 1/2) that the next 3×3 conv reads.
// Checks the lowered structure and units, the record in the netlist and inspect, the wasm simulator
// against the reference on the spiking netlist, the SOPs of both lowerings, the refusals, and the folding
// of a pool into a dense edge (NIR SumPool2d/AvgPool2d → Flatten → Affine).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { main } from '../../cli/main.js';
import { decodeNetlist } from '../../proto/decode.js';
import { formatInspect, inspectNetlist } from '../../compiler/emit/report.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { ensureWasm, firstSpikeDiff, runBoth } from '../sim/fixture.js';
import { randomImage } from '../sim/builders.js';
import { compileTiny, TINY_ARCH } from './helpers.js';
import { expandDense } from '../../compiler/passes/lower-avgpool.js';
import type { DenseEdge } from '../../compiler/ir/graph.js';
import { mulberry32 } from '../../core/random.js';

ensureWasm();

const spiking = { pool: 'spiking' as const, sampleLayers: 0, placementRounds: 1 };

test('spiking: one IF pooling population per pool, SUM_POOL 127 (int8), v_q = 508, u0_q = 254; the conv reads it 3×3', () => {
  const m = decodeNetlist(compileTiny(builtinTarget('loihi'), spiking).bytes, 's');
  assert.is(m.poolLowering, 'spiking');
  const pools = m.populations.filter((p) => p.name.endsWith('/pool'));
  assert.equal(pools.map((p) => [p.name, p.kind, p.channels, p.height, p.width]), [['enc1.conv1/pool', 'if', 4, 8, 8], ['mid.conv1/pool', 'if', 8, 4, 4]]);
  for (const p of pools) {
    const into = m.projections.filter((q) => q.target === p.id);
    assert.equal(into.map((q) => [q.kind, q.kernelH, q.strideH, [...q.weightsQ]]), [['sum_pool', 2, 2, [127]]]);
    // unit = (1/4) / 127, so v = 1 is 508 units and u0 = v/2 is 254: the pooled rate is the window mean.
    assert.equal([p.thresholdQ, p.u0Q], [508, 254]);
    const reader = m.projections.find((q) => q.source === p.id);
    assert.equal([reader?.kind, reader?.kernelH, reader?.strideH, reader?.padTop], ['conv2d', 3, 1, 1]);
  }
  assert.is(m.projections.filter((q) => q.kernelH === 6).length, 0, 'no fused 6×6 kernels');
  const f = decodeNetlist(compileTiny(builtinTarget('loihi'), { sampleLayers: 0, placementRounds: 1 }).bytes, 'f');
  assert.is(f.poolLowering, 'fused');
  assert.equal([f.projections.filter((q) => q.kind === 'sum_pool').length, f.projections.filter((q) => q.kernelH === 6).length], [0, 2]);
  assert.is(m.populations.length, f.populations.length + 2);
});

test('spiking netlist: wasm = reference in both modes; SOPs of both lowerings on one image', () => {
  const image = randomImage(3, 256);
  const sops: Record<string, number> = {};
  for (const pool of ['fused', 'spiking'] as const) {
    const net = decodeSimNetlist(compileTiny(builtinTarget('loihi'), { ...spiking, pool }).bytes, `${pool}.pb`);
    for (const mode of ['zero-delay', 'pipelined'] as const) {
      const { ref, wasm, wasmSpikes } = runBoth(net, image, 5, mode);
      assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${pool} ${mode}`);
      assert.equal([...wasm.U], [...ref.U], `${pool} ${mode}: U`);
      assert.is(wasm.stats.totals.sops, ref.stats.totals.sops);
      if (mode === 'zero-delay') sops[pool] = wasm.stats.totals.sops;
    }
  }
  // The fused 6×6 kernel takes every source spike 9× per output channel; pooled spikes are 4× fewer events.
  assert.ok((sops.fused ?? 0) > 0 && (sops.spiking ?? 0) > 0, JSON.stringify(sops));
  console.log(`  SOPs per slice, tiny U-Net (base 4, 16×16, T = 8, random weights): fused ${sops.fused}, spiking ${sops.spiking}`);
});

test('direct input with spiking pooling: both recorded, simulators agree', () => {
  const m = compileTiny(builtinTarget('loihi2'), spiking, TINY_ARCH, { encoding: 'direct' });
  assert.equal([m.summary.encoding, m.summary.pool], ['direct', 'spiking']);
  const { ref, wasm, wasmSpikes } = runBoth(decodeSimNetlist(m.bytes, 'dp.pb'), randomImage(4, 256), 5, 'zero-delay');
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
  assert.equal([...wasm.U], [...ref.U]);
  assert.ok(wasm.stats.populations.filter((p) => p.name.endsWith('/pool')).every((p) => p.spikes > 0), 'pooling populations fire');
});

test('inspect and the summary record the choice; speck refuses pool projections (HSNN2007)', () => {
  const s = compileTiny(builtinTarget('generic'), spiking);
  assert.is(s.summary.pool, 'spiking');
  assert.match(formatInspect(inspectNetlist(decodeNetlist(s.bytes, 's'))), /, spiking pooling\n[\s\S]*pooling: spiking \(each 2×2 avg pool is a SUM_POOL/);
  assert.match(formatInspect(inspectNetlist(decodeNetlist(compileTiny(builtinTarget('generic'), { sampleLayers: 0 }).bytes, 'f'))), /pooling: fused/);
  try {
    compileTiny(builtinTarget('speck'), spiking);
    assert.unreachable('speck compiled a spiking pool');
  } catch (e) {
    assert.ok(e instanceof HsnnError);
    assert.ok(e.diagnostics.some((d) => d.code === 'HSNN2007' && /pool 'enc1\.conv1\/pool' is not supported by speck/.test(d.message)), e.message);
  }
});

test('a dense edge reading an f×f pool, folded, gives the current of the dense edge over the pooled spikes', () => {
  const r = mulberry32(17);
  const [C, H, W, f, cout] = [2, 3, 2, 2, 3];
  const e: DenseEdge = { kind: 'dense', name: 'fc', source: 'pool', target: 'out', kh: H, kw: W, sh: 1, sw: 1, pt: 0, pl: 0, cin: C, cout, weights: Float32Array.from({ length: C * H * W * cout }, () => r() - 0.5) };
  for (const [sum, div] of [[true, 1], [false, f * f]] as const) {
    const x = expandDense(e, f, div);
    assert.equal([x.kh, x.kw, x.weights.length, x.pooled?.factor], [H * f, W * f, C * H * W * f * f * cout, f], `sum ${sum}`);
    const spikes = Array.from({ length: C * H * f * W * f }, () => (r() < 0.4 ? 1 : 0));
    for (let j = 0; j < cout; j++) {
      let folded = 0, pooled = 0;
      spikes.forEach((s, i) => { folded += s * (x.weights[i * cout + j] as number); });
      for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) {
        let p = 0;
        for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) p += spikes[(c * H * f + y * f + dy) * W * f + xx * f + dx] as number;
        pooled += (p / div) * (e.weights[((c * H + y) * W + xx) * cout + j] as number);
      }
      assert.ok(Math.abs(folded - pooled) < 1e-5, `sum ${sum} channel ${j}: ${folded} vs ${pooled}`);
    }
  }
});

test('hsnn compile --pool bogus is HSNN2204', async () => {
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => { err += s; return true; } } };
  assert.is(await main(['compile', 'x.ckpt', '--pool', 'max', '-o', 'never.pb'], io), 2);
  assert.match(err, /HSNN2204 --pool max: expected fused or spiking/);
});

test.run();
