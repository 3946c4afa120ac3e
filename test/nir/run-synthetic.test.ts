// `hsnn run NETLIST --synthetic` through the CLI entry function on compiled NIR graphs: stats.json of seeded
// synthetic slices equals the TS reference's on the same slices; the same seed gives the same stats, another
// seed other stats; options that need data are refused (HSNN4060), as is a run with no input (HSNN4061).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { syntheticSlice } from '../../cli/run/synthetic.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { compileNirFile } from '../../nir/compile.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { mergeStats } from '../../runtime-wasm/host/collect.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { ensureWasm } from '../sim/fixture.js';
import { CNN, TINY_EDGES, graphTree, hasFixtures, tinyNodes, tmp } from './helpers.js';

ensureWasm();

function capture(): { io: Parameters<typeof main>[1]; out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
}

/** stats.json without what differs between runs or simulators (wall time, the input record, subjects). */
type Comparable = Omit<SimStats, 'wallMs' | 'subjects' | 'netlist'>;
function comparable(s: SimStats & { synthetic?: unknown }): Comparable {
  const { wallMs: _w, subjects: _s, netlist: _n, synthetic: _y, ...rest } = s;
  return rest;
}

async function compileTo(nir: string, target: string, dir: string): Promise<{ file: string; bytes: Uint8Array }> {
  const r = await compileNirFile(nir, builtinTarget(target), { placementRounds: 1 }, { reset: 'subtract', timesteps: 8 });
  const file = join(dir, `${target}.netlist.pb`);
  writeFileSync(file, r.bytes);
  return { file, bytes: r.bytes };
}

async function runCli(netlist: string, out: string, seed: number, slices: number): Promise<SimStats & { synthetic: { seed: number; slices: number; note: string } }> {
  const c = capture();
  const code = await main(['run', netlist, '--synthetic', '--seed', String(seed), '--slices', String(slices), '--T', '8', '--threads', '1', '--out', out], c.io);
  assert.is(code, 0, c.err.join(''));
  assert.match(c.out.join(''), /no Dice/);
  return JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
}

/** The reference simulator on the same synthetic slices and slice seeds, stats merged over slices. */
function referenceStats(bytes: Uint8Array, file: string, seed: number, slices: number): SimStats {
  const net = decodeSimNetlist(bytes, file);
  const p = net.populations[0];
  assert.ok(p);
  let merged: SimStats | undefined;
  for (let k = 0; k < slices; k++) {
    const s = referenceSimulate(net, syntheticSlice(seed, k, p.C * p.H * p.W), sliceSeed(net.seed, k), { T: 8, file }).stats;
    merged = merged ? mergeStats(merged, s) : s;
  }
  return merged as SimStats;
}

async function checkTarget(nir: string, target: string, minSpikes: number): Promise<void> {
  const dir = tmp();
  const { file, bytes } = await compileTo(nir, target, dir);
  const a = await runCli(file, join(dir, 'a'), 11, 2);
  assert.is(a.slices, 2);
  assert.equal([a.synthetic.seed, a.synthetic.slices], [11, 2]);
  assert.is(a.dice, undefined, 'no labels, no Dice');
  assert.ok(a.totals.spikes >= minSpikes, `${target}: ${a.totals.spikes} spikes`);
  assert.equal(comparable(a), comparable(referenceStats(bytes, file, 11, 2)), `${target}: WASM (CLI) == reference`);
  const again = await runCli(file, join(dir, 'b'), 11, 2);
  assert.equal(comparable(again), comparable(a), `${target}: same seed, same stats`);
  const other = await runCli(file, join(dir, 'c'), 12, 2);
  assert.not.equal(other.totals, a.totals, `${target}: another seed, other stats`);
}

test('the tiny NIR graph: hsnn run --synthetic for generic and loihi, WASM == reference, seeded', async () => {
  const nir = join(tmp(), 'tiny.nir');
  await writeHdf5(nir, graphTree(tinyNodes(), TINY_EDGES));
  for (const target of ['generic', 'loihi']) await checkTarget(nir, target, 20);
});

(hasFixtures ? test : test.skip)('cnn_sinabs.nir: hsnn run --synthetic for generic and loihi, WASM == reference, seeded', async () => {
  for (const target of ['generic', 'loihi']) await checkTarget(CNN, target, 1000);
});

test('--synthetic excludes data options (HSNN4060); no input at all, or --seed alone, is HSNN4061', async () => {
  const dir = tmp();
  const nir = join(dir, 'tiny.nir');
  await writeHdf5(nir, graphTree(tinyNodes(), TINY_EDGES));
  const { file } = await compileTo(nir, 'generic', dir);
  const cases: [string[], string, RegExp][] = [
    [['--synthetic', '--input', 'samples', '--fold', '0'], 'HSNN4060', /excludes --input, --fold/],
    [['--synthetic', '--label', 'x.nii.gz'], 'HSNN4060', /--label/],
    [[], 'HSNN4061', /--input .* or --synthetic/],
    [['--input', 'samples', '--seed', '3'], 'HSNN4061', /--seed goes with --synthetic/],
    [['--synthetic', '--slices', '0'], 'HSNN4061', /--slices 0/],
  ];
  for (const [extra, code, why] of cases) {
    const out = join(dir, `out-${code}-${extra.length}`);
    const c = capture();
    assert.is.not(await main(['run', file, ...extra, '--out', out], c.io), 0, extra.join(' '));
    assert.match(c.err.join(''), new RegExp(`${code}`), extra.join(' '));
    assert.match(c.err.join(''), why, extra.join(' '));
    assert.not.ok(existsSync(join(out, 'stats.json')), 'no output');
  }
});

test('synthetic slices: values in [0, 1), one seed one image, another seed another', () => {
  const a = syntheticSlice(5, 0, 1000), b = syntheticSlice(5, 0, 1000), c = syntheticSlice(6, 0, 1000), d = syntheticSlice(5, 1, 1000);
  assert.ok(a.every((v) => v >= 0 && v < 1));
  assert.equal([...a], [...b]);
  assert.not.equal([...a], [...c]);
  assert.not.equal([...a], [...d]);
  assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) / a.length - 0.5) < 0.05, 'uniform mean ≈ 0.5');
});

test.run();
