// The built-in targets by name, and the rules every target (built-in or from a file) must satisfy.
import { userError } from '../../core/errors.js';
import { GENERIC } from './generic.js';
import { LOIHI } from './loihi.js';
import { LOIHI2 } from './loihi2.js';
import { SPECK } from './speck.js';
import { TRUENORTH } from './truenorth.js';
import type { TargetSpec } from './types.js';

export const TARGETS: ReadonlyMap<string, TargetSpec> = new Map([LOIHI, LOIHI2, TRUENORTH, SPECK, GENERIC].map((t) => [t.name, t]));

export function builtinTarget(name: string): TargetSpec {
  const t = TARGETS.get(name);
  if (!t) throw userError('HSNN2204', `unknown target '${name}'; built-in targets: ${[...TARGETS.keys()].join(', ')}`);
  return t;
}

/** Consistency rules of a target record; returns one message per broken rule. */
export function targetProblems(t: TargetSpec): string[] {
  const p: string[] = [];
  const count = (k: keyof TargetSpec, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) p.push(`${k} must be an integer ≥ ${min} (got ${v})`);
  };
  count('neuronsPerCore', t.neuronsPerCore, t.onePopulationPerCore ? 0 : 1);
  count('faninAxonsPerCore', t.faninAxonsPerCore, 0);
  count('fanoutAxonsPerCore', t.fanoutAxonsPerCore, 0);
  count('synapseBitsPerCore', t.synapseBitsPerCore, 0);
  count('coresPerChip', t.coresPerChip, 1);
  count('meshWidth', t.meshWidth, 1);
  count('meshHeight', t.meshHeight, 1);
  count('maxChips', t.maxChips, 0);
  count('weightBits', t.weightBits, 0);
  count('maxDestinationsPerCore', t.maxDestinationsPerCore, 0);
  count('maxDestinationsPerNeuron', t.maxDestinationsPerNeuron, 0);
  count('maxKernelSize', t.maxKernelSize, 0);
  if (t.meshWidth * t.meshHeight !== t.coresPerChip) p.push(`meshWidth × meshHeight = ${t.meshWidth * t.meshHeight} must equal coresPerChip ${t.coresPerChip}`);
  if (t.onePopulationPerCore) {
    for (const k of ['kernelMemoryPerCore', 'neuronMemoryPerCore'] as const) {
      if (t[k].length !== t.coresPerChip || t[k].some((v) => !Number.isInteger(v) || v < 1)) p.push(`${k} must list ${t.coresPerChip} positive integers (one per core)`);
    }
  } else if (t.kernelMemoryPerCore.length > 0 || t.neuronMemoryPerCore.length > 0) {
    p.push('kernelMemoryPerCore / neuronMemoryPerCore apply only with onePopulationPerCore: true');
  }
  if (t.edgeKinds.length === 0) p.push('edgeKinds must name at least one of conv, convT');
  return p;
}
