// `hsnn run NETLIST --synthetic`: simulate any netlist (a compiled NIR graph from sinabs or Norse, say) on
// seeded synthetic slices of its input shape, values uniform in [0, 1), and write stats.json. There are no
// volumes, labels, predictions or Dice; the same seed gives the same images, hence the same spikes.
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../../core/atomic.js';
import { assert, userError } from '../../core/errors.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { refuseOverwrite } from '../../core/same-file.js';
import { loadNetlistFile } from '../../runtime-wasm/host/load.js';
import { simulateSlices } from '../../runtime-wasm/host/pool.js';
import type { SimMode, SimStats } from '../../runtime-wasm/host/stats.js';

/** Most synthetic slices one run takes (each is simulated in full; a guard against typos like 1e9). */
export const MAX_SYNTHETIC_SLICES = 100_000;

export interface SyntheticRunRequest {
  readonly netlist: string;
  /** Seed of the synthetic images (the Poisson encoder keeps the netlist's seed: sliceSeed(seed, k)). */
  readonly seed: number;
  readonly slices: number;
  readonly T?: number;
  readonly mode: SimMode;
  readonly threads: number;
  readonly out: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** stats.json of a synthetic run: SimStats and what the input was. */
export interface SyntheticStats extends SimStats {
  readonly synthetic: { readonly seed: number; readonly slices: number; readonly shape: readonly number[]; readonly note: string };
}

/** Slice k of seed s: n values uniform in [0, 1) (float32), CHW, from mulberry32(hashSeed(s, k)). */
export function syntheticSlice(seed: number, k: number, n: number): Float32Array {
  const r = mulberry32(hashSeed(seed, k));
  return Float32Array.from({ length: n }, () => r());
}

export async function runSynthetic(req: SyntheticRunRequest): Promise<SyntheticStats> {
  if (!(Number.isInteger(req.slices) && req.slices >= 1 && req.slices <= MAX_SYNTHETIC_SLICES)) {
    throw userError('HSNN4061', `--slices ${req.slices}: expected an integer in 1..${MAX_SYNTHETIC_SLICES}`);
  }
  if (!(Number.isInteger(req.seed) && req.seed >= 0 && req.seed <= 0xffffffff)) throw userError('HSNN4061', `--seed ${req.seed}: expected an integer in 0..${0xffffffff}`);
  const { net, bytes } = loadNetlistFile(req.netlist);
  const input = net.populations[0];
  assert(input !== undefined, 'a loaded netlist has an input population');
  const stats = join(req.out, 'stats.json');
  refuseOverwrite('--out', [stats], [req.netlist]);
  ensureDir(req.out);
  const n = input.C * input.H * input.W;
  const jobs = Array.from({ length: req.slices }, (_, k) => ({ image: syntheticSlice(req.seed, k, n), seed: sliceSeed(net.seed, k) }));
  const res = await simulateSlices(net, bytes, req.netlist, jobs, { mode: req.mode, T: req.T ?? net.T, threads: req.threads, ...(req.onProgress ? { onProgress: req.onProgress } : {}) });
  const out: SyntheticStats = {
    ...res.stats,
    synthetic: { seed: req.seed, slices: req.slices, shape: [input.C, input.H, input.W], note: 'synthetic input: uniform [0, 1) values of the input shape; no labels, so no predictions and no Dice' },
  };
  writeFileAtomic(stats, `${JSON.stringify(out, null, 1)}\n`);
  return out;
}
