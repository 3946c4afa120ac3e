// hsnn simulator: public entry points of the WebAssembly module (runtime-wasm/host/ is the only caller).
// Only integer handles (addresses) and sizes cross the boundary. The host owns the arena: it reserves the
// model image, writes it, has it validated once (modelLoad), then creates one state and runs slices.
// Every entry point checks its handle and arguments; after that the kernels run without checks.
import { alloc, arenaTop as top, release as rollBack, inArena, memoryBytes } from './arena';
import { checkModel, errDetail, E_OK, E_HANDLE, E_STATE, E_MEMORY, E_ARGUMENT } from './check';
import { ModelHeader, StateHeader, MODE_ZERO_DELAY, MODE_PIPELINED } from './layout';
import { stateBytes as sizeState, stateNew as makeState, begin, popAt, listAt } from './state';
import { step } from './sim';
import { rand32 as rng, sliceSeed as seedOf } from './rng';

let gModel: usize = 0;
let gState: usize = 0;
let gError: i32 = 0;

/**
 * Reserves a zeroed, 16-byte aligned block.
 * @param bytes size in bytes (a JS number; must be a non-negative integer below 4 GiB)
 * @returns its address, or 0 when memory cannot grow that far
 */
export function reserve(bytes: f64): u32 {
  if (!(bytes >= 0 && bytes < 4294901760.0) || Math.floor(bytes) != bytes) return 0;
  return <u32>alloc(<u64>bytes);
}

/** First free byte of the arena; pass it to `release` later to drop everything reserved after it. */
export function arenaTop(): u32 {
  return <u32>top();
}

/**
 * Rolls the arena back and forgets any model or state that lived above the mark.
 * @param mark a value returned by arenaTop
 * @returns 1 on success, 0 when the mark is not a valid arena position
 */
export function release(mark: u32): i32 {
  if (!rollBack(mark)) return 0;
  if (gModel >= mark) gModel = 0;
  if (gState >= mark) gState = 0;
  return 1;
}

/** Bytes of linear memory now mapped (for the host's memory report). */
export function memoryMapped(): f64 {
  return <f64>memoryBytes();
}

/**
 * Validates the model image the host wrote and makes it the current model (one per instance).
 * @param ptr   address returned by reserve
 * @param bytes image length in bytes
 * @returns 0, or an error code (lastErrorDetail names the record at fault)
 */
export function modelLoad(ptr: u32, bytes: u32): i32 {
  gModel = 0; gState = 0;
  if (ptr == 0 || !inArena(ptr, bytes) || (ptr & 15) != 0) return gError = E_ARGUMENT;
  const e = checkModel(ptr, bytes);
  if (e != E_OK) return gError = e;
  gModel = ptr;
  return 0;
}

/** Detail of the last error: index of the population, projection, core, set or neuron at fault. */
export function lastErrorDetail(): i32 {
  return errDetail;
}

/** Last error code of stateNew / simBegin / simStep / simRun. */
export function lastError(): i32 {
  return gError;
}

/**
 * Bytes a state for runs of up to maxT encoder steps needs, or −1 for a bad handle / maxT.
 * @param model handle from modelLoad (its ptr)
 * @param maxT  largest T the state must support (1 … 2^20)
 */
export function stateBytes(model: u32, maxT: i32): f64 {
  if (model == 0 || <usize>model != gModel || maxT < 1 || maxT > 1 << 20) return -1;
  return <f64>sizeState(model, maxT);
}

/**
 * Allocates the run state (one per model). @returns its handle, or 0 (see lastError).
 * @param model handle from modelLoad
 * @param maxT  largest T the state must support
 */
export function stateNew(model: u32, maxT: i32): u32 {
  const need = stateBytes(model, maxT);
  if (need < 0) { gError = E_HANDLE; return 0; }
  if (need > 2147418112.0) { gError = E_MEMORY; return 0; }
  const st = makeState(model, maxT);
  if (st == 0) { gError = E_MEMORY; return 0; }
  gState = st;
  return <u32>st;
}

function stateOk(state: u32): bool {
  return state != 0 && state == <u32>gState && gModel != 0;
}

/**
 * Where the host reads and writes: 0 potentials, 1 list table, 2 input image (f32 CHW, host writes),
 * 3 population counters, 4 core counters, 5 series, 6 steps of this run, 7 steps done, 8 state bytes,
 * 9 host current of a direct input (target HWC·Cp words; 0 without direct input).
 * @returns the address or value, or −1 for a bad handle or selector
 */
export function stateInfo(state: u32, what: i32): f64 {
  if (!stateOk(state)) return -1;
  const st = changetype<StateHeader>(state);
  switch (what) {
    case 0: return st.potPtr;
    case 1: return st.listPtr;
    case 2: return st.imagePtr;
    case 3: return st.popCntPtr;
    case 4: return st.coreCntPtr;
    case 5: return st.seriesPtr;
    case 6: return st.steps;
    case 7: return st.t;
    case 8: return <f64><u32>st.bytes;
    case 9: return changetype<ModelHeader>(gModel).biasPop != 0 ? st.biasPtr : 0;
    default: return -1;
  }
}

/**
 * Starts a slice: resets the state and encodes the image already written at stateInfo(state, 2).
 * @param state handle from stateNew
 * @param seed  slice seed (sliceSeed(netlist seed, slice index))
 * @param T     encoder steps, 1 … maxT of stateNew
 * @param mode  0 zero-delay, 1 pipelined
 */
export function simBegin(state: u32, seed: u32, T: i32, mode: i32): i32 {
  if (!stateOk(state)) return gError = E_HANDLE;
  const st = changetype<StateHeader>(state);
  if (T < 1 || T + changetype<ModelHeader>(gModel).depth > st.maxSteps) return gError = E_ARGUMENT;
  if (mode != MODE_ZERO_DELAY && mode != MODE_PIPELINED) return gError = E_ARGUMENT;
  begin(st, seed, T, mode);
  return 0;
}

/** Runs one step. @returns 0, or E_STATE when the run is over or was not begun. */
export function simStep(state: u32): i32 {
  if (!stateOk(state)) return gError = E_HANDLE;
  const st = changetype<StateHeader>(state);
  if (st.begun == 0 || st.t >= st.steps) return gError = E_STATE;
  step(st);
  return 0;
}

/** Runs the remaining steps of the slice. @returns 0 or an error code. */
export function simRun(state: u32): i32 {
  if (!stateOk(state)) return gError = E_HANDLE;
  const st = changetype<StateHeader>(state);
  if (st.begun == 0) return gError = E_STATE;
  while (st.t < st.steps) step(st);
  return 0;
}

/**
 * Spikes population `pop` emitted in the step just run: address of (y << 16 | x, c) u32 pairs.
 * @returns the address, or 0 for a bad handle / population (count via spikeCount)
 */
export function spikeList(state: u32, pop: i32): u32 {
  if (!stateOk(state) || pop < 0 || pop >= changetype<ModelHeader>(gModel).nPops) return 0;
  return <u32>listAt(changetype<StateHeader>(state), pop).cur;
}

/** Number of spikes in spikeList(state, pop), or −1 for a bad handle / population. */
export function spikeCount(state: u32, pop: i32): i32 {
  if (!stateOk(state) || pop < 0 || pop >= changetype<ModelHeader>(gModel).nPops) return -1;
  return listAt(changetype<StateHeader>(state), pop).curCount;
}

/** Word offset of population `pop` in the potential array, or −1. */
export function potentialOffset(pop: i32): i32 {
  if (gModel == 0 || pop < 0 || pop >= changetype<ModelHeader>(gModel).nPops) return -1;
  return popAt(gModel, pop).potOff;
}

/** rand32 of core/poisson-rng.ts (exported for the bit-exactness test). */
export function rand32(seed: u32, t: u32, i: u32): u32 {
  return rng(seed, t, i);
}

/** sliceSeed of core/poisson-rng.ts. */
export function sliceSeed(seed: u32, k: u32): u32 {
  return seedOf(seed, k);
}
