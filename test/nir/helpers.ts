// Shared pieces of the NIR tests: where the shared fixtures are (tests skip, never return, when absent),
// a tiny NIR graph the tests write themselves (Conv2d → IF → SumPool2d → Flatten → Affine → IF, seeded
// weights) so something runs everywhere, and a temp folder.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../../core/random.js';
import type { H5Out, H5OutTree } from '../../nir/hdf5.js';

export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/nir');
export const CNN = join(FIXTURES, 'cnn_sinabs.nir');
export const LIF = join(FIXTURES, 'lif_norse.nir');
export const hasFixtures = existsSync(CNN) && existsSync(LIF);

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'hsnn-nir-'));

export const f32 = (shape: number[], data: ArrayLike<number>): H5Out => ({ kind: 'f32', shape, data: Float32Array.from(data) });
export const i64 = (shape: number[], data: number[]): H5Out => ({ kind: 'i64', shape, data });
export const str = (v: string): H5Out => ({ kind: 'str', shape: [], data: [v] });

export function seeded(n: number, seed: number, scale: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

export type NodeSpec = Record<string, H5Out>;

export function graphTree(nodes: Record<string, NodeSpec>, edges: [string, string][], meta: Record<string, H5Out> = {}): H5OutTree {
  const groups = new Map<string, H5OutTree>(Object.entries(nodes).map(([k, v]) => [k, { datasets: new Map(Object.entries(v)), groups: new Map() }]));
  const root: H5OutTree = {
    datasets: new Map([['type', str('NIRGraph')], ['edges', { kind: 'str', shape: [edges.length, 2], data: edges.flat() }]]),
    groups: new Map([['nodes', { datasets: new Map(), groups }], ['metadata', { datasets: new Map(Object.entries(meta)), groups: new Map() }]]),
  };
  return { datasets: new Map([['version', str('1.0.7')]]), groups: new Map([['node', root]]) };
}

/** input (2, 8, 8) → conv 3×3 pad 1 → IF (4, 8, 8) → sum pool 2 → flatten → affine 64→5 → IF (5). */
export function tinyNodes(): Record<string, NodeSpec> {
  const ones = (shape: number[], v = 1): H5Out => f32(shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(v));
  return {
    input: { type: str('Input'), shape: i64([3], [2, 8, 8]) },
    conv: { type: str('Conv2d'), weight: f32([4, 2, 3, 3], seeded(72, 7, 0.8)), bias: ones([4], 0), stride: i64([2], [1, 1]), padding: i64([2], [1, 1]),
      dilation: i64([2], [1, 1]), groups: i64([], [1]), input_shape: i64([2], [8, 8]) },
    if1: { type: str('IF'), r: ones([4, 8, 8]), v_threshold: ones([4, 8, 8], 0.5), v_reset: ones([4, 8, 8], 0) },
    pool: { type: str('SumPool2d'), kernel_size: i64([2], [2, 2]), stride: i64([2], [2, 2]), padding: i64([2], [0, 0]) },
    flat: { type: str('Flatten'), start_dim: i64([], [0]), end_dim: i64([], [-1]), input_type: i64([3], [4, 4, 4]) },
    fc: { type: str('Affine'), weight: f32([5, 64], seeded(320, 9, 0.6)), bias: ones([5], 0) },
    if2: { type: str('IF'), r: ones([5]), v_threshold: ones([5], 0.7), v_reset: ones([5], 0) },
    output: { type: str('Output'), shape: i64([1], [5]) },
  };
}

export const TINY_EDGES: [string, string][] = [['input', 'conv'], ['conv', 'if1'], ['if1', 'pool'], ['pool', 'flat'], ['flat', 'fc'], ['fc', 'if2'], ['if2', 'output']];
