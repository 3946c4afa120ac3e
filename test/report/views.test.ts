// The fair energy matrix on the hand-made tiny run (test/report/tiny.ts: 2 slices, T = 4) and the
// 246-MAC U-Net (base 1, depth 1, 2×2): figures worked by hand in the comments. Per slice: SOPs 76
// (enc0.conv1 45 input-driven, enc0.conv2 27, out 4), active neuron updates 41 (enc0.conv1 20).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { annShapes } from '../../report/energy/view-ann.js';
import { energyViews } from '../../report/energy/views.js';
import { snnEnergy } from '../../report/energy/snn.js';
import { LOIHI } from '../../report/energy/targets.js';
import { mappingFromNetlist } from '../../report/inputs/load-netlist.js';
import { runFromStats } from '../../report/inputs/load-run.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { tinyNetlist, tinyStats } from './tiny.js';

const arch = { base: 1, depth: 1, inChannels: 1, height: 2, width: 2, dropout: 0 };
const inputDriven = new Set(['enc0.conv1']);
const close = (got: number, want: number, what: string): void => {
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want}`);
};
const sram = (bytes: number): number => 1.09e-5 * bytes * 8 + 13.2;

function views(stats: SimStats = tinyStats()) {
  const run = runFromStats(stats, 'tiny/stats.json', 'SNN');
  const mapping = mappingFromNetlist(tinyNetlist(), 'tiny.netlist');
  const snn = snnEnergy(run, LOIHI, inputDriven, mapping, 4.6);
  return energyViews({ run, arch, inputDriven, mapping, target: { id: 'loihi', title: LOIHI.title, snn, synopPj: 23.6, node: '14 nm' } });
}
const byId = (v: ReturnType<typeof views>, id: string) => {
  const x = v.find((r) => r.id === id);
  assert.ok(x, `view ${id}`);
  return x;
};

test('ANN shapes: weights, inputs read and outputs per layer', () => {
  const s = new Map(annShapes(arch).map((l) => [l.name, l]));
  // enc0.conv1: 3×3×1×1 weights, 4 input pixels, 4 outputs; mid.conv1 reads the pooled 1×1×1 input.
  assert.equal([s.get('enc0.conv1')?.weights, s.get('enc0.conv1')?.inputs, s.get('enc0.conv1')?.outputs], [9, 4, 4]);
  assert.equal([s.get('mid.conv1')?.inputs, s.get('dec0.up')?.inputs, s.get('dec0.conv1')?.inputs], [1, 2, 8]);
});

test('compute only, fp32: ANN 246 × 4.6; SNN (76 SOPs + 41 updates) × 0.9; break-even by hand', () => {
  const v = byId(views(), 'fp32-compute');
  close(v.annPj, 1131.6, 'ANN');
  close(v.snnPj, 105.3, 'SNN');
  // F = enc0.conv1 (45 + 20) × 0.9 + enc0.conv2 updates 18 × 0.9 + out 3 × 0.9 = 77.4; V = 27.9.
  const k = (1131.6 - 77.4) / 27.9;
  close(v.breakEven.scale ?? -1, k, 'scale');
  // Measured spikes per synapse: IF-driven SOPs (27 + 4) / their MACs (36 + 4).
  close(v.breakEven.spikesPerSynapse.measured, 31 / 40, 'measured');
  close(v.breakEven.spikesPerSynapse.breakEven ?? -1, k * 31 / 40, 'break-even');
  assert.not.ok(v.mixesNodes);
  assert.match(v.sentence, /SNN uses 10\.\d× less energy/);
});

test('memory-inclusive: ANN no reuse charges 2 buffer reads per MAC; reuse charges each value once', () => {
  const all = views();
  const e = sram(108 * 1024);
  close(byId(all, 'int8-no-reuse').annPj, 246 * (0.23 + 2 * e), 'no reuse');
  // Σ weights 246 - … : weights + inputs + outputs over the 8 layers, from annShapes.
  const acc = annShapes(arch).reduce((s, l) => s + l.weights + l.inputs + l.outputs, 0);
  close(byId(all, 'int8-reuse').annPj, 246 * 0.23 + acc * e, 'reuse');
  // The SNN is the same in both memory views: event-driven, no reuse to choose.
  close(byId(all, 'int8-no-reuse').snnPj, byId(all, 'int8-reuse').snnPj, 'same SNN');
  // enc0.conv2's core 1: 30 SOPs × (0.1 + weight read at the default 128 KB + 2 potential accesses at 4 neurons × 4 B) …
  const snn = byId(all, 'int8-no-reuse').layers.find((l) => l.name === 'enc0.conv2');
  assert.ok(snn !== undefined && snn.snnPj > (54 / 2) * (0.1 + sram(128 * 1024) + 2 * sram(16)), 'SOP traffic at least');
});

test('accelerator rows say they mix nodes and cost the ANN at the device figure', () => {
  const all = views();
  const tpu = byId(all, 'loihi-vs-edge-tpu');
  close(tpu.annPj, 246 * 1.0, 'Edge TPU 1 pJ/MAC');
  assert.ok(tpu.mixesNodes);
  assert.match(tpu.notes.join(' '), /not one node/);
  close(byId(all, 'loihi-vs-eyeriss').annPj, 246 * 12, 'Eyeriss 12 pJ/MAC');
});

test('direct input: inputMacs are charged as MACs at the same view\'s ANN cost per MAC', () => {
  const base = views();
  const direct = views({ ...tinyStats(), inputMacs: 1000 } as SimStats);
  // 1000 MACs over 2 slices = 500 per slice.
  close(byId(direct, 'fp32-compute').snnPj - byId(base, 'fp32-compute').snnPj, 500 * 4.6, 'fp32');
  close(byId(direct, 'int8-compute').snnPj - byId(base, 'int8-compute').snnPj, 500 * 0.23, 'int8');
  close(byId(direct, 'loihi-vs-eyeriss').snnPj - byId(base, 'loihi-vs-eyeriss').snnPj, 500 * 12, 'on the accelerator');
  assert.match(byId(direct, 'int8-no-reuse').notes.join(' '), /Direct input: 500 host MACs/);
});

test('stats.json with a bad inputMacs is HSNN7011 naming the file and field', () => {
  try {
    runFromStats({ ...tinyStats(), inputMacs: -3 } as SimStats, 'run/stats.json', 'SNN');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, HsnnError);
    assert.match((e as Error).message, /HSNN7011 run stats run\/stats\.json: inputMacs must be a number >= 0/);
  }
});

test.run();
