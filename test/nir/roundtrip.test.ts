// Round trips through NIR: an SNN checkpoint → NIR → netlist equals compiling the checkpoint directly
// (summary, every population and projection, spikes, U and Dice), and a NIR graph → hsnn → NIR → hsnn
// keeps every weight and threshold bit-exact. --portable refuses the transposed convs and writes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { compileFile, type CompileResult } from '../../compiler/compile.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { compileNirFile } from '../../nir/compile.js';
import { exportNir, modelGraph } from '../../nir/export.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { readNir } from '../../nir/read.js';
import { UNSUPPORTED_TYPES } from '../../nir/types.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import { randomImage } from '../sim/builders.js';
import { ensureWasm, runBoth } from '../sim/fixture.js';
import { makeCheckpointBytes, TINY_ARCH } from '../compiler/helpers.js';
import { CNN, TINY_EDGES, graphTree, hasFixtures, tinyNodes, tmp } from './helpers.js';

ensureWasm();
const PRETRAINED = resolve(import.meta.dirname, '../../models/pretrained/snn-finetuned.ckpt');
const AUTO = { reset: 'auto' } as const;

/** Summary without what names the source file or measures the compile itself. */
function comparable(r: CompileResult): unknown {
  return JSON.parse(JSON.stringify({ ...r.summary, name: '' }, (k, v: unknown) => (k === 'compileMs' || k === 'notes' ? undefined : v)));
}

function sameNetlist(a: CompileResult, b: CompileResult): void {
  assert.equal(comparable(b), comparable(a), 'netlist summary');
  assert.equal(b.netlist.populations, a.netlist.populations, 'populations (thresholds, u0, units, reset)');
  assert.equal(b.netlist.projections, a.netlist.projections, 'projections (kinds, geometry, quantised weights)');
  assert.equal(b.netlist.cores, a.netlist.cores, 'cores');
}

function dice(U: Float32Array, mask: Uint8Array): number {
  let tp = 0, p = 0, m = 0;
  U.forEach((u, i) => { const y = u > 0 ? 1 : 0; tp += y & (mask[i] as number); p += y; m += mask[i] as number; });
  return p + m === 0 ? 1 : (2 * tp) / (p + m);
}

test('checkpoint → NIR → netlist equals compiling the checkpoint: summary, weights, spikes, U and Dice', async () => {
  const dir = tmp(), ckpt = join(dir, 'tiny.ckpt'), nir = join(dir, 'tiny.nir');
  writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 3, { T: 6 }));
  const exp = await exportNir(ckpt, nir, { portable: false, nir: AUTO });
  assert.ok(exp.graph.edges.some((e) => e.kind === 'convT') && exp.graph.nodes.some((n) => n.kind === 'avgpool'), 'the U-Net has transposed convs and pools');
  const { graph } = await readNir(nir);
  assert.is(graph.metadata.get('extensions'), 'hsnn.ConvTranspose2d', 'graph metadata declares the extension');
  const target = builtinTarget('loihi');
  const direct = compileFile(ckpt, target, { placementRounds: 1 });
  const viaNir = await compileNirFile(nir, target, { placementRounds: 1 }, AUTO);
  sameNetlist(direct, viaNir);
  const a = decodeSimNetlist(direct.bytes, 'direct'), b = decodeSimNetlist(viaNir.bytes, 'nir');
  const image = randomImage(11, 16 * 16);
  const mask = Uint8Array.from(image, (v) => (v > 0.5 ? 1 : 0));
  const ra = runBoth(a, image, sliceSeed(a.seed, 0), 'zero-delay'), rb = runBoth(b, image, sliceSeed(b.seed, 0), 'zero-delay');
  assert.equal(rb.wasmSpikes, ra.wasmSpikes, 'every spike of every step');
  assert.equal([...rb.wasm.U], [...ra.wasm.U], 'readout U');
  assert.ok(ra.wasm.stats.totals.spikes > 0, 'the network spikes');
  assert.is(dice(rb.wasm.U, mask), dice(ra.wasm.U, mask), 'Dice');
});

(existsSync(PRETRAINED) ? test : test.skip)('the shipped U-Net (snn-finetuned.ckpt) exports and re-imports to the same netlist', async () => {
  const nir = join(tmp(), 'unet.nir');
  await exportNir(PRETRAINED, nir, { portable: false, nir: AUTO });
  const target = builtinTarget('generic');
  sameNetlist(compileFile(PRETRAINED, target, { sampleLayers: 0, placementRounds: 1 }), await compileNirFile(nir, target, { sampleLayers: 0, placementRounds: 1 }, AUTO));
});

test('--portable refuses the transposed convs by name (HSNN5010) and writes no file', async () => {
  const dir = tmp(), ckpt = join(dir, 'tiny.ckpt'), nir = join(dir, 'tiny.nir');
  writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 3));
  try {
    await exportNir(ckpt, nir, { portable: true, nir: AUTO });
    assert.unreachable('should refuse');
  } catch (e) {
    assert.instance(e, HsnnError);
    assert.match((e as Error).message, /HSNN5010 .*dec1\.up, dec0\.up/);
  }
  assert.not.ok(existsSync(nir), 'no partial output');
});

function sameIr(a: Graph, b: Graph): void {
  assert.equal(b.nodes.map((n) => ({ ...n })), a.nodes.map((n) => ({ ...n })), 'populations, thresholds, u0, reset, pools');
  assert.is(b.edges.length, a.edges.length);
  a.edges.forEach((e, k) => {
    const f = b.edges[k];
    assert.ok(f, e.name);
    assert.equal({ ...f, weights: [] }, { ...e, weights: [] }, `edge ${e.name} geometry`);
    assert.ok(Buffer.from(f.weights.buffer, f.weights.byteOffset, f.weights.byteLength).equals(Buffer.from(e.weights.buffer, e.weights.byteOffset, e.weights.byteLength)), `edge ${e.name}: weights bit-exact`);
  });
}

async function nirRoundTrip(file: string): Promise<void> {
  const opts = { reset: 'subtract', timesteps: 10 } as const;
  const first = await modelGraph(file, opts);
  const again = join(tmp(), 'again.nir');
  await exportNir(file, again, { portable: true, nir: opts });
  const { graph: nir, warnings } = await readNir(again);
  assert.equal(warnings, [], 'no field outside the official node types');
  for (const n of nir.nodes.values()) assert.not.ok(n.type.startsWith('hsnn.') || n.type in UNSUPPORTED_TYPES, `${n.name}: official type ${n.type}`);
  for (const n of nir.nodes.values()) if (n.type === 'Conv2d') assert.ok(n.ints.has('input_shape') && n.floats.has('bias'), `${n.name}: input_shape and bias written`);
  for (const n of nir.nodes.values()) if (n.type === 'IF') assert.ok(n.floats.has('v_reset'), `${n.name}: v_reset written`);
  const second = await modelGraph(again, { reset: 'auto' });
  sameIr({ ...first.graph }, { ...second.graph });
}

test('a NIR graph → hsnn → NIR → hsnn is bit-exact, and the re-export uses only official nodes (tiny graph)', async () => {
  const file = join(tmp(), 'tiny.nir');
  await writeHdf5(file, graphTree(tinyNodes(), TINY_EDGES));
  await nirRoundTrip(file);
});

(hasFixtures ? test : test.skip)('cnn_sinabs.nir → hsnn → NIR → hsnn keeps every weight and threshold bit-exact', async () => {
  await nirRoundTrip(CNN);
});

test('gzip-compressed arrays (NIR main) import like uncompressed ones (v1.0.x)', async () => {
  const dir = tmp(), plain = join(dir, 'plain.nir'), gz = join(dir, 'gz.nir');
  await writeHdf5(plain, graphTree(tinyNodes(), TINY_EDGES));
  await writeHdf5(gz, graphTree(tinyNodes(), TINY_EDGES), true);
  sameIr((await modelGraph(plain, AUTO)).graph, (await modelGraph(gz, AUTO)).graph);
});

test.run();
