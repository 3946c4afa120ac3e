// The ANN side of the like-for-like views, per layer of one slice: MACs at one 45 nm arithmetic, plus
// SRAM traffic in the stated on-chip buffer under two dataflows:
//   no reuse (Lemaire et al.): one weight read and one input read per MAC;
//   reuse-optimal (the bound Dampfhoffer et al. use): each weight and each input activation read once
//   per layer, partial sums in registers, each output written once.
import { annMacs, levelSize, unetLayers } from '../../formats/unet-arch.js';
import type { UNetArch } from '../../formats/unet-arch.js';
import { sramAccessPj } from './memory.js';

export type Dataflow = 'compute' | 'no-reuse' | 'reuse';

export interface AnnLayerShape {
  readonly name: string;
  readonly macs: number;
  readonly weights: number;
  /** Input activations read by the layer (after pooling where the layer's input is pooled). */
  readonly inputs: number;
  readonly outputs: number;
}

export interface AnnViewLayer extends AnnLayerShape {
  readonly computePj: number;
  readonly memoryPj: number;
  readonly pj: number;
}

/** Weights, input and output activations per layer; a concat layer reads both of its inputs. */
export function annShapes(a: UNetArch): AnnLayerShape[] {
  const macs = annMacs(a);
  const outputs = new Map<string, number>([['input', a.height * a.width * a.inChannels]]);
  return unetLayers(a).map((l) => {
    const [h, w] = levelSize(a, l.level);
    const out = h * w * l.outChannels;
    // A pooled or upsampled input is read at the resolution the layer consumes it.
    const inputs = l.pooledInput ? h * w * l.inChannels : l.kind === 'up2x2' ? (h / 2) * (w / 2) * l.inChannels : l.inputs.reduce((s, n) => s + (outputs.get(n) ?? 0), 0);
    outputs.set(l.name, out);
    return { name: l.name, macs: macs.get(l.name) ?? 0, weights: l.weightShape.reduce((p, d) => p * d, 1), inputs, outputs: out };
  });
}

/** One layer's energy: MACs × macPj, plus its SRAM accesses in a buffer of `bufferBytes`. */
export function annViewLayer(s: AnnLayerShape, flow: Dataflow, macPj: number, bufferBytes: number): AnnViewLayer {
  const e = sramAccessPj(bufferBytes);
  const computePj = s.macs * macPj;
  const accesses = flow === 'compute' ? 0 : flow === 'no-reuse' ? 2 * s.macs : s.weights + s.inputs + s.outputs;
  const memoryPj = accesses * e;
  return { ...s, computePj, memoryPj, pj: computePj + memoryPj };
}
