// Safety: truncated, oversized and inconsistent netlists give coded errors (never another exception),
// and model images tampered with after host validation are refused by the wasm module, or run without a
// trap and without writing a byte outside the run state (canaries on both sides, image unchanged).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import { hsnn } from '../../proto/gen/netlist.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { loadSimulator } from '../../runtime-wasm/host/simulator.js';
import { buildPlan } from '../../runtime-wasm/host/plan.js';
import { buildImage } from '../../runtime-wasm/host/image.js';
import { randomDenseNetlist } from './dense-builders.js';
import { instantiate, INFO } from '../../runtime-wasm/host/wasm.js';
import { mulberry32 } from '../../core/random.js';
import { encodeProps, randomDirectNetlist, randomImage, randomNetlist, roundTrip } from './builders.js';
import { ensureWasm } from './fixture.js';

ensureWasm();

type Props = hsnn.netlist.Netlist.$Properties;

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof HsnnError) return e.diagnostics.map((d) => d.code).join(',');
    throw e;
  }
  return 'ok';
}

/** The first random netlist with a core mapping of at least 3 cores. */
const MAPPED_SEED = Array.from({ length: 50 }, (_, i) => 1000 + i).find((s) => (randomNetlist(s, 'INT8').cores?.length ?? 0) >= 3) ?? 1000;
const base = (): Props => randomNetlist(MAPPED_SEED, 'INT8');

// The simulator reads netlists through proto/decode.ts, so format problems carry its codes (HSNN230x).
test('truncated netlists: every cut gives HSNN230x or (at a field boundary) a valid prefix, never a crash', () => {
  const bytes = encodeProps(base());
  const codes = new Set<string>();
  for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 400))) {
    const c = codeOf(() => decodeSimNetlist(bytes.subarray(0, cut), 'cut.pb'));
    assert.ok(/^(HSNN(230\d|400\d)(,HSNN(230\d|400\d))*|ok)$/.test(c), `cut at ${cut}: ${c}`);
    codes.add(c);
  }
  assert.ok(codes.has('HSNN2301'));
});

test('oversized: huge shapes are refused before allocation; memory limits are HSNN4004', () => {
  const p = base();
  const big = { ...p, populations: p.populations?.map((q, i) => (i === 1 ? { ...q, channels: 60000, height: 60000, width: 60000 } : q)) ?? null };
  assert.match(codeOf(() => roundTrip(big)), /HSNN2303/);
  const net = roundTrip(p);
  assert.is(codeOf(() => loadSimulator(net, { maxMemoryBytes: 1000 })), 'HSNN4004');
  assert.is(codeOf(() => loadSimulator(net, { maxT: 0 })), 'HSNN4006');
});

function edit(f: (p: Props) => void): Props {
  const p = structuredClone(base());
  f(p);
  return p;
}

test('inconsistent netlists name the problem', () => {
  const cases: [string, Props, RegExp][] = [
    ['weights length', edit((p) => { p.projections?.[0]?.weightsQ?.pop(); p.projections?.[0]?.csrCol?.pop(); }), /HSNN230[56]/],
    ['weight out of int8 range', edit((p) => { const w = p.projections?.[0]?.weightsQ; if (w) w[0] = 500; }), /HSNN2308/],
    ['source after target', edit((p) => { const q = p.projections?.[0]; if (q) { q.source = 2; q.target = 1; } }), /HSNN2304/],
    ['unknown projection kind', edit((p) => { const q = p.projections?.[0]; if (q) q.kind = 9 as hsnn.netlist.ProjectionKind; }), /HSNN2308/],
    ['core slice outside its population', edit((p) => { p.cores = [{ id: 0, population: 1, c0: 0, c1: 99, y0: 0, y1: 1, x0: 0, x1: 1, neurons: 99 }]; }), /HSNN2307/],
    ['neurons not covered', edit((p) => { p.cores = p.cores?.slice(1) ?? null; p.cores?.forEach((c, i) => { c.id = i; }); }), /HSNN2307/],
    ['chip vs mesh x', edit((p) => { const c = p.cores?.[0]; if (c) c.chip = 7; }), /HSNN2307/],
    ['bad format', edit((p) => { p.numberFormat = 0; }), /HSNN2308/],
    // What only the simulator checks (HSNN4001): a readout the input cannot reach, broken timing figures.
    ['readout unreachable', edit((p) => { p.projections = p.projections?.filter((q) => q.target !== (p.populations?.length ?? 0) - 1) ?? null; p.projections?.forEach((q, i) => { q.id = i; }); p.routes = []; }), /HSNN4001/],
    ['negative hop latency', edit((p) => { if (p.target) p.target.hopLatencyNs = -1; }), /HSNN4001/],
  ];
  for (const [what, props, code] of cases) assert.match(codeOf(() => roundTrip(props)), code, what);
  const sparse = randomNetlist(1001, 'INT8');
  const sp = sparse.projections?.find((q) => q.kind === 4);
  assert.ok(sp, 'seed 1001 has a SPARSE projection');
  if (sp?.csrCol?.length) sp.csrCol[0] = 1e6;
  assert.match(codeOf(() => roundTrip(sparse)), /HSNN2306/, 'CSR column out of range');
});

const NASTY = [-1, 0, 1, 3, 255, 256, 65535, 65536, 0x7fffffff, -0x80000000];

/** 400 tampered copies of `props`' model image: each refused, or run with canaries and image intact. */
function tamperTrials(props: Props): void {
  const net = roundTrip(props);
  const image = buildImage(buildPlan(net));
  const words = image.length / 4;
  const structWords = new DataView(image.buffer).getInt32(16 * 4, true) / 4; // entryOff: tables before the payload
  const w = instantiate();
  const r = mulberry32(99);
  const input = randomImage(3, (net.populations[0]?.C ?? 0) * (net.populations[0]?.H ?? 0) * (net.populations[0]?.W ?? 0));
  let refused = 0, ran = 0;
  for (let trial = 0; trial < 400; trial++) {
    const mark = w.arenaTop();
    const before = w.reserve(4096);
    const ptr = w.reserve(image.length);
    const bad = image.slice();
    const dv = new DataView(bad.buffer);
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
      const at = Math.floor(r() * (r() < 0.8 ? structWords : words));
      dv.setInt32(at * 4, r() < 0.6 ? (NASTY[Math.floor(r() * NASTY.length)] as number) : Math.floor((r() - 0.5) * 2 ** 32), true);
    }
    new Uint8Array(w.memory.buffer, ptr, bad.length).set(bad);
    new Uint8Array(w.memory.buffer, before, 4096).fill(0xa5);
    if (w.modelLoad(ptr, bad.length) !== 0) { refused++; assert.is(w.release(mark), 1); continue; }
    const st = w.stateNew(ptr, net.T);
    assert.ok(st !== 0, `trial ${trial}: state`);
    const after = w.reserve(4096);
    new Uint8Array(w.memory.buffer, after, 4096).fill(0x5a);
    new Float32Array(w.memory.buffer, w.stateInfo(st, INFO.image), input.length).set(input);
    assert.is(w.simBegin(st, 1, net.T, trial % 2), 0);
    assert.is(w.simRun(st), 0);
    const mem = new Uint8Array(w.memory.buffer);
    assert.ok(mem.subarray(before, before + 4096).every((b) => b === 0xa5), `trial ${trial}: wrote below the image`);
    assert.ok(mem.subarray(after, after + 4096).every((b) => b === 0x5a), `trial ${trial}: wrote past the state`);
    assert.equal(mem.subarray(ptr, ptr + bad.length), bad, `trial ${trial}: wrote into the model image`);
    ran++;
    assert.is(w.release(mark), 1);
  }
  assert.ok(refused > 100 && ran > 20, `refused ${refused}, ran ${ran}`);
}

test('tampered model images: refused by the wasm checks, or run without writing outside the state', () => {
  tamperTrials(base());
});

test('tampered direct-input images (host current, biasPop, analog input) are just as safe', () => {
  tamperTrials(randomDirectNetlist(2003, 'INT8'));
  tamperTrials(randomDirectNetlist(2005, 'FLOAT32'));
});

test('tampered images with DENSE projections (weight tables, 1×1 targets) are just as safe', () => {
  tamperTrials(randomDenseNetlist(503, 'INT16'));
  tamperTrials(randomDenseNetlist(506, 'FLOAT32'));
});

test('entry points check their handles', () => {
  const w = instantiate();
  assert.is(w.simRun(12345), 8);
  assert.is(w.stateNew(0, 4), 0);
  assert.is(w.modelLoad(0, 100), 11);
  assert.is(w.spikeList(1, 0), 0);
  assert.is(w.release(3), 0);
  assert.is(w.reserve(-1), 0);
  assert.is(w.reserve(2 ** 33), 0);
});

test.run();
