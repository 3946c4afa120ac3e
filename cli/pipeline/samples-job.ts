// The main job (`npm start`): the shipped networks (networks.ts) on the three fold-0 test subjects in
// samples/: compile → simulate → report with real MRI overlays and the fair energy matrix. Each stage
// is an hsnn command line, so the printed commands rerun any step alone.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ShippedNetwork } from './networks.js';
import type { Stage } from './stages.js';

export interface SamplesPlan {
  readonly repo: string;
  readonly out: string;
  readonly data: string;
  readonly threads: number;
  readonly networks: readonly ShippedNetwork[];
}

/** The networks whose checkpoint is present, and a note for each one that is not. */
export function presentNetworks(repo: string, nets: readonly ShippedNetwork[]): { present: ShippedNetwork[]; notes: string[] } {
  const present = nets.filter((n) => existsSync(join(repo, n.checkpoint)));
  const notes = nets.filter((n) => !present.includes(n)).map((n) => `network '${n.name}' skipped: ${n.checkpoint} is not in this clone`);
  return { present, notes };
}

export function samplesStages(p: SamplesPlan): Stage[] {
  const ann = join(p.repo, 'models/pretrained/ann.ckpt');
  return p.networks.flatMap((n) => {
    const ckpt = join(p.repo, n.checkpoint);
    const netlist = join(p.out, `${n.name}.${n.target}.netlist.pb`);
    const run = join(p.out, `run-${n.name}`);
    return [
      { name: `compile ${n.name} for ${n.target}`, argv: ['compile', ckpt, '--target', n.target, '--quantize', n.quantize, '-o', netlist] },
      { name: `simulate ${n.name} on samples (WASM)`, argv: ['run', netlist, '--input', p.data, '--checkpoint', ckpt, '--T', String(n.T), '--threads', String(p.threads), '--out', run] },
      { name: `report ${n.name}`, argv: ['report', run, '--ann', ann, '--netlist', netlist, '--data', p.data, '--label', `${n.name} (T = ${n.T})`, '--out', join(p.out, `report-${n.name}`)] },
    ];
  });
}
