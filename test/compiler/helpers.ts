// Test fixtures for the compiler: seeded random-weight SNN checkpoints of any U-Net size (no tfjs needed),
// and small helpers to compile them in-process.
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint, type SnnHeader } from '../../formats/checkpoint.js';
import { unetLayers, type UNetArch } from '../../formats/unet-arch.js';
import { gaussian, hashSeed, mulberry32 } from '../../core/random.js';
import { compileCheckpoint, type CompileResult } from '../../compiler/compile.js';
import type { CompileOptions } from '../../compiler/context.js';
import type { TargetSpec } from '../../compiler/targets/types.js';

export const TINY_ARCH: UNetArch = { base: 4, depth: 2, inChannels: 1, height: 16, width: 16, dropout: 0 };

export type TensorMap = Map<string, { shape: readonly number[]; data: Float32Array }>;

/** He-normal weights per layer, seeded; std = sqrt(2 / fan_in). */
export function randomWeights(arch: UNetArch, seed: number): TensorMap {
  const out: TensorMap = new Map();
  unetLayers(arch).forEach((l, i) => {
    const n = l.weightShape.reduce((a, b) => a * b, 1);
    const rand = mulberry32(hashSeed(seed, i));
    const fanIn = l.kind === 'up2x2' ? l.inChannels : l.weightShape[0] * l.weightShape[1] * l.inChannels;
    const std = Math.sqrt(2 / fanIn);
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = gaussian(rand) * std;
    out.set(l.name, { shape: [...l.weightShape], data });
  });
  return out;
}

export interface CkptOptions {
  readonly kind?: 'snn' | 'ann';
  readonly thresholds?: Record<string, number>;
  readonly mutate?: (t: TensorMap) => void;
  readonly T?: number;
  readonly encoding?: SnnHeader['encoding'];
}

export function snnHeader(arch: UNetArch, thresholds?: Record<string, number>, T = 8, encoding: SnnHeader['encoding'] = 'poisson'): SnnHeader {
  const th: Record<string, number> = {};
  for (const l of unetLayers(arch)) if (l.spiking) th[l.name] = 1;
  return { thresholds: thresholds ?? th, u0Fraction: 0.5, T, encoding, seed: 7, readoutScale: 1, origin: 'converted' };
}

export function makeCheckpointBytes(arch: UNetArch, seed: number, o: CkptOptions = {}): Uint8Array {
  const tensors = randomWeights(arch, seed);
  o.mutate?.(tensors);
  const kind = o.kind ?? 'snn';
  const header = {
    kind, arch, preprocess: { axis: 0 as const, height: arch.height, width: arch.width, clipPercentiles: [1, 99] as const },
    training: { seed }, ...(kind === 'snn' ? { snn: snnHeader(arch, o.thresholds, o.T, o.encoding) } : {}),
  };
  return encodeCheckpoint(header, tensors);
}

export function makeCheckpoint(arch: UNetArch, seed: number, o: CkptOptions = {}): Checkpoint {
  return decodeCheckpoint(makeCheckpointBytes(arch, seed, o), 'test.ckpt');
}

export function compileTiny(target: TargetSpec, options: Partial<CompileOptions> = {}, arch: UNetArch = TINY_ARCH, o: CkptOptions = {}): CompileResult {
  return compileCheckpoint({ checkpoint: makeCheckpoint(arch, 42, o), file: 'tiny.ckpt', sha256: '0'.repeat(64) }, target, { checkEveryPass: true, ...options });
}
