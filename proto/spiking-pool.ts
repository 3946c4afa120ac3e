// The spiking 2×2 pooling population (SEMANTICS.md, `--pool spiking`): one definition shared by the
// compiler's lowering (compiler/passes/lower-avgpool.ts) and the tfjs SNN that trains with it
// (models/snn/network.ts, stream.ts), so the network fine-tuned is the network compiled.

/** How a 2×2 average pool is run: its value passed on as a current (fused), or an IF population (spiking). */
export type PoolMode = 'fused' | 'spiking';

/** Threshold of a pooling neuron; a SUM_POOL of weight 1/4 feeds it, so it fires at the window's mean rate. */
export const POOL_THRESHOLD = 1;

/** Its start as a fraction of the threshold: ½ rounds the pooled rate instead of flooring it. */
export const POOL_U0_FRACTION = 0.5;

/** Name of the pooling population in front of a layer that reads a pooled input. */
export const poolPopulationName = (reader: string): string => `${reader}/pool`;
