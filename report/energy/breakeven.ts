// Break-even firing rate: the mean IF firing rate at which the SNN's energy on this mapping equals the
// ANN's. The SNN's energy is split into a part that does not scale with IF spikes F (neuron updates,
// static power, SOPs driven by the Poisson input) and a part V that does (SOPs they cause downstream,
// spike injection, routing). Scaling V linearly with the rate r:  E(r) = F + V · r / r_measured, so
//   r* = r_measured · (E_ANN − F) / V,   and r* = 0 when F ≥ E_ANN (no rate can break even).
import type { SnnEnergy, SnnLayerEnergy } from './snn.js';

export interface BreakEven {
  /** Mean spikes per IF neuron per step, measured. */
  readonly measuredRate: number;
  readonly fixedPj: number;
  readonly variablePj: number;
  /** Energy per IF spike: V / IF spikes (synaptic + injection + routing it causes). */
  readonly pjPerSpike: number;
  readonly annPj: number;
  /** null when no IF spike was measured (V unknown). */
  readonly rate: number | null;
  /** Compute-only textbook figure E_MAC / (T · E_syn), ignoring neurons, routing and the real fan-out. */
  readonly textbookRate: number;
  readonly note: string;
}

/** The part of a layer's energy that does not scale with IF spikes. */
function fixedPart(l: SnnLayerEnergy): number {
  return l.neuronPj + l.staticPj + (l.inputDriven ? l.synapticPj : 0) + (l.kind === 'input' ? l.routingPj + l.spikeOutPj : 0);
}

/**
 * Per layer: the factor k by which every measured rate would have to scale for this layer's SNN energy
 * to equal its ANN energy, k = (E_ANN,l − F_l) / V_l; 0 when F_l ≥ E_ANN,l, null when V_l = 0.
 */
export function layerBreakEvenScale(l: SnnLayerEnergy, annPj: number): number | null {
  const f = fixedPart(l);
  if (f >= annPj) return 0;
  const v = l.totalPj - f;
  return v > 0 ? (annPj - f) / v : null;
}

export function breakEven(snn: SnnEnergy, annPj: number, T: number, eMac: number, eSyn: number): BreakEven {
  const ifLayers = snn.layers.filter((l) => l.kind === 'if');
  const neurons = ifLayers.reduce((s, l) => s + l.neurons, 0);
  const spikes = ifLayers.reduce((s, l) => s + l.spikes, 0);
  const measuredRate = neurons > 0 ? spikes / (neurons * T) : 0;
  // Routing left unassigned to layers (no per-core counts) scales with spikes too.
  const fixedPj = snn.layers.reduce((s, l) => s + fixedPart(l), 0) + snn.hostMacPj;
  const variablePj = Math.max(0, snn.totalPj - fixedPj);
  const textbookRate = eSyn > 0 && T > 0 ? eMac / (T * eSyn) : Infinity;
  const base = { measuredRate, fixedPj, variablePj, pjPerSpike: spikes > 0 ? variablePj / spikes : 0, annPj, textbookRate };
  if (fixedPj >= annPj) {
    return { ...base, rate: 0, note: 'the spike-independent energy (neuron updates, static, input-driven SOPs) alone exceeds the ANN: no firing rate breaks even' };
  }
  if (spikes === 0 || variablePj === 0) {
    return { ...base, rate: null, note: 'no IF spikes were measured, so the energy per spike is unknown' };
  }
  const rate = (measuredRate * (annPj - fixedPj)) / variablePj;
  return { ...base, rate, note: 'spike-dependent energy scaled linearly from the measured rate, same layer mix and routes' };
}
