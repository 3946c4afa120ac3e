// `hsnn run` and `hsnn inspect` on a direct-input netlist, end to end through the CLI: a tiny random-weight
// direct SNN checkpoint compiled for loihi (INT8), simulated on a shipped sample volume (samples/, 64×48
// slices). stats.json must say the encoding and count the host's MACs: slices × the conv's in-bounds MACs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { compileFile } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { makeCheckpointBytes } from '../compiler/helpers.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { ensureWasm, repoRoot } from './fixture.js';

const IMAGE = join(repoRoot, 'samples/imagesTr/hippocampus_003.nii.gz');
const LABEL = join(repoRoot, 'samples/labelsTr/hippocampus_003.nii.gz');

function capture(): { io: { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean } }; out: () => string; err: () => string } {
  let o = '', e = '';
  return { io: { stdout: { write: (s) => { o += s; return true; } }, stderr: { write: (s) => { e += s; return true; } } }, out: () => o, err: () => e };
}

test('hsnn run on a direct netlist: no input spikes, inputMacs = slices × MACs per slice; inspect prints it', async () => {
  ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-run-direct-'));
  try {
    const ckpt = join(dir, 'snn.ckpt');
    writeFileSync(ckpt, makeCheckpointBytes({ base: 2, depth: 1, inChannels: 1, height: 64, width: 48, dropout: 0 }, 5, { T: 4, encoding: 'direct' }));
    const netlist = join(dir, 'm.netlist.pb');
    writeFileSync(netlist, compileFile(ckpt, builtinTarget('loihi'), { placementRounds: 0, sampleLayers: 0 }).bytes);
    let c = capture();
    assert.is(await main(['inspect', netlist], c.io), 0, c.err());
    // 3×3 'same' conv on 64×48: (3·64 − 2)(3·48 − 2) in-bounds taps × 1 input channel × 2 output channels.
    const perSlice = 190 * 142 * 2;
    assert.match(c.out(), new RegExp(`host current enc0\\.conv1 → enc0\\.conv1: ${perSlice.toLocaleString('en-US')} MACs per slice`));
    c = capture();
    const out = join(dir, 'out');
    assert.is(await main(['run', netlist, '--input', IMAGE, '--label', LABEL, '--threads', '2', '--out', out], c.io), 0, c.err());
    assert.match(c.out(), /direct input: the host computed the first conv/);
    const s = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as SimStats;
    assert.is(s.encoding, 'direct');
    assert.ok(s.slices > 10, `${s.slices} slices`);
    assert.is(s.inputMacs, s.slices * perSlice);
    assert.is(s.totals.inputSpikes, 0);
    assert.is(s.totals.hostInjections, 0, 'no input events travel: the current is added on the cores');
    assert.ok(s.totals.spikes > 0 && s.totals.sops > 0, 'the host current drives the network');
    assert.ok(typeof s.dice === 'number');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
