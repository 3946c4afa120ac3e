// Counter-based RNG for Poisson rate coding. A spike depends only on (seed, t, pixel), never on call order,
// so the tfjs SNN, the TS reference simulator and the AssemblyScript simulator produce identical input spikes.
// runtime-wasm/assembly reproduces these exact integer operations (Math.imul ↔ i32 mul, >>> ↔ u32 shifts).

/** 32-bit avalanche mixer (a "lowbias32"-style finaliser). Input/output are uint32 numbers. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** Uniform uint32 for time step t (0-based) and flat input index i (c·H·W + y·W + x). */
export function rand32(seed: number, t: number, i: number): number {
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(t + 1, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0);
  return h;
}

/** Firing probability p ∈ [0,1] as a 24-bit integer threshold: spike iff (rand32 >>> 8) < threshold. */
export function probabilityThreshold24(p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return 16777216;
  return Math.floor(p * 16777216);
}

/** Input spike of pixel i at step t: Poisson (Bernoulli per step) with rate = normalised intensity. */
export function poissonSpike(seed: number, t: number, i: number, threshold24: number): boolean {
  return rand32(seed, t, i) >>> 8 < threshold24;
}

/** Per-slice seed so every slice gets an independent spike train from one run seed. */
export function sliceSeed(seed: number, sliceIndex: number): number {
  return mix32((mix32(seed >>> 0) ^ Math.imul(sliceIndex + 1, 0x27d4eb2f)) >>> 0);
}

/**
 * Encode a batch of images [n][H·W·C] (values in [0,1]) into spikes for T steps, time-major:
 * out[(t·n + s)·size + i] ∈ {0,1}, using seeds[s] for sample s. This is the layout the layer-major SNN uses.
 */
export function encodePoisson(images: Float32Array, n: number, size: number, T: number, seeds: readonly number[]): Float32Array {
  const out = new Float32Array(T * n * size);
  const thr = new Uint32Array(n * size);
  for (let k = 0; k < n * size; k++) thr[k] = probabilityThreshold24(images[k] as number);
  for (let s = 0; s < n; s++) {
    const seed = seeds[s] as number;
    for (let t = 0; t < T; t++) {
      const o = (t * n + s) * size;
      for (let i = 0; i < size; i++) {
        if (rand32(seed, t, i) >>> 8 < (thr[s * size + i] as number)) out[o + i] = 1;
      }
    }
  }
  return out;
}
