// The netlist file format: encode → decode round trips exactly (compiled and hand-made netlists, every
// projection kind), hostile files are rejected with coded errors before anything they claim is
// allocated, and thousands of random and mutated byte strings never crash or hang decodeNetlist.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { decodeNetlist } from '../../proto/decode.js';
import { encodeNetlist, netlistToPb } from '../../proto/encode.js';
import type { NetlistModel, NetPopulation, NetProjection } from '../../proto/model.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import { hsnn } from '../../proto/gen/netlist.js';
import { sealNetlist } from '../../proto/integrity.js';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { compileTiny, TINY_ARCH } from './helpers.js';

const small = compileTiny(GENERIC, { sampleLayers: 1 }, { ...TINY_ARCH, base: 2, depth: 1, height: 8, width: 8 });

function code(fn: () => unknown): string {
  try { fn(); } catch (e) {
    if (e instanceof HsnnError) return e.diagnostics[0]!.code;
    throw e;
  }
  return 'ok';
}

test('compiled netlist: decode(encode(m)) == m and re-encoding gives the same bytes', () => {
  for (const quantize of ['int8', 'float32'] as const) {
    const r = compileTiny(GENERIC, { quantize });
    const m = decodeNetlist(r.bytes, 'tiny.pb');
    assert.equal(encodeNetlist(m), r.bytes);
    assert.equal(decodeNetlist(encodeNetlist(m), 'again.pb'), m);
    assert.is(m.version, 2);
    assert.is(m.numberFormat, quantize);
    assert.is(m.cores.length, r.netlist.cores.length);
    assert.equal(Array.from(m.projections[1]!.weightsQ), Array.from(r.netlist.projections[1]!.weightsQ));
    assert.is(m.stats?.spikeEffect?.layers.length ?? 0, quantize === 'int8' ? 2 : 0);
    assert.is(m.cores[0]!.synapseBytes, r.netlist.cores[0]!.synapseBytes, 'uint64 fields decode to numbers');
  }
});

const pop = (id: number, kind: NetPopulation['kind'], c: number, h: number, w: number): NetPopulation => ({ id, name: `p${id}`, kind, channels: c, height: h, width: w, reset: kind === 'if' ? 'subtract' : 'none', threshold: kind === 'if' ? 1 : 0, u0: 0, thresholdQ: kind === 'if' ? 4 : 0, u0Q: 0, unit: 0.25 });
const proj = (p: Partial<NetProjection> & Pick<NetProjection, 'id' | 'source' | 'target' | 'kind'>): NetProjection => ({
  name: `q${p.id}`, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, scale: 0.25,
  weightsQ: new Int32Array(0), weightsF: new Float32Array(0), csrRowPtr: new Uint32Array(0), csrCol: new Uint32Array(0), quant: null, ...p,
});

/** input (1,2,2) → sum_pool → p1 (1,1,1); input → sparse → p2 (2,1,1) ; p1 → conv_transpose → p3 (1,2,2). */
function handMade(): NetlistModel {
  return {
    version: 1, name: 'hand', timesteps: 3, encoding: 'poisson', seed: 9, numberFormat: 'int8', readoutScale: 1, sourceCheckpoint: '',
    populations: [pop(0, 'input', 1, 2, 2), pop(1, 'if', 1, 1, 1), pop(2, 'if', 2, 1, 1), pop(3, 'integrator', 1, 2, 2)],
    projections: [
      proj({ id: 0, source: 0, target: 1, kind: 'sum_pool', kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, weightsQ: Int32Array.of(1) }),
      proj({ id: 1, source: 0, target: 2, kind: 'sparse', weightsQ: Int32Array.of(3, -2, 5), csrRowPtr: Uint32Array.of(0, 1, 1, 3, 3), csrCol: Uint32Array.of(1, 0, 1) }),
      proj({ id: 2, source: 1, target: 3, kind: 'conv_transpose2d', kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, weightsQ: Int32Array.of(1, 2, 3, 4) }),
    ],
    target: null, cores: [], routes: [], stats: null, poolLowering: 'fused',
  };
}

test('hand-made netlist with sum_pool, sparse (CSR) and transposed conv round-trips', () => {
  const m = handMade();
  assert.equal(decodeNetlist(encodeNetlist(m), 'hand.pb'), m);
});

function mutatePb(edit: (pb: hsnn.netlist.Netlist.$Properties) => void, base: NetlistModel = handMade()): Uint8Array {
  const pb = netlistToPb(base);
  edit(pb);
  const body = hsnn.netlist.Netlist.encode(pb).finish();
  return base.version >= 2 && pb.version === base.version ? sealNetlist(body) : body;
}

test('hostile and inconsistent files give coded errors', () => {
  const cases: Array<[string, (pb: hsnn.netlist.Netlist.$Properties) => void, RegExp]> = [
    ['HSNN2302', (pb) => { pb.version = 3; }, /version 3 is not supported/],
    ['HSNN2501', (pb) => { pb.version = 2; }, /version 2 but no sha256 seal/],
    ['HSNN2308', (pb) => { pb.populations![1]!.thresholdQ = 0; }, /threshold_q 0 must be > 0/],
    ['HSNN2308', (pb) => { pb.populations![2]!.thresholdQ = -5; }, /threshold_q -5 must be > 0/],
    ['HSNN2303', (pb) => { pb.populations![1]!.channels = 1_000_000; pb.populations![1]!.height = 1_000_000; }, /exceeds 65536 per dimension/],
    ['HSNN2303', (pb) => { Object.assign(pb.populations![2]!, { channels: 65536, height: 65536, width: 65536 }); }, /281474976710656 neurons exceeds the limit/],
    ['HSNN2304', (pb) => { pb.projections![1]!.source = 99; }, /source 99 .* is not a population/],
    ['HSNN2304', (pb) => { pb.projections![2]!.source = 3; }, /does not precede target/],
    ['HSNN2305', (pb) => { pb.projections![2]!.weightsQ = [1, 2, 3]; }, /3 weights, geometry needs 4 \(2·2·1·1\)/],
    ['HSNN2305', (pb) => { pb.projections![0]!.weightsF = [1]; }, /weights given in the list int8 netlists do not use/],
    ['HSNN2306', (pb) => { pb.projections![1]!.csrRowPtr = [0, 2, 1, 3, 3]; }, /row_ptr decreases at 2/],
    ['HSNN2306', (pb) => { pb.projections![1]!.csrCol = [1, 0, 7]; }, /column 7 at 2 is not a target neuron/],
    ['HSNN2306', (pb) => { pb.projections![1]!.csrRowPtr = [0, 1, 3]; }, /3 row pointers, expected source neurons \+ 1 = 5/],
    ['HSNN2308', (pb) => { pb.projections![2]!.weightsQ = [1, 2, 3, 400]; }, /outside ±127/],
    ['HSNN2308', (pb) => { pb.populations![1]!.kind = 9 as hsnn.netlist.PopulationKind; }, /kind 9 is not/],
    ['HSNN2308', (pb) => { pb.populations![2]!.kind = 1; }, /the input must be population 0/],
  ];
  for (const [want, edit, re] of cases) {
    try { decodeNetlist(mutatePb(edit), 'evil.pb'); assert.unreachable(`${want} ${re}`); } catch (e) {
      assert.instance(e, HsnnError, String(e));
      const d = (e as HsnnError).diagnostics;
      assert.ok(d.some((x) => x.code === want && re.test(x.message) && x.message.startsWith('netlist evil.pb: ')), `${want} ${re}: got ${d.map((x) => `${x.code} ${x.message}`).join(' | ')}`);
    }
  }
});

test('mapping inconsistencies: overlap, uncovered neurons, wrong hops', () => {
  const base = small.netlist;
  assert.is(code(() => decodeNetlist(mutatePb((pb) => { pb.cores![1]!.c0 = 0; pb.cores![1]!.c1 = 1; pb.cores![1]!.neurons = (base.cores[1]!.y1 - base.cores[1]!.y0) * (base.cores[1]!.x1 - base.cores[1]!.x0); }, base), 'f')), 'HSNN2307');
  assert.is(code(() => decodeNetlist(mutatePb((pb) => { pb.cores![2]!.x = pb.cores![1]!.x ?? null; pb.cores![2]!.y = pb.cores![1]!.y ?? null; }, base), 'f')), 'HSNN2307');
  assert.is(code(() => decodeNetlist(mutatePb((pb) => { pb.routes![0]!.destinations![0]!.hops = 77; }, base), 'f')), 'HSNN2307');
  assert.is(code(() => decodeNetlist(mutatePb((pb) => { pb.routes![0]!.destinations![0]!.core = 10_000; }, base), 'f')), 'HSNN2304');
});

test('fuzz: 800 random and 2000 mutated byte strings are decoded or rejected cleanly', () => {
  const r = mulberry32(hashSeed(2024));
  const valid = small.bytes;
  const allowed = /^HSNN(230[1-8]|2501)$/;
  let accepted = 0;
  const t0 = Date.now();
  const check = (bytes: Uint8Array): void => {
    try {
      const m = decodeNetlist(bytes, 'fuzz.pb');
      accepted++;
      assert.equal(decodeNetlist(encodeNetlist(m), 'fuzz2.pb').populations.length, m.populations.length);
    } catch (e) {
      if (!(e instanceof HsnnError)) throw new Error(`decodeNetlist crashed on ${Buffer.from(bytes.subarray(0, 64)).toString('hex')}: ${String(e)}`, { cause: e });
      assert.ok(e.diagnostics.every((d) => allowed.test(d.code)), e.message);
    }
  };
  for (let i = 0; i < 800; i++) check(Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)));
  for (let i = 0; i < 2000; i++) {
    const b = Uint8Array.from(valid);
    const kind = i % 5;
    if (kind === 0) for (let k = 0; k < 1 + Math.floor(r() * 8); k++) { const p = Math.floor(r() * b.length); b[p] = (b[p] as number) ^ (1 << Math.floor(r() * 8)); }
    if (kind === 1) for (let k = 0; k < 4; k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
    if (kind === 2) { check(b.subarray(0, Math.floor(r() * b.length))); continue; }
    if (kind === 3) { const p = Math.floor(r() * b.length); check(Uint8Array.from([...b.subarray(0, p), 0xff, 0xff, 0xff, 0xff, 0x0f, ...b.subarray(p)])); continue; }
    if (kind === 4) { const p = Math.floor(r() * b.length); b.fill(0xff, p, Math.min(b.length, p + 1 + Math.floor(r() * 6))); }
    check(b);
  }
  assert.ok(Date.now() - t0 < 60_000, 'no hang');
  assert.ok(accepted < 2800, 'most corrupt inputs are rejected');
});

test.run();
