// ReduceLROnPlateau on a monitored value that should fall (the validation loss), as a pure state machine
// so its state can ride in the checkpoint header. An epoch "improves" when value < best·(1 − threshold)
// (PyTorch's relative threshold); after `patience` epochs in a row without improvement (Keras' count)
// lr ← max(lr·factor, minLr) and the count restarts.

export interface PlateauConfig {
  readonly factor: number;
  readonly patience: number;
  readonly minLr: number;
  readonly threshold: number;
}

export interface PlateauState {
  readonly lr: number;
  /** Best monitored value so far; null before the first epoch (JSON has no Infinity). */
  readonly best: number | null;
  readonly badEpochs: number;
}

export const DEFAULT_PLATEAU: PlateauConfig = { factor: 0.5, patience: 5, minLr: 1e-6, threshold: 1e-4 };

export function plateauInit(lr: number): PlateauState {
  return { lr, best: null, badEpochs: 0 };
}

export function plateauStep(cfg: PlateauConfig, s: PlateauState, value: number): PlateauState {
  if (s.best === null || value < s.best * (1 - cfg.threshold)) return { lr: s.lr, best: value, badEpochs: 0 };
  const bad = s.badEpochs + 1;
  if (bad < cfg.patience) return { lr: s.lr, best: s.best, badEpochs: bad };
  return { lr: Math.max(s.lr * cfg.factor, cfg.minLr), best: s.best, badEpochs: 0 };
}
