// `node --import tsx test/bench/qcfs-init.bench.ts [ANN.ckpt] [--data DIR] [--subjects N] [--levels 2,4,8]`:
// how much a ReLU ANN loses when its ReLUs become QCFS with the minimum-MSE λ initialisation (qcfs-init.ts)
// and no training, a quick screen before `hsnn train --init-from`. Scores the first N subjects of the data
// (training and test subjects mixed: not a test figure) with 64 calibration slices spread over them.
// Prints per-L 3D Dice and each layer's λ / p99.9; last stdout line is JSON. With `--out FILE` it also
// writes the λ-initialised qcfs ANN of the first L (no training), with λ chosen exactly as
// `hsnn train --init-from ANN --activation qcfs --levels L` would (the fold's training slices), for
// `hsnn convert`: the "λ initialisation alone" row of an ablation.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { loadAnn } from '../../models/unet/ann-checkpoint.js';
import { dirSource, loadSource, sourceFromJson } from '../../models/unet/source.js';
import { initLambdas } from '../../models/unet/qcfs-init.js';
import { annPredict } from '../../models/unet/ann.js';
import { evaluateSubjects } from '../../models/unet/evaluate.js';
import { lambdaName } from '../../models/unet/qcfs.js';
import { annSplit, DEFAULT_INIT_SLICES, lambdaCalibration } from '../../models/unet/train-ann.js';
import { modelTensors } from '../../models/unet/ann-checkpoint.js';
import { saveCheckpoint } from '../../formats/checkpoint.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const file = argv[0] !== undefined && !argv[0].startsWith('--') ? argv[0] : 'models/pretrained/ann.ckpt';
const subjects = Number(opt('subjects') ?? 12);
const levelsList = (opt('levels') ?? '2,4,8').split(',').map(Number);
const CAL = 64;

await initBackend('wasm');
const a = loadAnn(file);
const arch = a.checkpoint.header.arch;
const dataDir = opt('data');
const source = dataDir !== undefined ? dirSource(dataDir) : sourceFromJson(a.checkpoint.header.training.data, file);
const data = loadSource(source, a.checkpoint.header.preprocess, subjects);
const hw = arch.height * arch.width;
const images = new Float32Array(CAL * hw);
for (let k = 0; k < CAL; k++) {
  const s = Math.floor((k * data.n) / CAL);
  images.set(data.images.subarray(s * hw, (s + 1) * hw), k * hw);
}
const ids = data.subjects.map((s) => s.id);
const relu = await evaluateSubjects(data, ids, (x) => annPredict(arch, a.weights, x));
console.log(`${file}: ReLU 3D Dice ${relu.dice3d.mean.toFixed(4)} on the first ${ids.length} subjects`);
const rows: { levels: number; dice3d: number; lambdas: Record<string, number> }[] = [];
for (const L of levelsList) {
  const choices = initLambdas(arch, a.weights, { images, n: CAL }, L, 0);
  const w = new Map(a.weights);
  for (const c of choices) w.set(lambdaName(c.name), tf.tensor4d([c.lambda], [1, 1, 1, 1]));
  const r = await evaluateSubjects(data, ids, (x) => annPredict(arch, w, x, { kind: 'qcfs', levels: L }));
  console.log(`L ${L}: QCFS 3D Dice ${r.dice3d.mean.toFixed(4)}; ${choices.map((c) => `${c.name} λ ${c.lambda.toPrecision(3)} (p99.9 ${c.p999.toPrecision(3)}, zeroed ${(100 * c.zeroedFraction).toFixed(0)}%)`).join('; ')}`);
  rows.push({ levels: L, dice3d: r.dice3d.mean, lambdas: Object.fromEntries(choices.map((c) => [c.name, c.lambda])) });
  for (const c of choices) w.get(lambdaName(c.name))?.dispose();
}

const out = opt('out');
if (out !== undefined) {
  const L = levelsList[0] as number;
  const h = a.checkpoint.header;
  const t = h.training;
  const max = t.maxSubjects;
  const full = loadSource(source, h.preprocess, typeof max === 'number' ? max : null);
  const split = annSplit(full, Number(t.fold), Number(t.folds), Number(t.seed), Number(t.valFraction));
  const choices = initLambdas(arch, a.weights, lambdaCalibration(full, split, Number(t.seed), DEFAULT_INIT_SLICES), L, Number(t.seed));
  const tensors = modelTensors(a.checkpoint);
  for (const c of choices) tensors.set(lambdaName(c.name), { shape: [1, 1, 1, 1], data: Float32Array.of(c.lambda) });
  const { tensors: _t, format: _f, version: _v, ...rest } = h;
  saveCheckpoint(out, { ...rest, activation: { kind: 'qcfs', levels: L }, training: { ...t, lambdaInit: choices, initFrom: { path: file, trained: false } } }, tensors);
  console.log(`wrote ${out}: qcfs L ${L}, λ initialised on ${DEFAULT_INIT_SLICES} training slices, not trained`);
}
console.log(JSON.stringify({ ann: file, subjects: ids.length, reluDice3d: relu.dice3d.mean, qcfs: rows }));
