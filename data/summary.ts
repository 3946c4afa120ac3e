// One-look description of a SliceDataset for the CLI: subjects, slices, slice size, how much of it is
// hippocampus, and whether the pad/crop box cut any hippocampus away.
import type { SliceDataset } from './types.js';

export interface DatasetSummary {
  readonly subjects: number;
  readonly slices: number;
  readonly axis: number;
  readonly height: number;
  readonly width: number;
  /** Foreground pixels / all pixels, over every slice. */
  readonly foregroundFraction: number;
  /** Slices holding at least one foreground pixel. */
  readonly slicesWithForeground: number;
  /** Foreground voxels lost to the centre crop, summed over subjects, and how many subjects lost any. */
  readonly croppedForeground: number;
  readonly subjectsCropped: number;
  /** Mean image intensity after clip/scale (a quick sanity check that scaling happened). */
  readonly meanIntensity: number;
}

export function summarizeDataset(ds: SliceDataset): DatasetSummary {
  const plane = ds.config.height * ds.config.width;
  let fg = 0;
  let slicesWithForeground = 0;
  for (let s = 0; s < ds.n; s++) {
    let here = 0;
    for (let i = s * plane; i < (s + 1) * plane; i++) here += ds.masks[i] as number;
    fg += here;
    if (here > 0) slicesWithForeground++;
  }
  let sum = 0;
  for (let i = 0; i < ds.images.length; i++) sum += ds.images[i] as number;
  const cropped = ds.subjects.map((s) => s.croppedForeground ?? 0);
  return {
    subjects: ds.subjects.length,
    slices: ds.n,
    axis: ds.config.axis,
    height: ds.config.height,
    width: ds.config.width,
    foregroundFraction: ds.masks.length > 0 ? fg / ds.masks.length : 0,
    slicesWithForeground,
    croppedForeground: cropped.reduce((a, b) => a + b, 0),
    subjectsCropped: cropped.filter((c) => c > 0).length,
    meanIntensity: ds.images.length > 0 ? sum / ds.images.length : 0,
  };
}

/** A few human-readable lines, e.g. for `hsnn train` before the first epoch. */
export function formatDatasetSummary(s: DatasetSummary, name = 'dataset'): string {
  const lines = [
    `${name}: ${s.subjects} subjects, ${s.slices} slices of ${s.height}x${s.width} along axis ${s.axis}`,
    `  foreground ${(100 * s.foregroundFraction).toFixed(2)}% of pixels; ${s.slicesWithForeground}/${s.slices} slices contain hippocampus`,
    `  mean scaled intensity ${s.meanIntensity.toFixed(3)}`,
  ];
  if (s.croppedForeground > 0) {
    lines.push(`  warning: the ${s.height}x${s.width} box cropped ${s.croppedForeground} hippocampus voxels from ${s.subjectsCropped} subject(s)`);
  }
  return `${lines.join('\n')}\n`;
}
