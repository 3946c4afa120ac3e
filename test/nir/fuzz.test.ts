// Fuzz of the importer: truncations and seeded byte flips of the tiny graph the test writes and of the
// shared fixtures. Every mutated file must either import or fail with a coded HsnnError: no other
// exception, no hang, and the importer still reads a good file afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HsnnError } from '../../core/errors.js';
import { mulberry32 } from '../../core/random.js';
import { writeHdf5 } from '../../nir/hdf5.js';
import { importNirFile } from '../../nir/import.js';
import { CNN, LIF, TINY_EDGES, graphTree, hasFixtures, tinyNodes, tmp } from './helpers.js';

const AUTO = { reset: 'auto', timesteps: 4 } as const;

async function outcome(file: string): Promise<'ok' | string> {
  try {
    await importNirFile(file, AUTO);
    return 'ok';
  } catch (e) {
    if (e instanceof HsnnError) return e.diagnostics[0]?.code ?? 'HSNN?';
    throw new Error(`${file}: not a coded error: ${e instanceof Error ? e.stack : String(e)}`, { cause: e });
  }
}

async function fuzz(source: string, seed: number, cuts: number, flips: number): Promise<Map<string, number>> {
  const bytes = readFileSync(source), dir = tmp(), file = join(dir, 'mutant.nir');
  const seen = new Map<string, number>();
  const note = (k: string): void => { seen.set(k, (seen.get(k) ?? 0) + 1); };
  for (let k = 0; k < cuts; k++) {
    writeFileSync(file, bytes.subarray(0, Math.floor((bytes.length * k) / cuts)));
    note(await outcome(file));
  }
  const rand = mulberry32(seed);
  for (let k = 0; k < flips; k++) {
    const m = Buffer.from(bytes);
    for (let j = 0; j < 1 + (k % 4); j++) { const at = Math.floor(rand() * m.length); m[at] = (m[at] as number) ^ (1 + Math.floor(rand() * 255)); }
    writeFileSync(file, m);
    note(await outcome(file));
  }
  assert.is(await outcome(source), 'ok', 'a good file still imports after the mutants');
  return seen;
}

test('truncations and byte flips of a tiny NIR file give only coded errors', async () => {
  const file = join(tmp(), 'tiny.nir');
  await writeHdf5(file, graphTree(tinyNodes(), TINY_EDGES));
  const seen = await fuzz(file, 1, 24, 80);
  assert.ok((seen.get('HSNN5001') ?? 0) >= 24, `every truncation is HSNN5001: ${JSON.stringify([...seen])}`);
});

(hasFixtures ? test : test.skip)('truncations and byte flips of cnn_sinabs.nir and lif_norse.nir give only coded errors', async () => {
  for (const [f, seed] of [[CNN, 2], [LIF, 3]] as const) {
    const seen = await fuzz(f, seed, 16, 60);
    assert.ok(seen.size >= 2, `${f}: mutants reach more than one outcome: ${JSON.stringify([...seen])}`);
  }
});

test.run();
