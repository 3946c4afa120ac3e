// Direct (analog) input through the compiler: a direct SNN checkpoint lowers to an INPUT_ANALOG input and
// one host-current projection into enc0.conv1 that takes no cores, fan-in axons, synapse memory or routes;
// spike-only targets refuse it by name (HSNN2401); inspect names the encoding and the host MACs; the
// compile-time quantisation measurement on direct input equals the reference simulator exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { main } from '../../cli/main.js';
import { decodeNetlist, loadNetlist } from '../../proto/decode.js';
import { encodeNetlist } from '../../proto/encode.js';
import { formatInspect, inspectNetlist } from '../../compiler/emit/report.js';
import { phantomSlice } from '../../compiler/quant/phantom.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { hsnn } from '../../proto/gen/netlist.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { compileTiny, makeCheckpointBytes, TINY_ARCH } from './helpers.js';

const direct = { encoding: 'direct' as const };

function codes(f: () => unknown): { code: string; message: string }[] {
  try { f(); } catch (e) { if (e instanceof HsnnError) return e.diagnostics.map((d) => ({ code: d.code, message: d.message })); throw e; }
  return [];
}

test('loihi: INPUT_ANALOG input off-core, host current into enc0.conv1, no fan-in or routes for it', () => {
  const r = compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }, TINY_ARCH, direct);
  const m = decodeNetlist(r.bytes, 'tiny.pb');
  assert.is(m.encoding, 'direct');
  assert.is(m.populations[0]?.kind, 'analog');
  assert.ok(m.target?.hostInputCurrent);
  const host = m.projections.filter((p) => p.source === 0);
  assert.equal(host.map((p) => [p.name, m.populations[p.target]?.name, p.kind, p.weightsQ.length]), [['enc0.conv1', 'enc0.conv1', 'conv2d', 9 * 4]]);
  assert.is(m.cores.filter((c) => c.population === 0).length, 0, 'the input takes no cores');
  const enc0 = m.populations.findIndex((p) => p.name === 'enc0.conv1');
  assert.ok(m.cores.filter((c) => c.population === enc0).every((c) => c.faninAxons === 0 && c.synapseBytes === 0), 'host current: no axons, no synapses');
  assert.ok(m.routes.every((rt) => rt.destinations.every((d) => !d.projections.includes(host[0]!.id))), 'no route carries it');
  // The same checkpoint as Poisson input: the input is mapped and enc0.conv1 reads 16·16 = 256 input axons per core.
  const p = decodeNetlist(compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }).bytes, 'p.pb');
  assert.is(p.encoding, 'poisson');
  assert.ok(p.cores.some((c) => c.population === 0));
  assert.ok(p.cores.filter((c) => c.population === enc0).some((c) => c.faninAxons > 0));
  assert.is(r.summary.encoding, 'direct');
  assert.is(compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }).summary.encoding, undefined);
});

test('netlists written before these fields (no pool_lowering, no host_input_current) read as Poisson, fused', () => {
  const pb = hsnn.netlist.Netlist.decode(compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }).bytes);
  const old = hsnn.netlist.Netlist.encode({ ...pb, version: 1, sha256: new Uint8Array(0), poolLowering: 0, target: { ...pb.target, hostInputCurrent: false } }).finish(); // a version-1 file: no seal
  const m = decodeNetlist(old, 'old.pb');
  assert.equal([m.encoding, m.poolLowering, m.populations[0]?.kind, m.target?.hostInputCurrent], ['poisson', 'fused', 'input', false]);
  assert.is(decodeSimNetlist(old, 'old.pb').encoding, 'poisson');
});

test('round trip: encodeNetlist(decodeNetlist(bytes)) keeps encoding and input kind', () => {
  const r = compileTiny(builtinTarget('generic'), { sampleLayers: 0, quantize: 'int16' }, TINY_ARCH, direct);
  const m = decodeNetlist(encodeNetlist(decodeNetlist(r.bytes, 'a')), 'b');
  assert.equal([m.encoding, m.populations[0]?.kind, m.numberFormat], ['direct', 'analog', 'int16']);
});

for (const name of ['speck', 'truenorth']) {
  test(`${name}: direct input is refused with HSNN2401 naming the target`, () => {
    const ds = codes(() => compileTiny(builtinTarget(name), { sampleLayers: 0 }, TINY_ARCH, direct));
    const d = ds.find((x) => x.code === 'HSNN2401');
    assert.ok(d, `no HSNN2401 among ${ds.map((x) => x.code).join(', ')}`);
    assert.match(d.message, new RegExp(`^target ${name}: direct \\(analog\\) input needs a host-injected current into enc0\\.conv1`));
  });
}

test('a custom target with hostInputCurrent false is refused; an unknown encoding is HSNN2402', () => {
  const t = { ...builtinTarget('generic'), name: 'my-chip', hostInputCurrent: false };
  assert.ok(codes(() => compileTiny(t, { sampleLayers: 0 }, TINY_ARCH, direct)).some((d) => d.code === 'HSNN2401' && d.message.startsWith('target my-chip:')));
  const bad = codes(() => compileTiny(builtinTarget('generic'), {}, TINY_ARCH, { encoding: 'rate' as unknown as 'direct' }));
  assert.ok(bad.some((d) => d.code === 'HSNN2402' && /snn\.encoding 'rate'/.test(d.message)));
});

test('decodeNetlist: DIRECT with an INPUT_POISSON input, or POISSON with INPUT_ANALOG, is HSNN2403', () => {
  const m = decodeNetlist(compileTiny(builtinTarget('generic'), { sampleLayers: 0 }, TINY_ARCH, direct).bytes, 'd');
  const swapped = { ...m, populations: m.populations.map((p, i) => (i === 0 ? { ...p, kind: 'input' as const } : p)) };
  assert.ok(codes(() => decodeNetlist(encodeNetlist(swapped), 'x')).some((d) => d.code === 'HSNN2403'));
  assert.ok(codes(() => decodeNetlist(encodeNetlist({ ...m, encoding: 'poisson' }), 'y')).some((d) => d.code === 'HSNN2403'));
});

test('inspect prints the encoding and the host current\'s MACs per slice', () => {
  const m = decodeNetlist(compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }, TINY_ARCH, direct).bytes, 'd');
  const rep = inspectNetlist(m);
  // 3×3 'same' conv on 16×16: (3·16 − 2)² in-bounds taps × 1 input channel × 4 output channels.
  assert.equal(rep.input, { encoding: 'direct', hostCurrents: [{ projection: 'enc0.conv1', target: 'enc0.conv1', macsPerSlice: 46 * 46 * 4 }] });
  const text = formatInspect(rep);
  assert.match(text, /T=8, direct input/);
  assert.match(text, /input encoding: direct \(pixels, no spikes/);
  assert.match(text, /host current enc0\.conv1 → enc0\.conv1: 8,464 MACs per slice/);
  assert.match(formatInspect(inspectNetlist(decodeNetlist(compileTiny(builtinTarget('loihi'), { sampleLayers: 0 }).bytes, 'p'))), /input encoding: poisson/);
});

test('compile-time integer spikes on direct input equal the reference simulator', () => {
  const r = compileTiny(builtinTarget('generic'), { quantize: 'int8', sampleLayers: 2 }, TINY_ARCH, direct);
  const effect = r.netlist.stats?.spikeEffect;
  assert.ok(effect && effect.layers.length === 2);
  assert.match(effect.input, /direct input$/);
  const ref = referenceSimulate(decodeSimNetlist(r.bytes, 'd.pb'), phantomSlice(16, 16), sliceSeed(r.netlist.seed, 0), { mode: 'zero-delay' });
  let total = 0;
  for (const layer of effect.layers) {
    const id = r.netlist.populations.findIndex((p) => p.name === layer.name);
    const count = ref.spikes.reduce((a, step) => a + (step[id]?.length ?? 0), 0);
    assert.is(count, layer.quantSpikes, `${layer.name}: reference ${count} spikes, compiler measured ${layer.quantSpikes}`);
    total += count;
  }
  assert.ok(total > 0, 'the phantom drives spikes');
});

test('hsnn compile: a direct checkpoint for speck exits 2 with HSNN2401 and writes nothing; loihi writes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-direct-'));
  try {
    const ckpt = join(dir, 'd.ckpt');
    writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 42, direct));
    let out = '', err = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
    const pb = join(dir, 'd.netlist.pb');
    assert.is(await main(['compile', ckpt, '--target', 'speck', '-o', pb], io), 2);
    assert.match(err, /HSNN2401 target speck: direct \(analog\) input/);
    assert.not.ok(existsSync(pb), 'nothing written');
    assert.is(await main(['compile', ckpt, '--target', 'loihi', '-o', pb], io), 0, err);
    assert.match(out, /T=8, direct input/);
    assert.is(loadNetlist(pb).encoding, 'direct');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
