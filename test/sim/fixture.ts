// Shared helpers of the simulator tests: rebuild hsnn.wasm when its sources are newer than the build,
// and run both simulators on one netlist and input, capturing every step's spikes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSimulator, simulateSlice, disposeSimulator } from '../../runtime-wasm/host/simulator.js';
import type { SliceResult } from '../../runtime-wasm/host/simulator.js';
import { WASM_PATH } from '../../runtime-wasm/host/wasm.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import type { ReferenceResult } from '../../runtime-wasm/reference/simulate.js';
import type { SimNetlist } from '../../runtime-wasm/host/netlist.js';
import type { SimMode } from '../../runtime-wasm/host/stats.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Builds runtime-wasm/build/hsnn.wasm if it is missing or older than runtime-wasm/assembly/*.ts. */
export function ensureWasm(): void {
  const dir = join(repoRoot, 'runtime-wasm/assembly');
  const newest = Math.max(...readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(dir, f)).mtimeMs));
  if (existsSync(WASM_PATH) && statSync(WASM_PATH).mtimeMs >= newest) return;
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/assemblyscript/bin/asc.js'), 'runtime-wasm/assembly/index.ts', '--target', 'release'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface Both {
  readonly ref: ReferenceResult;
  readonly wasm: SliceResult;
  readonly wasmSpikes: Uint32Array[][];
}

export function runBoth(net: SimNetlist, image: Float32Array, seed: number, mode: SimMode, T?: number): Both {
  const opts = T === undefined ? { mode } : { mode, T };
  const ref = referenceSimulate(net, image, seed, opts);
  const h = loadSimulator(net, T === undefined ? {} : { maxT: T });
  const wasmSpikes: Uint32Array[][] = [];
  try {
    const wasm = simulateSlice(h, image, seed, { ...opts, onStep: (_t, s) => { wasmSpikes.push([...s]); } });
    return { ref, wasm, wasmSpikes };
  } finally {
    disposeSimulator(h);
  }
}

/** First step/population where the spike lists differ, or undefined. */
export function firstSpikeDiff(a: readonly (readonly Uint32Array[])[], b: readonly (readonly Uint32Array[])[]): string | undefined {
  if (a.length !== b.length) return `${a.length} vs ${b.length} steps`;
  for (let t = 0; t < a.length; t++) {
    const x = a[t] ?? [], y = b[t] ?? [];
    for (let p = 0; p < Math.max(x.length, y.length); p++) {
      const u = x[p] ?? new Uint32Array(), v = y[p] ?? new Uint32Array();
      if (u.length !== v.length || u.some((e, i) => e !== v[i])) return `step ${t} population ${p}: [${[...u].join(',')}] vs [${[...v].join(',')}]`;
    }
  }
  return undefined;
}
