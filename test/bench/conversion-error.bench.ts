// `node --import tsx test/bench/conversion-error.bench.ts QCFS_ANN.ckpt SNN.ckpt [--data DIR] [--slices N]
// [--calibrate ITERS --out FILE]`: where a QCFS → IF conversion (T = L, u0 = v/2) departs from its ANN, layer
// by layer. On N seeded training slices of the ANN's fold (the λ initialisation's sampler, another seed) it
// compares every spiking layer's ANN level k = y·L/λ with the SNN's spike count over T steps scaled to
// levels (count·L/T): the mean of each, the share of neurons where they are equal, the mean |difference|
// in levels and, of the neurons that differ, the share where the SNN fires more. The errors compound with
// depth, so a layer's row includes what its inputs brought in.
// With --calibrate it then rescales each layer's threshold, all layers at once, by (SNN mean / ANN mean)^0.7
// for ITERS rounds, so that each layer's mean spike count matches its ANN's mean level, and writes that SNN
// to FILE (an experiment: `hsnn evaluate-snn FILE --validation` says whether it helps). Last line: JSON.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/backend/select.js';
import { loadAnn, modelTensors } from '../../models/unet/ann-checkpoint.js';
import { loadSnn, saveSnn } from '../../models/snn/snn-checkpoint.js';
import { unetForward } from '../../models/unet/forward.js';
import { lambdaName, qcfs } from '../../models/unet/qcfs.js';
import { snnLogits } from '../../models/snn/network.js';
import { dirSource, loadSource, sourceFromJson } from '../../models/unet/source.js';
import { annSplit, lambdaCalibration } from '../../models/unet/train-ann.js';
import type { LayerSpec } from '../../formats/unet-arch.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
};
const [annFile, snnFile] = argv;
if (annFile === undefined || snnFile === undefined || annFile.startsWith('--') || snnFile.startsWith('--')) {
  throw new Error('conversion-error.bench: usage QCFS_ANN.ckpt SNN.ckpt [--data DIR] [--slices N] [--calibrate ITERS --out FILE]');
}
const nSlices = Number(opt('slices') ?? 52);
const iters = opt('calibrate') === undefined ? 0 : Number(opt('calibrate'));
const out = opt('out');
if (!(Number.isInteger(nSlices) && nSlices > 0)) throw new Error(`conversion-error.bench: --slices '${opt('slices')}' must be a positive integer`);
if (!(Number.isInteger(iters) && iters >= 0)) throw new Error(`conversion-error.bench: --calibrate '${opt('calibrate')}' must be a whole number of rounds`);
if (iters > 0 && out === undefined) throw new Error('conversion-error.bench: --calibrate needs --out FILE');

await initBackend('wasm');
const ann = loadAnn(annFile);
if (ann.activation.kind !== 'qcfs' || !ann.lambdas) throw new Error(`conversion-error.bench: ${annFile} is not a qcfs ANN (hsnn train --activation qcfs)`);
const L = ann.activation.levels;
const lambdas = ann.lambdas;
const snn = loadSnn(snnFile);
const T = snn.snn.T;
const arch = ann.checkpoint.header.arch;
const training = ann.checkpoint.header.training;
const dataDir = opt('data');
const source = dataDir !== undefined ? dirSource(dataDir) : sourceFromJson(training.data, annFile);
const num = (k: string, d: number): number => { const v = training[k]; return typeof v === 'number' ? v : d; };
const data = loadSource(source, ann.checkpoint.header.preprocess, num('maxSubjects', 0) || null);
const split = annSplit(data, num('fold', 0), num('folds', 5), num('seed', 0), num('valFraction', 0.1));
// Seed 7, not the λ initialisation's own sample: slices the clips were not chosen on.
const cal = lambdaCalibration(data, split, 7, nSlices);
const x = tf.tensor4d(cal.images, [cal.n, arch.height, arch.width, 1]);
const ids = Array.from({ length: cal.n }, (_, i) => i);

/** Each spiking layer's per-neuron level: ANN y·L/λ. */
const annLevels = new Map<string, Float32Array>();
tf.tidy(() => {
  unetForward(arch, ann.weights, x, (pre: tf.Tensor4D, layer: LayerSpec) => {
    const lam = ann.weights.get(lambdaName(layer.name));
    const v = lambdas.get(layer.name);
    if (!lam || v === undefined) throw new Error(`conversion-error.bench: no λ for layer ${layer.name}`);
    const y = qcfs(pre, lam, L);
    annLevels.set(layer.name, tf.round(tf.mul(y, L / v)).dataSync() as Float32Array);
    return y;
  });
});

const thresholds: Record<string, number> = { ...snn.params.thresholds };
/** Each spiking layer's per-neuron spike count over T, in levels (count·L/T). */
function snnLevels(): Map<string, Float32Array> {
  const m = new Map<string, Float32Array>();
  tf.tidy(() => {
    snnLogits(arch, snn.weights, { ...snn.params, thresholds }, x, {
      T, seed: 0, sliceIds: ids,
      onSpikes: (layer, s) => {
        const [tb, h, w, c] = s.shape;
        m.set(layer.name, tf.mul(tf.sum(tf.reshape(s, [T, tb / T, h, w, c]), 0), L / T).dataSync() as Float32Array);
      },
    });
  });
  return m;
}

interface LayerError { readonly layer: string; readonly annMean: number; readonly snnMean: number; readonly equal: number; readonly meanAbsDiff: number; readonly overShare: number | null }
function compare(snnL: Map<string, Float32Array>): LayerError[] {
  const rows: LayerError[] = [];
  for (const [layer, a] of annLevels) {
    const s = snnL.get(layer);
    if (!s) continue;
    let sa = 0, ss = 0, eq = 0, ad = 0, over = 0, diff = 0;
    for (let i = 0; i < a.length; i++) {
      const ai = a[i] as number, si = s[i] as number;
      sa += ai; ss += si;
      const d = si - ai;
      if (Math.abs(d) < 1e-6) eq++;
      else { ad += Math.abs(d); diff++; if (d > 0) over++; }
    }
    const n = a.length;
    rows.push({ layer, annMean: sa / n, snnMean: ss / n, equal: eq / n, meanAbsDiff: ad / n, overShare: diff > 0 ? over / diff : null });
  }
  return rows;
}

const print = (rows: readonly LayerError[]): void => {
  console.log('layer          ANN level  SNN level  equal   |diff|  SNN fires more (of the differing)');
  for (const r of rows) {
    console.log(`${r.layer.padEnd(14)} ${r.annMean.toFixed(3).padStart(9)}  ${r.snnMean.toFixed(3).padStart(9)}  ${(100 * r.equal).toFixed(1).padStart(5)} %  ${r.meanAbsDiff.toFixed(3)}   ${r.overShare === null ? '-' : `${(100 * r.overShare).toFixed(0)} %`}`);
  }
};

console.log(`${annFile} (qcfs L ${L}) → ${snnFile} (T ${T}, u0 ${snn.params.u0Fraction}·v, ${snn.params.encoding ?? 'poisson'} input), ${cal.n} training slices of fold ${num('fold', 0)}`);
const before = compare(snnLevels());
print(before);
let after: LayerError[] | null = null;
if (iters > 0 && out !== undefined) {
  for (let it = 0; it < iters; it++) {
    for (const r of compare(snnLevels())) {
      const t = thresholds[r.layer];
      if (t !== undefined && r.annMean > 0 && r.snnMean > 0) thresholds[r.layer] = t * Math.pow(r.snnMean / r.annMean, 0.7);
    }
  }
  after = compare(snnLevels());
  console.log(`after ${iters} rounds of mean matching; threshold multipliers: ${Object.keys(thresholds).map((n) => `${n} ${((thresholds[n] as number) / (snn.params.thresholds[n] as number)).toFixed(3)}`).join(', ')}`);
  print(after);
  saveSnn(out, { base: snn.header, training: snn.header.training, snn: { ...snn.snn, thresholds }, tensors: modelTensors(snn.checkpoint) });
  console.log(`wrote ${out}`);
}
tf.dispose(x);
console.log(JSON.stringify({ T, levels: L, slices: cal.n, before, ...(after ? { after, thresholds } : {}) }));
