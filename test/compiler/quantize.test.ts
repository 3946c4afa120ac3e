// Quantisation: every weight within scale/2 of its integer (the stated bound), one unit per target
// population shared by all its projections, thresholds in the same unit; and the compile-time spike
// comparison agrees exactly when the float weights are exactly representable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { quantizeWeights, QMAX } from '../../compiler/passes/quantize-weights.js';
import { compareSpikes } from '../../compiler/quant/spike-sim.js';
import { phantomSlice } from '../../compiler/quant/phantom.js';
import { DiagnosticSink } from '../../compiler/diagnostics/sink.js';
import { DEFAULT_OPTIONS, type CompileContext } from '../../compiler/context.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import type { Graph, NumberFormat } from '../../compiler/ir/graph.js';
import { chainGraph } from './graphs.js';

const ctx = (quantize: NumberFormat): CompileContext => ({ target: GENERIC, options: { ...DEFAULT_OPTIONS, quantize }, diag: new DiagnosticSink() });

const graph = (): Graph => chainGraph({ c: 1, h: 8, w: 8 }, [
  { kind: 'conv', c: 4, k: 3, s: 1, p: 1 }, { kind: 'conv', c: 6, k: 3, s: 2, p: 1 }, { kind: 'convT', c: 4, k: 2, s: 2, p: 0, skipFrom: 1 },
], 11);

for (const format of ['int8', 'int16'] as const) {
  test(`${format}: |w − q·scale| ≤ scale/2 for every weight, integers in range, one unit per population`, () => {
    const g = quantizeWeights(graph(), ctx(format));
    const units = new Map<string, number>();
    for (const e of g.edges) {
      const q = e.quant!;
      assert.is(q.weightsQ.length, e.weights.length);
      if (units.has(e.target)) assert.is(q.scale, units.get(e.target), `edges into ${e.target} share a unit`);
      units.set(e.target, q.scale);
      let max = 0;
      for (let i = 0; i < e.weights.length; i++) {
        const err = Math.abs((e.weights[i] as number) - (q.weightsQ[i] as number) * q.scale);
        assert.ok(err <= q.scale / 2 * (1 + 1e-9), `${e.name}[${i}] error ${err} > scale/2 ${q.scale / 2}`);
        assert.ok(Math.abs(q.weightsQ[i] as number) <= QMAX[format]);
        max = Math.max(max, err);
      }
      assert.ok(Math.abs(q.maxAbsError - max) < 1e-12, 'reported max error is the measured one');
      assert.ok(q.meanAbsError <= q.maxAbsError);
    }
    for (const n of g.nodes) {
      if (n.kind !== 'if') continue;
      assert.is(n.quant?.unit, units.get(n.name));
      assert.is(n.quant?.thresholdQ, Math.round(n.threshold / (n.quant?.unit ?? 1)));
    }
    assert.ok(g.edges.some((e) => e.quant!.weightsQ.some((v) => Math.abs(v) === QMAX[format])), 'the largest weight maps to q_max');
  });
}

test('float32 keeps the weights: no integers, zero error', () => {
  const g = quantizeWeights(graph(), ctx('float32'));
  assert.is(g.format, 'float32');
  for (const e of g.edges) {
    assert.is(e.quant?.weightsQ.length, 0);
    assert.is(e.quant?.maxAbsError, 0);
  }
});

test('spike comparison: exactly representable weights give identical float and integer spikes', () => {
  const base = graph();
  const step = 2 ** -7;
  const exact: Graph = {
    ...base,
    // Round to multiples of 2^-7 and pin one weight per edge to 127·2^-7, so every unit is exactly 2^-7.
    edges: base.edges.map((e) => ({ ...e, weights: e.weights.map((w, i) => (i === 0 ? 127 * step : Math.round(w / step) * step)) })),
    nodes: base.nodes.map((n) => (n.kind === 'if' ? { ...n, threshold: 0.25, u0: 0.125 } : n)),
  };
  const g = quantizeWeights(exact, ctx('int8'));
  const layers = compareSpikes(g, 3, phantomSlice(8, 8), 5, 12);
  assert.is(layers.length, 3);
  assert.ok(layers[0]!.floatSpikes > 0, 'the first layer spikes');
  for (const l of layers) {
    assert.is(l.mismatched, 0, `${l.name} mismatches`);
    assert.is(l.floatSpikes, l.quantSpikes);
  }
});

test.run();
