// The report's input adapters: stats.json checks, rates/Dice/overlay files, the netlist mapping, and
// overlays cut from prediction NIfTIs with the training preprocessing (a synthetic volume, no real data).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HsnnError } from '../../core/errors.js';
import type { NiftiHeader } from '../../data/nifti-read.js';
import { writeNifti } from '../../data/nifti-write.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { parseDice, parseOverlays, parseRates } from '../../report/inputs/load-extras.js';
import { mappingFromNetlist } from '../../report/inputs/load-netlist.js';
import { runFromStats } from '../../report/inputs/load-run.js';
import { overlaysFromNifti } from '../../report/inputs/nifti-overlays.js';
import { dice2d } from '../../report/render/overlays.js';
import { tinyNetlist, tinyStats } from './tiny.js';

function codes(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.instance(e, HsnnError);
    return (e as HsnnError).diagnostics.map((d) => `${d.code} ${d.message}`).join('\n');
  }
  throw new Error('expected an HsnnError');
}

test('stats.json: population names, NoC counts and every problem at once', () => {
  const r = runFromStats(tinyStats(), 'run/stats.json', 'SNN');
  assert.equal(r.cores.map((c) => c.population), ['enc0.conv1', 'enc0.conv2', 'enc0.conv2', 'out']);
  assert.is(r.noc.hopsUnicastEW, 7);
  assert.is(r.latencyNsPerSlice, 1000);
  assert.is(r.meshWidth, 2);
  const s = tinyStats();
  const broken = { ...s, populations: s.populations.map((p) => (p.name === 'out' ? { ...p, kind: 'lif' } : p)), cores: [{ ...s.cores[0], population: 9 }] };
  const msg = codes(() => runFromStats(broken as unknown as typeof s, 'run/stats.json', 'SNN'));
  assert.match(msg, /HSNN7011 run stats run\/stats\.json: population 'out' has unknown kind 'lif'/);
  assert.match(msg, /core 0 names population 9, which is not listed/);
});

test('rates.json, dice-vs-t.json (both formats) and overlays.json', () => {
  const rates = parseRates({ T: 8, slices: 2, layers: [{ name: 'a', neurons: 4, rate: 0.1, silentFraction: 0.5 }] }, 'r.json');
  assert.is(rates.layers[0]?.silentFraction, 0.5);
  assert.match(codes(() => parseRates({ T: 8, slices: 2, layers: [{ name: 'a', neurons: 4, rate: -1 }] }, 'r.json')), /HSNN7040 rates r\.json: layers\[0\]/);
  const series = parseDice({ series: [{ label: 'x', points: [{ T: 32, dice: 0.5 }, { T: 8, dice: 0.25 }] }] }, 'd.json', 'run');
  assert.equal(series[0]?.points.map((p) => p.T), [8, 32]);
  const evalResult = parseDice({ results: [{ T: 16, report: { dice3d: { mean: 0.8, std: 0, n: 3 } } }] }, 'd.json', 'fine-tuned');
  assert.equal(evalResult, [{ label: 'fine-tuned', points: [{ T: 16, dice: 0.8 }] }]);
  const cliLine = { ckpt: 'snn.ckpt', fold: 0, subjects: 3, seconds: 1, results: [{ T: 32, dice3d: { mean: 0.7, std: 0, n: 3 } }, { T: 8, dice3d: { mean: 0.5, std: 0, n: 3 } }] };
  assert.equal(parseDice(cliLine, 'd.json', 'converted'), [{ label: 'converted', points: [{ T: 8, dice: 0.5 }, { T: 32, dice: 0.7 }] }]);
  assert.match(codes(() => parseDice({ series: [{ label: 'x', points: [{ T: 8, dice: 2 }] }] }, 'd.json', 'r')), /HSNN7041 d\.json: series\[0\]\.points\[0\]/);
  const ov = parseOverlays({ slices: [{ title: 's', height: 1, width: 2, image: [0, 1], truth: [0, 1], prediction: [1, 1] }] }, 'o.json', 'SNN');
  assert.equal([...(ov[0]?.predictions[0]?.mask ?? [])], [1, 1]);
  assert.match(codes(() => parseOverlays({ slices: [{ height: 1, width: 2, image: [0], truth: [0, 1], prediction: [1, 1] }] }, 'o.json', 'SNN')), /slices\[0\]\.image must be a list of 2 numbers/);
});

test('netlist mapping: cores by population name, routes, synapse kinds, energy', () => {
  const m = mappingFromNetlist(tinyNetlist({ synopPj: 1, sources: ['x'] }), 'tiny.netlist');
  assert.equal(m.cores.map((c) => c.population), ['enc0.conv1', 'enc0.conv2', 'enc0.conv2', 'out']);
  assert.equal(m.routes.get(0)?.map((d) => d.core), [1, 2]);
  assert.is(m.synapseKinds.get('enc0.conv2'), 'conv');
  assert.is(m.energy?.synopPj, 1);
  assert.is(m.chips, 1);
});

function header(dims: [number, number, number]): NiftiHeader {
  return {
    dims, pixdim: [1, 1, 1, 1, 0, 0, 0, 0], datatype: 16, bitpix: 32, voxOffset: 352, sclSlope: 1, sclInter: 0, xyztUnits: 2, dimInfo: 0, qformCode: 0, sformCode: 0,
    quatern: [0, 0, 0], qoffset: [0, 0, 0], srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], littleEndian: true,
  };
}

test('overlays from prediction NIfTIs: largest-label slices, one column per run', () => {
  const root = mkdtempSync(join(tmpdir(), 'hsnn-overlay-'));
  try {
    // A 5×40×30 volume sliced along x (axis 0): label area grows with x, so slices 4, 3 are the largest.
    const dims: [number, number, number] = [5, 40, 30];
    const n = dims[0] * dims[1] * dims[2];
    const image = new Float32Array(n).map((_, i) => i % 97);
    const label = new Float32Array(n);
    for (let x = 1; x < 5; x++) for (let y = 10; y < 10 + 3 * x; y++) for (let z = 8; z < 14; z++) label[x + 5 * (y + 40 * z)] = 1;
    const data = join(root, 'data');
    mkdirSync(data);
    writeNifti(join(data, 'subj_001.nii.gz'), { shape: dims, data: image }, header(dims));
    writeNifti(join(data, 'subj_001_label.nii.gz'), { shape: dims, data: label }, header(dims));
    const runs = ['converted', 'fine-tuned'].map((lbl, k) => {
      const dir = join(root, lbl);
      mkdirSync(dir);
      writeNifti(join(dir, 'subj_001_pred.nii.gz'), { shape: dims, data: k === 0 ? new Float32Array(n) : label }, header(dims));
      const run = { ...runFromStats(tinyStats(), join(dir, 'stats.json'), lbl), subjects: [{ id: 'subj_001', prediction: '/moved/away/subj_001_pred.nii.gz' }] };
      return { run, dir };
    });
    const slices = overlaysFromNifti({ data, runs, count: 2, config: DEFAULT_PREPROCESS });
    assert.equal(slices.map((s) => s.title), ['subj_001, slice 3', 'subj_001, slice 4']);
    const s = slices[1];
    assert.ok(s);
    assert.is(s.truth.reduce((a, v) => a + v, 0), 12 * 6);
    assert.equal(s.predictions.map((p) => p.label), ['converted', 'fine-tuned']);
    assert.is(dice2d(s.predictions[0]?.mask ?? new Uint8Array(), s.truth), 0);
    assert.is(dice2d(s.predictions[1]?.mask ?? new Uint8Array(), s.truth), 1);
    const [conv, fine] = runs;
    assert.ok(conv && fine);
    const missing = [conv, { dir: fine.dir, run: { ...fine.run, subjects: [] } }];
    assert.match(codes(() => overlaysFromNifti({ data, runs: missing, count: 2, config: DEFAULT_PREPROCESS, subject: 'subj_001' })), /HSNN7050 run .*fine-tuned: stats\.json lists no prediction for subject 'subj_001'/);
    assert.match(codes(() => overlaysFromNifti({ data, runs, count: 2, config: DEFAULT_PREPROCESS, subject: 'subj_999' })), /HSNN1013 dataset .*data: no subject\(s\) subj_999/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
