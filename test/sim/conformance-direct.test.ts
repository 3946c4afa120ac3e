// Conformance on direct-input (analog) netlists: the AssemblyScript simulator against the TS reference.
// The host current itself must be bit-identical in INT8, INT16 and FLOAT32 (assembly/direct.ts against
// proto/direct-input.ts); integer netlists must then agree on every spike, U and counter in both modes,
// and FLOAT32 on every spike of the layer the current feeds (its only input), the rest up to float order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomDirectNetlist, randomImage, roundTrip } from './builders.js';
import { ensureWasm, firstSpikeDiff, runBoth } from './fixture.js';
import { directCurrent } from '../../proto/direct-input.js';
import { disposeSimulator, loadSimulator, readHostCurrent, simulateSlice } from '../../runtime-wasm/host/simulator.js';
import type { SimNetlist, SimPopulation } from '../../runtime-wasm/host/netlist.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { compileCheckpoint } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { makeCheckpoint } from '../compiler/helpers.js';

ensureWasm();

const SEEDS = Array.from({ length: 24 }, (_, i) => 2000 + i);
const withoutWall = (s: SimStats): Omit<SimStats, 'wallMs'> => { const { wallMs: _w, ...rest } = s; return rest; };
const inputSize = (net: SimNetlist): number => { const p = net.populations[0] as SimPopulation; return p.C * p.H * p.W; };

/** The current wasm computed in simBegin, and the reference rule's, for one slice. */
function currents(net: SimNetlist, image: Float32Array): { wasm: number[]; ref: number[] } {
  const q = net.projections.find((x) => x.source === 0);
  assert.ok(q, 'a host-current projection');
  const ref = directCurrent({ ...q, src: net.populations[0] as SimPopulation, tgt: net.populations[q.target] as SimPopulation }, image, net.format !== 'FLOAT32').current;
  const h = loadSimulator(net);
  try {
    simulateSlice(h, image, 3, { T: 1 });
    return { wasm: [...(readHostCurrent(h) ?? [])], ref: [...ref] };
  } finally {
    disposeSimulator(h);
  }
}

/** Bits of float32 values, so −0 and +0 (or two NaNs) are told apart. */
const bits = (a: readonly number[]): number[] => [...new Uint32Array(Float32Array.from(a).buffer)];

for (const format of ['INT8', 'INT16'] as const) {
  test(`${format} direct: host current, spikes, U and every counter agree`, () => {
    let spikes = 0, mapped = 0, macs = 0;
    for (const seed of SEEDS) {
      const net = roundTrip(randomDirectNetlist(seed, format));
      assert.is(net.encoding, 'direct');
      const image = randomImage(seed, inputSize(net));
      const c = currents(net, image);
      assert.equal(c.wasm, c.ref, `seed ${seed}: host current`);
      for (const mode of ['zero-delay', 'pipelined'] as const) {
        const { ref, wasm, wasmSpikes } = runBoth(net, image, seed, mode);
        const where = `seed ${seed} ${mode}`;
        assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, where);
        assert.equal([...wasm.U], [...ref.U], `${where}: U`);
        assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${where}: stats`);
        assert.is(wasm.stats.totals.inputSpikes, 0, 'a direct input never spikes');
        spikes += wasm.stats.totals.spikes;
        macs += wasm.stats.inputMacs;
      }
      if (net.cores.length > 0) mapped++;
    }
    assert.ok(spikes > 2000, `only ${spikes} spikes`);
    assert.ok(macs > 0, 'host MACs counted');
    assert.ok(mapped >= 6, `only ${mapped} mapped netlists`);
  });
}

test('FLOAT32 direct: bit-identical host current and first-layer spikes; U up to float order', () => {
  let first = 0, total = 0, differ = 0;
  for (const seed of SEEDS) {
    const net = roundTrip(randomDirectNetlist(seed, 'FLOAT32'));
    const image = randomImage(seed, inputSize(net));
    const c = currents(net, image);
    assert.equal(bits(c.wasm), bits(c.ref), `seed ${seed}: host current bits`);
    const { ref, wasm, wasmSpikes } = runBoth(net, image, seed, 'zero-delay');
    // Population 1 receives only the host current, so its float potentials follow one order in both.
    const onlyHost = net.projections.filter((q) => q.target === 1).length === 1;
    if (onlyHost) {
      ref.spikes.forEach((s, t) => assert.equal([...(wasmSpikes[t]?.[1] ?? [])], [...(s[1] ?? [])], `seed ${seed} step ${t}: first layer`));
      first += ref.stats.populations[1]?.spikes ?? 0;
    }
    const a = ref.stats.populations.map((p) => p.spikes), b = wasm.stats.populations.map((p) => p.spikes);
    total += a.reduce((x, y) => x + y, 0);
    differ += a.reduce((x, y, i) => x + Math.abs(y - (b[i] ?? 0)), 0);
    assert.is(wasm.stats.inputMacs, ref.stats.inputMacs);
  }
  assert.ok(first > 300, `only ${first} first-layer spikes compared`);
  assert.ok(differ <= 0.01 * total, `${differ} of ${total} spikes differ`);
});

test('a compiled direct U-Net (Loihi INT8 and generic INT16 mappings) agrees in both modes', () => {
  const arch = { base: 2, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0 };
  for (const [target, quantize] of [['loihi', 'int8'], ['generic', 'int16']] as const) {
    const r = compileCheckpoint({ checkpoint: makeCheckpoint(arch, 8, { T: 6, encoding: 'direct' }), file: 'tiny.ckpt', sha256: '0'.repeat(64) }, builtinTarget(target), { quantize, sampleLayers: 0, placementRounds: 1 });
    const net = decodeSimNetlist(r.bytes, 'tiny-direct.netlist.pb');
    assert.ok(net.cores.length > 1 && net.encoding === 'direct', target);
    for (const mode of ['zero-delay', 'pipelined'] as const) {
      const { ref, wasm, wasmSpikes } = runBoth(net, randomImage(2, 256), 77, mode);
      assert.is(firstSpikeDiff(ref.spikes, wasmSpikes), undefined, `${target} ${mode}`);
      assert.equal(withoutWall(wasm.stats), withoutWall(ref.stats), `${target} ${mode}: stats`);
      assert.ok(wasm.stats.totals.spikes > 0 && wasm.stats.totals.messages > 0 && wasm.stats.totals.hostInjections === 0, `${target} ${mode}`);
    }
  }
});

// The format mismatches are the one reader's (proto/check-netlist.ts, HSNN2403); the target check is the simulator's.
test('a DIRECT netlist on a target without host input currents is refused (HSNN4401), a mismatched one by the reader (HSNN2403)', () => {
  const props = randomDirectNetlist(2001, 'INT8');
  assert.throws(() => roundTrip({ ...props, target: { ...props.target, name: 'spikes-only', hostInputCurrent: false } }), /HSNN4401.*'spikes-only' cannot take a host-injected input current/);
  assert.throws(() => roundTrip({ ...props, encoding: 1 }), /HSNN2403.*POISSON needs population 0 of kind INPUT_POISSON/);
  const two = { ...props, projections: [...(props.projections ?? []), { ...(props.projections ?? [])[0], id: (props.projections ?? []).length }] };
  assert.throws(() => roundTrip(two), /HSNN2403.*exactly one outgoing CONV2D/);
});

test.run();
