// Experiment presets: everything a Table-1 job needs besides (fold, loss). 'paper' is the full protocol on
// the real data; 'quick' a small real subset (or phantoms) with a smaller U-Net that runs in minutes;
// 'micro' a seconds-long smoke configuration for tests. Wall times are in models/snn/README.md. Every
// preset carries its scoring protocol (which engine scores which model at which T on which subjects).
import type { PreprocessConfig } from '../../data/types.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { DEFAULT_ARCH, type UNetArch } from '../../formats/unet-arch.js';
import type { DataSource } from '../unet/source.js';
import { DEFAULT_CONVERSION, type ConvertOptions } from './convert.js';
import { DEFAULT_FINETUNE, type FinetuneConfig } from './finetune.js';
import { userError } from '../../core/errors.js';
import type { SimProtocol } from './sim-score.js';

export interface AnnStage {
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly patience: number;
  readonly minLr: number;
  readonly valFraction: number;
  readonly flips: boolean;
}

export interface ExperimentPreset {
  readonly name: string;
  readonly arch: UNetArch;
  readonly preprocess: PreprocessConfig;
  /** Used when no --data is given. */
  readonly defaultData: DataSource;
  /** Keep only the first N subjects of a dataset folder (null = all). */
  readonly maxSubjects: number | null;
  readonly folds: number;
  readonly ann: AnnStage;
  readonly convert: ConvertOptions;
  readonly finetune: Omit<FinetuneConfig, 'loss'>;
  readonly scoring: ScoringProtocol;
}

/**
 * Who scores what. ANN: tfjs on every test subject of the fold. SNNs (converted, fine-tuned, direct): tfjs
 * at the fine-tuning T on the first `evalSubjects` test subjects; the simulator (compiled per `sim`) at the
 * fine-tuning T on every test subject, and the converted SNN also at each of `convertedSimTs` on the
 * first `evalSubjects` (the paper's T = 200 row, which tfjs would take hours for).
 */
export interface ScoringProtocol {
  readonly evalSubjects: number | null;
  readonly sim: SimProtocol;
  readonly convertedSimTs: readonly number[];
}

const SIM: SimProtocol = { target: 'loihi', quantize: 'int8', ratesSlices: 64, ratesSeed: 0 };

const PHANTOMS = (count: number): DataSource => ({ kind: 'phantoms', count, seed: 2024 });

export const PRESETS: Readonly<Record<string, ExperimentPreset>> = {
  paper: {
    name: 'paper', arch: DEFAULT_ARCH, preprocess: DEFAULT_PREPROCESS, defaultData: PHANTOMS(40), maxSubjects: null, folds: 5,
    ann: { epochs: 30, batch: 26, lr: 1e-3, patience: 5, minLr: 1e-6, valFraction: 0.1, flips: false },
    convert: DEFAULT_CONVERSION,
    finetune: { ...DEFAULT_FINETUNE },
    scoring: { evalSubjects: 10, sim: SIM, convertedSimTs: [200] },
  },
  quick: {
    name: 'quick', arch: { ...DEFAULT_ARCH, base: 8, depth: 2 }, preprocess: DEFAULT_PREPROCESS, defaultData: PHANTOMS(10), maxSubjects: 10, folds: 2,
    ann: { epochs: 20, batch: 16, lr: 2e-3, patience: 5, minLr: 1e-6, valFraction: 0.2, flips: false },
    convert: { ...DEFAULT_CONVERSION, samples: 16, calibT: 32 },
    finetune: { ...DEFAULT_FINETUNE, T: 16, epochs: 2, batch: 8 },
    scoring: { evalSubjects: 2, sim: { ...SIM, ratesSlices: 16 }, convertedSimTs: [64] },
  },
  micro: {
    name: 'micro', arch: { ...DEFAULT_ARCH, base: 2, depth: 1 }, preprocess: DEFAULT_PREPROCESS, defaultData: { kind: 'phantoms', count: 6, seed: 7, shape: [12, 40, 30] }, maxSubjects: 6, folds: 2,
    ann: { epochs: 1, batch: 16, lr: 3e-3, patience: 5, minLr: 1e-6, valFraction: 0.25, flips: false },
    convert: { ...DEFAULT_CONVERSION, samples: 4, calibT: 8 },
    finetune: { ...DEFAULT_FINETUNE, T: 4, epochs: 1, batch: 8 },
    scoring: { evalSubjects: 1, sim: { ...SIM, ratesSlices: 4 }, convertedSimTs: [8] },
  },
};

export function presetByName(name: string): ExperimentPreset {
  const p = PRESETS[name];
  if (!p) throw userError('HSNN1203', `option --preset: '${name}' is not one of ${Object.keys(PRESETS).join(', ')}`);
  return p;
}
