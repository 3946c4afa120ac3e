// The networks the site ships, as data: one line each. web/scripts/build-assets.ts compiles every entry
// with `hsnn rates` (on samples/) and `hsnn compile` at build time; the page lists them in this order.
// To ship another network, add a line (checkpoint, T, target, quantisation) and rebuild.

export interface ShippedNetwork {
  /** File stem of the netlist in the site (generated/networks/<id>.netlist.pb). */
  readonly id: string;
  readonly title: string;
  /** SNN checkpoint, relative to the repository root. */
  readonly checkpoint: string;
  readonly T: number;
  readonly target: string;
  readonly quantize: 'int8' | 'int16' | 'float32';
}

export const NETWORKS: readonly ShippedNetwork[] = [
  { id: 'snn-lowT-loihi-int8', title: 'low-latency SNN, T = 4, direct input (Loihi, INT8)', checkpoint: 'models/pretrained/snn-lowT.ckpt', T: 4, target: 'loihi', quantize: 'int8' },
  { id: 'snn-t16-loihi-int8', title: 'fine-tuned SNN, T = 16 (Loihi, INT8)', checkpoint: 'models/pretrained/snn-finetuned.ckpt', T: 16, target: 'loihi', quantize: 'int8' },
];
