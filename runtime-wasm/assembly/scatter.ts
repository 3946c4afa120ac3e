// Event-driven synaptic kernels: each spike of the source list adds its weights into the target's
// potentials. Conv kinds add whole rows of Cp lanes (contiguous output channels, HWC potentials) with
// v128 adds: int16 weight rows widen into int32 lanes (integer netlists), f32 rows add into f32 lanes.
// Bounds were proven once by check.ts (weight rows, CSR) and the tap ranges below (potential rows).
import { ProjRec, PopRec } from './layout';

/** u[0..cp) += w[0..cp) with w int16 widened to int32 (cp a multiple of 4); 16 lanes per iteration. */
@inline function addRowI16(u: usize, w: usize, cp: i32): void {
  let j = 0;
  for (; j + 16 <= cp; j += 16) {
    const pu = u + (<usize>j << 2), pw = w + (<usize>j << 1);
    v128.store(pu, i32x4.add(v128.load(pu), v128.load16x4_s(pw)));
    v128.store(pu, i32x4.add(v128.load(pu, 16), v128.load16x4_s(pw, 8)), 16);
    v128.store(pu, i32x4.add(v128.load(pu, 32), v128.load16x4_s(pw, 16)), 32);
    v128.store(pu, i32x4.add(v128.load(pu, 48), v128.load16x4_s(pw, 24)), 48);
  }
  for (; j < cp; j += 4) {
    const pu = u + (<usize>j << 2);
    v128.store(pu, i32x4.add(v128.load(pu), v128.load16x4_s(w + (<usize>j << 1))));
  }
}

/** u[0..cp) += w[0..cp) in float32 lanes; 16 lanes per iteration. */
@inline function addRowF32(u: usize, w: usize, cp: i32): void {
  let j = 0;
  for (; j + 16 <= cp; j += 16) {
    const pu = u + (<usize>j << 2), pw = w + (<usize>j << 2);
    v128.store(pu, f32x4.add(v128.load(pu), v128.load(pw)));
    v128.store(pu, f32x4.add(v128.load(pu, 16), v128.load(pw, 16)), 16);
    v128.store(pu, f32x4.add(v128.load(pu, 32), v128.load(pw, 32)), 32);
    v128.store(pu, f32x4.add(v128.load(pu, 48), v128.load(pw, 48)), 48);
  }
  for (; j < cp; j += 4) {
    const pu = u + (<usize>j << 2);
    v128.store(pu, f32x4.add(v128.load(pu), v128.load(w + (<usize>j << 2))));
  }
}

@inline function addRow<T>(u: usize, w: usize, cp: i32): void {
  if (isFloat<T>()) addRowF32(u, w, cp);
  else addRowI16(u, w, cp);
}

/**
 * CONV2D: spike s(ci, y, x) reaches out(co, oy, ox) through tap ky = y + pt − oy·sh (same in x).
 * Taps with ky ≡ (y + pt) mod sh give oy = (y + pt − ky) / sh, falling by one as ky rises by sh.
 */
export function scatterConv<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const kh = P.kh, kw = P.kw, sh = P.sh, sw = P.sw, OH = G.H, OW = G.W, cp = G.Cp, cin = S.C;
  const rowBytes = <usize>cp * sizeof<T>();
  const wBase = img + <usize>P.weightOff;
  const uBase = pot + (<usize>G.potOff << 2);
  for (let s = 0; s < n; s++) {
    const yx = load<u32>(list + (<usize>s << 3));
    const ci = load<i32>(list + (<usize>s << 3), 4);
    const y = <i32>(yx >>> 16) + P.pt, x = <i32>(yx & 0xffff) + P.pl;
    let ky0 = y % sh, oy0 = y / sh;
    if (oy0 >= OH) { ky0 += (oy0 - OH + 1) * sh; oy0 = OH - 1; }
    let kx0 = x % sw, ox0 = x / sw;
    if (ox0 >= OW) { kx0 += (ox0 - OW + 1) * sw; ox0 = OW - 1; }
    // Along x the output pixel steps back one (−cp lanes) while the tap steps sw columns (+sw·cin rows).
    const wStepX = <usize>sw * <usize>cin * rowBytes, uStepX = <usize>cp << 2;
    for (let ky = ky0, oy = oy0; ky < kh && oy >= 0; ky += sh, oy--) {
      let w = wBase + (<usize>(ky * kw + kx0) * cin + ci) * rowBytes;
      let u = uBase + (<usize>(oy * OW + ox0) * (<usize>cp << 2));
      for (let kx = kx0, ox = ox0; kx < kw && ox >= 0; kx += sw, ox--) {
        addRow<T>(u, w, cp);
        w += wStepX;
        u -= uStepX;
      }
    }
  }
}

/** CONV_TRANSPOSE2D: spike s(ci, iy, ix) reaches out(co, iy·sh + ky − pt, ix·sw + kx − pl). */
export function scatterConvT<T>(img: usize, P: ProjRec, S: PopRec, G: PopRec, pot: usize, list: usize, n: i32): void {
  const kh = P.kh, kw = P.kw, OH = G.H, OW = G.W, cp = G.Cp, cin = S.C;
  const rowBytes = <usize>cp * sizeof<T>();
  const wBase = img + <usize>P.weightOff;
  const uBase = pot + (<usize>G.potOff << 2);
  for (let s = 0; s < n; s++) {
    const yx = load<u32>(list + (<usize>s << 3));
    const ci = load<i32>(list + (<usize>s << 3), 4);
    const oy0 = <i32>(yx >>> 16) * P.sh - P.pt, ox0 = <i32>(yx & 0xffff) * P.sw - P.pl;
    const ky1 = min(kh, OH - oy0), kx1 = min(kw, OW - ox0);
    const kx0 = max(0, -ox0);
    for (let ky = max(0, -oy0); ky < ky1; ky++) {
      const wRow = wBase + (<usize>(ky * kw) * cin + ci) * rowBytes;
      const uRow = uBase + (<usize>(oy0 + ky) * OW) * (<usize>cp << 2);
      for (let kx = kx0; kx < kx1; kx++) {
        addRow<T>(uRow + <usize>(ox0 + kx) * (<usize>cp << 2), wRow + <usize>kx * <usize>cin * rowBytes, cp);
      }
    }
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
