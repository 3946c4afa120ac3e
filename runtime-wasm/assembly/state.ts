// Per-run simulation state: sized from a validated model image (stateBytes), carved out of the arena
// (stateNew), and reset for each slice (begin). The layout diagram is in layout.ts.
import {
  ModelHeader, PopRec, StateHeader, ListRec, KIND_INPUT, KIND_ANALOG, KIND_INTEGRATOR, POP_BYTES, LIST_BYTES,
  STATE_HEADER_BYTES, POP_COUNTERS, CORE_COUNTERS, SERIES_COLS, MODE_PIPELINED, roundUp16,
} from './layout';
import { alloc } from './arena';
import { threshold24 } from './rng';
import { hostCurrent } from './direct';

export function popAt(img: usize, p: i32): PopRec {
  const h = changetype<ModelHeader>(img);
  return changetype<PopRec>(img + <usize>h.popOff + <usize>p * POP_BYTES);
}

export function listAt(st: StateHeader, p: i32): ListRec {
  return changetype<ListRec>(<usize>st.listPtr + <usize>p * LIST_BYTES);
}

function take(n: i64, at: i64): i64 {
  return at + roundUp16(n);
}

function neurons(R: PopRec): i64 {
  return <i64>R.H * R.W * R.C;
}

/** Words of the host-current vector: the potential block of header.biasPop, or 0 without direct input. */
function biasWords(img: usize): i64 {
  const h = changetype<ModelHeader>(img);
  if (h.biasPop == 0) return 0;
  const R = popAt(img, h.biasPop);
  return <i64>R.H * R.W * R.Cp;
}

/** Bytes the state needs for runs of up to maxT encoder steps (pipelined runs add depth steps). */
export function stateBytes(img: usize, maxT: i32): i64 {
  const h = changetype<ModelHeader>(img);
  const input = neurons(popAt(img, 0));
  let b: i64 = STATE_HEADER_BYTES + roundUp16(<i64>h.potentialWords * 4) + roundUp16(<i64>h.nPops * LIST_BYTES);
  for (let p = 0; p < h.nPops; p++) b += 2 * roundUp16(neurons(popAt(img, p)) * 8);
  b += 2 * roundUp16(input * 4);
  b += roundUp16(biasWords(img) * 4);
  b += roundUp16(<i64>h.nPops * POP_COUNTERS * 8) + roundUp16(<i64>h.nCores * CORE_COUNTERS * 8) + roundUp16(<i64>h.nCores * 8);
  b += roundUp16((<i64>maxT + h.depth) * SERIES_COLS * 8);
  b += 2 * roundUp16(<i64>h.nSets * 4);
  return b;
}

/** Allocates and lays out the state; returns its address or 0 when memory cannot grow. */
export function stateNew(img: usize, maxT: i32): usize {
  const h = changetype<ModelHeader>(img);
  const bytes = stateBytes(img, maxT);
  const base = alloc(<u64>bytes);
  if (base == 0) return 0;
  const st = changetype<StateHeader>(base);
  let p = <i64>base + STATE_HEADER_BYTES;
  st.model = <i32>img; st.bytes = <i32>bytes; st.maxSteps = maxT + h.depth; st.T = 0;
  st.potPtr = <i32>p; p = take(<i64>h.potentialWords * 4, p);
  st.listPtr = <i32>p; p = take(<i64>h.nPops * LIST_BYTES, p);
  for (let q = 0; q < h.nPops; q++) {
    const L = listAt(st, q);
    const n = neurons(popAt(img, q)) * 8;
    L.cur = <i32>p; p = take(n, p);
    L.prev = <i32>p; p = take(n, p);
  }
  const input = neurons(popAt(img, 0)) * 4;
  st.imagePtr = <i32>p; p = take(input, p);
  st.thrPtr = <i32>p; p = take(input, p);
  st.biasPtr = <i32>p; p = take(biasWords(img) * 4, p);
  st.popCntPtr = <i32>p; p = take(<i64>h.nPops * POP_COUNTERS * 8, p);
  st.coreCntPtr = <i32>p; p = take(<i64>h.nCores * CORE_COUNTERS * 8, p);
  st.stepSopsPtr = <i32>p; p = take(<i64>h.nCores * 8, p);
  st.seriesPtr = <i32>p; p = take((<i64>maxT + h.depth) * SERIES_COLS * 8, p);
  st.hitsPtr = <i32>p; p = take(<i64>h.nSets * 4, p);
  st.touchedPtr = <i32>p;
  return base;
}

/** Resets potentials, lists and counters, then encodes the image (Poisson thresholds, or the host current). */
export function begin(st: StateHeader, seed: u32, T: i32, mode: i32): void {
  const img = <usize>st.model;
  const h = changetype<ModelHeader>(img);
  for (let q = 1; q < h.nPops; q++) {
    const R = popAt(img, q);
    const init = R.kind == KIND_INTEGRATOR ? i32x4.splat(0) : i32x4.splat(R.u0); // f32 bits splat alike
    const u = <usize>st.potPtr + (<usize>R.potOff << 2);
    const words = <usize>R.H * R.W * R.Cp;
    for (let i: usize = 0; i < words; i += 4) v128.store(u + (i << 2), init);
  }
  for (let q = 0; q < h.nPops; q++) {
    const L = listAt(st, q);
    L.curCount = 0; L.prevCount = 0;
  }
  const input = popAt(img, 0);
  assert(input.kind == KIND_INPUT || input.kind == KIND_ANALOG);
  const n = <usize>neurons(input);
  for (let i: usize = 0; i < n; i++) {
    const th = input.kind == KIND_INPUT ? threshold24(load<f32>(<usize>st.imagePtr + (i << 2))) : 0;
    store<u32>(<usize>st.thrPtr + (i << 2), th);
  }
  const counters = <usize>st.popCntPtr;
  memory.fill(counters, 0, changetype<usize>(st) + <usize>st.bytes - counters);
  if (h.biasPop != 0) hostCurrent(img, <usize>st.imagePtr, <usize>st.biasPtr);
  st.seed = seed; st.T = T; st.mode = mode; st.t = 0; st.nTouched = 0;
  st.steps = mode == MODE_PIPELINED ? T + h.depth : T;
  st.begun = 1;
}
