// Neuron state updates: the Poisson encoder (input population) and the integrate-and-fire threshold pass.
// Currents were already added into the potentials by scatter.ts, so one step of an IF population is:
// compare every lane with v (strict >), reset the lanes that fire (subtract v, or set to zero), and append
// (y << 16 | x, c) to the population's spike list. Four lanes per v128; padded lanes (c ≥ C) are skipped.
// A leaky IF population (PopRec r2 = 1, multiplier in r1) first decays its potentials, before any input.
import { PopRec, RESET_SUBTRACT } from './layout';
import { pixelHash } from './rng';

/**
 * Poisson encoder for step t: input pixel i (CHW index) spikes iff (rand32(seed, t, i) >>> 8) < thr[i].
 * Pixels with threshold 0 never spike, so their hash is skipped. Returns the spike count.
 */
export function encode(R: PopRec, thr: usize, stepH: u32, list: usize, coreOf: usize, coreCnt: usize): i32 {
  const H = R.H, W = R.W, C = R.C, hw = H * W;
  let n = 0;
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = c * hw + y * W + x;
        const th = load<u32>(thr + (<usize>i << 2));
        if (th != 0 && (pixelHash(stepH, <u32>i) >>> 8) < th) {
          store<u32>(list + (<usize>n << 3), (<u32>y << 16) | <u32>x);
          store<u32>(list + (<usize>n << 3), <u32>c, 4);
          n++;
          countCore(coreOf, coreCnt, R.base + (y * W + x) * C + c);
        }
      }
    }
  }
  return n;
}

/** Charges one emitted spike of neuron `ord` to its core (core counter 1 = spikesOut), if it has one. */
@inline function countCore(coreOf: usize, coreCnt: usize, ord: i32): void {
  const k = load<i32>(coreOf + (<usize>ord << 2));
  if (k >= 0) {
    const p = coreCnt + (<usize>k * 6 + 1) * 8;
    store<i64>(p, load<i64>(p) + 1);
  }
}

/** Appends the firing lanes of `mask` (pixel `pix`, lanes j..j+3) to the list; returns the new count. */
@inline function record(mask: i32, j: i32, C: i32, y: i32, x: i32, list: usize, n: i32, coreOf: usize, ord: i32, coreCnt: usize): i32 {
  while (mask != 0) {
    const c = j + ctz(mask);
    mask &= mask - 1;
    if (c >= C) continue;
    store<u32>(list + (<usize>n << 3), (<u32>y << 16) | <u32>x);
    store<u32>(list + (<usize>n << 3), <u32>c, 4);
    n++;
    countCore(coreOf, coreCnt, ord + c);
  }
  return n;
}

/** Resets the firing lanes of one vector at `u` and records them; returns the new spike count. */
@inline function fireVec<T>(u: usize, v: v128, m: v128, vth: v128, subtract: bool, j: i32, C: i32, y: i32, x: i32,
  list: usize, n: i32, coreOf: usize, ord: i32, coreCnt: usize): i32 {
  let nv: v128;
  if (subtract) nv = isFloat<T>() ? f32x4.sub(v, v128.and(m, vth)) : i32x4.sub(v, v128.and(m, vth));
  else nv = v128.andnot(v, m);
  v128.store(u, nv);
  return record(i32x4.bitmask(m), j, C, y, x, list, n, coreOf, ord, coreCnt);
}

@inline function gt<T>(v: v128, vth: v128): v128 {
  return isFloat<T>() ? f32x4.gt(v, vth) : i32x4.gt_s(v, vth);
}

/**
 * Threshold pass of an IF population with integer (T = i32) or float (T = f32) potentials.
 * Lanes are tested 16 at a time with one branch (most groups have no spike), then 4 at a time.
 * `coreOf` maps neuron ordinals to cores (per-core spike counts). Returns the number of spikes.
 */
export function fire<T>(R: PopRec, pot: usize, list: usize, coreOf: usize, coreCnt: usize): i32 {
  const H = R.H, W = R.W, C = R.C, cp = R.Cp;
  const vth = isFloat<T>() ? f32x4.splat(reinterpret<f32>(R.threshold)) : i32x4.splat(R.threshold);
  const subtract = R.reset == RESET_SUBTRACT;
  let u = pot + (<usize>R.potOff << 2);
  let n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const ord = R.base + (y * W + x) * C;
      let j = 0;
      for (; j + 16 <= cp; j += 16) {
        const v0 = v128.load(u), v1 = v128.load(u, 16), v2 = v128.load(u, 32), v3 = v128.load(u, 48);
        const m0 = gt<T>(v0, vth), m1 = gt<T>(v1, vth), m2 = gt<T>(v2, vth), m3 = gt<T>(v3, vth);
        if (v128.any_true(v128.or(v128.or(m0, m1), v128.or(m2, m3)))) {
          if (v128.any_true(m0)) n = fireVec<T>(u, v0, m0, vth, subtract, j, C, y, x, list, n, coreOf, ord, coreCnt);
          if (v128.any_true(m1)) n = fireVec<T>(u + 16, v1, m1, vth, subtract, j + 4, C, y, x, list, n, coreOf, ord, coreCnt);
          if (v128.any_true(m2)) n = fireVec<T>(u + 32, v2, m2, vth, subtract, j + 8, C, y, x, list, n, coreOf, ord, coreCnt);
          if (v128.any_true(m3)) n = fireVec<T>(u + 48, v3, m3, vth, subtract, j + 12, C, y, x, list, n, coreOf, ord, coreCnt);
        }
        u += 64;
      }
      for (; j < cp; j += 4) {
        const v = v128.load(u);
        const m = gt<T>(v, vth);
        if (v128.any_true(m)) n = fireVec<T>(u, v, m, vth, subtract, j, C, y, x, list, n, coreOf, ord, coreCnt);
        u += 16;
      }
    }
  }
  return n;
}

/**
 * Leak of a leaky IF population, at the start of its step: every lane (padded lanes hold 0 and stay 0)
 * u ← (u · r1) >> 12 with r1 = 4096 − decay_q (integer: i64 product, arithmetic shift = floor), or
 * u ← u · r1 with r1 the f32 bits of 1 − decay. The reference simulator applies the same rule.
 */
export function leak<T>(R: PopRec, pot: usize): void {
  const n = R.H * R.W * R.Cp;
  const u = pot + (<usize>R.potOff << 2);
  if (isFloat<T>()) {
    const m = reinterpret<f32>(R.r1);
    for (let k = 0; k < n; k++) store<f32>(u + (<usize>k << 2), load<f32>(u + (<usize>k << 2)) * m);
  } else {
    const m = <i64>R.r1;
    for (let k = 0; k < n; k++) store<i32>(u + (<usize>k << 2), <i32>((<i64>load<i32>(u + (<usize>k << 2)) * m) >> 12));
  }
}

/**
 * Bias of a population, after the leak and before the step's input: every pixel's potential row of Cp
 * lanes gets the table at image offset r3 (Cp words, padded lanes 0) added with v128 adds (wrapping i32
 * or f32), so a constant current enters every step.
 */
export function addBias<T>(R: PopRec, img: usize, pot: usize): void {
  const n = R.H * R.W, cp = R.Cp, b = img + <usize>R.r3;
  let u = pot + (<usize>R.potOff << 2);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < cp; j += 4) {
      const v = v128.load(u), w = v128.load(b + (<usize>j << 2));
      v128.store(u, isFloat<T>() ? f32x4.add(v, w) : i32x4.add(v, w));
      u += 16;
    }
  }
}
