// Streaming statistics of a layer's per-step input currents for threshold balancing: the maximum and
// high percentiles of the positive currents over every step, neuron and calibration sample, accumulated
// chunk by chunk in one pass. Positive float32 bit patterns sort like their values, so the histogram
// bins are the top 19 bits of the pattern (relative bin width 2^-11 ≈ 5e-4) and cost no logarithm.
import { userError } from '../../core/errors.js';

const SHIFT = 12;
const BINS = 1 << (31 - SHIFT);

/** How a threshold is derived from the currents. */
export type BalanceMethod = 'max' | `p${number}`;

export function parseBalanceMethod(s: string): BalanceMethod {
  if (s === 'max') return 'max';
  const m = /^p(\d+(?:\.\d+)?)$/.exec(s);
  const p = m ? Number(m[1]) : Number.NaN;
  if (!(p > 0 && p < 100)) throw userError('HSNN1303', `option --method: '${s}' is not 'max' or a percentile such as p99.9 or p99.99`);
  return `p${p}`;
}

export class CurrentStats {
  private readonly hist = new Uint32Array(BINS);
  private positives = 0;
  private count = 0;
  private maxValue = 0;

  add(values: Float32Array): void {
    const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
    const h = this.hist;
    let mx = this.maxValue;
    let pos = 0;
    for (let i = 0; i < values.length; i++) {
      const b = bits[i] as number;
      if (b <= 0) continue; // zero, negative (sign bit) or -0
      const v = values[i] as number;
      if (v !== v) continue; // NaN patterns are positive ints too
      h[b >>> SHIFT] = (h[b >>> SHIFT] as number) + 1;
      pos++;
      if (v > mx) mx = v;
    }
    this.positives += pos;
    this.count += values.length;
    this.maxValue = mx;
  }

  get max(): number {
    return this.maxValue;
  }

  /** Fraction of all values that were positive. */
  get positiveFraction(): number {
    return this.count === 0 ? 0 : this.positives / this.count;
  }

  /** The p-th percentile (0 < p < 100) of the positive values, to within one bin (lower edge). */
  percentile(p: number): number {
    if (this.positives === 0) return 0;
    const above = Math.floor(((100 - p) / 100) * this.positives);
    let seen = 0;
    for (let k = BINS - 1; k >= 0; k--) {
      seen += this.hist[k] as number;
      if (seen > above) return Math.min(this.maxValue, binLowerEdge(k));
    }
    return 0;
  }

  value(method: BalanceMethod): number {
    return method === 'max' ? this.max : this.percentile(Number(method.slice(1)));
  }
}

function binLowerEdge(k: number): number {
  const i = new Int32Array([k << SHIFT]);
  return new Float32Array(i.buffer)[0] as number;
}
