// ANN accelerators as data, beside the neuromorphic targets: the all-in energy per MAC an ANN baseline
// pays on real silicon, with its caveat. Not compile targets (they run no spiking netlist); the report
// sets a neuromorphic target's own costs against them (shared/docs/ENERGY-FAIRNESS.md).
import type { Cost } from './energy.js';

export interface AnnAccelerator {
  readonly id: string;
  readonly title: string;
  /** All-in energy per multiply-accumulate. */
  readonly mac: Cost;
  /** Process node, or why it is unknown; the report says the comparison mixes nodes. */
  readonly node: string;
  readonly caveat: string;
}

export const EDGE_TPU: AnnAccelerator = {
  id: 'edge-tpu',
  title: 'Google Edge TPU',
  // 4 TOPS at 2 W = 0.5 pJ per op; one MAC = 2 ops, so ~1 pJ per int8 MAC, at peak.
  mac: { pj: 1.0, source: 'Google Coral Edge TPU: 4 TOPS at 2 W (coral.ai), 2 ops per MAC', labels: ['peak', 'derived'] },
  node: 'not published with the 4 TOPS / 2 W figure',
  caveat: 'int8 at peak throughput, not a measured small-U-Net figure; a U-Net at low utilisation costs more per MAC',
};

export const EYERISS: AnnAccelerator = {
  id: 'eyeriss',
  title: 'Eyeriss (MIT)',
  // AlexNet conv layers at 35 fps and 278 mW: ~12 pJ per MAC (VGG-16: ~22 pJ).
  mac: { pj: 12, source: 'Chen et al., "Eyeriss", IEEE JSSC 2017: AlexNet convs at 35 fps, 278 mW', labels: ['derived'] },
  node: '65 nm',
  caveat: '65 nm, 16-bit, chip power without DRAM; AlexNet figure (VGG-16: ~22 pJ per MAC)',
};

export const ANN_ACCELERATORS: readonly AnnAccelerator[] = [EDGE_TPU, EYERISS];
