// Spike-based threshold balancing (Sengupta et al. 2019), layer by layer: with every earlier layer already
// converted and spiking, a layer's threshold is a statistic (max or percentile) of its input current over
// T steps and all calibration slices — per step (Sengupta) or averaged over the steps (BalanceStat). Calibration runs in chunks of slices; each chunk's
// spikes are kept bit-packed until the last layer that reads them (skip connections) is done.
//
// Scale bookkeeping: Λ_l maps firing rates to ANN activations (rate ≈ a_l / Λ_l). Λ_input = 1, pooling
// keeps Λ, and a layer fed by rates of scale Λ_in gets Λ_l = Λ_in · v_l. The two inputs of a concat conv
// carry different Λ; per-branch balancing multiplies weight slice b by Λ_b / Λ_ref (Λ_ref = geometric
// mean of the two) so the current is again proportional to the ANN pre-activation. readoutScale = Λ of
// the readout's input, which makes readoutScale·U_T/T estimate the ANN logit.
import * as tf from '@tensorflow/tfjs';
import { unetLayers, type LayerSpec, type UNetArch } from '../../formats/unet-arch.js';
import { layerCurrent, layerInput } from '../unet/forward.js';
import { encodeInput, type InputEncoding } from './network.js';
import { ifLayer } from './if-neuron.js';
import { CurrentStats, type BalanceMethod } from './current-stats.js';
import { packSpikes, unpackSpikes, type PackedSpikes } from './spike-store.js';
import { annActivationScales } from './ann-scales.js';
import { assert } from '../../core/errors.js';

/**
 * Which current the statistic ranges over: 'step' = every step's current I_t (Sengupta et al. 2019, the
 * largest single-step input), 'rate' = each neuron's mean current over the T steps (the SNN-side
 * counterpart of data-based normalisation), 'ann' = the ANN's own ReLU outputs (data-based normalisation,
 * Diehl et al. 2015 / Rueckauer et al. 2017; ann-scales.ts), which needs no spike simulation.
 */
export type BalanceStat = 'step' | 'rate' | 'ann';

export interface BalanceOptions {
  readonly method: BalanceMethod;
  readonly stat: BalanceStat;
  readonly perBranch: boolean;
  readonly u0Fraction: number;
  /** Calibration steps. */
  readonly T: number;
  readonly seed: number;
  /** Largest T·slices per tfjs batch (memory bound). */
  readonly chunkImages: number;
  /** Input of the calibration run (default poisson). */
  readonly encoding?: InputEncoding;
  /**
   * Activation scales λ_l given (a QCFS ANN's learned clips): v_l = λ_l / λ_in(l) as with stat 'ann', and
   * nothing is simulated or measured, so the calibration set may be empty.
   */
  readonly lambdas?: ReadonlyMap<string, number>;
  readonly onLayer?: (r: LayerBalance) => void;
}

/** What balancing measured for one layer (kept in the checkpoint's conversion record). */
export interface LayerBalance {
  readonly name: string;
  readonly v: number;
  readonly max: number;
  readonly p999: number;
  readonly p9999: number;
  readonly positiveFraction: number;
  /** Rate scale Λ of this layer's output. */
  readonly scale: number;
  /** Spikes per neuron per step on the calibration set once converted (null: stat 'ann' simulates nothing). */
  readonly rate: number | null;
  /** Per-branch weight factors of a concat conv, [up slice, skip slice]. */
  readonly branchFactors?: readonly [number, number];
}

export interface BalanceResult {
  readonly thresholds: Record<string, number>;
  readonly readoutScale: number;
  readonly layers: readonly LayerBalance[];
  /** Final weights (branch factors folded in), HWIO / transposed-conv layout as formats/unet-arch.ts declares. */
  readonly weights: Map<string, { shape: readonly number[]; data: Float32Array }>;
}

export interface Calibration {
  /** Slices [n][H·W] in [0, 1]. */
  readonly images: Float32Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** Dataset slice index of each slice (Poisson seed). */
  readonly sliceIds: readonly number[];
}

/** Scale channels [0, C) by fa and [C, 2C) by fb of a concat conv's HWIO weight. */
export function scaleBranches(layer: LayerSpec, w: Float32Array, fa: number, fb: number): Float32Array {
  const cin = layer.inChannels;
  const cout = layer.outChannels;
  const half = cin / 2;
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = (w[i] as number) * (Math.floor(i / cout) % cin < half ? fa : fb);
  return out;
}

/** Mean over the T time-major rows of [T·M] values. */
export function meanOverTime(values: Float32Array, T: number): Float32Array {
  const m = values.length / T;
  const out = new Float32Array(m);
  for (let t = 0; t < T; t++) {
    const o = t * m;
    for (let i = 0; i < m; i++) out[i] = (out[i] as number) + (values[o + i] as number);
  }
  for (let i = 0; i < m; i++) out[i] = (out[i] as number) / T;
  return out;
}

interface Chunk {
  readonly from: number;
  readonly count: number;
}

function chunkList(n: number, per: number): Chunk[] {
  const out: Chunk[] = [];
  for (let from = 0; from < n; from += per) out.push({ from, count: Math.min(per, n - from) });
  return out;
}

class Balancer {
  private readonly store = new Map<string, PackedSpikes[]>();
  private readonly readersLeft = new Map<string, number>();
  private readonly scale = new Map<string, number>([['input', 1]]);
  readonly thresholds: Record<string, number> = {};
  readonly weights = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  readonly records: LayerBalance[] = [];
  private readonly chunks: Chunk[];
  private readonly annLambda: Map<string, number> | undefined;

  constructor(private readonly arch: UNetArch, private readonly ann: ReadonlyMap<string, Float32Array>, private readonly cal: Calibration, private readonly o: BalanceOptions) {
    this.annLambda = o.lambdas ? new Map(o.lambdas) : o.stat === 'ann' ? annActivationScales(arch, ann, cal, o.method) : undefined;
    this.chunks = chunkList(cal.n, Math.max(1, Math.floor(o.chunkImages / o.T)));
    for (const l of unetLayers(arch)) for (const i of l.inputs) this.readersLeft.set(i, (this.readersLeft.get(i) ?? 0) + 1);
  }

  private inputSpikes(c: Chunk): tf.Tensor4D {
    const hw = this.cal.height * this.cal.width;
    const x = tf.tensor4d(this.cal.images.subarray(c.from * hw, (c.from + c.count) * hw), [c.count, this.cal.height, this.cal.width, 1]);
    const s = encodeInput(x, this.o.T, this.o.seed, this.cal.sliceIds.slice(c.from, c.from + c.count), this.o.encoding);
    x.dispose();
    return s;
  }

  private current(layer: LayerSpec, w: tf.Tensor4D, k: number): tf.Tensor4D {
    const c = this.chunks[k] as Chunk;
    const parts = new Map<string, tf.Tensor4D>();
    for (const name of layer.inputs) {
      parts.set(name, name === 'input' ? this.inputSpikes(c) : unpackSpikes((this.store.get(name) as PackedSpikes[])[k] as PackedSpikes));
    }
    const cur = tf.tidy(() => layerCurrent(layer, w, layerInput(layer, parts)));
    tf.dispose([...parts.values()]);
    return cur;
  }

  /** Per-branch factors and the rate scale of this layer's input. */
  private inputScale(layer: LayerSpec): { lambdaIn: number; factors?: [number, number] } {
    const ls = layer.inputs.map((n) => this.scale.get(n));
    assert(ls.every((x) => x !== undefined), `balance: inputs of ${layer.name} not converted`);
    if (ls.length === 1) return { lambdaIn: ls[0] as number };
    const [a, b] = ls as [number, number];
    const ref = Math.sqrt(a * b);
    return this.o.perBranch ? { lambdaIn: ref, factors: [a / ref, b / ref] } : { lambdaIn: ref };
  }

  private finishInputs(layer: LayerSpec): void {
    for (const n of layer.inputs) {
      const left = (this.readersLeft.get(n) ?? 0) - 1;
      this.readersLeft.set(n, left);
      if (left <= 0) this.store.delete(n);
    }
  }

  run(layer: LayerSpec): void {
    const raw = this.ann.get(layer.name);
    assert(raw, `balance: no ANN weights for ${layer.name}`);
    const { lambdaIn, factors } = this.inputScale(layer);
    const data = factors ? scaleBranches(layer, raw, factors[0], factors[1]) : raw.slice();
    this.weights.set(layer.name, { shape: layer.weightShape, data });
    if (!layer.spiking) {
      this.scale.set(layer.name, lambdaIn);
      this.finishInputs(layer);
      return;
    }
    if (this.annLambda) {
      this.fromAnn(layer, lambdaIn, factors);
      return;
    }
    const w = tf.tensor4d(data, [...layer.weightShape]);
    const stats = new CurrentStats();
    for (let k = 0; k < this.chunks.length; k++) {
      const cur = this.current(layer, w, k);
      const values = cur.dataSync() as Float32Array;
      stats.add(this.o.stat === 'step' ? values : meanOverTime(values, this.o.T));
      cur.dispose();
    }
    let v = stats.value(this.o.method);
    if (!(v > 0)) v = stats.max > 0 ? stats.max : 1; // a layer that never receives positive current stays silent
    this.thresholds[layer.name] = v;
    let spikes = 0;
    let neurons = 0;
    const packed: PackedSpikes[] = [];
    for (let k = 0; k < this.chunks.length; k++) {
      const cur = this.current(layer, w, k);
      const s = ifLayer(cur, { T: this.o.T, v, u0Fraction: this.o.u0Fraction, onCounts: (c) => { spikes += c.spikes; neurons += c.neurons; } });
      cur.dispose();
      packed.push(packSpikes(s));
      s.dispose();
    }
    w.dispose();
    this.store.set(layer.name, packed);
    this.scale.set(layer.name, lambdaIn * v);
    this.finishInputs(layer);
    const rec: LayerBalance = {
      name: layer.name, v, max: stats.max, p999: stats.percentile(99.9), p9999: stats.percentile(99.99),
      positiveFraction: stats.positiveFraction, scale: lambdaIn * v, rate: neurons > 0 ? spikes / (neurons * this.o.T) : 0,
      ...(factors ? { branchFactors: factors } : {}),
    };
    this.records.push(rec);
    this.o.onLayer?.(rec);
  }

  /** Stat 'ann': v = λ_l / λ_in, no spikes simulated. */
  private fromAnn(layer: LayerSpec, lambdaIn: number, factors?: [number, number]): void {
    const lambda = (this.annLambda as Map<string, number>).get(layer.name) ?? 0;
    const v = lambda > 0 ? lambda / lambdaIn : 1; // a never-active layer: any threshold keeps it silent
    this.thresholds[layer.name] = v;
    this.scale.set(layer.name, lambdaIn * v);
    const rec: LayerBalance = {
      name: layer.name, v, max: Number.NaN, p999: Number.NaN, p9999: Number.NaN, positiveFraction: Number.NaN, scale: lambdaIn * v, rate: null,
      ...(factors ? { branchFactors: factors } : {}),
    };
    this.records.push(rec);
    this.o.onLayer?.(rec);
  }

  readoutScale(): number {
    const out = unetLayers(this.arch).find((l) => !l.spiking);
    assert(out, 'balance: no readout layer');
    return this.scale.get(out.name) as number;
  }
}

/** Balance every spiking layer of the ANN weights on the calibration slices. */
export function balanceThresholds(arch: UNetArch, ann: ReadonlyMap<string, Float32Array>, cal: Calibration, o: BalanceOptions): BalanceResult {
  assert(cal.n > 0 || o.lambdas !== undefined, 'balance: no calibration slices');
  const b = new Balancer(arch, ann, cal, o);
  for (const layer of unetLayers(arch)) b.run(layer);
  return { thresholds: b.thresholds, readoutScale: b.readoutScale(), layers: b.records, weights: b.weights };
}
