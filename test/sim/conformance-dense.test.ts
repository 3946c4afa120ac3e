// Conformance of the DENSE projection kind (NIR Affine/Linear): seeded netlists of conv and dense edges with
// dense skips, leaky and biased populations and random core mappings, in INT8, INT16 and FLOAT32 and both
// timing modes. WASM and the reference must agree on every spike, every counter and every potential bit of
// every step (float32 included). The float32 order of one step is also checked against a hand-written chain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mulberry32 } from '../../core/random.js';
import type { hsnn } from '../../proto/gen/netlist.js';
import type { SimNetlist } from '../../runtime-wasm/host/netlist.js';
import { disposeSimulator, loadSimulator, readPotentials, simulateSlice } from '../../runtime-wasm/host/simulator.js';
import type { SimMode, SimStats } from '../../runtime-wasm/host/stats.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { encodeProps, inputPop, netlistProps, neuronPop, proj, randomImage, roundTrip } from './builders.js';
import { randomDenseNetlist } from './dense-builders.js';
import { ensureWasm, firstSpikeDiff } from './fixture.js';
import { HsnnError } from '../../core/errors.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';

ensureWasm();

type State = Int32Array | Float32Array;

const withoutWall = (s: SimStats): Omit<SimStats, 'wallMs'> => {
  const { wallMs: _w, ...rest } = s;
  return rest;
};

interface Run {
  readonly ref: ReturnType<typeof referenceSimulate>;
  readonly wasm: ReturnType<typeof simulateSlice>;
  readonly wasmSpikes: Uint32Array[][];
  /** states[t][p]: potentials after step t (CHW, simulation units). */
  readonly refStates: State[][];
  readonly wasmStates: State[][];
}

function runWithStates(net: SimNetlist, image: Float32Array, seed: number, mode: SimMode): Run {
  const refStates: State[][] = [];
  const ref = referenceSimulate(net, image, seed, { mode, onState: (_t, u) => { refStates.push(u.map((a) => a.slice())); } });
  const h = loadSimulator(net);
  const wasmSpikes: Uint32Array[][] = [], wasmStates: State[][] = [];
  try {
    const wasm = simulateSlice(h, image, seed, { mode, onStep: (_t, s) => { wasmSpikes.push([...s]); wasmStates.push(net.populations.map((_, q) => readPotentials(h, q))); } });
    return { ref, wasm, wasmSpikes, refStates, wasmStates };
  } finally {
    disposeSimulator(h);
  }
}

const bits = (a: State): number[] => [...new Uint32Array(a.buffer, a.byteOffset, a.length)];

/** First (step, population) whose potentials differ in any bit, or undefined. */
function firstStateDiff(a: readonly State[][], b: readonly State[][]): string | undefined {
  if (a.length !== b.length) return `${a.length} vs ${b.length} steps`;
  for (let t = 0; t < a.length; t++) {
    for (let p = 1; p < (a[t] ?? []).length; p++) {
      const x = bits((a[t] as State[])[p] as State), y = bits(((b[t] ?? [])[p] ?? new Int32Array()) as State);
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return `step ${t} population ${p}: [${[...(a[t] as State[])[p] as State].join(',')}] vs [${[...((b[t] as State[])[p] as State)].join(',')}]`;
    }
  }
  return undefined;
}

const SEEDS = Array.from({ length: 12 }, (_, i) => 500 + i);

for (const format of ['INT8', 'INT16', 'FLOAT32'] as const) {
  test(`${format}: dense netlists agree on every spike, potential bit and counter`, () => {
    let spikes = 0, leaky = 0, biased = 0;
    for (const seed of SEEDS) {
      const net = roundTrip(randomDenseNetlist(seed, format));
      assert.ok(net.projections.filter((q) => q.kind === 'dense').length >= 2, 'dense projections in the netlist');
      leaky += net.populations.filter((p) => p.leak !== undefined).length;
      biased += net.populations.filter((p) => p.bias !== undefined).length;
      const input = net.populations[0];
      const image = randomImage(seed, input ? input.C * input.H * input.W : 0);
      for (const mode of ['zero-delay', 'pipelined'] as const) {
        const run = runWithStates(net, image, seed * 7, mode);
        const where = `seed ${seed} ${mode}`;
        assert.is(firstSpikeDiff(run.ref.spikes, run.wasmSpikes), undefined, where);
        assert.is(firstStateDiff(run.refStates, run.wasmStates), undefined, `${where}: potentials`);
        assert.equal(withoutWall(run.wasm.stats), withoutWall(run.ref.stats), `${where}: stats`);
        spikes += run.wasm.stats.totals.spikes;
        if (mode === 'zero-delay') checkDenseSops(net, run.wasm.stats, where);
      }
    }
    assert.ok(spikes > 300, `only ${spikes} spikes`);
    assert.ok(leaky > 3 && biased > 3, `leak on ${leaky} and bias on ${biased} populations`);
  });
}

/** Zero-delay: every spike into a dense-only target costs one SOP per target neuron (SEMANTICS.md). */
function checkDenseSops(net: SimNetlist, s: SimStats, where: string): void {
  for (const p of net.populations.slice(2)) {
    const into = net.projections.filter((q) => q.target === p.id);
    if (!into.every((q) => q.kind === 'dense')) continue;
    const want = into.reduce((a, q) => a + (s.populations[q.source]?.spikes ?? 0) * p.C, 0);
    assert.is(s.populations[p.id]?.sopsIn, want, `${where}: SOPs into ${p.name}`);
  }
}

/** input (1, 2, 3) → dense → LIF (4, 1, 1) with a bias → dense → integrator (2, 1, 1), FLOAT32. */
function lifNetlist(): hsnn.netlist.Netlist.$Properties {
  const r = mulberry32(42);
  const w1 = Array.from({ length: 6 * 4 }, () => Math.fround(0.05 + r() * 0.4));
  const w2 = Array.from({ length: 4 * 2 }, () => Math.fround(r() - 0.3));
  const lif = { ...neuronPop(1, 'if', 4, 1, 1, Math.fround(1.3), Math.fround(0.2)), decay: Math.fround(0.1), bias: [0.1, 0.0625, 0.3, 0.17].map(Math.fround) };
  const pops = [inputPop(2, 3), lif, neuronPop(2, 'integrator', 2, 1, 1)];
  return netlistProps('FLOAT32', pops, [proj(0, { kind: 'dense', source: 0, target: 1, weights: w1 }, 'FLOAT32'), proj(1, { kind: 'dense', source: 1, target: 2, weights: w2 }, 'FLOAT32')], 12);
}

test('FLOAT32 order of a step (LIF + bias + dense): leak, bias, then each spike\'s row in spike order, bit for bit', () => {
  const net = roundTrip(lifNetlist());
  const p = net.populations[1];
  assert.ok(p?.leak !== undefined && p.bias !== undefined, 'leaky and biased');
  const run = runWithStates(net, new Float32Array(6).fill(0.7), 3, 'zero-delay');
  assert.is(firstSpikeDiff(run.ref.spikes, run.wasmSpikes), undefined);
  assert.is(firstStateDiff(run.refStates, run.wasmStates), undefined, 'reference and WASM potentials');
  const w = net.projections[0]?.weights as Float32Array;
  const f = Math.fround;
  let u = Float32Array.from({ length: 4 }, () => p.u0);
  let otherOrder = 0, fired = 0;
  run.wasmStates.forEach((state, t) => {
    const inSpikes = (run.wasmSpikes[t] ?? [])[0] ?? new Uint32Array();
    const next = new Float32Array(4);
    for (let j = 0; j < 4; j++) {
      // The order SEMANTICS.md states, one float32 rounding per operation.
      let v = f(f((u[j] as number) * (p.leak as number)) + ((p.bias as Float32Array)[j] as number));
      let I = 0;
      for (const i of inSpikes) { v = f(v + (w[i * 4 + j] as number)); I = f(I + (w[i * 4 + j] as number)); }
      // Another plausible order (input summed apart, added with the bias): must give other bits somewhere.
      const alt = f(f((u[j] as number) * (p.leak as number)) + f(I + ((p.bias as Float32Array)[j] as number)));
      if (alt !== v) otherOrder++;
      if (v > p.threshold) { v = f(v - p.threshold); fired++; }
      next[j] = v;
    }
    assert.equal(bits((state[1] as State)), bits(next), `step ${t}: WASM state equals the stated order`);
    u = next;
  });
  assert.ok(fired > 3, `the LIF population fired ${fired} times`);
  assert.ok(otherOrder > 0, 'the data distinguish the stated order from summing the input apart');
});

test('the reader refuses a malformed DENSE projection, naming it (HSNN2305, HSNN2308)', () => {
  const good = randomDenseNetlist(501, 'INT8');
  const variant = (edit: (q: hsnn.netlist.Projection.$Properties) => void, pops?: (p: hsnn.netlist.Population.$Properties[]) => void): string => {
    const copy = structuredClone(good);
    const q = (copy.projections ?? []).find((x) => x.kind === 5) as hsnn.netlist.Projection.$Properties;
    edit(q);
    pops?.(copy.populations as hsnn.netlist.Population.$Properties[]);
    try { decodeSimNetlist(encodeProps(copy), 'bad.netlist.pb'); return 'ok'; } catch (e) { return e instanceof HsnnError ? e.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ') : String(e); }
  };
  assert.is(variant(() => undefined), 'ok');
  assert.match(variant((q) => { q.weightsQ = (q.weightsQ ?? []).slice(1); }), /HSNN2305 .*projection \d+ 'j\d+': \d+ weights, a dense projection needs/);
  assert.match(variant((q) => { q.kernelH = 3; }), /HSNN2308 .*DENSE projection has no kernel/);
  assert.match(variant((q) => { q.csrRowPtr = [0]; }), /HSNN2306 .*CSR lists on a dense projection/);
  assert.match(variant((q) => { q.kind = 9 as hsnn.netlist.ProjectionKind; }), /HSNN2308 .*not CONV2D, CONV_TRANSPOSE2D, SUM_POOL, SPARSE or DENSE/);
  assert.match(variant((q) => { q.target = 3; }, (p) => { const t = p[3] as hsnn.netlist.Population.$Properties; t.height = 2; }), /HSNN2305 .*must be \(C, 1, 1\)/);
});

test.run();
