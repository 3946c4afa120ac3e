// hsnn training kernels for the tfjs wasm backend. This module IMPORTS tfjs-backend-wasm's own linear
// memory, so it reads and writes tensors in place by their heap offsets: only integers cross the
// boundary. It has no static data, no allocator and no stack, so it never touches memory it is not
// handed. The host (models/backend/as-kernels.ts) validates every shape before calling in.
//
// Exports: convFilterGrad (Conv2DBackpropFilter), conv2dValid + padNHWC (stride-1 Conv2D), copyRows
// (Concat/SplitV), avgPoolGradK (AvgPoolGrad). All tensors are NHWC (filters HWIO) float32.
//
// convFilterGrad: dW[a,c,i,o] = Σ_{b,y,x} x[b, y·sh + a - top, x·sw + c - left, i] · dy[b, y, x, o]
//   x  [nb, h, w, ci]   dy [nb, ho, wo, co]   dW [kh, kw, ci, co]
// Work is blocked over a few output rows of one image (so x and dy rows stay in L1) and, inside a
// block, over every tap and 4(ci)×8(co) register tile of dW, accumulated in place in dW.

/**
 * acc + a·b. Plain mul + add: relaxed SIMD's f32x4.relaxed_madd compiles in Node 20 (behind a V8 flag)
 * but ran these kernels 3.5× slower on Zen 3, so it is not used.
 */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** 4 input channels × 8 output channels, the hot path. */
function tile4x8(xp: usize, dp: usize, out: usize, co: i32, rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dRowStep: usize, dColStep: usize): void {
  const ostride = <usize>co << 2;
  let a0 = v128.load(out), a1 = v128.load(out, 16);
  let b0 = v128.load(out + ostride), b1 = v128.load(out + ostride, 16);
  let c0 = v128.load(out + 2 * ostride), c1 = v128.load(out + 2 * ostride, 16);
  let d0 = v128.load(out + 3 * ostride), d1 = v128.load(out + 3 * ostride, 16);
  for (let r = 0; r < rows; r++) {
    let xq = xp + <usize>r * xRowStep;
    let dq = dp + <usize>r * dRowStep;
    for (let n = 0; n < cols; n++) {
      // Broadcasting loads, not shuffles: shuffles share the FP pipes with mul/add, loads do not.
      const g0 = v128.load(dq);
      const g1 = v128.load(dq, 16);
      let s = v128.load32_splat(xq);
      a0 = madd(s, g0, a0);
      a1 = madd(s, g1, a1);
      s = v128.load32_splat(xq, 4);
      b0 = madd(s, g0, b0);
      b1 = madd(s, g1, b1);
      s = v128.load32_splat(xq, 8);
      c0 = madd(s, g0, c0);
      c1 = madd(s, g1, c1);
      s = v128.load32_splat(xq, 12);
      d0 = madd(s, g0, d0);
      d1 = madd(s, g1, d1);
      xq += xColStep;
      dq += dColStep;
    }
  }
  v128.store(out, a0); v128.store(out, a1, 16);
  v128.store(out + ostride, b0); v128.store(out + ostride, b1, 16);
  v128.store(out + 2 * ostride, c0); v128.store(out + 2 * ostride, c1, 16);
  v128.store(out + 3 * ostride, d0); v128.store(out + 3 * ostride, d1, 16);
}

/** 1 input channel × 8 output channels (input channels left over after the 4-blocks, e.g. ci = 1). */
function tile1x8(xp: usize, dp: usize, out: usize, rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dRowStep: usize, dColStep: usize): void {
  let a0 = v128.load(out), a1 = v128.load(out, 16);
  for (let r = 0; r < rows; r++) {
    let xq = xp + <usize>r * xRowStep;
    let dq = dp + <usize>r * dRowStep;
    for (let n = 0; n < cols; n++) {
      const s = v128.load32_splat(xq);
      a0 = madd(s, v128.load(dq), a0);
      a1 = madd(s, v128.load(dq, 16), a1);
      xq += xColStep;
      dq += dColStep;
    }
  }
  v128.store(out, a0);
  v128.store(out, a1, 16);
}

/** 4 input channels × 1 output channel (output channels left over after the 8-blocks, e.g. co = 1). */
function tile4x1(xp: usize, dp: usize, out: usize, co: i32, rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dRowStep: usize, dColStep: usize): void {
  let acc = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let xq = xp + <usize>r * xRowStep;
    let dq = dp + <usize>r * dRowStep;
    for (let n = 0; n < cols; n++) {
      acc = madd(v128.load(xq), v128.load32_splat(dq), acc);
      xq += xColStep;
      dq += dColStep;
    }
  }
  const ostride = <usize>co << 2;
  store<f32>(out, load<f32>(out) + f32x4.extract_lane(acc, 0));
  store<f32>(out + ostride, load<f32>(out + ostride) + f32x4.extract_lane(acc, 1));
  store<f32>(out + 2 * ostride, load<f32>(out + 2 * ostride) + f32x4.extract_lane(acc, 2));
  store<f32>(out + 3 * ostride, load<f32>(out + 3 * ostride) + f32x4.extract_lane(acc, 3));
}

/** 1 × 1, for the corner left over by both blockings. */
function tile1x1(xp: usize, dp: usize, out: usize, rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dRowStep: usize, dColStep: usize): void {
  let acc: f32 = 0;
  for (let r = 0; r < rows; r++) {
    let xq = xp + <usize>r * xRowStep;
    let dq = dp + <usize>r * dRowStep;
    for (let n = 0; n < cols; n++) {
      acc += load<f32>(xq) * load<f32>(dq);
      xq += xColStep;
      dq += dColStep;
    }
  }
  store<f32>(out, load<f32>(out) + acc);
}

/** ceil(a / b) for b > 0 and any sign of a. */
function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/** floor(a / b) for b > 0 and any sign of a. */
function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/**
 * One tap (a, c) over output rows [y0, y1) of image b: every register tile of dW[a, c].
 * xp/dp point at the first valid pixel of the first valid row; steps are in bytes.
 */
function tap(xp: usize, dp: usize, out: usize, ci: i32, co: i32, rows: i32, cols: i32, xRowStep: usize, xColStep: usize, dRowStep: usize, dColStep: usize): void {
  const ci4 = ci & ~3;
  const co8 = co & ~7;
  for (let i = 0; i < ci4; i += 4) {
    const o4 = out + ((<usize>i * co) << 2);
    for (let o = 0; o < co8; o += 8) tile4x8(xp + (<usize>i << 2), dp + (<usize>o << 2), o4 + (<usize>o << 2), co, rows, cols, xRowStep, xColStep, dRowStep, dColStep);
    for (let o = co8; o < co; o++) tile4x1(xp + (<usize>i << 2), dp + (<usize>o << 2), o4 + (<usize>o << 2), co, rows, cols, xRowStep, xColStep, dRowStep, dColStep);
  }
  for (let i = ci4; i < ci; i++) {
    const o1 = out + ((<usize>i * co) << 2);
    for (let o = 0; o < co8; o += 8) tile1x8(xp + (<usize>i << 2), dp + (<usize>o << 2), o1 + (<usize>o << 2), rows, cols, xRowStep, xColStep, dRowStep, dColStep);
    for (let o = co8; o < co; o++) tile1x1(xp + (<usize>i << 2), dp + (<usize>o << 2), o1 + (<usize>o << 2), rows, cols, xRowStep, xColStep, dRowStep, dColStep);
  }
}

/**
 * Conv2D filter gradient, any kernel size, stride and (non-negative) top/left padding; padding is
 * implicit (out-of-image taps are skipped), so x needs no padded copy. dw is overwritten.
 * rowsPerBlock: output rows processed together; the host sizes it so a block of x and dy fits in L1.
 * x, dy, dw: byte offsets in the shared memory.
 */
export function convFilterGrad(
  x: usize, dy: usize, dw: usize,
  nb: i32, h: i32, w: i32, ci: i32,
  ho: i32, wo: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, top: i32, left: i32, rowsPerBlock: i32,
): void {
  memory.fill(dw, 0, (<usize>kh * kw * ci * co) << 2);
  const R = max(1, rowsPerBlock);
  const xColStep = (<usize>sw * ci) << 2;
  const xRowStep = (<usize>sh * w * ci) << 2;
  const dColStep = <usize>co << 2;
  const dRowStep = (<usize>wo * co) << 2;
  for (let b = 0; b < nb; b++) {
    for (let y0 = 0; y0 < ho; y0 += R) {
      const y1 = min(y0 + R, ho);
      for (let a = 0; a < kh; a++) {
        const ylo = max(y0, ceilDiv(top - a, sh));
        const yhi = min(y1, floorDiv(h - 1 + top - a, sh) + 1);
        if (ylo >= yhi) continue;
        for (let c = 0; c < kw; c++) {
          const xlo = max(0, ceilDiv(left - c, sw));
          const xhi = min(wo, floorDiv(w - 1 + left - c, sw) + 1);
          if (xlo >= xhi) continue;
          const iy = ylo * sh + a - top;
          const ix = xlo * sw + c - left;
          const xp = x + ((((<usize>b * h + iy) * w + ix) * ci) << 2);
          const dp = dy + ((((<usize>b * ho + ylo) * wo + xlo) * co) << 2);
          const out = dw + ((<usize>(a * kw + c) * ci * co) << 2);
          tap(xp, dp, out, ci, co, yhi - ylo, xhi - xlo, xRowStep, xColStep, dRowStep, dColStep);
        }
      }
    }
  }
}

/**
 * Strided row copy, the core of concat/split/slice along any axis: for r < rows,
 * dst[r·dstStride + 0 .. width) = src[r·srcStride + 0 .. width). Strides and width count float32s.
 */
export function copyRows(src: usize, srcStride: i32, dst: usize, dstStride: i32, rows: i32, width: i32): void {
  const bytes = <usize>width << 2;
  const ss = <usize>srcStride << 2;
  const ds = <usize>dstStride << 2;
  for (let r = 0; r < rows; r++) {
    memory.copy(dst, src, bytes);
    src += ss;
    dst += ds;
  }
}

/**
 * Gradient of a k×k average pool with stride k and no padding:
 *   dx[b, y·k+a, x·k+c, i] = dy[b, y, x, i] / k²;  rows/cols of x past ho·k, wo·k get 0.
 * dy [nb, ho, wo, ch], dx [nb, h, w, ch].
 */
export function avgPoolGradK(dy: usize, dx: usize, nb: i32, h: i32, w: i32, ch: i32, ho: i32, wo: i32, k: i32): void {
  memory.fill(dx, 0, (<usize>nb * h * w * ch) << 2);
  const scale = f32x4.splat(<f32>1 / <f32>(k * k));
  const ch4 = ch & ~3;
  const rowBytes = (<usize>w * ch) << 2;
  for (let b = 0; b < nb; b++) {
    for (let y = 0; y < ho; y++) {
      const drow = dy + ((((<usize>b * ho + y) * wo) * ch) << 2);
      const xrow = dx + ((((<usize>b * h + <usize>y * k) * w) * ch) << 2);
      for (let x = 0; x < wo; x++) {
        const dp = drow + ((<usize>x * ch) << 2);
        const xp = xrow + ((<usize>x * k * ch) << 2);
        for (let a = 0; a < k; a++) {
          for (let c = 0; c < k; c++) {
            const q = xp + <usize>a * rowBytes + ((<usize>c * ch) << 2);
            for (let i = 0; i < ch4; i += 4) v128.store(q + (<usize>i << 2), f32x4.mul(v128.load(dp + (<usize>i << 2)), scale));
            for (let i = ch4; i < ch; i++) store<f32>(q + (<usize>i << 2), load<f32>(dp + (<usize>i << 2)) * (<f32>1 / <f32>(k * k)));
          }
        }
      }
    }
  }
}

/**
 * Zero-padded copy of an NHWC image batch: dst [nb, h+top+bottom, w+left+right, c] with src [nb, h, w, c]
 * at offset (top, left). hp and wp are the padded height and width.
 */
export function padNHWC(src: usize, dst: usize, nb: i32, h: i32, w: i32, c: i32, top: i32, left: i32, hp: i32, wp: i32): void {
  memory.fill(dst, 0, (<usize>nb * hp * wp * c) << 2);
  const rowBytes = (<usize>w * c) << 2;
  for (let b = 0; b < nb; b++) {
    for (let y = 0; y < h; y++) {
      memory.copy(dst + ((((<usize>b * hp + y + top) * wp + left) * c) << 2), src, rowBytes);
      src += rowBytes;
    }
  }
}

/**
 * Stride-1 valid convolution of an already padded input, for co % 8 == 0 (the host checks):
 *   out[b, y, x, o] = Σ_{a,c,i} xp[b, y+a, x+c, i] · w[a, c, i, o]
 *   xp [nb, hp, wp, ci]   w [kh, kw, ci, co]   out [nb, hp-kh+1, wp-kw+1, co]
 * Register tile: 4 output pixels of one row × 8 output channels (8 accumulators), reduced over every
 * tap and input channel before one store; leftover pixels of a row go one at a time.
 */
export function conv2dValid(xp: usize, w: usize, out: usize, nb: i32, hp: i32, wp: i32, ci: i32, co: i32, kh: i32, kw: i32): void {
  const ho = hp - kh + 1;
  const wo = wp - kw + 1;
  const pixBytes = <usize>ci << 2;
  const rowBytes = <usize>wp * pixBytes;
  const wTapBytes = (<usize>ci * co) << 2;
  const oPix = <usize>co << 2;
  for (let b = 0; b < nb; b++) {
    for (let y = 0; y < ho; y++) {
      const xrow = xp + (<usize>b * hp + y) * rowBytes;
      const orow = out + ((((<usize>b * ho + y) * wo) * co) << 2);
      for (let o = 0; o < co; o += 8) {
        let x = 0;
        for (; x + 4 <= wo; x += 4) conv4x8(xrow + <usize>x * pixBytes, w + (<usize>o << 2), orow + <usize>x * oPix + (<usize>o << 2), ci, kh, kw, pixBytes, rowBytes, wTapBytes, oPix);
        for (; x < wo; x++) conv1x8(xrow + <usize>x * pixBytes, w + (<usize>o << 2), orow + <usize>x * oPix + (<usize>o << 2), ci, kh, kw, pixBytes, rowBytes, wTapBytes, oPix);
      }
    }
  }
}

function conv4x8(xq: usize, wq: usize, oq: usize, ci: i32, kh: i32, kw: i32, pixBytes: usize, rowBytes: usize, wTapBytes: usize, oPix: usize): void {
  let p0 = f32x4.splat(0), q0 = f32x4.splat(0), p1 = f32x4.splat(0), q1 = f32x4.splat(0);
  let p2 = f32x4.splat(0), q2 = f32x4.splat(0), p3 = f32x4.splat(0), q3 = f32x4.splat(0);
  const x1 = pixBytes, x2 = pixBytes << 1, x3 = pixBytes * 3;
  // For one filter row a, taps c = 0..kw-1 × channels i are contiguous in both xp and w: one long loop.
  const span = <usize>kw * pixBytes;
  for (let a = 0; a < kh; a++) {
    {
      let xs = xq + <usize>a * rowBytes;
      let ws = wq + <usize>(a * kw) * wTapBytes;
      const end = xs + span;
      while (xs < end) {
        const w0 = v128.load(ws);
        const w1 = v128.load(ws, 16);
        let s = v128.load32_splat(xs);
        p0 = madd(s, w0, p0); q0 = madd(s, w1, q0);
        s = v128.load32_splat(xs + x1);
        p1 = madd(s, w0, p1); q1 = madd(s, w1, q1);
        s = v128.load32_splat(xs + x2);
        p2 = madd(s, w0, p2); q2 = madd(s, w1, q2);
        s = v128.load32_splat(xs + x3);
        p3 = madd(s, w0, p3); q3 = madd(s, w1, q3);
        xs += 4;
        ws += oPix;
      }
    }
  }
  v128.store(oq, p0); v128.store(oq, q0, 16);
  v128.store(oq + oPix, p1); v128.store(oq + oPix, q1, 16);
  v128.store(oq + 2 * oPix, p2); v128.store(oq + 2 * oPix, q2, 16);
  v128.store(oq + 3 * oPix, p3); v128.store(oq + 3 * oPix, q3, 16);
}

function conv1x8(xq: usize, wq: usize, oq: usize, ci: i32, kh: i32, kw: i32, pixBytes: usize, rowBytes: usize, wTapBytes: usize, oPix: usize): void {
  let p0 = f32x4.splat(0), q0 = f32x4.splat(0);
  const span = <usize>kw * pixBytes;
  for (let a = 0; a < kh; a++) {
    {
      let xs = xq + <usize>a * rowBytes;
      let ws = wq + <usize>(a * kw) * wTapBytes;
      const end = xs + span;
      while (xs < end) {
        const s = v128.load32_splat(xs);
        p0 = madd(s, v128.load(ws), p0);
        q0 = madd(s, v128.load(ws, 16), q0);
        xs += 4;
        ws += oPix;
      }
    }
  }
  v128.store(oq, p0);
  v128.store(oq, q0, 16);
}
