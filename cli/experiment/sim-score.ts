// Simulator scoring of an SNN checkpoint inside an experiment job, with the library calls of `hsnn rates`,
// `hsnn compile` and `hsnn run`: firing rates on seeded training slices → compile (target, quantisation)
// → simulate the dataset's preprocessed slices of the chosen subjects. Dice is computed on the
// preprocessed grid exactly as the tfjs evaluator does (data/metrics), so tfjs and simulator rows pair.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDir, writeFileAtomic } from '../../core/atomic.js';
import { sliceSeed } from '../../core/poisson-rng.js';
import { compileFile } from '../../compiler/compile.js';
import { loadRates } from '../../compiler/import/rates.js';
import type { NumberFormat } from '../../compiler/ir/graph.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { addOverlaps, newOverlapTable, sliceDice, stat, subjectDice, type Stat } from '../../data/metrics.js';
import type { SliceDataset } from '../../data/types.js';
import { annMacs, type UNetArch } from '../../formats/unet-arch.js';
import { loadNetlistFile } from '../../runtime-wasm/host/load.js';
import { simulateSlices } from '../../runtime-wasm/host/pool.js';
import { slicesOfSubjects } from '../../models/unet/batches.js';
import { disposeWeights } from '../../models/unet/weights.js';
import { trainingSubjects } from '../../models/snn/convert.js';
import { measureRates, sampleSlices } from '../../models/snn/rates.js';
import { loadSnn } from '../../models/snn/snn-checkpoint.js';

/** How SNNs are compiled for the simulator (recorded in result.json's config). */
export interface SimProtocol {
  readonly target: string;
  readonly quantize: NumberFormat;
  /** Rates for the compiler's placement: this many seeded slices of the fold's training subjects. */
  readonly ratesSlices: number;
  readonly ratesSeed: number;
}

export interface SimScore {
  readonly engine: 'simulator';
  readonly target: string;
  readonly quantize: NumberFormat;
  readonly T: number;
  readonly subjects: number;
  readonly slices: number;
  readonly dice2d: Stat;
  readonly dice2dHippocampus: Stat;
  readonly dice3d: Stat;
  readonly perSubject: readonly { readonly id: string; readonly dice3d: number }[];
  /** Synaptic operations per slice (all T steps), as the simulator counts them. */
  readonly sopsPerSlice: number;
  /** sopsPerSlice / the ANN's MACs per slice (formats/unet-arch annMacs). */
  readonly sopPerMac: number;
  readonly spikesPerSlice: number;
  /** Direct input: the host's first-conv MACs per slice (0 for Poisson input). */
  readonly inputMacsPerSlice: number;
  readonly seconds: number;
}

const macsPerSlice = (arch: UNetArch): number => [...annMacs(arch).values()].reduce((a, b) => a + b, 0);

/**
 * OUTDIR/NAME.rates.json and OUTDIR/NAME.netlist.pb for a checkpoint, each made only when absent (a
 * killed job keeps what it finished). Rates are measured at T, on training slices: placement only, never
 * the test set.
 */
export function compileForSim(ckpt: string, outDir: string, name: string, p: SimProtocol, data: SliceDataset, T: number): string {
  ensureDir(outDir);
  const ratesFile = join(outDir, `${name}.rates.json`);
  const netlist = join(outDir, `${name}.netlist.pb`);
  if (!existsSync(ratesFile)) {
    const s = loadSnn(ckpt);
    try {
      const slices = sampleSlices(data, trainingSubjects(s.checkpoint, data, ckpt), p.ratesSlices, p.ratesSeed);
      const report = measureRates(s.header.arch, s.weights, s.params, T, s.snn.seed, data, slices);
      writeFileAtomic(ratesFile, `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      disposeWeights(s.weights);
    }
  }
  if (!existsSync(netlist)) {
    const r = compileFile(ckpt, builtinTarget(p.target), { quantize: p.quantize, rates: loadRates(ratesFile) });
    writeFileAtomic(netlist, r.bytes);
  }
  return netlist;
}

/** Simulate every slice of the named subjects at T; slice k of the run gets sliceSeed(netlist seed, k) as in `hsnn run`. */
export async function simulateSubjects(netlist: string, arch: UNetArch, data: SliceDataset, ids: readonly string[], T: number, p: SimProtocol, threads: number): Promise<SimScore> {
  const t0 = performance.now();
  const { net, bytes } = loadNetlistFile(netlist);
  const slices = slicesOfSubjects(data, ids);
  const hw = data.config.height * data.config.width;
  const jobs = slices.map((s, k) => ({ image: data.images.subarray(s * hw, (s + 1) * hw), seed: sliceSeed(net.seed, k) }));
  const res = await simulateSlices(net, bytes, netlist, jobs, { mode: 'zero-delay', T, threads });
  const table = newOverlapTable(data.n);
  // Readout potential U > 0 is the mask, as `hsnn run` writes it (sigmoid(readout) > 0.5 in tfjs).
  res.U.forEach((u, k) => addOverlaps(table, u, data.masks, [slices[k] as number], hw, 0));
  const d2 = sliceDice(table);
  const chosen = new Set(ids);
  const subjects = subjectDice(table, data.subjects.filter((s) => chosen.has(s.id)));
  const n = Math.max(1, slices.length);
  const t = res.stats.totals;
  return {
    engine: 'simulator', target: p.target, quantize: p.quantize, T, subjects: subjects.length, slices: slices.length,
    dice2d: d2.all, dice2dHippocampus: d2.hippocampus, dice3d: stat(subjects.map((s) => s.dice3d)),
    perSubject: subjects.map((s) => ({ id: s.id, dice3d: s.dice3d })),
    sopsPerSlice: t.sops / n, sopPerMac: t.sops / n / macsPerSlice(arch), spikesPerSlice: t.spikes / n,
    inputMacsPerSlice: res.stats.inputMacs / n, seconds: (performance.now() - t0) / 1000,
  };
}
