// Cycle-level accounting. Each delivered spike counts one hit on the fan-out set of its neuron (precomputed
// by the host: SOPs, NoC messages, hops, multicast tree, chip crossings); at the end of the step every
// touched set is charged hits × its counts to the series row, and its entries charge SOPs and received
// messages to each destination core. closeStep then turns per-core SOPs into cycles, the slowest core
// and the active-core count.
import {
  ModelHeader, PopRec, SetRec, EntryRec, CoreRec, SET_BYTES, ENTRY_BYTES, CORE_BYTES,
  S_SOPS, S_MESSAGES, S_LOCAL, S_INJECTIONS, S_HOPS_EW, S_HOPS_NS, S_MC_EW, S_MC_NS, S_CHIP_UNI, S_CHIP_MC,
  S_ACTIVE_CORES, S_MAX_CYCLES, S_SUM_CYCLES, S_MAX_ROUTE_PS, POP_COUNTERS, CORE_COUNTERS,
} from './layout';

@inline function bump(p: usize, v: i64): void {
  store<i64>(p, load<i64>(p) + v);
}

/**
 * Notes the delivery of `n` spikes of population R (list of (y << 16 | x, c)): one hit on the fan-out set
 * of each spiking neuron. Sets are few (deduplicated by the host), so charging is deferred to flushSets,
 * which multiplies each touched set by its hit count once per step instead of once per spike.
 */
export function account(img: usize, R: PopRec, list: usize, n: i32, hits: usize, touched: usize, nTouched: i32): i32 {
  const h = changetype<ModelHeader>(img);
  const fanIdx = img + <usize>h.fanIdxOff;
  const W = R.W, C = R.C, base = R.base;
  for (let s = 0; s < n; s++) {
    const yx = load<u32>(list + (<usize>s << 3));
    const c = load<i32>(list + (<usize>s << 3), 4);
    const ord = base + (<i32>(yx >>> 16) * W + <i32>(yx & 0xffff)) * C + c;
    const set = <usize>load<u32>(fanIdx + (<usize>ord << 2));
    const p = hits + (set << 2);
    const k = load<u32>(p);
    if (k == 0) {
      store<u32>(touched + (<usize>nTouched << 2), <u32>set);
      nTouched++;
    }
    store<u32>(p, k + 1);
  }
  return nTouched;
}

/**
 * Charges every touched set × its hits to the series row `row`, the per-core step SOPs, and the
 * per-population / per-core counters; clears the hits. Returns 0 (the new touched count).
 */
export function flushSets(img: usize, hits: usize, touched: usize, nTouched: i32, row: usize, stepSops: usize, popCnt: usize, coreCnt: usize): i32 {
  const h = changetype<ModelHeader>(img);
  const sets = img + <usize>h.setOff, entries = img + <usize>h.entryOff;
  let sops: i64 = 0, msgs: i64 = 0, local: i64 = 0, inj: i64 = 0, ew: i64 = 0, ns: i64 = 0;
  let mcEW: i64 = 0, mcNS: i64 = 0, chipU: i64 = 0, chipM: i64 = 0;
  let maxRoute = load<i64>(row + (<usize>S_MAX_ROUTE_PS << 3));
  for (let i = 0; i < nTouched; i++) {
    const set = <usize>load<u32>(touched + (<usize>i << 2));
    const k = <i64>load<u32>(hits + (set << 2));
    store<u32>(hits + (set << 2), 0);
    const S = changetype<SetRec>(sets + set * SET_BYTES);
    sops += k * S.sops; msgs += k * S.messages; local += k * S.local; inj += k * S.injections;
    ew += k * S.hopsEW; ns += k * S.hopsNS; mcEW += k * S.mcEW; mcNS += k * S.mcNS; chipU += k * S.chipUni; chipM += k * S.chipMc;
    if (<i64>S.maxRoutePs > maxRoute) maxRoute = S.maxRoutePs;
    const src = S.srcCore;
    if (src >= 0) bump(coreCnt + (<usize>src * CORE_COUNTERS + 2) * 8, k * S.messages);
    for (let e = 0; e < S.entryCount; e++) {
      const E = changetype<EntryRec>(entries + <usize>(S.entryStart + e) * ENTRY_BYTES);
      bump(popCnt + (<usize>E.tgtPop * POP_COUNTERS + 1) * 8, k * E.sops);
      if (E.dst >= 0) {
        bump(stepSops + (<usize>E.dst << 3), k * E.sops);
        if (src >= 0) bump(coreCnt + (<usize>E.dst * CORE_COUNTERS + 3) * 8, k);
      }
    }
  }
  bump(row + (<usize>S_SOPS << 3), sops);
  bump(row + (<usize>S_MESSAGES << 3), msgs);
  bump(row + (<usize>S_LOCAL << 3), local);
  bump(row + (<usize>S_INJECTIONS << 3), inj);
  bump(row + (<usize>S_HOPS_EW << 3), ew);
  bump(row + (<usize>S_HOPS_NS << 3), ns);
  bump(row + (<usize>S_MC_EW << 3), mcEW);
  bump(row + (<usize>S_MC_NS << 3), mcNS);
  bump(row + (<usize>S_CHIP_UNI << 3), chipU);
  bump(row + (<usize>S_CHIP_MC << 3), chipM);
  store<i64>(row + (<usize>S_MAX_ROUTE_PS << 3), maxRoute);
  return 0;
}

/** Ends a step: per-core cycles = SOPs × cycles/SOP + updated neurons × cycles/update; resets step SOPs. */
export function closeStep(img: usize, row: usize, stepSops: usize, coreCnt: usize): void {
  const h = changetype<ModelHeader>(img);
  const cps = <i64>h.cyclesPerSynop, cpn = <i64>h.cyclesPerNeuron;
  let active: i64 = 0, maxC: i64 = 0, sumC: i64 = 0;
  for (let k = 0; k < h.nCores; k++) {
    const core = changetype<CoreRec>(img + <usize>h.coreOff + <usize>k * CORE_BYTES);
    const p = stepSops + (<usize>k << 3);
    const s = load<i64>(p);
    const cyc = s * cps + <i64>core.updNeurons * cpn;
    const cnt = coreCnt + <usize>k * CORE_COUNTERS * 8;
    bump(cnt, s);
    bump(cnt + 4 * 8, cyc);
    if (s > 0) { active++; bump(cnt + 5 * 8, 1); }
    if (cyc > maxC) maxC = cyc;
    sumC += cyc;
    store<i64>(p, 0);
  }
  store<i64>(row + (<usize>S_ACTIVE_CORES << 3), active);
  store<i64>(row + (<usize>S_MAX_CYCLES << 3), maxC);
  store<i64>(row + (<usize>S_SUM_CYCLES << 3), sumC);
}
