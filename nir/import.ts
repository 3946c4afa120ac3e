// The import entry point: .nir file → checked NIR graph → hsnn IR graph (+ the importer's warnings).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../core/errors.js';
import type { Graph } from '../compiler/ir/graph.js';
import { checkNir } from './check.js';
import { readNir } from './read.js';
import { nirToIr, type NirImportOptions } from './to-ir.js';

export interface NirImport {
  readonly graph: Graph;
  readonly warnings: readonly Diagnostic[];
  readonly sha256: string;
}

export async function importNirFile(path: string, opts: NirImportOptions): Promise<NirImport> {
  const { graph: nir, warnings } = await readNir(path);
  const checked = checkNir(path, nir);
  const r = nirToIr(path, checked, opts);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { graph: { ...r.graph, meta: { ...r.graph.meta, sourceCheckpoint: `${r.graph.meta.sourceCheckpoint} sha256:${sha256}` } }, warnings: [...warnings, ...r.warnings], sha256 };
}
