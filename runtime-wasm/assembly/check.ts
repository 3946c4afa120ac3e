// One-time validation of a model image written by the host. After it passes, every address the kernels
// form (weight rows, potential rows, CSR entries, fan-out records) is provably inside the image or the
// state, which is what lets the hot loops go without checks. Sizes are computed in i64 so no product wraps.
import {
  ModelHeader, PopRec, ProjRec, CoreRec, SetRec, EntryRec, MODEL_MAGIC, MODEL_VERSION, HEADER_BYTES,
  POP_BYTES, PROJ_BYTES, CORE_BYTES, SET_BYTES, ENTRY_BYTES, KIND_INPUT, KIND_ANALOG, KIND_IF, KIND_INTEGRATOR,
  RESET_SUBTRACT, RESET_ZERO, PROJ_CONV, PROJ_CONVT, PROJ_POOL, PROJ_SPARSE, PROJ_DENSE, FORMAT_FLOAT32,
} from './layout';

// Error codes (host/errors-wasm.ts has the matching messages); errDetail names the record at fault.
export const E_OK: i32 = 0;
export const E_HEADER: i32 = 1;
export const E_SECTION: i32 = 2;
export const E_POPULATION: i32 = 3;
export const E_PROJECTION: i32 = 4;
export const E_WEIGHTS: i32 = 5;
export const E_CORE: i32 = 6;
export const E_FANOUT: i32 = 7;
export const E_HANDLE: i32 = 8;
export const E_STATE: i32 = 9;
export const E_MEMORY: i32 = 10;
export const E_ARGUMENT: i32 = 11;

export let errDetail: i32 = 0;

function fail(code: i32, detail: i32): i32 {
  errDetail = detail;
  return code;
}

/** [off, off + len) inside an image of `bytes` bytes, off 16-byte aligned. */
function inside(off: i64, len: i64, bytes: i64): bool {
  return off >= 0 && len >= 0 && (off & 15) == 0 && off + len <= bytes;
}

function checkHeader(h: ModelHeader, bytes: i64): i32 {
  if (h.magic != MODEL_MAGIC || h.version != MODEL_VERSION) return fail(E_HEADER, 0);
  if (h.format < 1 || h.format > 3 || <i64>h.bytes != bytes) return fail(E_HEADER, 1);
  if (h.nPops < 2 || h.nPops > 65536 || h.nProj < 1 || h.nProj > 65536) return fail(E_HEADER, 2);
  if (h.nCores < 0 || h.nCores > 1 << 20 || h.T < 1 || h.T > 1 << 20) return fail(E_HEADER, 3);
  // depth ≥ 0: a direct input's host current takes no step (input → readout alone has depth 0).
  if (h.depth < 0 || h.depth > h.nProj || h.totalNeurons < 1 || h.potentialWords < 1) return fail(E_HEADER, 4);
  if (h.nSets < 1 || h.nEntries < 0 || h.readoutPop < 1 || h.readoutPop >= h.nPops) return fail(E_HEADER, 5);
  if (h.cyclesPerSynop < 0 || h.cyclesPerNeuron < 0) return fail(E_HEADER, 6);
  if (h.biasPop < 0 || h.biasPop >= h.nPops) return fail(E_HEADER, 7);
  const n = <i64>h.totalNeurons;
  if (!inside(h.popOff, <i64>h.nPops * POP_BYTES, bytes)) return fail(E_SECTION, 0);
  if (!inside(h.projOff, <i64>h.nProj * PROJ_BYTES, bytes)) return fail(E_SECTION, 1);
  if (!inside(h.coreOff, <i64>h.nCores * CORE_BYTES, bytes)) return fail(E_SECTION, 2);
  if (!inside(h.fanIdxOff, n * 4, bytes) || !inside(h.coreOfOff, n * 4, bytes)) return fail(E_SECTION, 3);
  if (!inside(h.setOff, <i64>h.nSets * SET_BYTES, bytes)) return fail(E_SECTION, 4);
  if (!inside(h.entryOff, <i64>h.nEntries * ENTRY_BYTES, bytes)) return fail(E_SECTION, 5);
  return E_OK;
}

function checkPops(base: usize, h: ModelHeader): i32 {
  let pot: i64 = 0;
  let neurons: i64 = 0;
  let proj: i32 = 0;
  for (let p = 0; p < h.nPops; p++) {
    const r = changetype<PopRec>(base + <usize>h.popOff + <usize>p * POP_BYTES);
    const wantKind = p == 0 ? (h.biasPop == 0 ? r.kind == KIND_INPUT : r.kind == KIND_ANALOG) : (r.kind == KIND_IF || r.kind == KIND_INTEGRATOR);
    if (!wantKind || r.C < 1 || r.H < 1 || r.W < 1 || r.H > 65535 || r.W > 65535) return fail(E_POPULATION, p);
    if (r.Cp != ((r.C + 3) & ~3) || r.Cp < r.C) return fail(E_POPULATION, p);
    if (r.kind == KIND_IF && r.reset != RESET_SUBTRACT && r.reset != RESET_ZERO) return fail(E_POPULATION, p);
    if (<i64>r.potOff != pot || <i64>r.base != neurons) return fail(E_POPULATION, p);
    if (r.inFirst != proj || r.inCount < 0 || (p == 0 && r.inCount != 0)) return fail(E_POPULATION, p);
    if (r.hasOut != 0 && r.hasOut != 1) return fail(E_POPULATION, p);
    // Leak flag (IF only) and bias table (Cp words inside the image, 16-byte aligned).
    if ((r.r2 != 0 && r.r2 != 1) || (r.r2 == 1 && r.kind != KIND_IF)) return fail(E_POPULATION, p);
    if (r.r3 != 0 && (p == 0 || !inside(r.r3, <i64>r.Cp * 4, <i64>h.bytes))) return fail(E_POPULATION, p);
    pot += <i64>r.H * r.W * r.Cp;
    neurons += <i64>r.H * r.W * r.C;
    proj += r.inCount;
    if (pot > <i64>h.potentialWords || neurons > <i64>h.totalNeurons || proj > h.nProj) return fail(E_POPULATION, p);
  }
  if (pot != <i64>h.potentialWords || neurons != <i64>h.totalNeurons || proj != h.nProj) return fail(E_POPULATION, h.nPops);
  return E_OK;
}

function pop(base: usize, h: ModelHeader, p: i32): PopRec {
  return changetype<PopRec>(base + <usize>h.popOff + <usize>p * POP_BYTES);
}

function checkSparse(base: usize, h: ModelHeader, r: ProjRec, s: PopRec, t: PopRec, j: i32): i32 {
  const rows = <i64>s.H * s.W * s.C;
  const bytes = <i64>h.bytes;
  if (r.nnz < 0 || !inside(r.rowOff, (rows + 1) * 4, bytes)) return fail(E_WEIGHTS, j);
  if (!inside(r.colOff, <i64>r.nnz * 4, bytes) || !inside(r.weightOff, <i64>r.nnz * 4, bytes)) return fail(E_WEIGHTS, j);
  if (<i64>r.weightBytes != <i64>r.nnz * 4) return fail(E_WEIGHTS, j);
  const rowPtr = base + <usize>r.rowOff;
  if (load<u32>(rowPtr) != 0 || <i64>load<u32>(rowPtr + <usize>rows * 4) != <i64>r.nnz) return fail(E_WEIGHTS, j);
  for (let i: i64 = 0; i < rows; i++) {
    if (load<u32>(rowPtr + <usize>i * 4) > load<u32>(rowPtr + <usize>(i + 1) * 4)) return fail(E_WEIGHTS, j);
  }
  const limit = <u64>t.H * t.W * t.Cp;
  const col = base + <usize>r.colOff;
  for (let k = 0; k < r.nnz; k++) {
    if (<u64>load<u32>(col + <usize>k * 4) >= limit) return fail(E_WEIGHTS, j);
  }
  return E_OK;
}

/** DENSE: a (C, 1, 1) target and one row of Cp lanes per source neuron, inside the image. */
function checkDense(h: ModelHeader, r: ProjRec, s: PopRec, t: PopRec, j: i32): i32 {
  if (t.H != 1 || t.W != 1) return fail(E_PROJECTION, j);
  const elt: i64 = h.format == FORMAT_FLOAT32 ? 4 : 2;
  const want = <i64>s.H * s.W * s.C * t.Cp * elt;
  if (<i64>r.weightBytes != want || !inside(r.weightOff, want, <i64>h.bytes)) return fail(E_WEIGHTS, j);
  return E_OK;
}

function checkProjection(base: usize, h: ModelHeader, j: i32, tgt: i32): i32 {
  const r = changetype<ProjRec>(base + <usize>h.projOff + <usize>j * PROJ_BYTES);
  if (r.tgt != tgt || r.src < 0 || r.src >= tgt) return fail(E_PROJECTION, j);
  const s = pop(base, h, r.src);
  const t = pop(base, h, tgt);
  // The host current (direct input) is a conv into header.biasPop; hostCurrent() reads it densely.
  if (s.kind == KIND_ANALOG && (r.kind != PROJ_CONV || tgt != h.biasPop)) return fail(E_PROJECTION, j);
  if (r.kind == PROJ_SPARSE) return checkSparse(base, h, r, s, t, j);
  if (r.kind == PROJ_DENSE) return checkDense(h, r, s, t, j);
  if (r.kind < PROJ_CONV || r.kind > PROJ_POOL) return fail(E_PROJECTION, j);
  if (r.kh < 1 || r.kw < 1 || r.sh < 1 || r.sw < 1 || r.pt < 0 || r.pl < 0) return fail(E_PROJECTION, j);
  // ≤ 255 keeps every tap/offset product in scatter.ts far below 2^31.
  if (r.kh > 255 || r.kw > 255 || r.sh > 255 || r.sw > 255 || r.pt > 255 || r.pl > 255) return fail(E_PROJECTION, j);
  if (r.kind == PROJ_POOL) return s.C == t.C ? E_OK : fail(E_PROJECTION, j);
  const elt: i64 = h.format == FORMAT_FLOAT32 ? 4 : 2;
  const want = <i64>r.kh * r.kw * s.C * t.Cp * elt;
  if (<i64>r.weightBytes != want || !inside(r.weightOff, want, <i64>h.bytes)) return fail(E_WEIGHTS, j);
  return E_OK;
}

function checkProjections(base: usize, h: ModelHeader): i32 {
  for (let p = 1; p < h.nPops; p++) {
    const r = pop(base, h, p);
    for (let j = r.inFirst; j < r.inFirst + r.inCount; j++) {
      const e = checkProjection(base, h, j, p);
      if (e != E_OK) return e;
    }
  }
  return E_OK;
}

function checkCores(base: usize, h: ModelHeader): i32 {
  for (let k = 0; k < h.nCores; k++) {
    const c = changetype<CoreRec>(base + <usize>h.coreOff + <usize>k * CORE_BYTES);
    if (c.pop < 0 || c.pop >= h.nPops || c.neurons < 0 || c.updNeurons < 0) return fail(E_CORE, k);
  }
  for (let i = 0; i < h.totalNeurons; i++) {
    const k = load<i32>(base + <usize>h.coreOfOff + <usize>i * 4);
    if (k < -1 || k >= h.nCores) return fail(E_CORE, i);
    if (load<u32>(base + <usize>h.fanIdxOff + <usize>i * 4) >= <u32>h.nSets) return fail(E_FANOUT, i);
  }
  return E_OK;
}

function checkSets(base: usize, h: ModelHeader): i32 {
  for (let s = 0; s < h.nSets; s++) {
    const r = changetype<SetRec>(base + <usize>h.setOff + <usize>s * SET_BYTES);
    if (r.srcCore < -1 || r.srcCore >= h.nCores || r.entryStart < 0 || r.entryCount < 0) return fail(E_FANOUT, s);
    if (<i64>r.entryStart + r.entryCount > <i64>h.nEntries) return fail(E_FANOUT, s);
    if ((r.sops | r.messages | r.local | r.injections | r.hopsEW | r.hopsNS | r.chipUni | r.mcEW | r.mcNS | r.chipMc | r.maxRoutePs) < 0) return fail(E_FANOUT, s);
  }
  for (let e = 0; e < h.nEntries; e++) {
    const r = changetype<EntryRec>(base + <usize>h.entryOff + <usize>e * ENTRY_BYTES);
    if (r.dst < -1 || r.dst >= h.nCores || r.tgtPop < 0 || r.tgtPop >= h.nPops || r.sops < 0) return fail(E_FANOUT, e);
  }
  return E_OK;
}

/** Validates the image at `base` (`bytes` long); returns E_OK or an error code with errDetail set. */
export function checkModel(base: usize, bytes: i64): i32 {
  if (bytes < HEADER_BYTES) return fail(E_HEADER, -1);
  const h = changetype<ModelHeader>(base);
  let e = checkHeader(h, bytes);
  if (e == E_OK) e = checkPops(base, h);
  if (e == E_OK) e = checkProjections(base, h);
  if (e == E_OK) e = checkCores(base, h);
  if (e == E_OK) e = checkSets(base, h);
  return e;
}
