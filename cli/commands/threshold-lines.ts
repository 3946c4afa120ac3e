// Text lines of a threshold sweep (evaluate and evaluate-snn --thresholds): Dice and the predicted/true
// volume ratio at each probability cut-off, so a biased readout shows as a better cut away from 0.5.
import type { ThresholdScore } from '../../data/metrics.js';

export const THRESHOLDS_OPTION = {
  type: 'string',
  describe: 'also score at these probability cut-offs, comma-separated in (0, 1), e.g. 0.3,0.5,0.7: 3D Dice and predicted/true volume at each (a calibration check)',
} as const;

export function thresholdLines(sweep: readonly ThresholdScore[], indent: string): string[] {
  return sweep.map((s) => `${indent}cut ${s.threshold.toFixed(2)}  dice3d ${s.dice3d.mean.toFixed(4)} ± ${s.dice3d.std.toFixed(4)}  dice2d(hippocampus) ${s.dice2dHippocampus.mean.toFixed(4)}  volume ×${s.volumeRatio.toFixed(3)}\n`);
}
