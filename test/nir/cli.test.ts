// The two NIR commands in-process: `hsnn export-nir` (checkpoint and .nir input, --portable) and
// `hsnn compile model.nir` followed by `hsnn inspect`, with the importer's warnings on stderr.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { makeCheckpointBytes, TINY_ARCH } from '../compiler/helpers.js';
import { TINY_EDGES, graphTree, tinyNodes, tmp } from './helpers.js';

function capture(): { io: Parameters<typeof main>[1]; out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
}

test('export-nir, compile model.nir and inspect', async () => {
  const dir = tmp(), ckpt = join(dir, 'u.ckpt'), nir = join(dir, 'u.nir'), pb = join(dir, 'u.pb'), tiny = join(dir, 'tiny.nir');
  writeFileSync(ckpt, makeCheckpointBytes(TINY_ARCH, 4));
  let c = capture();
  assert.is(await main(['export-nir', ckpt, '-o', nir], c.io), 0, c.err.join(''));
  assert.match(c.out.join(''), /2 as the hsnn\.ConvTranspose2d extension/);
  c = capture();
  assert.is(await main(['compile', nir, '--target', 'generic', '--spike-sample-layers', '0', '-o', pb], c.io), 0, c.err.join(''));
  c = capture();
  assert.is(await main(['inspect', pb], c.io), 0);
  assert.match(c.out.join(''), /netlist 'u' v2: target generic/);
  await writeHdf5(tiny, graphTree(tinyNodes(), TINY_EDGES));
  c = capture();
  assert.is(await main(['compile', tiny, '--target', 'loihi', '-o', pb], c.io), 0, c.err.join(''));
  assert.match(c.err.join(''), /warning: HSNN5012 .*'if1', 'if2': no reset mode/);
  assert.match(c.err.join(''), /T = 16 steps/);
  c = capture();
  assert.is(await main(['export-nir', tiny, '-o', join(dir, 'tiny2.nir'), '--portable', '--timesteps', '8'], c.io), 0, c.err.join(''));
  assert.ok(existsSync(join(dir, 'tiny2.nir')));
});

test.run();
