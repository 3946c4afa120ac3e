// Event-driven synaptic kernels: each spike of the source list adds its weights into the target's
// potentials. Conv kinds and DENSE add whole rows of Cp lanes (contiguous output channels, HWC potentials) with
// v128 adds: int16 weight rows widen into int32 lanes (integer netlists), f32 rows add into f32 lanes.
// Spikes of one source pixel (adjacent in the pixel-major lists) are applied tap by tap together, so an
// output row is loaded and stored once for all of them. Bounds were proven once by check.ts (weight
// rows, CSR) and the tap ranges below (potential rows).
import { ProjRec, PopRec } from './layout';

/** Weight row of source channel `ci` for spike i of the list. */
@inline function rowOf(wTap: usize, list: usize, i: i32, rowBytes: usize): usize {
  return wTap + <usize>load<u32>(list + (<usize>i << 3), 4) * rowBytes;
}

/**
 * u[0..cp) += Σ over spikes i in [s, e) of their weight rows at this tap (int16 rows widened to int32).
 * The spikes share a source pixel, so each 16-lane block of u is loaded and stored once per tap
 * however many channels fired there. cp is a multiple of 4; `j` counts bytes of u (weights: j / 2).
 */
@inline function addRowsI16(u: usize, wTap: usize, list: usize, s: i32, e: i32, rowBytes: usize, cp: i32): void {
  const end = <usize>cp << 2, end16 = <usize>(cp & ~15) << 2;
  let j: usize = 0;
  for (; j < end16; j += 64) {
    let a0 = v128.load(u + j), a1 = v128.load(u + j, 16), a2 = v128.load(u + j, 32), a3 = v128.load(u + j, 48);
    for (let i = s; i < e; i++) {
      const w = rowOf(wTap, list, i, rowBytes) + (j >> 1);
      a0 = i32x4.add(a0, v128.load16x4_s(w)); a1 = i32x4.add(a1, v128.load16x4_s(w, 8));
      a2 = i32x4.add(a2, v128.load16x4_s(w, 16)); a3 = i32x4.add(a3, v128.load16x4_s(w, 24));
    }
    v128.store(u + j, a0); v128.store(u + j, a1, 16); v128.store(u + j, a2, 32); v128.store(u + j, a3, 48);
  }
  for (; j < end; j += 16) {
    let a = v128.load(u + j);
    for (let i = s; i < e; i++) a = i32x4.add(a, v128.load16x4_s(rowOf(wTap, list, i, rowBytes) + (j >> 1)));
    v128.store(u + j, a);
  }
}

/** As addRowsI16 with float32 rows and lanes (weights advance with u: j bytes). */
@inline function addRowsF32(u: usize, wTap: usize, list: usize, s: i32, e: i32, rowBytes: usize, cp: i32): void {
  const end = <usize>cp << 2, end16 = <usize>(cp & ~15) << 2;
  let j: usize = 0;
  for (; j < end16; j += 64) {
    let a0 = v128.load(u + j), a1 = v128.load(u + j, 16), a2 = v128.load(u + j, 32), a3 = v128.load(u + j, 48);
    for (let i = s; i < e; i++) {
      const w = rowOf(wTap, list, i, rowBytes) + j;
      a0 = f32x4.add(a0, v128.load(w)); a1 = f32x4.add(a1, v128.load(w, 16));
      a2 = f32x4.add(a2, v128.load(w, 32)); a3 = f32x4.add(a3, v128.load(w, 48));
    }
    v128.store(u + j, a0); v128.store(u + j, a1, 16); v128.store(u + j, a2, 32); v128.store(u + j, a3, 48);
  }
  for (; j < end; j += 16) {
    let a = v128.load(u + j);
    for (let i = s; i < e; i++) a = f32x4.add(a, v128.load(rowOf(wTap, list, i, rowBytes) + j));
    v128.store(u + j, a);
  }
}

@inline function addRows<T>(u: usize, wTap: usize, list: usize, s: i32, e: i32, rowBytes: usize, cp: i32): void {
  if (isFloat<T>()) addRowsF32(u, wTap, list, s, e, rowBytes, cp);
  else addRowsI16(u, wTap, list, s, e, rowBytes, cp);
}

/** End of the run of spikes starting at s that share its source pixel (lists are pixel-major). */
@inline function runEnd(list: usize, s: i32, n: i32): i32 {
  const yx = load<u32>(list + (<usize>s << 3));
  let e = s + 1;
  while (e < n && load<u32>(list + (<usize>e << 3)) == yx) e++;
  return e;
}

/**
 * CONV2D: spike s(ci, y, x) reaches out(co, oy, ox) through tap ky = y + pt − oy·sh (same in x).
 * Taps with ky ≡ (y + pt) mod sh give oy = (y + pt − ky) / sh, falling by one as ky rises by sh.
 */
export function scatterConv<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const kh = P.kh, kw = P.kw, sh = P.sh, sw = P.sw, OH = G.H, OW = G.W, cp = G.Cp, cin = S.C;
  const rowBytes = <usize>cp * sizeof<T>(), tapBytes = <usize>cin * rowBytes;
  const wBase = img + <usize>P.weightOff;
  const uBase = pot + (<usize>G.potOff << 2);
  // Along x the output pixel steps back one (−cp lanes) while the tap steps sw columns.
  const wStepX = <usize>sw * tapBytes, uStepX = <usize>cp << 2;
  for (let s = 0; s < n;) {
    const e = runEnd(list, s, n);
    const yx = load<u32>(list + (<usize>s << 3));
    const y = <i32>(yx >>> 16) + P.pt, x = <i32>(yx & 0xffff) + P.pl;
    let ky0 = y % sh, oy0 = y / sh;
    if (oy0 >= OH) { ky0 += (oy0 - OH + 1) * sh; oy0 = OH - 1; }
    let kx0 = x % sw, ox0 = x / sw;
    if (ox0 >= OW) { kx0 += (ox0 - OW + 1) * sw; ox0 = OW - 1; }
    for (let ky = ky0, oy = oy0; ky < kh && oy >= 0; ky += sh, oy--) {
      let w = wBase + <usize>(ky * kw + kx0) * tapBytes;
      let u = uBase + (<usize>(oy * OW + ox0) * (<usize>cp << 2));
      for (let kx = kx0, ox = ox0; kx < kw && ox >= 0; kx += sw, ox--) {
        addRows<T>(u, w, list, s, e, rowBytes, cp);
        w += wStepX;
        u -= uStepX;
      }
    }
    s = e;
  }
}

/** CONV_TRANSPOSE2D: spike s(ci, iy, ix) reaches out(co, iy·sh + ky − pt, ix·sw + kx − pl). */
export function scatterConvT<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const kh = P.kh, kw = P.kw, OH = G.H, OW = G.W, cp = G.Cp, cin = S.C;
  const rowBytes = <usize>cp * sizeof<T>(), tapBytes = <usize>cin * rowBytes;
  const wBase = img + <usize>P.weightOff;
  const uBase = pot + (<usize>G.potOff << 2);
  for (let s = 0; s < n;) {
    const e = runEnd(list, s, n);
    const yx = load<u32>(list + (<usize>s << 3));
    const oy0 = <i32>(yx >>> 16) * P.sh - P.pt, ox0 = <i32>(yx & 0xffff) * P.sw - P.pl;
    const ky1 = min(kh, OH - oy0), kx1 = min(kw, OW - ox0);
    const kx0 = max(0, -ox0);
    for (let ky = max(0, -oy0); ky < ky1; ky++) {
      const uRow = uBase + (<usize>(oy0 + ky) * OW) * (<usize>cp << 2);
      for (let kx = kx0; kx < kx1; kx++) {
        addRows<T>(uRow + <usize>(ox0 + kx) * (<usize>cp << 2), wBase + <usize>(ky * kw + kx) * tapBytes, list, s, e, rowBytes, cp);
      }
    }
    s = e;
  }
}

/** SUM_POOL: spike s(c, y, x) adds the pool weight to out(c, oy, ox) for every window holding it. */
export function scatterPool<T>(P: ProjRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const kh = P.kh, kw = P.kw, sh = P.sh, sw = P.sw, OH = G.H, OW = G.W, cp = G.Cp;
  const pw: T = isFloat<T>() ? <T>reinterpret<f32>(P.poolWeight) : <T>P.poolWeight;
  const uBase = pot + (<usize>G.potOff << 2);
  for (let s = 0; s < n; s++) {
    const yx = load<u32>(list + (<usize>s << 3));
    const c = load<i32>(list + (<usize>s << 3), 4);
    const y = <i32>(yx >>> 16) + P.pt, x = <i32>(yx & 0xffff) + P.pl;
    let ky0 = y % sh, oy0 = y / sh;
    if (oy0 >= OH) { ky0 += (oy0 - OH + 1) * sh; oy0 = OH - 1; }
    let kx0 = x % sw, ox0 = x / sw;
    if (ox0 >= OW) { kx0 += (ox0 - OW + 1) * sw; ox0 = OW - 1; }
    for (let ky = ky0, oy = oy0; ky < kh && oy >= 0; ky += sh, oy--) {
      for (let kx = kx0, ox = ox0; kx < kw && ox >= 0; kx += sw, ox--) {
        const p = uBase + ((<usize>(oy * OW + ox) * cp + c) << 2);
        store<T>(p, load<T>(p) + pw);
      }
    }
  }
}

/**
 * DENSE: a spike of source neuron (c, y, x) adds weight row (y·W + x)·C + c (Cp lanes) into the (C, 1, 1)
 * target's one potential row. A run of spikes at one source pixel reads adjacent rows, added together
 * as one conv tap is, in list order per lane.
 */
export function scatterDense<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const cp = G.Cp, W = S.W;
  const rowBytes = <usize>cp * sizeof<T>(), pixBytes = <usize>S.C * rowBytes;
  const wBase = img + <usize>P.weightOff;
  const u = pot + (<usize>G.potOff << 2);
  for (let s = 0; s < n;) {
    const e = runEnd(list, s, n);
    const yx = load<u32>(list + (<usize>s << 3));
    addRows<T>(u, wBase + (<usize>(yx >>> 16) * W + (yx & 0xffff)) * pixBytes, list, s, e, rowBytes, cp);
    s = e;
  }
}

/** SPARSE: spike of source neuron r (HWC ordinal) adds values[k] into potential col[k], k in row r. */
export function scatterSparse<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const rows = img + <usize>P.rowOff, cols = img + <usize>P.colOff, vals = img + <usize>P.weightOff;
  const uBase = pot + (<usize>G.potOff << 2);
  const W = S.W, C = S.C;
  for (let s = 0; s < n; s++) {
    const yx = load<u32>(list + (<usize>s << 3));
    const c = load<i32>(list + (<usize>s << 3), 4);
    const r = (<usize>(yx >>> 16) * W + (yx & 0xffff)) * C + c;
    const k1 = load<u32>(rows + (r << 2), 4);
    for (let k = load<u32>(rows + (r << 2)); k < k1; k++) {
      const p = uBase + (<usize>load<u32>(cols + (<usize>k << 2)) << 2);
      store<T>(p, load<T>(p) + load<T>(vals + (<usize>k << 2)));
    }
  }
}
