// Hardware targets are data: the numbers must be exactly those of shared/docs/HARDWARE.md, every
// built-in must satisfy the target rules, and a --target-file is validated with coded errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { builtinTarget, TARGETS, targetProblems } from '../../compiler/targets/index.js';
import { loadTargetFile } from '../../compiler/targets/target-file.js';

test('loihi: per-core limits, mesh and energy figures from HARDWARE.md', () => {
  const t = builtinTarget('loihi');
  assert.equal([t.neuronsPerCore, t.faninAxonsPerCore, t.fanoutAxonsPerCore, t.synapseBitsPerCore], [1024, 4096, 4096, 1048576]);
  assert.equal([t.coresPerChip, t.meshWidth * t.meshHeight, t.weightBits], [128, 128, 8]);
  const e = t.energy;
  assert.equal([e.synopPj, e.neuronUpdateActivePj, e.neuronUpdateIdlePj, e.withinCorePj, e.hopEwPj, e.hopNsPj], [23.6, 81, 52, 1.7, 3.0, 4.0]);
  assert.equal([t.hopLatencyNsEw, t.hopLatencyNsNs], [4.1, 6.5]);
  const sana = t.alternativeEnergy[0]!;
  assert.equal([sana.synopPj, sana.neuronUpdateActivePj, sana.spikeOutPj, sana.hopEwPj, sana.hopNsPj], [24.0, 21.6, 69.3, 3.0, 4.2]);
});

test('loihi2 publishes no energy table: every figure is 0 and the note says so', () => {
  const t = builtinTarget('loihi2');
  assert.equal([t.neuronsPerCore, t.synapseBitsPerCore, t.coresPerChip], [8192, 1048576, 128]);
  const e = t.energy;
  assert.equal([e.synopPj, e.neuronUpdateActivePj, e.neuronUpdateIdlePj, e.spikeOutPj, e.hopEwPj, e.hopNsPj, e.withinCorePj], [0, 0, 0, 0, 0, 0, 0]);
  assert.match(e.note, /no published/);
});

test('truenorth: 256 axons × 256 neurons, 64×64 mesh, 26 pJ all-in', () => {
  const t = builtinTarget('truenorth');
  assert.equal([t.neuronsPerCore, t.faninAxonsPerCore, t.coresPerChip, t.meshWidth, t.meshHeight], [256, 256, 4096, 64, 64]);
  assert.is(t.energy.synopPj, 26);
  assert.ok(t.energy.allIn);
  assert.match(t.energy.note, /ALL-IN/);
  assert.is(t.maxDestinationsPerNeuron, 1);
});

test('speck: 9 cores with the per-core memory table, 2 destinations, one layer per core', () => {
  const t = builtinTarget('speck');
  const Ki = 1024;
  assert.equal(t.kernelMemoryPerCore, [16, 16, 16, 32, 32, 64, 64, 16, 16].map((k) => k * Ki));
  assert.equal(t.neuronMemoryPerCore, [64, 64, 64, 32, 32, 16, 16, 16, 16].map((k) => k * Ki));
  assert.equal([t.coresPerChip, t.maxDestinationsPerCore, t.maxKernelSize, t.weightBits, t.maxChips], [9, 2, 16, 8, 1]);
  assert.ok(t.onePopulationPerCore);
  assert.equal(t.edgeKinds, ['conv']);
});

test('every built-in target satisfies the target rules', () => {
  for (const t of TARGETS.values()) assert.equal(targetProblems(t), [], t.name);
});

test('unknown target name is HSNN2204 and lists the built-ins', () => {
  try { builtinTarget('spinnaker'); assert.unreachable(); } catch (e) {
    assert.instance(e, HsnnError);
    assert.match((e as Error).message, /HSNN2204 unknown target 'spinnaker'; built-in targets: loihi, loihi2, truenorth, speck, generic/);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'hsnn-target-'));
const file = (name: string, json: unknown): string => { const p = join(dir, name); writeFileSync(p, JSON.stringify(json)); return p; };

test('target file: extends a built-in and overrides fields', () => {
  const t = loadTargetFile(file('ok.json', { extends: 'loihi', name: 'loihi-small', neuronsPerCore: 256, meshWidth: 4, meshHeight: 4, coresPerChip: 16, energy: { synopPj: 20 } }));
  assert.equal([t.name, t.neuronsPerCore, t.faninAxonsPerCore, t.coresPerChip, t.energy.synopPj, t.energy.hopNsPj], ['loihi-small', 256, 4096, 16, 20, 4.0]);
});

test('target file: every problem reported with HSNN2203, naming the file and key', () => {
  const p = file('bad.json', { extends: 'loihi', neuronsPerCore: -3, meshWidth: 'wide', colour: 'blue', energy: { warp: 1 } });
  try { loadTargetFile(p); assert.unreachable(); } catch (e) {
    assert.instance(e, HsnnError);
    const d = (e as HsnnError).diagnostics;
    assert.ok(d.every((x) => x.code === 'HSNN2203' && x.message.includes(p)));
    const all = d.map((x) => x.message).join('\n');
    assert.match(all, /'neuronsPerCore' must be a finite number ≥ 0/);
    assert.match(all, /'meshWidth' must be a finite number/);
    assert.match(all, /'colour' is not a target field/);
    assert.match(all, /'energy.warp' is not an energy field/);
  }
  try { loadTargetFile(file('mesh.json', { meshWidth: 3 })); assert.unreachable(); } catch (e) {
    assert.match((e as Error).message, /HSNN2203 .*meshWidth × meshHeight = 48 must equal coresPerChip 256/);
  }
  try { loadTargetFile(join(dir, 'missing.json')); assert.unreachable(); } catch (e) {
    assert.match((e as Error).message, /HSNN2203 target file .*missing\.json: cannot read JSON/);
  }
});

test.run();
