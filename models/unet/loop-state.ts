// The training loop's resumable state and how it rides in a checkpoint: scalar state goes into
// header.training (next to the caller's provenance), optimizer moments into `opt/...` tensors (adam.ts).
// train.jsonl is rewritten from the checkpointed history, so log and checkpoint never disagree.
import { writeFileAtomic } from '../../core/atomic.js';
import { userError } from '../../core/errors.js';
import type { PlateauState } from './plateau.js';

/** One line of train.jsonl. Dice values are hard (threshold 0.5) Dice; valDice is mean subject 3D Dice. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  /** Training Dice pooled over each batch, averaged over the epoch's batches. */
  readonly dice: number;
  readonly valLoss: number | null;
  readonly valDice: number | null;
  /** Learning rate used during this epoch. */
  readonly lr: number;
  readonly seconds: number;
  /** SNN fine-tuning: mean over the epoch's batches of SOPs per slice / ANN MACs per slice (models/snn/sop.ts). */
  readonly sopPerMac?: number;
  /** The same on the validation slices. */
  readonly valSopPerMac?: number;
}

export interface LoopState {
  /** Number of completed epochs. */
  readonly epoch: number;
  readonly epochs: number;
  /** Learning rate for the next epoch. */
  readonly lr: number;
  readonly plateau: PlateauState;
  readonly bestValDice: number | null;
  readonly bestEpoch: number | null;
  readonly elapsedSeconds: number;
  readonly history: readonly EpochRecord[];
}

export function initialLoopState(lr: number, epochs: number): LoopState {
  return { epoch: 0, epochs, lr, plateau: { lr, best: null, badEpochs: 0 }, bestValDice: null, bestEpoch: null, elapsedSeconds: 0, history: [] };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);

/** Read the loop state back from header.training; names the file and the bad field. */
export function loopStateFromTraining(training: Readonly<Record<string, unknown>>, file: string): LoopState {
  const bad = (field: string): never => { throw userError('HSNN1204', `checkpoint ${file}: cannot resume, training.${field} is missing or invalid`); };
  const t = training as Partial<Record<keyof LoopState, unknown>>;
  if (!isNum(t.epoch) || !Number.isInteger(t.epoch) || t.epoch < 0) bad('epoch');
  if (!isNum(t.epochs)) bad('epochs');
  if (!isNum(t.lr) || (t.lr as number) <= 0) bad('lr');
  const p = t.plateau as Partial<PlateauState> | undefined;
  if (!p || !isNum(p.lr) || !isNumOrNull(p.best) || !isNum(p.badEpochs)) bad('plateau');
  if (!isNumOrNull(t.bestValDice)) bad('bestValDice');
  if (!isNumOrNull(t.bestEpoch)) bad('bestEpoch');
  if (!isNum(t.elapsedSeconds)) bad('elapsedSeconds');
  if (!Array.isArray(t.history) || t.history.length !== t.epoch) bad('history');
  return t as unknown as LoopState;
}

export function writeJsonl(path: string, history: readonly EpochRecord[]): void {
  writeFileAtomic(path, history.map((r) => `${JSON.stringify(r)}\n`).join(''));
}
