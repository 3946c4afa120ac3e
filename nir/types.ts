// The NIR node-type table (one home for the format's vocabulary) and the parsed graph type. Field kinds
// drive both the reader (what must be present, with which dtype) and the writer. Shapes exclude the batch.
// Sources: NIR.md (shared docs) and the official nir/serialization.py and nir/ir/*.py (v1.0.7).

/** A float dataset: row-major data with its shape. */
export interface NirArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type FieldKind = 'float' | 'int' | 'pad';

export interface FieldSpec {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required: boolean;
}

const f = (key: string, required = true): FieldSpec => ({ key, kind: 'float', required });
const i = (key: string, required = true): FieldSpec => ({ key, kind: 'int', required });

/** The extension node hsnn writes for a transposed convolution (PyTorch ConvTranspose2d conventions). */
export const CONVT_TYPE = 'hsnn.ConvTranspose2d';

/** Node types hsnn reads, with their datasets. `role` says what each becomes in the hsnn IR. */
export const NODE_TYPES = {
  Input: { fields: [i('shape')], role: 'the input population (Poisson encoder of values in [0, 1])' },
  Output: { fields: [i('shape')], role: 'marks the readout: the population feeding it (or an integrator fed by its currents)' },
  Conv2d: {
    fields: [f('weight'), f('bias', false), i('stride'), { key: 'padding', kind: 'pad', required: true }, i('dilation'), i('groups'), i('input_shape', false)],
    role: 'a conv projection (OIHW → [kh][kw][cin][cout]); bias must be 0',
  },
  SumPool2d: { fields: [i('kernel_size'), i('stride'), i('padding')], role: 'a pooling node (kernel = stride, no padding), folded into the next projection' },
  AvgPool2d: { fields: [i('kernel_size'), i('stride'), i('padding')], role: 'as SumPool2d, weights divided by k²' },
  IF: { fields: [f('r'), f('v_threshold'), f('v_reset', false)], role: 'an IF population; r folded into incoming weights; one threshold per population' },
  LIF: { fields: [f('tau'), f('r'), f('v_leak'), f('v_threshold'), f('v_reset', false)], role: 'a leaky IF population: decay dt/τ per step (forward Euler, --dt), r·dt/τ folded into incoming weights; v_leak must be 0' },
  I: { fields: [f('r')], role: 'an integrator population (the readout)' },
  Affine: { fields: [f('weight'), f('bias')], role: 'a dense projection (a conv whose kernel covers the source); bias must be 0' },
  Linear: { fields: [f('weight')], role: 'a dense projection' },
  Scale: { fields: [f('scale')], role: 'folded into the projection before it (per output channel), or a diagonal projection' },
  Flatten: { fields: [i('start_dim'), i('end_dim'), i('input_type', false)], role: 'no-op on hsnn\'s C·H·W neuron order' },
  [CONVT_TYPE]: {
    fields: [f('weight'), f('bias', false), i('stride'), i('padding'), i('output_padding', false), i('dilation', false), i('groups', false)],
    role: 'hsnn extension: a transposed conv projection (weight [C_in, C_out, kH, kW])',
  },
} as const satisfies Record<string, { readonly fields: readonly FieldSpec[]; readonly role: string }>;

export type NirType = keyof typeof NODE_TYPES;

/** Official NIR types hsnn recognises but cannot compile (HSNN5004 names them). */
export const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  LI: 'a leaky readout: hsnn integrators do not leak (only IF populations take a decay)',
  CubaLIF: 'current-based synapses need a second state variable per neuron',
  CubaLI: 'current-based synapses need a second state variable per neuron',
  Delay: 'hsnn projections deliver within one step (zero-delay) or one step later (pipelined), never a chosen delay',
  Threshold: 'a stateless threshold has no hsnn population',
  Conv1d: 'hsnn populations are 2-D feature maps',
  NIRGraph: 'nested subgraphs: flatten the graph before export',
};

export function isNirType(t: string): t is NirType {
  return Object.prototype.hasOwnProperty.call(NODE_TYPES, t);
}

export type MetaValue = string | number;

export interface NirNode {
  readonly name: string;
  readonly type: NirType;
  readonly floats: ReadonlyMap<string, NirArray>;
  /** Integer fields (a scalar is a list of one); `padding` 'same'/'valid' is resolved by the importer. */
  readonly ints: ReadonlyMap<string, readonly number[]>;
  readonly padMode?: 'same' | 'valid';
  readonly metadata: ReadonlyMap<string, MetaValue>;
}

export interface NirGraph {
  readonly version: string;
  /** Node names in file order. */
  readonly nodes: ReadonlyMap<string, NirNode>;
  readonly edges: readonly (readonly [string, string])[];
  readonly metadata: ReadonlyMap<string, MetaValue>;
}

export function floatField(n: NirNode, key: string): NirArray {
  const a = n.floats.get(key);
  if (!a) throw new Error(`internal assertion failed: node '${n.name}' (${n.type}) has no parsed field '${key}'`);
  return a;
}

export function intField(n: NirNode, key: string): readonly number[] {
  const a = n.ints.get(key);
  if (!a) throw new Error(`internal assertion failed: node '${n.name}' (${n.type}) has no parsed field '${key}'`);
  return a;
}
