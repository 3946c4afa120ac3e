// Counter-based Poisson RNG, bit-exact with core/poisson-rng.ts: Math.imul ↔ wrapping u32 multiply,
// >>> ↔ u32 shifts. A spike depends only on (seed, t, pixel), so simulators agree whatever the event order.

/** 32-bit avalanche mixer (lowbias32-style finaliser). */
@inline export function mix32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}

/** Step part of rand32: depends on (seed, t) only, hoisted out of the pixel loop. */
@inline export function stepHash(seed: u32, t: u32): u32 {
  const h = mix32(seed ^ 0x9e3779b9);
  return mix32(h ^ ((t + 1) * 0x85ebca6b));
}

/** Uniform u32 for step t and flat CHW input index i; equals rand32 of core/poisson-rng.ts. */
@inline export function pixelHash(stepH: u32, i: u32): u32 {
  return mix32(stepH ^ ((i + 1) * 0xc2b2ae35));
}

export function rand32(seed: u32, t: u32, i: u32): u32 {
  return pixelHash(stepHash(seed, t), i);
}

/** Per-slice seed from the run seed. */
export function sliceSeed(seed: u32, k: u32): u32 {
  return mix32(mix32(seed) ^ ((k + 1) * 0x27d4eb2f));
}

/** Firing probability as a 24-bit threshold: spike iff (rand32 >>> 8) < threshold. NaN and p ≤ 0 → 0. */
export function threshold24(p: f32): u32 {
  if (!(p > 0)) return 0;
  if (p >= 1) return 16777216;
  return <u32>Math.floor(<f64>p * 16777216.0);
}
