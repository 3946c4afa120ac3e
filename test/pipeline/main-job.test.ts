// The main job as data: the shipped-network table matches the checkpoints it names, the samples plan
// compiles, simulates and reports each present network on samples/, a missing checkpoint is skipped
// with a note, and the from-scratch phantom job stays one flag away (--demo).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDemo } from '../../cli/commands/pipeline.js';
import { SHIPPED_NETWORKS } from '../../cli/pipeline/networks.js';
import { presentNetworks, samplesStages } from '../../cli/pipeline/samples-job.js';
import { readSnn } from '../../models/snn/snn-checkpoint.js';

const repo = new URL('../../', import.meta.url).pathname;

test('every shipped network row names a checkpoint with the same T; npm start runs at least one', () => {
  assert.ok(SHIPPED_NETWORKS.some((n) => n.main));
  for (const n of SHIPPED_NETWORKS.filter((x) => existsSync(join(repo, x.checkpoint)))) {
    assert.is(readSnn(join(repo, n.checkpoint)).snn.T, n.T, n.name);
  }
});

test('samples plan: compile → run on samples/ → report with overlays, per network', () => {
  const nets = SHIPPED_NETWORKS.slice(0, 1);
  const stages = samplesStages({ repo, out: '/o', data: '/s', threads: 2, networks: nets });
  assert.equal(stages.map((s) => s.argv[0]), ['compile', 'run', 'report']);
  const run = stages[1]?.argv ?? [];
  assert.equal(run.slice(run.indexOf('--input'), run.indexOf('--input') + 2), ['--input', '/s']);
  assert.ok(run.includes(String(nets[0]?.T)));
  const report = stages[2]?.argv ?? [];
  assert.ok(report.includes('--data') && report.includes('--ann'), 'overlays from the samples, MACs from the ANN');
});

test('a row whose checkpoint is absent is skipped with a note naming it', () => {
  const r = presentNetworks(repo, [...SHIPPED_NETWORKS, { name: 'snn-absent', checkpoint: 'models/pretrained/absent-lowT.ckpt', T: 4, target: 'loihi', quantize: 'int8', main: true }]);
  assert.not.ok(r.present.some((n) => n.name === 'snn-absent'));
  assert.match(r.notes.join('\n'), /snn-absent.*absent-lowT\.ckpt is not in this clone/);
});

test('the from-scratch job is one flag away', () => {
  assert.not.ok(isDemo({}));
  assert.ok(isDemo({ demo: true }));
  assert.ok(isDemo({ data: '/d' }), '--data trains on real data, as before');
  assert.ok(isDemo({ pretrained: true }));
  assert.ok(isDemo({ target: 'bogus' }), 'an option only the demo reads asks for it, never ignored');
  assert.not.ok(isDemo({ threads: 2, out: '/o' }));
});

test.run();
