// Firing-rate probes: spikes per neuron per step and the fraction of silent neurons (no spike in T steps)
// of every spiking layer (and, with spiking pooling, of every pooling population `<layer>/pool`), over a
// seeded sample of test slices. The JSON is what the compiler's energy report reads:
// {"T", "slices", "layers": [{"name", "neurons", "rate", "silentFraction"}]}.
import type { SliceDataset } from '../../data/types.js';
import { unetLayers, levelSize, type UNetArch } from '../../formats/unet-arch.js';
import type { WeightMap } from '../unet/forward.js';
import { chunks, disposeBatch, makeBatch, slicesOfSubjects } from '../unet/batches.js';
import { hashSeed, mulberry32, shuffled } from '../../core/random.js';
import type { SnnParams } from './network.js';
import { snnInfer } from './stream.js';
import { inferBatch } from './evaluate-snn.js';
import type { SpikeCounts } from './if-neuron.js';
import { poolPopulationName } from '../../proto/spiking-pool.js';

export interface LayerRate {
  readonly name: string;
  /** Neurons of the layer for one slice (H·W·C at its level). */
  readonly neurons: number;
  /** Spikes per neuron per step. */
  readonly rate: number;
  /** Fraction of (slice, neuron) pairs that never fired in T steps. */
  readonly silentFraction: number;
}

export interface RatesReport {
  readonly T: number;
  readonly slices: number;
  readonly layers: readonly LayerRate[];
}

/** Up to `count` slices of the subjects, seeded, in dataset order. */
export function sampleSlices(data: SliceDataset, ids: readonly string[], count: number, seed: number): number[] {
  const all = slicesOfSubjects(data, ids);
  if (count >= all.length) return all;
  return shuffled(all, mulberry32(hashSeed(seed, 0x4a7e5))).slice(0, count).sort((a, b) => a - b);
}

export function measureRates(arch: UNetArch, weights: WeightMap, p: SnnParams, T: number, seed: number, data: SliceDataset, slices: readonly number[]): RatesReport {
  const acc = new Map<string, { spikes: number; silent: number; neuronSlices: number }>();
  const add = (name: string, c: SpikeCounts): void => {
    const a = acc.get(name) ?? { spikes: 0, silent: 0, neuronSlices: 0 };
    acc.set(name, { spikes: a.spikes + c.spikes, silent: a.silent + c.silent, neuronSlices: a.neuronSlices + c.neurons });
  };
  for (const idx of chunks(slices, inferBatch(T))) {
    const batch = makeBatch(data, idx);
    try {
      snnInfer(arch, weights, p, batch.x, { T, seed, sliceIds: idx }, {
        onCounts: (layer, c) => add(layer.name, c),
        onPoolCounts: (reader, c) => add(poolPopulationName(reader.name), c),
      }).dispose();
    } finally {
      disposeBatch(batch);
    }
  }
  const layers: LayerRate[] = [];
  for (const l of unetLayers(arch)) {
    const a = acc.get(l.name);
    const pool = acc.get(poolPopulationName(l.name));
    const [h, w] = levelSize(arch, l.level);
    // the pooling population in front of l: l's own size, its input's channels
    if (pool) layers.push({ name: poolPopulationName(l.name), neurons: h * w * l.inChannels, rate: pool.spikes / (pool.neuronSlices * T), silentFraction: pool.silent / pool.neuronSlices });
    if (!l.spiking || !a) continue;
    layers.push({ name: l.name, neurons: h * w * l.outChannels, rate: a.spikes / (a.neuronSlices * T), silentFraction: a.silent / a.neuronSlices });
  }
  return { T, slices: slices.length, layers };
}
