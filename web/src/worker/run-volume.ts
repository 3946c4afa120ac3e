// One volume through the simulator, slice by slice, the way `hsnn run` does it with one thread:
// prepareVolume (training preprocessing), slice k seeded with sliceSeed(netlist seed, k), stats merged
// in slice order (mergeStats), mask U > 0 back on the input grid, 3D Dice, prediction NIfTI. After
// each slice the caller gets the mask and the merged counters so far.
import { gzipSync } from 'fflate';
import { encodeNifti } from '../../../data/nifti-encode.js';
import type { NiftiImage } from '../../../data/nifti-parse.js';
import { sliceSeed } from '../../../core/poisson-rng.js';
import { mergeStats } from '../../../runtime-wasm/host/collect.js';
import { predictionVolume, prepareVolume, volumeDice } from '../../../data/predict.js';
import type { RunVolume } from '../../../data/predict.js';
import { simulateSlice } from '../../../runtime-wasm/host/simulator.js';
import type { SimStats } from '../../../runtime-wasm/host/stats.js';
import type { Session } from './session.js';

export interface VolumeResult {
  readonly stats: SimStats;
  readonly dice?: number;
  readonly prediction: Uint8Array;
  readonly predictionName: string;
}

export interface SliceDone { readonly slice: number; readonly mask: Uint8Array; readonly stats: SimStats }

/** Lets queued messages (a raster request, the page's heartbeat) through between slices. */
const breathe = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export function prepare(id: string, s: Session, image: NiftiImage, label: NiftiImage | undefined): RunVolume {
  return prepareVolume(id, image, label, s.config);
}

export async function runVolume(s: Session, v: RunVolume, onSlice: (d: SliceDone) => void): Promise<VolumeResult> {
  const { net } = s.loaded;
  const hw = s.config.height * s.config.width;
  const U: Float32Array[] = [];
  let merged: SimStats | undefined;
  for (let k = 0; k < v.count; k++) {
    const r = simulateSlice(s.handle, v.slices.subarray(k * hw, (k + 1) * hw), sliceSeed(net.seed, k), { mode: 'zero-delay', T: net.T });
    U.push(r.U);
    merged = merged === undefined ? r.stats : mergeStats(merged, r.stats);
    const mask = new Uint8Array(hw);
    for (let i = 0; i < hw; i++) mask[i] = (r.U[i] as number) > 0 ? 1 : 0;
    onSlice({ slice: k, mask, stats: merged });
    await breathe();
  }
  if (merged === undefined) throw new Error('internal: a volume has at least one slice');
  const vol = predictionVolume(v, U, s.config);
  const predictionName = `${v.id}_pred.nii.gz`;
  const prediction = gzipSync(encodeNifti({ shape: v.image.volume.shape, data: vol }, v.image.header, predictionName), { level: 6 });
  const dice = v.label ? volumeDice(vol, v.label) : undefined;
  const subject = { id: v.id, slices: v.count, prediction: predictionName, ...(dice !== undefined ? { dice3d: dice } : {}) };
  const stats: SimStats = { ...merged, subjects: [subject], ...(dice !== undefined ? { dice } : {}) };
  return { stats, ...(dice !== undefined ? { dice } : {}), prediction, predictionName };
}

/** Re-runs slice k with the same seed (identical spikes) and returns population q's spikes per step. */
export function rasterOf(s: Session, v: RunVolume, k: number, q: number): { steps: number; neurons: number; spikes: Uint32Array } {
  const { net } = s.loaded;
  const hw = s.config.height * s.config.width;
  const pairs: number[] = [];
  let steps = 0;
  simulateSlice(s.handle, v.slices.subarray(k * hw, (k + 1) * hw), sliceSeed(net.seed, k), {
    mode: 'zero-delay', T: net.T,
    onStep: (t, spikes) => { steps = t + 1; for (const i of spikes[q] ?? []) pairs.push(t, i); },
  });
  const p = net.populations[q];
  return { steps, neurons: p ? p.C * p.H * p.W : 0, spikes: Uint32Array.from(pairs) };
}
