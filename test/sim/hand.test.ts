// Hand-made netlists with hand-worked expected spikes and potentials, run on both simulators.
// Inputs use only p = 0 and p = 1 pixels so the Poisson encoder is deterministic.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inputPop, neuronPop, netlistProps, proj, roundTrip } from './builders.js';
import type { Format } from './builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from './fixture.js';

ensureWasm();

/** input (1,1,3) → IF (1×1 conv, w = 3, v = 5) → integrator (1×1 conv, w = 1). */
function chain(format: Format, reset: 1 | 2 = 1) {
  const pops = [inputPop(1, 3), neuronPop(1, 'if', 1, 1, 3, 5, 0, reset), neuronPop(2, 'integrator', 1, 1, 3)];
  const projs = [proj(0, { kind: 'conv', source: 0, target: 1, weights: [3] }, format), proj(1, { kind: 'conv', source: 1, target: 2, weights: [1] }, format)];
  return roundTrip(netlistProps(format, pops, projs, 8));
}

const IMAGE = Float32Array.of(1, 0, 1);
const steps = (spikes: readonly (readonly Uint32Array[])[], p: number, i: number): number[] =>
  spikes.flatMap((s, t) => (s[p]?.includes(i) ? [t] : []));

test('IF reset-subtract: u = 3, 6→1, 4, 7→2, 5, 8→3, 6→1, 4 fires at t = 1, 3, 5, 6', () => {
  for (const format of ['INT8', 'FLOAT32'] as const) {
    const { ref, wasm, wasmSpikes } = runBoth(chain(format), IMAGE, 1, 'zero-delay');
    assert.equal(steps(ref.spikes, 1, 0), [1, 3, 5, 6], format);
    assert.equal(steps(ref.spikes, 1, 1), [], 'dark pixel never drives its neuron');
    assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
    // The integrator counts the 4 spikes (w = 1) and the integer readout is scaled by unit 0.5.
    const unit = format === 'FLOAT32' ? 1 : 0.5;
    assert.equal([...wasm.U], [4 * unit, 0, 4 * unit]);
    assert.equal([...ref.U], [...wasm.U]);
    // SOPs: 2 input spikes × 8 steps into the IF layer + 8 IF spikes into the integrator.
    assert.is(wasm.stats.totals.sops, 24);
    assert.is(wasm.stats.totals.inputSpikes, 16);
    assert.is(wasm.stats.totals.spikes, 8);
    assert.is(wasm.stats.totals.neuronUpdates, 8 * 6);
  }
});

test('IF reset-to-zero: u = 3, 6→0, 3, 6→0 fires at t = 1, 3, 5, 7', () => {
  const { ref, wasmSpikes } = runBoth(chain('INT16', 2), IMAGE, 1, 'zero-delay');
  assert.equal(steps(ref.spikes, 1, 2), [1, 3, 5, 7]);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
});

test('pipelined: every projection adds one step; the run lasts T + depth = 10 steps', () => {
  const { ref, wasm, wasmSpikes } = runBoth(chain('INT8'), IMAGE, 1, 'pipelined');
  assert.is(ref.spikes.length, 10);
  assert.equal(steps(ref.spikes, 0, 0), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(steps(ref.spikes, 1, 0), [2, 4, 6, 7]);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
  assert.equal([...wasm.U], [2, 0, 2]);
  assert.is(wasm.stats.totals.steps, 10);
});

/** One step into an integrator: U shows exactly where one projection's weights land. */
function oneStep(format: Format, H: number, W: number, image: number[], spec: Parameters<typeof proj>[1], out: [number, number, number]): number[] {
  const pops = [inputPop(H, W), neuronPop(1, 'integrator', ...out)];
  const net = roundTrip(netlistProps(format, pops, [proj(0, spec, format)], 1));
  const { ref, wasm } = runBoth(net, Float32Array.from(image), 3, 'zero-delay');
  assert.equal([...ref.U], [...wasm.U]);
  return [...wasm.U].map((u) => (format === 'FLOAT32' ? u : u / 0.5));
}

test('CONV2D 3×3 pad 1: a centre spike writes the kernel flipped', () => {
  const w = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const U = oneStep('INT8', 3, 3, [0, 0, 0, 0, 1, 0, 0, 0, 0], { kind: 'conv', source: 0, target: 1, k: [3, 3], p: [1, 1], weights: w }, [1, 3, 3]);
  assert.equal(U, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
});

test('CONV2D stride 2: only taps with ky ≡ y + pad (mod 2) reach an output', () => {
  // 4×4 input, spike at (1, 2); k = 2, s = 2, p = 0 → only out(0, 1) with tap (1, 0).
  const img = new Array<number>(16).fill(0);
  img[1 * 4 + 2] = 1;
  const U = oneStep('INT16', 4, 4, img, { kind: 'conv', source: 0, target: 1, k: [2, 2], s: [2, 2], weights: [10, 20, 30, 40] }, [1, 2, 2]);
  assert.equal(U, [0, 30, 0, 0]);
});

test('CONV_TRANSPOSE2D 2×2 stride 2: spike at (0, 1) writes the kernel at rows 0–1, cols 2–3', () => {
  const U = oneStep('INT8', 2, 2, [0, 1, 0, 0], { kind: 'convT', source: 0, target: 1, k: [2, 2], s: [2, 2], weights: [1, 2, 3, 4] }, [1, 4, 4]);
  assert.equal(U, [0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('SUM_POOL 2×2: four spikes × pool weight 3', () => {
  const U = oneStep('INT8', 2, 2, [1, 1, 1, 1], { kind: 'pool', source: 0, target: 1, k: [2, 2], s: [2, 2], weights: [3] }, [1, 1, 1]);
  assert.equal(U, [12]);
});

test('SPARSE: CSR rows add their values into the listed targets', () => {
  const spec = { kind: 'sparse' as const, source: 0, target: 1, rowPtr: [0, 1, 1, 3], col: [1, 0, 1], weights: [5, -2, 1] };
  assert.equal(oneStep('INT8', 1, 3, [1, 1, 1], spec, [1, 1, 3]), [-2, 6, 0]);
  assert.equal(oneStep('FLOAT32', 1, 3, [1, 0, 1], { ...spec, weights: [0.5, -0.25, 1.5] }, [1, 1, 3]), [-0.25, 2, 0]);
});

test.run();
