// Direct (analog) input: the host current of the INPUT_ANALOG population's projection, a dense conv of
// the slice computed once per slice (in begin) into a bias vector that sim.ts adds to its target every
// step t < T. Same rule as proto/direct-input.ts (proto/SEMANTICS.md "Direct input"), written again
// here on purpose so the conformance suite compares two implementations:
//   integer: I_q = ⌊(Σ w_q·x_fx + 2^15) / 2^16⌋ wrapped to i32, x_fx = ⌊clamp(x, 0, 1)·2^16 + ½⌋ (i64 sum)
//   float:   I = f32(Σ_{ky, kx, ci} f64(w)·clamp(x)), summed in f64 in exactly that order
// The bias vector has the target's potential layout (HWC, Cp lanes; padded lanes stay 0).
import { ModelHeader, PopRec, ProjRec, PROJ_BYTES, POP_BYTES, FORMAT_FLOAT32 } from './layout';

function popRec(img: usize, p: i32): PopRec {
  const h = changetype<ModelHeader>(img);
  return changetype<PopRec>(img + <usize>h.popOff + <usize>p * POP_BYTES);
}

@inline function clampPixel(x: f32): f64 {
  const v = <f64>x;
  return v > 0 ? (v < 1 ? v : 1) : 0; // NaN → 0
}

@inline function pixelFixed(x: f32): i64 {
  return <i64>Math.floor(clampPixel(x) * 65536.0 + 0.5);
}

@inline function pixelAt(image: usize, S: PopRec, ci: i32, iy: i32, ix: i32): f32 {
  return load<f32>(image + ((<usize>(ci * S.H + iy) * <usize>S.W + <usize>ix) << 2));
}

/** Integer netlists: i16 weight rows [ky][kx][ci][0..Cp). */
function convQ(img: usize, P: ProjRec, S: PopRec, G: PopRec, image: usize, bias: usize): void {
  const w = img + <usize>P.weightOff;
  for (let oy = 0; oy < G.H; oy++) for (let ox = 0; ox < G.W; ox++) for (let co = 0; co < G.C; co++) {
    let acc: i64 = 0;
    for (let ky = 0; ky < P.kh; ky++) {
      const iy = oy * P.sh + ky - P.pt;
      if (iy < 0 || iy >= S.H) continue;
      for (let kx = 0; kx < P.kw; kx++) {
        const ix = ox * P.sw + kx - P.pl;
        if (ix < 0 || ix >= S.W) continue;
        for (let ci = 0; ci < S.C; ci++) {
          const row = (ky * P.kw + kx) * S.C + ci;
          const wq = <i64>load<i16>(w + ((<usize>row * <usize>G.Cp + <usize>co) << 1));
          acc += wq * pixelFixed(pixelAt(image, S, ci, iy, ix));
        }
      }
    }
    const at = bias + ((<usize>(oy * G.W + ox) * <usize>G.Cp + <usize>co) << 2);
    store<i32>(at, load<i32>(at) + <i32>((acc + 32768) >> 16));
  }
}

/** Float netlists: f32 weight rows, f64 sum in the order ky, kx, ci, one rounding to f32. */
function convF(img: usize, P: ProjRec, S: PopRec, G: PopRec, image: usize, bias: usize): void {
  const w = img + <usize>P.weightOff;
  for (let oy = 0; oy < G.H; oy++) for (let ox = 0; ox < G.W; ox++) for (let co = 0; co < G.C; co++) {
    let acc: f64 = 0;
    for (let ky = 0; ky < P.kh; ky++) {
      const iy = oy * P.sh + ky - P.pt;
      if (iy < 0 || iy >= S.H) continue;
      for (let kx = 0; kx < P.kw; kx++) {
        const ix = ox * P.sw + kx - P.pl;
        if (ix < 0 || ix >= S.W) continue;
        for (let ci = 0; ci < S.C; ci++) {
          const row = (ky * P.kw + kx) * S.C + ci;
          const wf = <f64>load<f32>(w + ((<usize>row * <usize>G.Cp + <usize>co) << 2));
          acc += wf * clampPixel(pixelAt(image, S, ci, iy, ix));
        }
      }
    }
    const at = bias + ((<usize>(oy * G.W + ox) * <usize>G.Cp + <usize>co) << 2);
    store<f32>(at, load<f32>(at) + <f32>acc);
  }
}

/** Writes the host current of every projection out of population 0 (into header.biasPop) to `bias`. */
export function hostCurrent(img: usize, image: usize, bias: usize): void {
  const h = changetype<ModelHeader>(img);
  const G = popRec(img, h.biasPop), S = popRec(img, 0);
  memory.fill(bias, 0, <usize>G.H * <usize>G.W * <usize>G.Cp * 4);
  for (let j = G.inFirst; j < G.inFirst + G.inCount; j++) {
    const P = changetype<ProjRec>(img + <usize>h.projOff + <usize>j * PROJ_BYTES);
    if (P.src != 0) continue;
    if (h.format == FORMAT_FLOAT32) convF(img, P, S, G, image, bias);
    else convQ(img, P, S, G, image, bias);
  }
}

/** u += bias over `words` potential words (a population's whole HWC·Cp block), four lanes at a time. */
export function addBias<T>(pot: usize, bias: usize, words: usize): void {
  for (let i: usize = 0; i < words; i += 4) {
    const u = v128.load(pot + (i << 2)), b = v128.load(bias + (i << 2));
    v128.store(pot + (i << 2), isFloat<T>() ? f32x4.add(u, b) : i32x4.add(u, b));
  }
}
