// The in-memory slice dataset every trainer and evaluator consumes: preprocessed 2D slices of many
// subjects, stacked, with the map back to subjects so 3D (per-subject) Dice can be computed.

/** How raw volumes become slices; stored in every checkpoint so inference preprocesses identically. */
export interface PreprocessConfig {
  /** Axis (0, 1 or 2 of the NIfTI volume, i.e. x, y, z) along which 2D slices are taken. */
  readonly axis: 0 | 1 | 2;
  /** Output slice size (rows = height, cols = width) after centre pad/crop of the two in-plane axes. */
  readonly height: number;
  readonly width: number;
  /** Intensities are clipped to these per-volume percentiles, then scaled to [0, 1]. */
  readonly clipPercentiles: readonly [number, number];
}

export interface SubjectInfo {
  /** e.g. 'hippocampus_001' (file name without extension) or 'phantom_007'. */
  readonly id: string;
  /** Slices of this subject occupy [sliceStart, sliceStart + sliceCount) in the dataset arrays. */
  readonly sliceStart: number;
  readonly sliceCount: number;
  /** Original volume shape (x, y, z) before pad/crop. */
  readonly shape: readonly [number, number, number];
  /** Source files when loaded from disk (the image doubles as the reference header for predictions). */
  readonly imagePath?: string;
  readonly labelPath?: string;
  /** Foreground voxels lost to the centre crop (0 when the (height, width) box holds the whole volume). */
  readonly croppedForeground?: number;
}

export interface SliceDataset {
  readonly config: PreprocessConfig;
  /** n * height * width floats in [0, 1], row-major per slice (NHW, one channel). */
  readonly images: Float32Array;
  /** n * height * width, 0 or 1 (hippocampus = label > 0). */
  readonly masks: Uint8Array;
  readonly n: number;
  readonly subjects: readonly SubjectInfo[];
}
