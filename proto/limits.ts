// Safety limits of decodeNetlist: a hostile or corrupt file is rejected on these before anything sized
// by its claims is allocated. They are far above any hsnn model (the default U-Net has ~0.45 M neurons).

export const DECODE_LIMITS = {
  maxBytes: 256 * 1024 * 1024,
  maxPopulations: 4096,
  maxProjections: 16384,
  maxDim: 65536,
  maxPopulationNeurons: 1 << 26,
  maxTotalNeurons: 1 << 27,
  maxKernel: 64,
  maxStride: 64,
  maxPad: 64,
  maxCores: 1 << 20,
  maxDestinations: 1 << 22,
  maxTimesteps: 1_000_000,
  maxProblems: 20,
} as const;

export const INT_RANGE = { int8: 127, int16: 32767 } as const;
