// Fixtures of the CLI reliability tests (issue 12): run main() in-process with captured output, and a
// tiny world to run it on: a random-weight SNN checkpoint, its netlist for the generic target, and small
// phantom NIfTI volumes, all in a temp folder the test removes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { compileFile } from '../../compiler/compile.js';
import { builtinTarget } from '../../compiler/targets/index.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../formats/checkpoint.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { makeCheckpointBytes } from '../compiler/helpers.js';
import { pairSpecs, writeNiftiFile, type NiftiSpec } from '../data/fixtures.js';

export interface CliResult { readonly code: number; readonly out: string; readonly err: string }

export async function cli(argv: readonly string[]): Promise<CliResult> {
  let out = '', err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

/** A 64×48 U-Net small enough to compile and simulate in well under a second. */
export const SMALL_ARCH: UNetArch = { base: 2, depth: 1, inChannels: 1, height: 64, width: 48, dropout: 0 };

/** A copy of checkpoint `file` at `out` whose header records `data` as the data it was trained on. */
export function withTrainingData(file: string, out: string, data: unknown): string {
  const c = decodeCheckpoint(new Uint8Array(readFileSync(file)), file);
  const tensors = new Map([...c.tensors].map(([n, d]) => [n, { shape: c.header.tensors.find((e) => e.name === n)?.shape ?? [], data: d }]));
  writeFileSync(out, encodeCheckpoint({ ...c.header, training: { ...c.header.training, data } }, tensors));
  return out;
}

export interface World {
  readonly dir: string;
  readonly ckpt: string;
  readonly netlist: string;
  readonly image: string;
  readonly label: string;
  nifti(name: string, spec: NiftiSpec): string;
  cleanup(): void;
}

export function makeWorld(prefix: string): World {
  const dir = mkdtempSync(join(tmpdir(), `hsnn-${prefix}-`));
  const ckpt = join(dir, 'snn.ckpt');
  writeFileSync(ckpt, makeCheckpointBytes(SMALL_ARCH, 5, { T: 2 }));
  const netlist = join(dir, 'm.netlist.pb');
  writeFileSync(netlist, compileFile(ckpt, builtinTarget('generic'), { placementRounds: 0, sampleLayers: 0 }).bytes);
  const pair = pairSpecs([12, 10, 3]);
  const nifti = (name: string, spec: NiftiSpec): string => writeNiftiFile(join(dir, name), spec);
  return {
    dir, ckpt, netlist, nifti,
    image: nifti('vol.nii.gz', pair.image), label: nifti('vol_label.nii.gz', pair.label),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
