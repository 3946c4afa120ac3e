// Host API of the AssemblyScript simulator: load a validated netlist into its own wasm instance once
// (plan → image → modelLoad → state), then simulate slices. The handle owns the instance and all its
// memory; disposeSimulator drops it. Only addresses and sizes cross into wasm.
import { assert, userError } from '../../core/errors.js';
import type { SimNetlist, SimPopulation } from './netlist.js';
import { directMacs } from '../../proto/direct-input.js';
import { buildPlan } from './plan.js';
import type { Plan } from './plan.js';
import { buildImage, stateBytesFor } from './image.js';
import { instantiate, INFO, WASM_ERRORS } from './wasm.js';
import type { HsnnWasm } from './wasm.js';
import type { SimMode, SimStats } from './stats.js';
import { SERIES_KEYS, statsFromCounters } from './collect.js';
import type { RawCounters } from './collect.js';

/** 2 GiB: the state header stores sizes as i32, and wasm32 stops at 4 GiB anyway. */
export const MAX_WASM_BYTES = 2 ** 31 - 65536;

export interface LoadOptions {
  /** Shown in errors and stats (normally the netlist path). */
  readonly file?: string;
  /** Largest T a slice may use (default: the netlist's T). */
  readonly maxT?: number;
  /** Refuse to load when image + state would exceed this (default and cap: MAX_WASM_BYTES). */
  readonly maxMemoryBytes?: number;
}

export interface SimHandle {
  readonly net: SimNetlist;
  readonly file: string;
  readonly plan: Plan;
  readonly maxT: number;
  /** Bytes of linear memory reserved for the model image and the state. */
  readonly memoryBytes: number;
  /** @internal */ readonly wasm: HsnnWasm;
  /** @internal */ readonly model: number;
  /** @internal */ readonly state: number;
}

export interface SliceOptions {
  readonly mode?: SimMode;
  /** Encoder steps (default: the netlist's T; at most the handle's maxT). */
  readonly T?: number;
  /** Called after every step with that step's spikes per population (sorted CHW indices); slows the run. */
  readonly onStep?: (t: number, spikes: readonly Uint32Array[]) => void;
}

export interface SliceResult {
  /** Readout potentials U (float units), CHW, after the last step. */
  readonly U: Float32Array;
  readonly spikesPerPopulation: readonly number[];
  readonly stats: SimStats;
}

function wasmFail(w: HsnnWasm, code: number, what: string): never {
  throw new Error(`internal: hsnn.wasm rejected ${what}: ${WASM_ERRORS[code] ?? `code ${code}`} (record ${w.lastErrorDetail()})`);
}

/** Loads a validated netlist: one instance, one model image, one state sized for maxT. */
export function loadSimulator(net: SimNetlist, opts: LoadOptions = {}): SimHandle {
  const file = opts.file ?? net.name;
  const maxT = opts.maxT ?? net.T;
  if (!(Number.isInteger(maxT) && maxT >= 1 && maxT <= 1 << 20)) throw userError('HSNN4006', `netlist ${file}: T = ${maxT} must be an integer in 1..${1 << 20}`);
  const plan = buildPlan(net);
  const image = buildImage(plan);
  const stateBytes = stateBytesFor(plan, maxT);
  const limit = Math.min(opts.maxMemoryBytes ?? MAX_WASM_BYTES, MAX_WASM_BYTES);
  const need = image.length + stateBytes;
  if (need > limit) {
    throw userError('HSNN4004', `netlist ${file}: the simulation needs ${(need / 2 ** 20).toFixed(1)} MiB (model ${(image.length / 2 ** 20).toFixed(1)} MiB + state ${(stateBytes / 2 ** 20).toFixed(1)} MiB at T = ${maxT}), over the ${(limit / 2 ** 20).toFixed(0)} MiB limit`);
  }
  const wasm = instantiate();
  const model = wasm.reserve(image.length);
  if (model === 0) throw userError('HSNN4004', `netlist ${file}: WebAssembly memory could not grow to ${(need / 2 ** 20).toFixed(1)} MiB`);
  new Uint8Array(wasm.memory.buffer, model, image.length).set(image);
  const e = wasm.modelLoad(model, image.length);
  if (e !== 0) wasmFail(wasm, e, `the model image of ${file}`);
  assert(wasm.stateBytes(model, maxT) === stateBytes, 'host and wasm state sizes agree');
  const state = wasm.stateNew(model, maxT);
  if (state === 0) throw userError('HSNN4004', `netlist ${file}: WebAssembly memory could not grow to ${(need / 2 ** 20).toFixed(1)} MiB`);
  return { net, file, plan, maxT, memoryBytes: need, wasm, model, state };
}

/** MACs wasm's begin() spends on the direct input's host current, from the geometry (0 for Poisson). */
function hostCurrentMacs(net: SimNetlist): number {
  if (net.encoding !== 'direct') return 0;
  return net.projections.filter((q) => q.source === 0).reduce((a, q) => {
    const s = net.populations[0] as SimPopulation, t = net.populations[q.target] as SimPopulation;
    return a + directMacs({ kh: q.kh, kw: q.kw, sh: q.sh, sw: q.sw, pt: q.pt, pl: q.pl, src: s, tgt: t });
  }, 0);
}

/** Spikes of every population in the step just run, as sorted CHW indices. */
function stepSpikes(h: SimHandle): Uint32Array[] {
  const { wasm, state, net } = h;
  return net.populations.map((p, q) => {
    const n = wasm.spikeCount(state, q);
    const list = new Uint32Array(wasm.memory.buffer, wasm.spikeList(state, q), n * 2);
    const out = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      const yx = list[2 * s] as number, c = list[2 * s + 1] as number;
      out[s] = c * p.H * p.W + (yx >>> 16) * p.W + (yx & 0xffff);
    }
    return out.sort();
  });
}

function readCounters(h: SimHandle): RawCounters {
  const { wasm, state, net } = h;
  const i64 = (ptr: number, n: number): number[] => Array.from(new BigInt64Array(wasm.memory.buffer, ptr, n), Number);
  const steps = wasm.stateInfo(state, INFO.steps);
  const pop = i64(wasm.stateInfo(state, INFO.popCounters), net.populations.length * 2);
  const core = i64(wasm.stateInfo(state, INFO.coreCounters), net.cores.length * 6);
  const ser = i64(wasm.stateInfo(state, INFO.series), steps * SERIES_KEYS.length);
  return {
    steps,
    series: Array.from({ length: steps }, (_, t) => ser.slice(t * SERIES_KEYS.length, (t + 1) * SERIES_KEYS.length)),
    popSpikes: net.populations.map((_, i) => pop[2 * i] ?? 0),
    popSops: net.populations.map((_, i) => pop[2 * i + 1] ?? 0),
    cores: net.cores.map((_, k) => core.slice(6 * k, 6 * k + 6)),
    inputMacs: hostCurrentMacs(net),
  };
}

/**
 * Potentials of population q now, CHW in simulation units (int32, or float32 values), un-padding the HWC
 * lanes; a copy. For the conformance suite (called from onStep) and the readout.
 */
export function readPotentials(h: SimHandle, q: number): Int32Array | Float32Array {
  const { wasm, state, net, plan } = h;
  const p = net.populations[q];
  const L = plan.pops[q];
  assert(p !== undefined && L !== undefined, `population ${q} exists`);
  const at = wasm.stateInfo(state, INFO.potentials) + L.potOff * 4;
  const words = p.H * p.W * L.Cp;
  const raw = net.format === 'FLOAT32' ? new Float32Array(wasm.memory.buffer, at, words) : new Int32Array(wasm.memory.buffer, at, words);
  const out = net.format === 'FLOAT32' ? new Float32Array(p.C * p.H * p.W) : new Int32Array(p.C * p.H * p.W);
  for (let pix = 0; pix < p.H * p.W; pix++) {
    for (let c = 0; c < p.C; c++) out[c * p.H * p.W + pix] = raw[pix * L.Cp + c] as number;
  }
  return out;
}

/** Readout potentials in float units, CHW. */
function readout(h: SimHandle): Float32Array {
  const unit = h.net.populations[h.net.readout]?.unit ?? 1;
  return Float32Array.from(readPotentials(h, h.net.readout), (v) => v * unit);
}

/**
 * Simulates one slice.
 * @param h         handle from loadSimulator
 * @param image     preprocessed slice, CHW float32 in [0, 1], the input population's size
 * @param sliceSeed sliceSeed(netlist seed, slice index) from core/poisson-rng.ts
 */
export function simulateSlice(h: SimHandle, image: Float32Array, sliceSeed: number, opts: SliceOptions = {}): SliceResult {
  const { wasm, state, net } = h;
  const input = net.populations[0];
  assert(input !== undefined, 'input population exists');
  const n = input.C * input.H * input.W;
  if (image.length !== n) throw userError('HSNN4006', `netlist ${h.file}: image has ${image.length} values, the input population (${input.C}, ${input.H}, ${input.W}) needs ${n}`);
  const T = opts.T ?? net.T;
  if (!(Number.isInteger(T) && T >= 1 && T <= h.maxT)) throw userError('HSNN4006', `netlist ${h.file}: T = ${T} must be an integer in 1..${h.maxT}`);
  const mode = opts.mode ?? 'zero-delay';
  new Float32Array(wasm.memory.buffer, wasm.stateInfo(state, INFO.image), n).set(image);
  let e = wasm.simBegin(state, sliceSeed >>> 0, T, mode === 'pipelined' ? 1 : 0);
  if (e !== 0) wasmFail(wasm, e, 'simBegin');
  const t0 = performance.now();
  if (opts.onStep) {
    for (let t = 0; t < wasm.stateInfo(state, INFO.steps); t++) {
      e = wasm.simStep(state);
      if (e !== 0) wasmFail(wasm, e, 'simStep');
      opts.onStep(t, stepSpikes(h));
    }
  } else if ((e = wasm.simRun(state)) !== 0) wasmFail(wasm, e, 'simRun');
  const wallMs = performance.now() - t0;
  const raw = readCounters(h);
  const stats = { ...statsFromCounters(net, h.file, mode, T, raw), wallMs };
  return { U: readout(h), spikesPerPopulation: raw.popSpikes, stats };
}

/**
 * The direct input's host current of the slice last begun, CHW in simulation units (integers, or float32
 * values), as wasm computed it; undefined for Poisson netlists. For the conformance suite.
 */
export function readHostCurrent(h: SimHandle): Int32Array | Float32Array | undefined {
  const { wasm, state, net, plan } = h;
  const at = wasm.stateInfo(state, INFO.hostCurrent);
  const q = net.projections.find((x) => x.source === 0);
  if (at <= 0 || net.encoding !== 'direct' || q === undefined) return undefined;
  const p = net.populations[q.target] as SimPopulation, Cp = plan.pops[q.target]?.Cp ?? 0;
  const raw = net.format === 'FLOAT32' ? new Float32Array(wasm.memory.buffer, at, p.H * p.W * Cp) : new Int32Array(wasm.memory.buffer, at, p.H * p.W * Cp);
  const out = net.format === 'FLOAT32' ? new Float32Array(p.C * p.H * p.W) : new Int32Array(p.C * p.H * p.W);
  for (let pix = 0; pix < p.H * p.W; pix++) for (let c = 0; c < p.C; c++) out[c * p.H * p.W + pix] = raw[pix * Cp + c] as number;
  return out;
}

/** Drops the handle's instance (its memory is freed with it). The handle must not be used again. */
export function disposeSimulator(h: SimHandle): void {
  h.wasm.release(h.model);
}
