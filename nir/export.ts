// The export entry point: an SNN checkpoint (or an importable .nir, re-exported normalised) → a .nir file.
// The IR is validated and concats split first (the same passes compile runs), so only populations,
// pools and conv-kind projections reach the writer.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../core/errors.js';
import { userError } from '../core/errors.js';
import { DEFAULT_OPTIONS, type CompileContext } from '../compiler/context.js';
import { DiagnosticSink } from '../compiler/diagnostics/sink.js';
import { importCheckpoint } from '../compiler/import/checkpoint.js';
import type { Graph } from '../compiler/ir/graph.js';
import { splitConcat } from '../compiler/passes/split-concat.js';
import { validateModel } from '../compiler/passes/validate-model.js';
import { GENERIC } from '../compiler/targets/generic.js';
import { decodeCheckpoint } from '../formats/checkpoint.js';
import { irToNir } from './from-ir.js';
import { writeHdf5 } from './hdf5.js';
import { importNirFile } from './import.js';
import type { NirImportOptions } from './to-ir.js';

export const isNirPath = (p: string): boolean => /\.nir$/i.test(p);

/** The model's IR as compile sees it before pooling is lowered; throws the coded diagnostics of a bad model. */
export async function modelGraph(path: string, nir: NirImportOptions): Promise<{ graph: Graph; warnings: readonly Diagnostic[] }> {
  const ctx: CompileContext = { target: GENERIC, options: DEFAULT_OPTIONS, diag: new DiagnosticSink() };
  let g: Graph;
  let warnings: readonly Diagnostic[] = [];
  if (isNirPath(path)) {
    const r = await importNirFile(path, nir);
    g = r.graph;
    warnings = r.warnings;
  } else {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw userError('HSNN1100', `checkpoint ${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    g = importCheckpoint(decodeCheckpoint(bytes, path), path, sha, undefined, ctx);
  }
  ctx.diag.throwIfFatal();
  g = splitConcat(validateModel(g, ctx), ctx);
  ctx.diag.throwIfErrors();
  return { graph: g, warnings };
}

export async function exportNir(model: string, out: string, opts: { readonly portable: boolean; readonly nir: NirImportOptions }): Promise<{ graph: Graph; warnings: readonly Diagnostic[] }> {
  const r = await modelGraph(model, opts.nir);
  await writeHdf5(out, irToNir(r.graph, opts.portable));
  return r;
}
