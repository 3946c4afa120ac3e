// One simulation step over all populations, in netlist (topological) order.
// zero-delay: encode input for t, then each population takes its sources' spikes of the same step.
// pipelined:  every list first moves to `prev`; each projection delivers its source's step t−1 spikes,
//             so the run needs T + depth steps for the input to reach the readout.
import {
  ModelHeader, ProjRec, StateHeader, PROJ_BYTES, KIND_IF, KIND_INPUT, PROJ_CONV, PROJ_CONVT, PROJ_POOL, PROJ_DENSE,
  FORMAT_FLOAT32, MODE_PIPELINED, SERIES_COLS, S_SPIKES, S_INPUT_SPIKES, POP_COUNTERS,
} from './layout';
import { popAt, listAt } from './state';
import { addBias, encode, fire, leak } from './neuron';
import { scatterConv, scatterConvT, scatterDense, scatterPool, scatterSparse } from './scatter';
import { account, flushSets, closeStep } from './account';
import { stepHash } from './rng';
import { addBias as addHostCurrent } from './direct';

@inline function bump(p: usize, v: i64): void {
  store<i64>(p, load<i64>(p) + v);
}

function deliver<T, W>(img: usize, P: ProjRec, pot: usize, list: usize, n: i32): void {
  if (n == 0) return;
  const S = popAt(img, P.src), G = popAt(img, P.tgt);
  if (P.kind == PROJ_CONV) scatterConv<W>(img, P, S, G, pot, list, n);
  else if (P.kind == PROJ_CONVT) scatterConvT<W>(img, P, S, G, pot, list, n);
  else if (P.kind == PROJ_POOL) scatterPool<T>(P, G, pot, list, n);
  else if (P.kind == PROJ_DENSE) scatterDense<W>(img, P, S, G, pot, list, n);
  else scatterSparse<T>(img, P, S, G, pot, list, n);
}

/** Integrates every incoming projection of population q, then fires it; returns its spike count. */
function updatePop<T, W>(st: StateHeader, img: usize, q: i32, pipelined: bool): i32 {
  const h = changetype<ModelHeader>(img);
  const R = popAt(img, q);
  const pot = <usize>st.potPtr;
  if (R.r2 != 0) leak<T>(R, pot);
  if (R.r3 != 0) addBias<T>(R, img, pot);
  // Direct input: the host current enters after any leak and bias, at every encoder step (t < T), then the spikes.
  if (q == h.biasPop && st.t < st.T) addHostCurrent<T>(pot + (<usize>R.potOff << 2), <usize>st.biasPtr, <usize>R.H * <usize>R.W * <usize>R.Cp);
  for (let j = R.inFirst; j < R.inFirst + R.inCount; j++) {
    const P = changetype<ProjRec>(img + <usize>h.projOff + <usize>j * PROJ_BYTES);
    const L = listAt(st, P.src);
    if (pipelined) deliver<T, W>(img, P, pot, <usize>L.prev, L.prevCount);
    else deliver<T, W>(img, P, pot, <usize>L.cur, L.curCount);
  }
  if (R.kind != KIND_IF) return 0;
  return fire<T>(R, pot, <usize>listAt(st, q).cur, img + <usize>h.coreOfOff, <usize>st.coreCntPtr);
}

function runStep<T, W>(st: StateHeader): void {
  const img = <usize>st.model;
  const h = changetype<ModelHeader>(img);
  const pipelined = st.mode == MODE_PIPELINED;
  const row = <usize>st.seriesPtr + <usize>st.t * SERIES_COLS * 8;
  const popCnt = <usize>st.popCntPtr, coreCnt = <usize>st.coreCntPtr, stepSops = <usize>st.stepSopsPtr;
  if (pipelined) {
    for (let q = 0; q < h.nPops; q++) {
      const L = listAt(st, q);
      const c = L.cur, n = L.curCount;
      L.cur = L.prev; L.curCount = 0; L.prev = c; L.prevCount = n;
    }
  }
  const I = popAt(img, 0), LI = listAt(st, 0);
  LI.curCount = st.t < st.T && I.kind == KIND_INPUT ? encode(I, <usize>st.thrPtr, stepHash(st.seed, <u32>st.t), <usize>LI.cur, img + <usize>h.coreOfOff, coreCnt) : 0;
  bump(row + (<usize>S_INPUT_SPIKES << 3), LI.curCount);
  bump(popCnt, LI.curCount);
  const hits = <usize>st.hitsPtr, touched = <usize>st.touchedPtr;
  let nt = 0;
  if (!pipelined && I.hasOut != 0) nt = account(img, I, <usize>LI.cur, LI.curCount, hits, touched, nt);
  for (let q = 1; q < h.nPops; q++) {
    const n = updatePop<T, W>(st, img, q, pipelined);
    const L = listAt(st, q);
    L.curCount = n;
    bump(row + (<usize>S_SPIKES << 3), n);
    bump(popCnt + <usize>q * POP_COUNTERS * 8, n);
    const R = popAt(img, q);
    if (!pipelined && R.hasOut != 0) nt = account(img, R, <usize>L.cur, n, hits, touched, nt);
  }
  if (pipelined) {
    for (let q = 0; q < h.nPops; q++) {
      const R = popAt(img, q), L = listAt(st, q);
      if (R.hasOut != 0) nt = account(img, R, <usize>L.prev, L.prevCount, hits, touched, nt);
    }
  }
  flushSets(img, hits, touched, nt, row, stepSops, popCnt, coreCnt);
  closeStep(img, row, stepSops, coreCnt);
  st.t++;
}

/** Advances one step (integer or float kernels by the model's number format). */
export function step(st: StateHeader): void {
  const h = changetype<ModelHeader>(<usize>st.model);
  if (h.format == FORMAT_FLOAT32) runStep<f32, f32>(st);
  else runStep<i32, i16>(st);
}
