// Which U-Net the ANN side is costed for: the --ann checkpoint's arch when given, else the shape the
// netlist's populations imply (input size, enc0 channels, number of encoder levels), else the default.
import { loadCheckpoint } from '../../formats/checkpoint.js';
import { DEFAULT_ARCH, validateArch } from '../../formats/unet-arch.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { userError } from '../../core/errors.js';
import type { PreprocessConfig } from '../../data/types.js';
import type { NetlistView } from './load-netlist.js';

export interface ArchChoice {
  readonly arch: UNetArch;
  readonly source: string;
  /** Slicing of the volumes, when the source is a checkpoint (for the overlay figure). */
  readonly preprocess?: PreprocessConfig;
}

export function archFromCheckpoint(file: string): ArchChoice {
  const { arch, preprocess } = loadCheckpoint(file).header;
  const problems = validateArch(arch);
  if (problems.length > 0) throw userError('HSNN7030', `checkpoint ${file}: arch is not a valid U-Net (${problems.join('; ')})`);
  return { arch, source: `arch of checkpoint ${file}`, preprocess };
}

/** Infers the arch from population shapes; undefined if the netlist is not a U-Net from models/unet. */
export function archFromNetlist(n: NetlistView, file: string): ArchChoice | undefined {
  const pops = n.populations;
  const input = pops.find((p) => p.name === 'input');
  const enc0 = pops.find((p) => p.name === 'enc0.conv1');
  const depth = pops.filter((p) => /^enc\d+\.conv1$/.test(p.name)).length;
  if (input === undefined || enc0 === undefined || depth === 0) return undefined;
  const arch: UNetArch = { base: enc0.channels, depth, inChannels: input.channels, height: input.height, width: input.width, dropout: 0 };
  return validateArch(arch).length === 0 ? { arch, source: `inferred from the populations of netlist ${file}` } : undefined;
}

export function defaultArch(): ArchChoice {
  return { arch: DEFAULT_ARCH, source: 'default U-Net (formats/unet-arch.ts DEFAULT_ARCH): give --ann or --netlist for the real one' };
}
