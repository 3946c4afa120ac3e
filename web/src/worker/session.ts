// The loaded netlist of the worker: decoded and checked by the CLI's loader (netlistFromBytes:
// HSNN23xx then HSNN40xx), its preprocessing config found like `hsnn run` finds it (the checkpoint
// named in source_checkpoint, matched here by sha256 against the bundled ones), and one simulator
// instance kept while the same bytes are run again.
import { DEFAULT_PREPROCESS } from '../../../data/preprocess.js';
import type { PreprocessConfig } from '../../../data/types.js';
import { netlistFromBytes } from '../../../runtime-wasm/host/load.js';
import type { LoadedNetlist } from '../../../runtime-wasm/host/load.js';
import { parseSourceCheckpoint } from '../../../formats/source-checkpoint.js';
import { disposeSimulator, loadSimulator } from '../../../runtime-wasm/host/simulator.js';
import type { SimHandle } from '../../../runtime-wasm/host/simulator.js';
import { webError } from '../codes.js';
import type { RunRequest } from '../protocol.js';

export interface Session {
  readonly key: string;
  readonly loaded: LoadedNetlist;
  readonly handle: SimHandle;
  readonly config: PreprocessConfig;
  readonly notes: readonly string[];
}

let current: Session | undefined;

/** FNV-1a over the bytes: a new file under an old name is a new session. */
function keyOf(name: string, bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return `${name}:${bytes.length}:${(h >>> 0).toString(16)}`;
}

/** The preprocessing of a netlist: its recorded checkpoint's when bundled, else the default if the input fits. */
export function preprocessFor(sourceCheckpoint: string, input: { C: number; H: number; W: number } | undefined, file: string, configs: RunRequest['configs']): { config: PreprocessConfig; notes: string[] } {
  const rec = parseSourceCheckpoint(sourceCheckpoint);
  const bundled = configs.find((c) => rec.sha256 !== '' && c.sha256 === rec.sha256);
  const shape = `${input?.C}×${input?.H}×${input?.W}`;
  const fits = (c: PreprocessConfig): boolean => input !== undefined && input.C === 1 && input.H === c.height && input.W === c.width;
  if (bundled !== undefined) {
    if (!fits(bundled.config)) throw webError('HSNN6002', `netlist ${file}: input population is ${shape}, but its checkpoint ${bundled.name} preprocesses to 1×${bundled.config.height}×${bundled.config.width}`);
    return { config: bundled.config, notes: [`preprocessing: ${bundled.name} (sha256 recorded in the netlist)`] };
  }
  const source = rec.path === '' ? 'records no source checkpoint' : `was compiled from '${rec.path}', which the page does not bundle`;
  if (!fits(DEFAULT_PREPROCESS)) {
    throw webError('HSNN6002', `netlist ${file}: ${source}, and its input population ${shape} is not the default 1×${DEFAULT_PREPROCESS.height}×${DEFAULT_PREPROCESS.width}; run it with hsnn run --checkpoint instead`);
  }
  return { config: DEFAULT_PREPROCESS, notes: [`preprocessing: the default (netlist ${source}); results may differ from hsnn run with its checkpoint`] };
}

/** The session for these netlist bytes: reused when unchanged, else decoded, checked and loaded. */
export function sessionFor(name: string, bytes: Uint8Array, configs: RunRequest['configs']): Session {
  const key = keyOf(name, bytes);
  if (current?.key === key) return current;
  const loaded = netlistFromBytes(bytes, name);
  const { config, notes } = preprocessFor(loaded.net.sourceCheckpoint, loaded.net.populations[0], name, configs);
  const handle = loadSimulator(loaded.net, { file: name, maxT: loaded.net.T });
  if (current) disposeSimulator(current.handle);
  current = { key, loaded, handle, config, notes };
  return current;
}

export function currentSession(): Session | undefined {
  return current;
}
