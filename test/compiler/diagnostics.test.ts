// Every compiler diagnostic triggered by a minimal model, matched by code and by the facts its message
// must name (layer, resource, need, limit). Also: problems are collected, so one run reports them all,
// and compiler/README.md documents exactly the codes the compiler defines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { HsnnError } from '../../core/errors.js';
import { compileCheckpoint } from '../../compiler/compile.js';
import type { CompileOptions } from '../../compiler/context.js';
import { CODES } from '../../core/codes.js';
import { parseRates } from '../../compiler/import/rates.js';
import { parseThresholds } from '../../compiler/import/thresholds.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import type { TargetSpec } from '../../compiler/targets/types.js';
import type { Checkpoint } from '../../formats/checkpoint.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { makeCheckpoint, TINY_ARCH, type CkptOptions } from './helpers.js';

function diagnostics(fn: () => unknown): { code: string; message: string }[] {
  try { fn(); } catch (e) {
    if (e instanceof HsnnError) return [...e.diagnostics];
    throw e;
  }
  assert.unreachable('expected an HsnnError');
  return [];
}

function compileDiag(target: TargetSpec, o: { arch?: UNetArch; ckpt?: CkptOptions; options?: Partial<CompileOptions>; edit?: (c: Checkpoint) => Checkpoint } = {}): { code: string; message: string }[] {
  const ck = makeCheckpoint(o.arch ?? TINY_ARCH, 5, o.ckpt);
  return diagnostics(() => compileCheckpoint({ checkpoint: o.edit ? o.edit(ck) : ck, file: 'm.ckpt', sha256: '0' }, target, { checkEveryPass: true, sampleLayers: 0, ...o.options }));
}

const has = (ds: readonly { code: string; message: string }[], code: string, re: RegExp): void => {
  const hit = ds.filter((d) => d.code === code);
  assert.ok(hit.length > 0, `expected ${code}; got ${ds.map((d) => `${d.code} ${d.message}`).join(' | ')}`);
  assert.ok(hit.some((d) => re.test(d.message)), `${code} message ${hit.map((d) => d.message).join(' | ')} should match ${re}`);
};

const gen = (patch: Partial<TargetSpec>): TargetSpec => ({ ...GENERIC, ...patch });

test('HSNN2001 fan-in beyond any split names layer, need and limit', () => {
  has(compileDiag(builtinTarget('truenorth')), 'HSNN2001', /^layer mid\.conv1: fan-in 288 axons exceeds truenorth limit 256 per core; no split along output channels can reduce it \(one neuron already reads 6×6 kernel over 8 channels of enc1\.conv2\)$/);
});

test('HSNN2002 synapse memory for one output channel', () => {
  has(compileDiag(gen({ synapseBitsPerCore: 500 })), 'HSNN2002', /layer enc0\.conv2: synapse memory 288 bits for a single output channel exceeds generic limit 500 bits per core|layer dec1\.conv1: synapse memory \d+ bits/);
});

test('HSNN2003 model too big for the allowed chips', () => {
  has(compileDiag(gen({ meshWidth: 2, meshHeight: 2, coresPerChip: 4, maxChips: 2, neuronsPerCore: 256 })), 'HSNN2003', /model needs \d+ cores = \d+ chips of 4; target generic allows 2 chips \(8 cores\)/);
});

test('HSNN2004 speck layer memory, with the exact formula', () => {
  const arch = { ...TINY_ARCH, base: 8, depth: 1, height: 128, width: 128 };
  has(compileDiag(builtinTarget('speck'), { arch }), 'HSNN2004', /layer enc0\.conv1 does not fit one speck core: neuron memory C_out·2\^\(⌈log2 H'⌉\+⌈log2 W'⌉\) = 8·2\^\(7\+7\) = 131072 entries exceeds the largest core's 65536/);
});

test('HSNN2005 more layers than speck cores; HSNN2007 transposed conv on speck', () => {
  const ds = compileDiag(builtinTarget('speck'));
  has(ds, 'HSNN2005', /model needs 13 cores \(one per layer: enc0\.conv1, .*out\); speck has 9/);
  has(ds, 'HSNN2007', /layer dec1\.up: transposed conv 'dec1\.up' is not supported by speck/);
});

test('HSNN2006 too many destination cores per core', () => {
  has(compileDiag(gen({ maxDestinationsPerCore: 1 })), 'HSNN2006', /layer enc0\.conv2: core \d+ sends to 2 destination cores \(.*\); generic allows 1 per core/);
});

test('HSNN2008 output axons per core', () => {
  has(compileDiag(gen({ fanoutAxonsPerCore: 1 })), 'HSNN2008', /layer input: core \d+ needs \d+ output axons .*; generic limit 1 per core/);
});

test('HSNN2009 weight format wider than the target stores', () => {
  has(compileDiag(builtinTarget('loihi'), { options: { quantize: 'int16' } }), 'HSNN2009', /target loihi stores weights of at most 8 bits; --quantize int16 needs 16/);
});

test('HSNN2010 TrueNorth neuron with more than one destination core', () => {
  has(compileDiag(builtinTarget('truenorth'), { arch: { ...TINY_ARCH, base: 2, depth: 1 } }), 'HSNN2010', /layer enc0\.conv1: \d+ neurons must reach up to \d+ cores, but a truenorth neuron targets 1 core/);
});

test('HSNN2101 unsupported layer (bias / batch norm tensors)', () => {
  const ds = compileDiag(GENERIC, { ckpt: { mutate: (t) => { t.set('enc0.conv1.bias', { shape: [4], data: new Float32Array(4) }); t.set('enc0.bn.gamma', { shape: [4], data: new Float32Array(4) }); } } });
  has(ds, 'HSNN2101', /layer 'enc0\.conv1\.bias' \(bias\) is not supported/);
  has(ds, 'HSNN2101', /layer 'enc0\.bn\.gamma' \(batch norm\) is not supported/);
});

test('HSNN2102 NaN/inf weights, HSNN2103 thresholds ≤ 0, and a mapping failure: all in one run', () => {
  const edit = (c: Checkpoint): Checkpoint => {
    const tensors = new Map(c.tensors);
    const w = Float32Array.from(tensors.get('enc1.conv2')!);
    w[3] = NaN;
    w[7] = Infinity;
    tensors.set('enc1.conv2', w);
    return { ...c, tensors };
  };
  const th: Record<string, number> = { 'enc0.conv1': 1, 'enc0.conv2': 0, 'enc1.conv1': -2, 'enc1.conv2': 1, 'mid.conv1': 1, 'mid.conv2': 1, 'dec1.up': 1, 'dec1.conv1': 1, 'dec1.conv2': 1, 'dec0.up': 1, 'dec0.conv1': 1, 'dec0.conv2': 1 };
  const ds = compileDiag(builtinTarget('truenorth'), { edit, ckpt: { thresholds: th } });
  has(ds, 'HSNN2102', /layer enc1\.conv2: edge 'enc1\.conv2' has 2 NaN\/infinite weights \(first at flat index 3, value NaN\)/);
  has(ds, 'HSNN2103', /layer enc0\.conv2: firing threshold 0 must be finite and > 0/);
  has(ds, 'HSNN2103', /layer enc1\.conv1: firing threshold -2/);
  has(ds, 'HSNN2001', /layer mid\.conv1/);
});

test('HSNN2104 shape mismatch names layer and shapes; HSNN2105 missing tensor and threshold', () => {
  const ds = compileDiag(GENERIC, { ckpt: { mutate: (t) => { t.set('enc0.conv2', { shape: [3, 3, 8, 4], data: new Float32Array(288) }); t.delete('dec0.conv2'); } } });
  has(ds, 'HSNN2104', /edge 'enc0\.conv2' \(enc0\.conv1 → enc0\.conv2\): weights expect 8 input channels but 'enc0\.conv1' has 4/);
  has(ds, 'HSNN2105', /layer 'dec0\.conv2' has no weight tensor \(expected \[3, 3, 4, 4\]\)/);
  const th = compileDiag(GENERIC, { ckpt: { thresholds: { 'enc0.conv1': 1 } } });
  has(th, 'HSNN2105', /spiking layer 'enc0\.conv2' has no threshold/);
});

test('HSNN2106 ANN checkpoint without thresholds', () => {
  has(compileDiag(GENERIC, { ckpt: { kind: 'ann' } }), 'HSNN2106', /an ANN checkpoint needs --thresholds JSON/);
});

test('HSNN2201 bad thresholds JSON; HSNN2202 bad rates JSON', () => {
  has(diagnostics(() => parseThresholds({ thresholds: { a: 'x' }, T: 'long', colour: 1 }, 'th.json')), 'HSNN2201', /thresholds th\.json: layer 'a': threshold must be a number/);
  has(diagnostics(() => parseThresholds({ thresholds: {}, colour: 1 }, 'th.json')), 'HSNN2201', /unknown key 'colour'/);
  const ds = diagnostics(() => parseRates({ T: 0, slices: 2, layers: [{ name: 'enc0.conv1', neurons: 4, rate: 1.5, silentFraction: 0 }, 3] }, 'r.json'));
  has(ds, 'HSNN2202', /rates r\.json: 'T' must be a positive integer/);
  has(ds, 'HSNN2202', /layers\[0\] \('enc0\.conv1'\): 'rate' must be spikes per neuron per step in \[0, 1\]/);
  has(ds, 'HSNN2202', /layers\[1\] must be an object/);
});

test('HSNN2204 unknown target', () => {
  has(diagnostics(() => builtinTarget('nope')), 'HSNN2204', /unknown target 'nope'/);
});

test('compiler/README.md documents exactly the compiler codes (HSNN2xxx) of core/codes.ts', () => {
  const readme = readFileSync(new URL('../../compiler/README.md', import.meta.url), 'utf8');
  const documented = new Set(readme.match(/HSNN2\d{3}/g) ?? []);
  assert.equal([...documented].sort(), Object.keys(CODES).filter((c) => c.startsWith('HSNN2')).sort());
});

test.run();
