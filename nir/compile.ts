// Compile a .nir file with the ordinary pass list (compiler/compile.ts runPipeline): NIR → IR → passes →
// netlist. The importer's warnings (reset and step-count assumptions) join the compile warnings.
import { performance } from 'node:perf_hooks';
import type { CompileResult } from '../compiler/compile.js';
import { runPipeline } from '../compiler/compile.js';
import { DEFAULT_OPTIONS, type CompileContext, type CompileOptions } from '../compiler/context.js';
import { DiagnosticSink } from '../compiler/diagnostics/sink.js';
import { encodeNetlist } from '../proto/encode.js';
import { summariseNetlist } from '../compiler/emit/summary.js';
import { toNetlist } from '../compiler/emit/to-netlist.js';
import type { TargetSpec } from '../compiler/targets/types.js';
import type { Diagnostic } from '../core/errors.js';
import type { Graph } from '../compiler/ir/graph.js';
import { nirError } from './codes.js';
import { importNirFile } from './import.js';
import type { NirImportOptions } from './to-ir.js';

export interface NirCompileResult extends CompileResult {
  readonly importWarnings: readonly Diagnostic[];
}

/** Integer potentials are int32: a bias of 2^30 units or more would overflow within a few steps. */
function checkBiasRange(file: string, g: Readonly<Graph>): void {
  for (const n of g.nodes) {
    if ((n.kind !== 'if' && n.kind !== 'integrator') || !n.bias || !n.quant) continue;
    const unit = n.quant.unit;
    const big = Math.max(...Array.from(n.bias, (b) => Math.abs(b / unit)));
    if (big >= 2 ** 30) throw nirError('HSNN5004', `${file}: population '${n.name}': bias ${(big * unit).toExponential(3)} is ${big.toExponential(3)} integer units of ${unit.toExponential(3)}; int32 potentials need < 2^30 (use --quantize float32)`);
  }
}

export async function compileNirFile(path: string, target: TargetSpec, options: Partial<CompileOptions>, nir: NirImportOptions): Promise<NirCompileResult> {
  const t0 = performance.now();
  const imported = await importNirFile(path, nir);
  // The compile-time spike measurement (compiler/quant) models subtractive IF only: skip it otherwise.
  const plain = imported.graph.nodes.every((n) => (n.kind !== 'if' || (n.reset === 'subtract' && !n.decay && !n.bias)) && (n.kind !== 'integrator' || !n.bias));
  const opts = { ...DEFAULT_OPTIONS, ...options, ...(plain ? {} : { sampleLayers: 0 }) };
  const ctx: CompileContext = { target, options: opts, diag: new DiagnosticSink() };
  const g0 = plain ? imported.graph : { ...imported.graph, report: { ...imported.graph.report, notes: [...imported.graph.report.notes, 'spike-effect measurement skipped: the compile-time simulator models subtractive IF without leak or bias'] } };
  const graph = runPipeline(g0, ctx);
  checkBiasRange(path, graph);
  const notes = imported.warnings.map((w) => ({ ...w, severity: 'warning' as const, fatal: false }));
  const netlist = toNetlist({ ...graph, report: { ...graph.report, notes: [...graph.report.notes, ...notes.map((w) => `warning ${w.code}: ${w.message}`)] } }, target, performance.now() - t0, ctx.diag.warnings);
  return { graph, netlist, bytes: encodeNetlist(netlist), summary: summariseNetlist(netlist), warnings: ctx.diag.warnings, importWarnings: imported.warnings };
}
