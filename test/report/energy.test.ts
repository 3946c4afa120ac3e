// Energy arithmetic on the hand-made tiny run (test/report/tiny.ts: 2 slices, T = 4), one case per
// target. Every expected figure is a literal worked out by hand in the comment beside it.
// Per-slice counts: SOPs 152/2 = 76 (enc0.conv1 45 from the Poisson input, enc0.conv2 27, out 4);
// neuron updates active 82/2, idle 62/2; IF spikes 10/2 = 5; hops unicast EW 7/2, NS 5/2;
// multicast EW 5/2, NS 4/2; 2/2 local messages; no chip crossings; 4 cores; latency 1000 ns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { annEnergy } from '../../report/energy/ann.js';
import { breakEven, layerBreakEvenScale } from '../../report/energy/breakeven.js';
import { loadCustomModel } from '../../report/energy/custom.js';
import { chooseModels } from '../../report/energy/models.js';
import { snnEnergy } from '../../report/energy/snn.js';
import { HOROWITZ_GENERIC, LOIHI, LOIHI_SANAFE, TRUENORTH } from '../../report/energy/targets.js';
import { mappingFromNetlist } from '../../report/inputs/load-netlist.js';
import { runFromStats } from '../../report/inputs/load-run.js';
import { HsnnError } from '../../core/errors.js';
import { tinyNetlist, tinyStats } from './tiny.js';

const run = runFromStats(tinyStats(), 'tiny/stats.json', 'SNN');
const inputDriven = new Set(['enc0.conv1']);
const close = (got: number, want: number, what: string): void => {
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want}`);
};
const layer = (e: ReturnType<typeof snnEnergy>, name: string) => {
  const l = e.layers.find((x) => x.name === name);
  assert.ok(l, `layer ${name}`);
  return l;
};

test('ANN: 246 MACs for base 1, depth 1, 2×2 input', () => {
  // enc0.conv1 36 + enc0.conv2 36 + mid.conv1 18 + mid.conv2 36 + dec0.up 8 + dec0.conv1 72 + dec0.conv2 36 + out 4 = 246
  const a = annEnergy({ base: 1, depth: 1, inChannels: 1, height: 2, width: 2, dropout: 0 });
  assert.is(a.macs, 246);
  close(a.totalPj, 1131.6, 'fp32: 246 × 4.6');
  close(a.variants.find((v) => v.id === 'int8')?.totalPj ?? -1, 56.58, 'int8: 246 × 0.23');
  close(a.variants.find((v) => v.id === 'int32')?.totalPj ?? -1, 787.2, 'int32: 246 × 3.2');
  close(a.variants.find((v) => v.id === 'fp16')?.totalPj ?? -1, 369, 'fp16 derived: 246 × (1.1 + 0.4)');
});

test('loihi: synaptic, active/idle neurons, hops by direction, within-tile', () => {
  const e = snnEnergy(run, LOIHI, inputDriven);
  close(e.synapticPj, 1793.6, '76 × 23.6');
  close(e.neuronPj, 4933, '(82 × 81 + 62 × 52) / 2 = (6642 + 3224) / 2');
  close(e.routingPj, 22.2, '(7 × 3.0 + 5 × 4.0 + 2 × 1.7) / 2 = 44.4 / 2');
  close(e.spikeOutPj + e.staticPj, 0, 'no published injection or static figure');
  close(e.totalPj, 6748.8, '1793.6 + 4933 + 22.2');
  close(e.routing.multicastPj, 17.2, '(5 × 3.0 + 4 × 4.0 + 2 × 1.7) / 2 = 34.4 / 2');
  close(layer(e, 'enc0.conv1').neuronPj, 2244, '(40 × 81 + 24 × 52) / 2 = (3240 + 1248) / 2 = 4488 / 2');
  close(layer(e, 'enc0.conv1').synapticPj, 1062, '45 × 23.6 (Poisson-driven SOPs charged as ACs)');
  assert.ok(layer(e, 'enc0.conv1').inputDriven);
  assert.ok(e.notes.some((n) => /Poisson input spikes and charged as accumulates/.test(n)));
});

test('loihi-sanafe: conv synapse, one neuron-update figure, spike out', () => {
  const e = snnEnergy(run, LOIHI_SANAFE, inputDriven);
  close(e.synapticPj, 1824, '76 × 24.0 (conv synapse)');
  close(e.neuronPj, 1555.2, '(82 + 62) × 21.6 / 2');
  close(e.spikeOutPj, 346.5, '5 IF spikes × 69.3 (input spikes are host injections, not charged)');
  close(e.routingPj, 21, '(7 × 3.0 + 5 × 4.2) / 2; no within-core figure');
  close(e.totalPj, 3746.7, '1824 + 1555.2 + 346.5 + 21');
});

test('truenorth: all-in, nothing added to 26 pJ per synaptic event', () => {
  const e = snnEnergy(run, TRUENORTH, inputDriven);
  close(e.totalPj, 1976, '76 × 26');
  close(e.neuronPj + e.routingPj + e.spikeOutPj + e.staticPj, 0, 'all-in');
  close(e.routing.unicastPj, 0, 'no hop cost is charged under all-in');
  assert.ok(e.notes.some((n) => /all-in/.test(n)));
});

test('horowitz-generic: E_AC 0.9, neuron compare 0.9, Noxim 3.2 pJ hops; break-even', () => {
  const e = snnEnergy(run, HOROWITZ_GENERIC, inputDriven);
  close(e.synapticPj, 68.4, '76 × 0.9');
  close(e.neuronPj, 64.8, '(82 + 62) × 0.9 / 2 (idle at the active cost)');
  close(e.routingPj, 19.2, '(7 + 5) × 3.2 / 2');
  close(e.totalPj, 152.4, '68.4 + 64.8 + 19.2');
  // Without a netlist the routing splits by messages out: enc0.conv1 8 of 12, enc0.conv2 4 of 12.
  close(layer(e, 'enc0.conv1').routingPj, 12.8, '19.2 × 8 / 12');
  close(layer(e, 'enc0.conv2').routingPj, 6.4, '19.2 × 4 / 12');
  // Fixed F = neurons 64.8 + Poisson-driven SOPs 45 × 0.9 = 105.3; V = 152.4 − 105.3 = 47.1.
  // Measured rate = 5 IF spikes / (16 IF neurons × T 4) = 0.078125; r* = 0.078125 × (1131.6 − 105.3) / 47.1.
  const be = breakEven(e, 1131.6, 4, 4.6, 0.9);
  close(be.fixedPj, 105.3, 'F');
  close(be.variablePj, 47.1, 'V');
  close(be.measuredRate, 0.078125, 'measured rate');
  close(be.rate ?? -1, 1.702328821656051, '0.078125 × 1026.3 / 47.1');
  close(be.pjPerSpike, 9.42, '47.1 / 5 spikes');
  close(be.textbookRate, 4.6 / 3.6, 'E_MAC / (T · E_AC) = 4.6 / (4 × 0.9)');
  // Per layer, ANN 36 MACs × 4.6 = 165.6 pJ each. enc0.conv2: F = neurons (20+12+16+16) × 0.9 / 2 = 28.8,
  // V = 27 × 0.9 + 6.4 = 30.7, k = (165.6 − 28.8) / 30.7 = 136.8 / 30.7. enc0.conv1: F = 45 × 0.9 + 64 × 0.9 / 2
  // = 40.5 + 28.8 = 69.3 (input-driven SOPs are fixed), V = routing 12.8, k = 96.3 / 12.8 = 7.5234375.
  close(layerBreakEvenScale(layer(e, 'enc0.conv2'), 165.6) ?? -1, 136.8 / 30.7, 'enc0.conv2 scale');
  close(layerBreakEvenScale(layer(e, 'enc0.conv1'), 165.6) ?? -1, 7.5234375, 'enc0.conv1 scale');
  // Loihi: F = 4933 + 1062 = 5995 > 1131.6, so no rate breaks even.
  const loihi = breakEven(snnEnergy(run, LOIHI, inputDriven), 1131.6, 4, 4.6, 23.6);
  close(loihi.rate ?? -1, 0, 'F ≥ E_ANN');
});

test('netlist routes apportion routing by messages × mean route cost', () => {
  const m = mappingFromNetlist(tinyNetlist(), 'tiny.netlist');
  const e = snnEnergy(run, HOROWITZ_GENERIC, inputDriven, m);
  // Mean cost per message: core 0 (3.2 + 6.4) / 2 = 4.8; core 1 6.4; core 2 3.2.
  // Weights: 8 × 4.8 = 38.4 (enc0.conv1); 3 × 6.4 + 1 × 3.2 = 22.4 (enc0.conv2); total 60.8.
  close(layer(e, 'enc0.conv1').routingPj, (19.2 * 38.4) / 60.8, '19.2 × 38.4 / 60.8 ≈ 12.126');
  close(layer(e, 'enc0.conv2').routingPj, (19.2 * 22.4) / 60.8, '19.2 × 22.4 / 60.8 ≈ 7.074');
  close(e.routingPj, 19.2, 'total unchanged');
});

test('custom JSON model: every cost kind, static power × latency, multicast routing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-energy-'));
  try {
    const file = join(dir, 'chip.json');
    const src = 'test fixture';
    writeFileSync(file, JSON.stringify({
      id: 'my-chip', routing: 'multicast',
      costs: {
        synop: { pj: 2, source: src }, neuronActive: { pj: 10, source: src }, neuronIdle: { pj: 1, source: src }, spikeOut: { pj: 5, source: src },
        hopEW: { pj: 1, source: src }, hopNS: { pj: 2, source: src }, withinCore: { pj: 0.5, source: src }, chipCrossing: { pj: 100, source: src, labels: ['unconfirmed'] },
      },
      staticPower: { mwPerCore: 0.5, source: src },
    }));
    const model = loadCustomModel(file);
    const e = snnEnergy(run, model, inputDriven);
    close(e.synapticPj, 152, '76 × 2');
    close(e.neuronPj, 441, '(82 × 10 + 62 × 1) / 2');
    close(e.spikeOutPj, 25, '5 IF spikes × 5');
    close(e.routing.unicastPj, 9, '(7 × 1 + 5 × 2 + 0 × 100 + 2 × 0.5) / 2');
    close(e.routingPj, 7, 'multicast charged: (5 × 1 + 4 × 2 + 2 × 0.5) / 2');
    close(e.staticPj, 2000, '0.5 mW × 4 cores × 1000 ns (mW · ns = pJ)');
    close(e.totalPj, 2625, '152 + 441 + 25 + 7 + 2000');

    writeFileSync(file, JSON.stringify({ id: 'bad', costs: { synop: { pj: -1, source: src }, hopEW: { pj: 3 } } }));
    const err = (() => { try { loadCustomModel(file); return undefined; } catch (x) { return x; } })();
    assert.instance(err, HsnnError);
    const messages = (err as HsnnError).diagnostics.map((d) => `${d.code} ${d.message}`).join('\n');
    assert.match(messages, /HSNN7002 .*chip\.json: costs\.synop: pj must be a finite number >= 0/);
    assert.match(messages, /costs\.hopEW: every number needs a non-empty "source"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('costs carried by the netlist are preferred, and said so', () => {
  const costs = { synopPj: 1, neuronUpdateActivePj: 2, neuronUpdateIdlePj: 0, hopEwPj: 3, hopNsPj: 3, sources: ['tiny datasheet'], note: '' };
  const m = mappingFromNetlist(tinyNetlist(costs), 'tiny.netlist');
  const choice = chooseModels({ netlistTarget: m.targetName, netlistEnergy: m.energy, runTarget: 'loihi' });
  assert.is(choice.primary.origin, 'netlist');
  assert.is(choice.primary.id, 'tiny-chip');
  assert.match(choice.why, /netlist's target 'tiny-chip' carries energy costs/);
  const e = snnEnergy(run, choice.primary, inputDriven, m);
  close(e.totalPj, 238, '76 × 1 + (82 + 62) × 2 / 2 (idle 0 = unpublished, at the active cost) + (7 + 5) × 3 / 2 = 76 + 144 + 18');
  // Without netlist costs, the run's target picks the built-in table.
  assert.is(chooseModels({ runTarget: 'loihi' }).primary.id, 'loihi');
  assert.is(chooseModels({}).primary.id, 'horowitz-generic');
});

test.run();
