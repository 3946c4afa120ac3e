// compile(): checkpoint → IR → passes → mapped graph → netlist. The pass list below IS the compiler;
// each line is one pure pass (graph, ctx) => graph in its own file. The IR is validated on entry (the
// validate-model pass), on exit, and after every pass when options.checkEveryPass is set (tests).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { userError } from '../core/errors.js';
import { decodeCheckpoint, type Checkpoint } from '../formats/checkpoint.js';
import { DEFAULT_OPTIONS, type CompileContext, type CompileOptions, type Pass } from './context.js';
import { DiagnosticSink, type CompileDiagnostic } from './diagnostics/sink.js';
import { encodeNetlist } from '../proto/encode.js';
import type { NetlistModel } from '../proto/model.js';
import { summariseNetlist, type NetlistSummary } from './emit/summary.js';
import { toNetlist } from './emit/to-netlist.js';
import { importCheckpoint } from './import/checkpoint.js';
import type { ThresholdsFile } from './import/thresholds.js';
import type { Graph, PoolLowering } from './ir/graph.js';
import { checkGraph } from './ir/validate.js';
import { partitionCores } from './map/partition-cores.js';
import { placeCores } from './map/place-cores.js';
import { routeXY } from './map/route-xy.js';
import { checkInputEncoding } from './passes/check-input-encoding.js';
import { lowerAvgPool } from './passes/lower-avgpool.js';
import { measureQuantSpikes } from './passes/measure-quant-spikes.js';
import { quantizeWeights } from './passes/quantize-weights.js';
import { splitConcat } from './passes/split-concat.js';
import { validateModel } from './passes/validate-model.js';
import type { TargetSpec } from './targets/types.js';

/** The pipeline, in order. */
export const PASSES: readonly (readonly [string, Pass])[] = [
  ['validate-model', validateModel],             // HSNN21xx: unsupported layers, NaN/inf, thresholds, shapes
  ['check-input-encoding', checkInputEncoding],  // HSNN2401: direct input needs a target with host input currents
  ['split-concat', splitConcat],                 // conv(concat(a, b)) → conv_a(a) + conv_b(b), one population
  ['lower-avgpool', lowerAvgPool],               // fused: conv3×3(avgpool2(s)) → conv6×6 stride 2 pad 2, w/4; spiking: SUM_POOL → IF
  ['quantize-weights', quantizeWeights],         // int8 | int16 | float32, one unit per target population
  ['measure-quant-spikes', measureQuantSpikes],  // float vs integer spikes of the first layers, phantom slice
  ['partition-cores', partitionCores],           // slices within every per-core limit; fewest cores, then traffic
  ['place-cores', placeCores],                   // greedy + local search on the mesh (chips tile along x)
  ['route-xy', routeXY],                         // XY routes, hops, multicast trees, link loads
];

function assertValid(g: Readonly<Graph>, after: string): void {
  const problems = checkGraph(g);
  if (problems.length > 0) throw new Error(`internal assertion failed: IR invalid after ${after}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
}

/** Run every pass; throws HsnnError with all diagnostics collected when the model cannot be compiled. */
export function runPipeline(g0: Readonly<Graph>, ctx: CompileContext): Graph {
  let g: Graph = { ...g0 };
  for (const [name, pass] of PASSES) {
    g = pass(g, ctx);
    ctx.diag.throwIfFatal();
    if (ctx.options.checkEveryPass) assertValid(g, name);
  }
  ctx.diag.throwIfErrors();
  assertValid(g, 'the last pass');
  return g;
}

export interface CompileInput {
  readonly checkpoint: Checkpoint;
  /** For messages and provenance. */
  readonly file: string;
  readonly sha256: string;
  readonly thresholds?: ThresholdsFile | undefined;
}

export interface CompileResult {
  readonly graph: Graph;
  readonly netlist: NetlistModel;
  readonly bytes: Uint8Array;
  readonly summary: NetlistSummary;
  readonly warnings: readonly CompileDiagnostic[];
  /** Set when an explicit `pool` differs from the pool mode the SNN checkpoint was trained with (snn.pool). */
  readonly poolMismatch?: { readonly checkpoint: PoolLowering; readonly requested: PoolLowering };
}

/**
 * The pool lowering: the explicit option, else the one the checkpoint records (`hsnn finetune --pool
 * spiking` writes snn.pool), else the default. A checkpoint without the field was trained fused.
 */
export function resolvePool(checkpoint: Checkpoint, requested: PoolLowering | undefined): { pool: PoolLowering; mismatch?: { checkpoint: PoolLowering; requested: PoolLowering } } {
  const recorded = checkpoint.header.snn?.pool;
  const pool = requested ?? recorded ?? DEFAULT_OPTIONS.pool;
  return recorded !== undefined && requested !== undefined && requested !== recorded ? { pool, mismatch: { checkpoint: recorded, requested } } : { pool };
}

export function compileCheckpoint(input: CompileInput, target: TargetSpec, options: Partial<CompileOptions> = {}): CompileResult {
  const t0 = performance.now();
  const { pool, mismatch } = resolvePool(input.checkpoint, options.pool);
  const ctx: CompileContext = { target, options: { ...DEFAULT_OPTIONS, ...options, pool }, diag: new DiagnosticSink() };
  const graph = runPipeline(importCheckpoint(input.checkpoint, input.file, input.sha256, input.thresholds, ctx), ctx);
  const netlist = toNetlist(graph, target, performance.now() - t0, ctx.diag.warnings);
  return { graph, netlist, bytes: encodeNetlist(netlist), summary: summariseNetlist(netlist), warnings: ctx.diag.warnings, ...(mismatch ? { poolMismatch: mismatch } : {}) };
}

/** Read, hash and decode a checkpoint file, then compile it. */
export function compileFile(path: string, target: TargetSpec, options: Partial<CompileOptions> = {}, thresholds?: ThresholdsFile): CompileResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw userError('HSNN1100', `checkpoint ${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return compileCheckpoint({ checkpoint: decodeCheckpoint(bytes, path), file: path, sha256, thresholds }, target, options);
}
