// The paper's conversion-friendly U-Net as data: layer names, kinds and weight shapes. The ANN forward,
// the SNN, the converter and the compiler all walk this one list, so a layer has the same name everywhere.
//
// Levels i = 0..depth-1 run at resolution (H/2^i, W/2^i) with C_i = base·2^i channels; 'mid' runs at
// depth with base·2^depth channels. Decoder stage dec{i} works at level i and pairs with enc{i}:
//   enc{i}.conv1, enc{i}.conv2 : 3×3 'same' conv → ReLU (IF in the SNN); then 2×2 average pool
//   mid.conv1, mid.conv2       : 3×3 conv → ReLU
//   dec{i}.up                  : 2×2 stride-2 transposed conv C_{i+1} → C_i, then ReLU (IF)
//   dec{i}.conv1               : 3×3 conv over concat([dec{i}.up output, enc{i}.conv2 output]) → ReLU
//   dec{i}.conv2               : 3×3 conv → ReLU
//   out                        : 1×1 conv C_0 → 1, sigmoid (SNN: non-spiking integrator)
// Decoding runs dec{depth-1} … dec0. No biases anywhere, no batch norm.

export interface UNetArch {
  readonly base: number;
  readonly depth: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  /** Dropout rate applied after each encoder/mid conv2 during ANN training only. */
  readonly dropout: number;
}

export type LayerKind = 'conv3x3' | 'up2x2' | 'conv1x1';

export interface LayerSpec {
  readonly name: string;
  readonly kind: LayerKind;
  /** conv: [kh, kw, cin, cout] (tfjs HWIO). up: [2, 2, cout, cin] (tfjs conv2dTranspose layout). */
  readonly weightShape: readonly [number, number, number, number];
  readonly inChannels: number;
  readonly outChannels: number;
  /** Output resolution level (0 = full resolution). */
  readonly level: number;
  /** Names of the layers whose outputs feed this one, in channel order (2 for a concat conv). Input image = 'input'. */
  readonly inputs: readonly string[];
  /** Whether the input is 2×2 average-pooled before this layer (first conv of enc{i>0} and mid.conv1). */
  readonly pooledInput: boolean;
  /** true for every layer but 'out', which is the non-spiking readout. */
  readonly spiking: boolean;
}

/** Default chosen to train in minutes on 2 cores and match the PyTorch reference (see README). */
export const DEFAULT_ARCH: UNetArch = { base: 16, depth: 3, inChannels: 1, height: 64, width: 48, dropout: 0.1 };

export function validateArch(a: UNetArch): string[] {
  const problems: string[] = [];
  const f = 2 ** a.depth;
  if (!Number.isInteger(a.base) || a.base < 1) problems.push(`base channels ${a.base} must be a positive integer`);
  if (!Number.isInteger(a.depth) || a.depth < 1 || a.depth > 6) problems.push(`depth ${a.depth} must be an integer in 1..6`);
  if (a.height % f !== 0 || a.width % f !== 0) problems.push(`input ${a.height}×${a.width} must be divisible by 2^depth = ${f}`);
  if (!(a.dropout >= 0 && a.dropout < 1)) problems.push(`dropout ${a.dropout} must be in [0, 1)`);
  return problems;
}

/** All layers in execution order. */
export function unetLayers(a: UNetArch): LayerSpec[] {
  const c = (i: number): number => a.base * 2 ** i;
  const layers: LayerSpec[] = [];
  const conv = (name: string, cin: number, cout: number, level: number, inputs: string[], pooled: boolean): void => {
    layers.push({ name, kind: 'conv3x3', weightShape: [3, 3, cin, cout], inChannels: cin, outChannels: cout, level, inputs, pooledInput: pooled, spiking: true });
  };
  let prev = 'input';
  let prevC = a.inChannels;
  for (let i = 0; i < a.depth; i++) {
    conv(`enc${i}.conv1`, prevC, c(i), i, [prev], i > 0);
    conv(`enc${i}.conv2`, c(i), c(i), i, [`enc${i}.conv1`], false);
    prev = `enc${i}.conv2`;
    prevC = c(i);
  }
  conv('mid.conv1', prevC, c(a.depth), a.depth, [prev], true);
  conv('mid.conv2', c(a.depth), c(a.depth), a.depth, ['mid.conv1'], false);
  prev = 'mid.conv2';
  for (let i = a.depth - 1; i >= 0; i--) {
    layers.push({ name: `dec${i}.up`, kind: 'up2x2', weightShape: [2, 2, c(i), c(i + 1)], inChannels: c(i + 1), outChannels: c(i), level: i, inputs: [prev], pooledInput: false, spiking: true });
    conv(`dec${i}.conv1`, 2 * c(i), c(i), i, [`dec${i}.up`, `enc${i}.conv2`], false);
    conv(`dec${i}.conv2`, c(i), c(i), i, [`dec${i}.conv1`], false);
    prev = `dec${i}.conv2`;
  }
  layers.push({ name: 'out', kind: 'conv1x1', weightShape: [1, 1, c(0), 1], inChannels: c(0), outChannels: 1, level: 0, inputs: [prev], pooledInput: false, spiking: false });
  return layers;
}

/** Output height/width at a level. */
export function levelSize(a: UNetArch, level: number): [number, number] {
  return [a.height / 2 ** level, a.width / 2 ** level];
}

/** Number of multiply-accumulates of one ANN forward pass on one slice, per layer. */
export function annMacs(a: UNetArch): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of unetLayers(a)) {
    const [h, w] = levelSize(a, l.level);
    const [kh, kw] = l.weightShape;
    // A 2×2 stride-2 transposed conv touches each output pixel with exactly one kernel tap.
    const taps = l.kind === 'up2x2' ? 1 : kh * kw;
    m.set(l.name, h * w * taps * l.inChannels * l.outChannels);
  }
  return m;
}
