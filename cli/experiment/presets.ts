// Experiment presets: everything a Table-1 job needs besides (fold, loss). 'paper' is the full protocol on
// the real data; 'quick' a small real subset (or phantoms) with a smaller U-Net that runs in minutes;
// 'micro' a seconds-long smoke configuration for tests. Wall times are in models/snn/README.md. Every
// preset carries its scoring protocol (which engine scores which model at which T on which subjects).
import type { PreprocessConfig } from '../../data/types.js';
import { DEFAULT_PREPROCESS } from '../../data/preprocess.js';
import { DEFAULT_ARCH, type UNetArch } from '../../formats/unet-arch.js';
import type { DataSource } from '../../models/unet/source.js';
import type { AnnTrainConfig } from '../../models/unet/train-ann.js';
import { DEFAULT_CONVERSION, type ConvertOptions } from '../../models/snn/convert.js';
import { DEFAULT_FINETUNE, type FinetuneConfig } from '../../models/snn/finetune.js';
import { userError } from '../../core/errors.js';
import type { SimProtocol } from './sim-score.js';

/** The ANN training settings a preset fixes; the rest of AnnTrainConfig comes from the job. */
export type AnnStage = Pick<AnnTrainConfig, 'epochs' | 'batch' | 'lr' | 'patience' | 'minLr' | 'valFraction' | 'flips'>;

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
  /** 'paper' trains its own ReLU ANN; 'lowlat' starts from the paper recipe's ANN of the same fold and loss. */
  readonly recipe: 'paper' | 'lowlat';
  /** lowlat: QCFS warm start of that ReLU ANN (as `hsnn train --activation qcfs --levels L --init-from`). */
  readonly qcfs?: QcfsStage;
  /** --direct: train from scratch until validation Dice has not improved for `patience` epochs, at most `maxEpochs`. */
  readonly direct: DirectStage;
}

export interface QcfsStage {
  readonly levels: number;
  readonly lr: number;
  readonly epochs: number;
}

export interface DirectStage {
  readonly patience: number;
  readonly maxEpochs: number;
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
const DIRECT: DirectStage = { patience: 8, maxEpochs: 80 };

/**
 * The low-latency recipe on a base preset (models/pretrained/MODEL_CARD.md, snn-lowT): QCFS L = 4 warm
 * start (Adam 3e-4, 1 epoch), conversion with direct input at T = L from u0 = v/2, fine-tuning at T = 4
 * with the spike budget β = 0.05; scored at T = 4 only (the converted SNN is scored at its own T).
 */
function lowlatOf(base: ExperimentPreset, name: string, finetune: Partial<ExperimentPreset['finetune']>): ExperimentPreset {
  return {
    ...base, name, recipe: 'lowlat',
    qcfs: { levels: 4, lr: 3e-4, epochs: 1 },
    convert: { ...base.convert, T: 4, u0Fraction: 0.5, encoding: 'direct' },
    finetune: { ...base.finetune, T: 4, sopWeight: 0.05, ...finetune },
    scoring: { ...base.scoring, convertedSimTs: [] },
  };
}

const BASE: Readonly<Record<string, ExperimentPreset>> = {
  paper: {
    name: 'paper', arch: DEFAULT_ARCH, preprocess: DEFAULT_PREPROCESS, defaultData: PHANTOMS(40), maxSubjects: null, folds: 5,
    ann: { epochs: 30, batch: 26, lr: 1e-3, patience: 5, minLr: 1e-6, valFraction: 0.1, flips: false },
    convert: DEFAULT_CONVERSION,
    finetune: { ...DEFAULT_FINETUNE },
    scoring: { evalSubjects: 10, sim: SIM, convertedSimTs: [200] }, recipe: 'paper', direct: DIRECT,
  },
  quick: {
    name: 'quick', arch: { ...DEFAULT_ARCH, base: 8, depth: 2 }, preprocess: DEFAULT_PREPROCESS, defaultData: PHANTOMS(10), maxSubjects: 10, folds: 2,
    ann: { epochs: 20, batch: 16, lr: 2e-3, patience: 5, minLr: 1e-6, valFraction: 0.2, flips: false },
    convert: { ...DEFAULT_CONVERSION, samples: 16, calibT: 32 },
    finetune: { ...DEFAULT_FINETUNE, T: 16, epochs: 2, batch: 8 },
    scoring: { evalSubjects: 2, sim: { ...SIM, ratesSlices: 16 }, convertedSimTs: [64] }, recipe: 'paper', direct: { patience: 2, maxEpochs: 6 },
  },
  micro: {
    name: 'micro', arch: { ...DEFAULT_ARCH, base: 2, depth: 1 }, preprocess: DEFAULT_PREPROCESS, defaultData: { kind: 'phantoms', count: 6, seed: 7, shape: [12, 40, 30] }, maxSubjects: 6, folds: 2,
    ann: { epochs: 1, batch: 16, lr: 3e-3, patience: 5, minLr: 1e-6, valFraction: 0.25, flips: false },
    convert: { ...DEFAULT_CONVERSION, samples: 4, calibT: 8 },
    finetune: { ...DEFAULT_FINETUNE, T: 4, epochs: 1, batch: 8 },
    scoring: { evalSubjects: 1, sim: { ...SIM, ratesSlices: 4 }, convertedSimTs: [8] }, recipe: 'paper', direct: { patience: 1, maxEpochs: 4 },
  },
};

const need = (name: string): ExperimentPreset => {
  const p = BASE[name];
  if (!p) throw new Error(`internal assertion failed: no base preset ${name}`);
  return p;
};

export const PRESETS: Readonly<Record<string, ExperimentPreset>> = {
  ...BASE,
  lowlat: lowlatOf(need('paper'), 'lowlat', { epochs: 10, slicesPerEpoch: 260 }),
  'micro-lowlat': lowlatOf(need('micro'), 'micro-lowlat', {}),
};

export function presetByName(name: string): ExperimentPreset {
  const p = PRESETS[name];
  if (!p) throw userError('HSNN1203', `option --preset: '${name}' is not one of ${Object.keys(PRESETS).join(', ')}`);
  return p;
}
