// Bad NIR input: every case is a coded HSNN50xx error naming the node and field, never a crash, and the
// CLI leaves no output behind. Files are written by the test (a 20 000 × 20 000 Affine is a chunked
// dataset grown with resize, so it costs a few KB on disk and is refused before its data is read).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { HsnnError } from '../../core/errors.js';
import { main } from '../../cli/main.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { importNirFile } from '../../nir/import.js';
import { TINY_EDGES, f32, graphTree, i64, str, tinyNodes, tmp, type NodeSpec } from './helpers.js';

const AUTO = { reset: 'auto' } as const;

async function expectCode(file: string, code: string, pattern: RegExp): Promise<void> {
  try {
    await importNirFile(file, AUTO);
    assert.unreachable(`${file}: expected ${code}`);
  } catch (e) {
    if (!(e instanceof HsnnError)) throw e;
    assert.ok(e.diagnostics.some((d) => d.code === code), `expected ${code}, got ${e.message}`);
    assert.match(e.message, pattern);
  }
}

async function variant(edit: (nodes: Record<string, NodeSpec>, edges: [string, string][]) => void): Promise<string> {
  const nodes = tinyNodes(), edges: [string, string][] = TINY_EDGES.map(([a, b]) => [a, b]);
  edit(nodes, edges);
  const file = join(tmp(), 'bad.nir');
  await writeHdf5(file, graphTree(nodes, edges));
  return file;
}

test('a file that is missing, not HDF5, or truncated: HSNN5001', async () => {
  const dir = tmp();
  await expectCode(join(dir, 'absent.nir'), 'HSNN5001', /absent\.nir: cannot read/);
  writeFileSync(join(dir, 'text.nir'), 'not hdf5 at all\n');
  await expectCode(join(dir, 'text.nir'), 'HSNN5001', /not an HDF5 file/);
  const good = await variant(() => undefined);
  const bytes = readFileSync(good);
  writeFileSync(join(dir, 'cut.nir'), bytes.subarray(0, bytes.length >> 1));
  await expectCode(join(dir, 'cut.nir'), 'HSNN5001', /truncated/);
});

test('unknown and unsupported node types name the node and type (HSNN5003, HSNN5004)', async () => {
  await expectCode(await variant((n) => { (n.if1 as NodeSpec).type = str('Sigmoid'); }), 'HSNN5003', /node 'if1'.*unknown node type 'Sigmoid'/);
  await expectCode(await variant((n) => { (n.if1 as NodeSpec).type = str('CubaLIF'); }), 'HSNN5004', /node 'if1'.*'CubaLIF' is not supported/);
});

test('missing fields, NaN weights, a non-zero v_reset, per-neuron thresholds: coded, naming node and field', async () => {
  await expectCode(await variant((n) => { delete (n.conv as NodeSpec).weight; }), 'HSNN5005', /node 'conv' \(Conv2d\): required field 'weight' is missing/);
  await expectCode(await variant((n) => { (n.fc as NodeSpec).weight = f32([5, 64], new Array(320).fill(0).map((_, k) => (k === 17 ? NaN : 0.1))); }), 'HSNN5008', /node 'fc'.*field 'weight': value NaN at flat index 17/);
  await expectCode(await variant((n) => { (n.if1 as NodeSpec).v_reset = f32([4, 8, 8], new Array(256).fill(0.5)); }), 'HSNN5004', /node 'if1'.*field 'v_reset' = 0\.5/);
  await expectCode(await variant((n) => { (n.if2 as NodeSpec).v_threshold = f32([5], [0.7, 0.7, 0.8, 0.7, 0.7]); }), 'HSNN5004', /node 'if2'.*field 'v_threshold' varies across neurons/);
});

test('shapes that do not chain, cycles, dangling edges: HSNN5006, HSNN5007', async () => {
  const n = 4 * 7 * 7;
  await expectCode(await variant((x) => { (x.if1 as NodeSpec).r = f32([4, 7, 7], new Array(n).fill(1)); }), 'HSNN5006', /node 'if1' \(IF\).*field 'r' has shape \[4, 7, 7\], the incoming edge carries \[4, 8, 8\]/);
  await expectCode(await variant((x) => { (x.fc as NodeSpec).weight = f32([5, 60], new Array(300).fill(0.1)); }), 'HSNN5006', /node 'fc' \(Affine\).*takes \[60\].*\[64\]/);
  await expectCode(await variant((_x, e) => { e.push(['if2', 'conv']); }), 'HSNN5007', /cycle through nodes .*'conv'/);
  await expectCode(await variant((_x, e) => { e.push(['if2', 'ghost']); }), 'HSNN5007', /names node 'ghost', which does not exist/);
});

test('a 20 000 × 20 000 Affine is refused before its 1.6 GB of weights are read (HSNN5009)', async () => {
  const file = await variant((x, e) => {
    delete (x.fc as NodeSpec).weight;
    x.if2 = { type: str('IF'), r: f32([20000], new Array(20000).fill(1)), v_threshold: f32([20000], new Array(20000).fill(1)) };
    x.output = { type: str('Output'), shape: i64([1], [20000]) };
    e.splice(0, e.length, ...TINY_EDGES);
  });
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'a');
  const d = f.create_dataset({ name: 'node/nodes/fc/weight', data: new Float32Array(1), shape: [1, 1], maxshape: [null, null], chunks: [512, 512], dtype: '<f' });
  d.resize([20000, 20000]);
  f.close();
  await expectCode(file, 'HSNN5009', /node 'fc' \(Affine\) field 'weight': \[20000, 20000\] is 400,000,000 values/);
});

test('the CLI reports the code and writes no netlist or NIR file', async () => {
  const bad = await variant((n) => { (n.if1 as NodeSpec).type = str('Sigmoid'); });
  const out = join(tmp(), 'never.netlist.pb'), nirOut = join(tmp(), 'never.nir');
  const err: string[] = [];
  const io = { stdout: { write: (): boolean => true }, stderr: { write: (s: string): boolean => { err.push(s); return true; } } };
  assert.is(await main(['compile', bad, '-o', out], io), 2);
  assert.is(await main(['export-nir', bad, '-o', nirOut], io), 2);
  assert.is(await main(['compile', bad, '-o', out, '--reset', 'sideways'], io), 2);
  assert.match(err.join(''), /HSNN5003[^]*HSNN5003[^]*HSNN5011 --reset sideways/);
  assert.not.ok(existsSync(out) || existsSync(nirOut), 'no partial output');
});

test.run();
