// Direct (analog) input worked by hand: the fixed-point rule of the host current (proto/direct-input.ts,
// SEMANTICS.md "Direct input") on chosen values and against exact BigInt arithmetic, then a 3-pixel
// netlist whose spikes, readout and counters are worked out below, on both simulators and both modes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { directCurrent, pixelFixed, roundCurrent } from '../../proto/direct-input.js';
import { mulberry32, randInt } from '../../core/random.js';
import { inputPop, neuronPop, netlistProps, proj, roundTrip } from './builders.js';
import type { Format } from './builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from './fixture.js';

ensureWasm();

test('pixel fixed point and current rounding: half up, floor for negatives, clamp and NaN', () => {
  assert.equal([0, 0.5, 1, 0.25].map(pixelFixed), [0, 32768, 65536, 16384]);
  assert.equal([-0.5, 1.5, Number.NaN].map(pixelFixed), [0, 65536, 0]);
  assert.is(pixelFixed(Math.fround(1 / 3)), 21845); // 21845.33… rounds down
  // I_q = ⌊(acc + 2^15) / 2^16⌋: 3·½ = 1.5 → 2, 3·¼ = 0.75 → 1, −3·½ = −1.5 → −1, −3·¼ = −0.75 → −1.
  assert.equal([3 * 32768, 3 * 16384, -3 * 32768, -3 * 16384].map(roundCurrent), [2, 1, -1, -1]);
});

test('integer host current = exact rounding of Σ w_q·x_fx (BigInt), 200 random 3×3 convs', () => {
  const r = mulberry32(99);
  for (let k = 0; k < 200; k++) {
    const C = randInt(r, 1, 3), H = randInt(r, 1, 5), W = randInt(r, 1, 5), Co = randInt(r, 1, 3);
    const weights = Array.from({ length: 9 * C * Co }, () => randInt(r, -32767, 32767));
    const image = Float32Array.from({ length: C * H * W }, () => r() * 1.2 - 0.1);
    const { current, macs } = directCurrent({ kh: 3, kw: 3, sh: 1, sw: 1, pt: 1, pl: 1, weights, src: { C, H, W }, tgt: { C: Co, H, W } }, image, true);
    let m = 0;
    for (let co = 0; co < Co; co++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      let acc = 0n;
      for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let ci = 0; ci < C; ci++) {
        const iy = y + ky - 1, ix = x + kx - 1;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        m++;
        acc += BigInt(weights[((ky * 3 + kx) * C + ci) * Co + co] as number) * BigInt(pixelFixed(image[(ci * H + iy) * W + ix] as number));
      }
      // Floor division of (acc + 2^15) by 2^16, BigInt division truncating toward zero.
      const n = acc + 32768n;
      const q = n >= 0n ? n / 65536n : -((-n + 65535n) / 65536n);
      assert.is(current[(co * H + y) * W + x], Number(BigInt.asIntN(32, q)));
    }
    assert.is(macs, m);
  }
});

/** analog input (1,1,3) → IF (1×1 conv, w = 3, v = 5) → integrator (1×1 conv, w = 1). */
function chain(format: Format) {
  const pops = [{ ...inputPop(1, 3), kind: 4 }, neuronPop(1, 'if', 1, 1, 3, 5, 0), neuronPop(2, 'integrator', 1, 1, 3)];
  const projs = [proj(0, { kind: 'conv', source: 0, target: 1, weights: [3] }, format), proj(1, { kind: 'conv', source: 1, target: 2, weights: [1] }, format)];
  return roundTrip({ ...netlistProps(format, pops, projs, 8), encoding: 2, target: { name: 'hand', hostInputCurrent: true } });
}

const IMAGE = Float32Array.of(1, 0.5, 0.25);
const fired = (spikes: readonly (readonly Uint32Array[])[], p: number, i: number): number[] => spikes.flatMap((s, t) => (s[p]?.includes(i) ? [t] : []));

test('INT8: currents 3, 2, 1 → u 3, 6→1, …; fires t = 1,3,5,6 / 2,5,7 / 5; U = 4, 3, 1 spikes', () => {
  // I_q = round(3·x): 3, 1.5 → 2, 0.75 → 1. Neuron 1: u = 2, 4, 6→1, 3, 5, 7→2, 4, 6→1. Neuron 2: u = 1…5, 6→1, 2, 3.
  const { ref, wasm, wasmSpikes } = runBoth(chain('INT8'), IMAGE, 1, 'zero-delay');
  assert.equal([fired(ref.spikes, 1, 0), fired(ref.spikes, 1, 1), fired(ref.spikes, 1, 2)], [[1, 3, 5, 6], [2, 5, 7], [5]]);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
  assert.equal([...wasm.U], [4 * 0.5, 3 * 0.5, 1 * 0.5]);
  assert.equal([...ref.U], [...wasm.U]);
  // The host current costs no SOPs, no input spikes; 8 IF spikes × 1 weight into the integrator.
  assert.is(wasm.stats.totals.sops, 8);
  assert.is(wasm.stats.totals.inputSpikes, 0);
  assert.is(wasm.stats.inputMacs, 3);
  assert.is(ref.stats.inputMacs, 3);
  assert.is(wasm.stats.encoding, 'direct');
});

test('FLOAT32: currents 3, 1.5, 0.75 → fires t = 1,3,5,6 / 3,6 / 6; U = 4, 2, 1', () => {
  // Neuron 1: 1.5, 3, 4.5, 6→1, 2.5, 4, 5.5→0.5, 2. Neuron 2: 0.75·(t+1) reaches 5.25 > 5 at t = 6.
  const { ref, wasm, wasmSpikes } = runBoth(chain('FLOAT32'), IMAGE, 1, 'zero-delay');
  assert.equal([fired(ref.spikes, 1, 0), fired(ref.spikes, 1, 1), fired(ref.spikes, 1, 2)], [[1, 3, 5, 6], [3, 6], [6]]);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
  assert.equal([...wasm.U], [4, 2, 1]);
});

test('pipelined: the host current takes no step, so the run lasts T + depth − 1 = 9 steps', () => {
  const { ref, wasm, wasmSpikes } = runBoth(chain('INT8'), IMAGE, 1, 'pipelined');
  assert.is(wasm.stats.totals.steps, 9);
  assert.equal(fired(ref.spikes, 1, 0), [1, 3, 5, 6]);
  assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined);
  assert.equal([...wasm.U], [2, 1.5, 0.5]);
});

test.run();
