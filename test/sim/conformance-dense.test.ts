// Conformance of the DENSE projection kind (NIR Affine/Linear): seeded netlists of conv and dense edges with
// dense skips, leaky and biased populations and random core mappings, in INT8, INT16 and FLOAT32 and both
// timing modes. WASM and the reference must agree on every spike, every counter and every potential bit of
// every step (float32 included). The float32 order of one step is also checked against a hand-written chain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mulberry32, randInt } from '../../core/random.js';
import type { Rand } from '../../core/random.js';
import { hsnn } from '../../proto/gen/netlist.js';
import { decayQ } from '../../proto/leak.js';
import type { SimNetlist } from '../../runtime-wasm/host/netlist.js';
import { disposeSimulator, loadSimulator, readPotentials, simulateSlice } from '../../runtime-wasm/host/simulator.js';
import type { SimMode, SimStats } from '../../runtime-wasm/host/stats.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { inputPop, netlistProps, neuronPop, proj, randomCores, randomImage, roundTrip, threshold, weights } from './builders.js';
import type { Format, ProjSpec, Shape } from './builders.js';
import { ensureWasm, firstSpikeDiff } from './fixture.js';

ensureWasm();

type PopP = hsnn.netlist.Population.$Properties;
type State = Int32Array | Float32Array;

const withoutWall = (s: SimStats): Omit<SimStats, 'wallMs'> => {
  const { wallMs: _w, ...rest } = s;
  return rest;
};

/** Leak and bias on an IF population, each with probability ½, in both unit systems. */
function decorate(r: Rand, p: PopP, format: Format): PopP {
  const C = p.channels ?? 1, v = format === 'FLOAT32' ? (p.threshold ?? 1) : (p.thresholdQ ?? 1);
  const decay = r() < 0.5 ? Math.fround(0.05 + r() * 0.4) : 0;
  const bias = r() < 0.5 ? Array.from({ length: C }, () => (format === 'FLOAT32' ? Math.fround((r() - 0.4) * 0.3 * v) : Math.round((r() - 0.4) * 0.3 * v))) : [];
  return { ...p, ...(decay > 0 ? { decay, decayQ: decayQ(decay) } : {}), ...(bias.length > 0 ? { bias, biasQ: bias.map(Math.round) } : {}) };
}

const dense = (r: Rand, s: Shape, t: Shape, format: Format): Omit<ProjSpec, 'source' | 'target'> => ({ kind: 'dense', weights: weights(r, s.C * s.H * s.W * t.C, format) });

/** input → (conv 3×3 'same' or dense) IF → dense IF (N, 1, 1) → dense integrator, with dense skips. */
function randomDenseNetlist(seed: number, format: Format): hsnn.netlist.Netlist.$Properties {
  const r = mulberry32(seed);
  const s0: Shape = { C: randInt(r, 1, 2), H: randInt(r, 3, 6), W: randInt(r, 3, 6) };
  const convFirst = r() < 0.5;
  const s1: Shape = convFirst ? { C: randInt(r, 1, 4), H: s0.H, W: s0.W } : { C: randInt(r, 3, 12), H: 1, W: 1 };
  const s2: Shape = { C: randInt(r, 3, 20), H: 1, W: 1 }, s3: Shape = { C: randInt(r, 1, 6), H: 1, W: 1 };
  const shapes = [s0, s1, s2, s3];
  const pop = (id: number, kind: 'if' | 'integrator', s: Shape): PopP => {
    const v = threshold(r, format);
    const p = neuronPop(id, kind, s.C, s.H, s.W, v, format === 'FLOAT32' ? Math.fround(v * r() * 0.5) : Math.floor(v * r() * 0.5), r() < 0.7 ? 1 : 2);
    return kind === 'if' ? decorate(r, p, format) : p;
  };
  const pops = [inputPop(s0.H, s0.W, s0.C), pop(1, 'if', s1), pop(2, 'if', s2), pop(3, 'integrator', s3)];
  const first: Omit<ProjSpec, 'source' | 'target'> = convFirst ? { kind: 'conv', k: [3, 3], p: [1, 1], weights: weights(r, 9 * s0.C * s1.C, format) } : dense(r, s0, s1, format);
  const specs: ProjSpec[] = [{ ...first, source: 0, target: 1 }, { ...dense(r, s1, s2, format), source: 1, target: 2 }];
  if (r() < 0.5) specs.push({ ...dense(r, s0, s2, format), source: 0, target: 2 });
  specs.push({ ...dense(r, s2, s3, format), source: 2, target: 3 });
  if (r() < 0.5) specs.push({ ...dense(r, s1, s3, format), source: 1, target: 3 });
  const cores = r() < 0.8 ? randomCores(r, shapes, r() < 0.5) : [];
  const target = { name: 'rand', cyclesPerSynop: randInt(r, 1, 3), cyclesPerNeuronUpdate: randInt(r, 0, 2), clockMhz: 100, hopLatencyNs: 4, barrierNs: 50, meshWidth: 3, meshHeight: 256 };
  return netlistProps(format, pops, specs.map((x, i) => proj(i, x, format)), randInt(r, 4, 12), cores, target);
}

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

test.run();
