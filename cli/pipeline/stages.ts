// The main job as data: each stage is an hsnn command line, run in-process, so `hsnn pipeline` does exactly
// what a user typing the printed commands would. Defaults differ for phantoms (small, minutes) and real data.
import { join } from 'node:path';

export interface PipelinePlan {
  readonly out: string;
  /** Dataset folder (real data, or the phantom folder the pipeline wrote). */
  readonly data: string;
  readonly fold: number;
  readonly loss: string;
  /** Fine-tuning loss; Dice by default: BCE's pull towards the empty mask kept the phantom SNN's masks empty. */
  readonly finetuneLoss: string;
  readonly target: string;
  readonly T: number;
  readonly annEpochs: number;
  /** Threshold-balancing calibration: slices and steps (smaller on phantoms to stay within minutes). */
  readonly calibration: { readonly samples: number; readonly T: number };
  readonly finetuneEpochs: number;
  readonly finetuneBatch: number;
  /** Seeded training-slice sample per fine-tuning epoch; 0 = all. */
  readonly finetuneSlices: number;
  readonly arch: { readonly base: number; readonly depth: number };
  /** Pretrained ANN and converted/fine-tuned SNN checkpoints; skips training when set. */
  readonly pretrained?: { readonly ann: string; readonly converted: string; readonly finetuned: string };
  /** Dice-vs-T points scored for the report. */
  readonly diceTs: readonly number[];
  /** Test subjects scored in Dice-vs-T (a fixed sample keeps the pipeline short). */
  readonly diceSubjects: number;
  readonly threads: number;
}

export interface Stage {
  readonly name: string;
  readonly argv: readonly string[];
  /** Where the stage's last JSON stdout line is saved, if anywhere. */
  readonly saveLastLine?: string;
}

export function checkpointsOf(p: PipelinePlan): { ann: string; converted: string; finetuned: string } {
  return p.pretrained ?? {
    ann: join(p.out, 'ann', 'ann.best.ckpt'),
    converted: join(p.out, 'snn', 'converted.ckpt'),
    finetuned: join(p.out, 'finetune', 'snn.ckpt'),
  };
}

function trainingStages(p: PipelinePlan, c: ReturnType<typeof checkpointsOf>): Stage[] {
  return [
    { name: 'train ANN', argv: ['train', '--data', p.data, '--fold', String(p.fold), '--loss', p.loss, '--epochs', String(p.annEpochs), '--base', String(p.arch.base), '--depth', String(p.arch.depth), '--out', join(p.out, 'ann')] },
    { name: 'convert to SNN', argv: ['convert', c.ann, '--data', p.data, '--T', String(p.T), '--samples', String(p.calibration.samples), '--calib-T', String(p.calibration.T), '--out', c.converted] },
    { name: 'fine-tune SNN', argv: ['finetune', c.converted, '--data', p.data, '--loss', p.finetuneLoss, '--T', String(p.T), '--epochs', String(p.finetuneEpochs), '--batch', String(p.finetuneBatch), ...(p.finetuneSlices > 0 ? ['--slices-per-epoch', String(p.finetuneSlices)] : []), '--out', join(p.out, 'finetune')] },
  ];
}

function snnStages(p: PipelinePlan, which: 'converted' | 'finetuned', ckpt: string): Stage[] {
  const netlist = join(p.out, `${which}.${p.target}.netlist.pb`);
  const run = join(p.out, `run-${which}`);
  return [
    { name: `firing rates (${which})`, argv: ['rates', ckpt, '--data', p.data, '--T', String(p.T), '--out', join(run, 'rates.json')] },
    { name: `compile ${which} for ${p.target}`, argv: ['compile', ckpt, '--target', p.target, '--rates', join(run, 'rates.json'), '-o', netlist] },
    { name: `simulate ${which} (WASM)`, argv: ['run', netlist, '--input', p.data, '--fold', String(p.fold), '--checkpoint', ckpt, '--T', String(p.T), '--threads', String(p.threads), '--out', run] },
    { name: `Dice against T (${which})`, argv: ['evaluate-snn', ckpt, '--data', p.data, '--fold', String(p.fold), '--subjects', String(p.diceSubjects), '--T', p.diceTs.join(',')], saveLastLine: join(run, 'dice-vs-t.json') },
  ];
}

export function pipelineStages(p: PipelinePlan): Stage[] {
  const c = checkpointsOf(p);
  return [
    ...(p.pretrained ? [] : trainingStages(p, c)),
    ...snnStages(p, 'converted', c.converted),
    ...snnStages(p, 'finetuned', c.finetuned),
    { name: 'report', argv: ['report', join(p.out, 'run-finetuned'), '--compare', join(p.out, 'run-converted'), '--ann', c.ann, '--data', p.data, '--out', join(p.out, 'report')] },
  ];
}
