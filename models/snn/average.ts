// Weight averaging of SNN checkpoints (checkpoint averaging / SWA, Izmailov et al. 2018): the element-wise
// mean of several fine-tuned networks on one loss plateau. Fine-tuning at lr 1e-3 leaves the weights
// jittering around the plateau (validation Dice moves ±0.5 points per epoch); their mean sits nearer its
// centre. The mean is only meaningful between networks that share every non-trained quantity, so
// thresholds, u0, readout scale, input encoding, T and the fold split must match exactly; a mix of folds would also leak
// one fold's test subjects into another's checkpoint.
import { INHERITED_TRAINING_KEYS, readSnn, saveSnn, sha256File, type SnnCheckpoint, type SnnSave } from './snn-checkpoint.js';
import { unetLayers } from '../../formats/unet-arch.js';
import { assert, userError } from '../../core/errors.js';

/** Inherited keys that fix the fold's subjects; they must agree (the data path may have moved). */
const SPLIT_KEYS = INHERITED_TRAINING_KEYS.filter((k) => k !== 'data');

export interface AverageInput {
  readonly file: string;
  readonly sha256: string;
  readonly snn: SnnCheckpoint;
}

function mismatch(inputs: readonly AverageInput[]): string[] {
  const [first, ...rest] = inputs;
  if (!first) return [];
  const problems: string[] = [];
  const h0 = first.snn.header;
  const s0 = first.snn.snn;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const { file, snn } of rest) {
    const h = snn.header;
    const s = snn.snn;
    const diff = (what: string): void => { problems.push(`${file}: ${what} differs from ${first.file}`); };
    if (!same(h.arch, h0.arch)) diff('architecture');
    if (!same(h.preprocess, h0.preprocess)) diff('preprocessing');
    for (const k of SPLIT_KEYS) if (!same(h.training[k], h0.training[k])) diff(`training.${k} (the fold split)`);
    if (s.T !== s0.T) diff(`T (${s.T} vs ${s0.T})`);
    if (s.encoding !== s0.encoding) diff(`input encoding (${s.encoding} vs ${s0.encoding})`);
    if ((s.pool ?? 'fused') !== (s0.pool ?? 'fused')) diff(`pool mode (${s.pool ?? 'fused'} vs ${s0.pool ?? 'fused'})`);
    if (s.u0Fraction !== s0.u0Fraction) diff(`u0 fraction (${s.u0Fraction} vs ${s0.u0Fraction})`);
    if (s.readoutScale !== s0.readoutScale) diff(`readout scale (${s.readoutScale} vs ${s0.readoutScale})`);
    for (const layer of unetLayers(h0.arch)) {
      if (s.thresholds[layer.name] !== s0.thresholds[layer.name]) diff(`threshold of layer '${layer.name}' (${s.thresholds[layer.name]} vs ${s0.thresholds[layer.name]})`);
    }
  }
  return problems;
}

/** The mean network as an SNN checkpoint body; inputs are validated against the first one. */
export function averageSnns(inputs: readonly AverageInput[]): SnnSave {
  if (inputs.length < 2) throw userError('HSNN1307', `averaging needs at least 2 SNN checkpoints, got ${inputs.length}`);
  const problems = mismatch(inputs);
  if (problems.length > 0) throw userError('HSNN1307', `cannot average: ${problems.join('; ')}`);
  const first = inputs[0] as AverageInput;
  const h0 = first.snn.header;
  const tensors = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const layer of unetLayers(h0.arch)) {
    const sum = new Float64Array(layer.weightShape.reduce((a, b) => a * b, 1));
    for (const { snn } of inputs) {
      const w = snn.checkpoint.tensors.get(layer.name);
      assert(w !== undefined && w.length === sum.length, `average: layer ${layer.name} was not validated by readSnn`);
      for (let i = 0; i < w.length; i++) sum[i] = (sum[i] as number) + (w[i] as number);
    }
    tensors.set(layer.name, { shape: [...layer.weightShape], data: Float32Array.from(sum, (v) => v / inputs.length) });
  }
  const training: Record<string, unknown> = {};
  for (const k of [...INHERITED_TRAINING_KEYS, 'annLoss']) if (h0.training[k] !== undefined) training[k] = h0.training[k];
  training.averaged = inputs.map(({ file, sha256, snn }) => ({
    path: file, sha256, origin: snn.snn.origin, epoch: snn.header.training.epoch ?? null, bestValDice: snn.header.training.bestValDice ?? null,
  }));
  const origins = new Set(inputs.map((i) => i.snn.snn.origin));
  const origin = origins.size === 1 ? first.snn.snn.origin : 'finetuned';
  return { base: h0, training, snn: { ...first.snn.snn, origin }, tensors };
}

export interface AverageResult {
  readonly out: string;
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

/** Read, validate, average and write `out` atomically (nothing is written when any input is rejected). */
export function averageSnnFiles(files: readonly string[], out: string): AverageResult {
  const inputs = files.map((file): AverageInput => ({ file, snn: readSnn(file), sha256: sha256File(file) }));
  saveSnn(out, averageSnns(inputs));
  return { out, inputs: inputs.map(({ file, sha256 }) => ({ path: file, sha256 })) };
}
