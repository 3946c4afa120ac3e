// The shipped networks the main job runs on samples/, as data: adding a network is one line. A row whose
// checkpoint is not in the clone is skipped with a note (e.g. a network that has not been shipped yet).

export interface ShippedNetwork {
  /** Names the run and report folders. */
  readonly name: string;
  /** Relative to the repository root. */
  readonly checkpoint: string;
  readonly T: number;
  readonly target: string;
  readonly quantize: 'int8' | 'int16' | 'float32';
  /** Run by `npm start` (the ≤ 90 s budget on a fresh clone); the rest run with --all-networks. */
  readonly main: boolean;
}

export const SHIPPED_NETWORKS: readonly ShippedNetwork[] = [
  { name: 'snn-lowT', checkpoint: 'models/pretrained/snn-lowT.ckpt', T: 4, target: 'loihi', quantize: 'int8', main: true },
  { name: 'snn-T16', checkpoint: 'models/pretrained/snn-finetuned.ckpt', T: 16, target: 'loihi', quantize: 'int8', main: true },
  { name: 'snn-T32', checkpoint: 'models/pretrained/snn-finetuned-t32.ckpt', T: 32, target: 'loihi', quantize: 'int8', main: false },
];
