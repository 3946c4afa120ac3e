// The file-free part of `hsnn run` for one volume (shared with the browser page): a NIfTI image (and
// label) → preprocessed slices exactly like training; readout potentials of its slices → the mask
// U > 0 on the input's voxel grid; 3D Dice against label > 0.
import type { NiftiImage } from './nifti-parse.js';
import { preprocessSubject, slicesToVolume } from './preprocess.js';
import { checkFiniteImage, validatePair } from './volume.js';
import type { PreprocessConfig } from './types.js';
import { dice } from './metrics.js';

export interface RunVolume {
  readonly id: string;
  readonly image: NiftiImage;
  readonly label?: NiftiImage;
  /** count · height · width floats in [0, 1], one preprocessed slice after another. */
  readonly slices: Float32Array;
  readonly count: number;
  /** The label's preprocessed masks (label > 0), like `slices`; all zero without a label. */
  readonly masks: Uint8Array;
}

/** Preprocesses one volume; a label must share the image's grid (validatePair's coded errors). */
export function prepareVolume(id: string, image: NiftiImage, label: NiftiImage | undefined, config: PreprocessConfig): RunVolume {
  const lab = label?.volume ?? { shape: image.volume.shape, data: new Uint8Array(image.volume.data.length) };
  const raw = { id, image: image.volume, label: lab };
  if (label) validatePair(raw);
  else checkFiniteImage(image.volume, image.path); // a NaN volume alone is refused as one in a dataset is
  const pre = preprocessSubject(raw, config);
  return { id, image, ...(label ? { label } : {}), slices: pre.images, count: pre.count, masks: pre.masks };
}

/** Mask U > 0 of each slice, un-padded/cropped back onto the input's voxel grid (0/1 per voxel). */
export function predictionVolume(v: RunVolume, U: readonly Float32Array[], config: PreprocessConfig): Uint8Array {
  const hw = config.height * config.width;
  const mask = new Uint8Array(v.count * hw);
  U.forEach((u, s) => { for (let i = 0; i < hw; i++) mask[s * hw + i] = (u[i] as number) > 0 ? 1 : 0; });
  return slicesToVolume(mask, v.image.volume.shape, config);
}

/** 3D Dice of a 0/1 prediction against label > 0 (same grid). */
export function volumeDice(prediction: Uint8Array, label: NiftiImage): number {
  let inter = 0, pred = 0, truth = 0;
  const lab = label.volume.data;
  for (let i = 0; i < prediction.length; i++) {
    const p = prediction[i] === 1, t = (lab[i] as number) > 0;
    if (p) pred++;
    if (t) truth++;
    if (p && t) inter++;
  }
  return dice(inter, pred, truth);
}
