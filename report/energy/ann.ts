// ANN energy of one slice: MACs per layer (formats/unet-arch.ts annMacs) × E_MAC, for the fp32 default
// and each arithmetic variant. Compute only; weight and activation memory traffic is not charged.
import { annMacs } from '../../formats/unet-arch.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { assert } from '../../core/errors.js';
import { ANN_MAC_VARIANTS } from './horowitz.js';
import type { Cost } from './types.js';

export interface AnnLayerEnergy {
  readonly name: string;
  readonly macs: number;
  readonly pj: number;
}

export interface AnnEnergy {
  readonly mac: Cost;
  readonly layers: readonly AnnLayerEnergy[];
  readonly macs: number;
  readonly totalPj: number;
  /** The same MAC count costed with each variant (fp32, fp16, int32, int8). */
  readonly variants: readonly { readonly id: string; readonly title: string; readonly mac: Cost; readonly totalPj: number }[];
}

export function annEnergy(arch: UNetArch): AnnEnergy {
  const base = ANN_MAC_VARIANTS[0];
  assert(base !== undefined, 'no ANN MAC variant');
  const layers = [...annMacs(arch)].map(([name, macs]) => ({ name, macs, pj: macs * base.mac.pj }));
  const macs = layers.reduce((s, l) => s + l.macs, 0);
  return {
    mac: base.mac,
    layers,
    macs,
    totalPj: macs * base.mac.pj,
    variants: ANN_MAC_VARIANTS.map((v) => ({ id: v.id, title: v.title, mac: v.mac, totalPj: macs * v.mac.pj })),
  };
}
