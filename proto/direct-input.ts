// The host current of a DIRECT-encoded netlist (proto/SEMANTICS.md "Direct input"): the input
// population's one CONV2D projection, computed once per slice as a dense conv of the pixel values.
// This file is the TS statement of that rule, used by the reference simulator and the compiler's spike
// measurement; runtime-wasm/assembly/direct.ts implements the same rule independently (conformance).

/** Pixels are fixed point with this many fraction bits in INT8/INT16 netlists. */
export const PIXEL_FRAC_BITS = 16;
const ONE = 2 ** PIXEL_FRAC_BITS;
const HALF = 2 ** (PIXEL_FRAC_BITS - 1);
/** Largest kh·kw·C_in of a host-current projection: keeps Σ |w_q|·x_fx below 2^53 (exact in a JS number). */
export const MAX_DIRECT_TAPS = 1 << 20;

/** Pixel clamped to [0, 1] (NaN → 0), as the Poisson encoder clamps its probability. */
export function clampPixel(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0;
}

/** x_fx = ⌊clamp(x)·2^16 + ½⌋, an integer in [0, 65536]; exact in float64 for float32 x. */
export function pixelFixed(x: number): number {
  return Math.floor(clampPixel(x) * ONE + 0.5);
}

/** I_q = ⌊(acc + 2^15) / 2^16⌋ wrapped to int32, for acc = Σ w_q·x_fx (an exact integer below 2^53). */
export function roundCurrent(acc: number): number {
  return Math.floor((acc + HALF) / ONE) | 0;
}

/** Geometry of a host-current projection (netlist CONV2D fields) and its source/target shapes. */
export interface DirectConv {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pt: number;
  readonly pl: number;
  /** [kh][kw][cin][cout], cout fastest: integers (INT8/INT16) or float32 values. */
  readonly weights: ArrayLike<number>;
  readonly src: { readonly C: number; readonly H: number; readonly W: number };
  readonly tgt: { readonly C: number; readonly H: number; readonly W: number };
}

/**
 * The current per target neuron (CHW) and the MACs spent (in-bounds taps × C_in per target neuron).
 * Integer: Σ w_q·x_fx over (ky, kx, ci) in any order (exact), then roundCurrent. Float: Σ w·clamp(x)
 * accumulated in float64 in the order ky, kx, ci, then rounded once to float32.
 */
export function directCurrent(q: DirectConv, image: Float32Array, integer: boolean): { current: Int32Array | Float32Array; macs: number } {
  const { src: s, tgt: t } = q;
  const current = integer ? new Int32Array(t.C * t.H * t.W) : new Float32Array(t.C * t.H * t.W);
  let macs = 0;
  for (let co = 0; co < t.C; co++) for (let oy = 0; oy < t.H; oy++) for (let ox = 0; ox < t.W; ox++) {
    let acc = 0;
    for (let ky = 0; ky < q.kh; ky++) for (let kx = 0; kx < q.kw; kx++) {
      const iy = oy * q.sh + ky - q.pt, ix = ox * q.sw + kx - q.pl;
      if (iy < 0 || iy >= s.H || ix < 0 || ix >= s.W) continue;
      for (let ci = 0; ci < s.C; ci++) {
        const w = q.weights[((ky * q.kw + kx) * s.C + ci) * t.C + co] as number;
        const x = image[(ci * s.H + iy) * s.W + ix] as number;
        acc += integer ? w * pixelFixed(x) : w * clampPixel(x);
        macs++;
      }
    }
    current[(co * t.H + oy) * t.W + ox] = integer ? roundCurrent(acc) : acc;
  }
  return { current, macs };
}

/** MACs of one host current per slice, from the geometry alone: Σ over target neurons of in-bounds taps × C_in. */
export function directMacs(q: Omit<DirectConv, 'weights'>): number {
  const inBounds = (o: number, k: number, s: number, p: number, n: number): number => {
    let c = 0;
    for (let i = 0; i < k; i++) { const x = o * s + i - p; if (x >= 0 && x < n) c++; }
    return c;
  };
  let rows = 0, cols = 0;
  for (let oy = 0; oy < q.tgt.H; oy++) rows += inBounds(oy, q.kh, q.sh, q.pt, q.src.H);
  for (let ox = 0; ox < q.tgt.W; ox++) cols += inBounds(ox, q.kw, q.sw, q.pl, q.src.W);
  return rows * cols * q.src.C * q.tgt.C;
}
