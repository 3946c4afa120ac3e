// The leak of a leaky IF population as the netlist stores it (proto Population.decay / decay_q): one
// fixed-point rule shared by the emitter, the decoder checks and the NIR importer, so they cannot drift.

/** Integer leak: u ← ⌊u·(2^LEAK_BITS − decay_q) / 2^LEAK_BITS⌋. */
export const LEAK_BITS = 12;
export const LEAK_ONE = 1 << LEAK_BITS;

/** decay_q of a float decay δ ∈ [0, 1]. */
export function decayQ(decay: number): number {
  return Math.min(LEAK_ONE, Math.max(0, Math.round(decay * LEAK_ONE)));
}
