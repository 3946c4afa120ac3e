// Enum values of proto/netlist.proto ↔ the string unions of model.ts, one table per enum so the
// encoder and decoder cannot drift apart.
import { hsnn } from './gen/netlist.js';
import type { NetEncoding, NetPoolLowering, NetFormat, NetPopulationKind, NetProjectionKind, NetReset } from './model.js';

const pb = hsnn.netlist;

export const FORMAT_TO_PB: Readonly<Record<NetFormat, number>> = { int8: pb.NumberFormat.INT8, int16: pb.NumberFormat.INT16, float32: pb.NumberFormat.FLOAT32 };
export const POP_KIND_TO_PB: Readonly<Record<NetPopulationKind, number>> = {
  input: pb.PopulationKind.INPUT_POISSON, analog: pb.PopulationKind.INPUT_ANALOG, if: pb.PopulationKind.IF_NEURON, integrator: pb.PopulationKind.INTEGRATOR,
};
export const ENCODING_TO_PB: Readonly<Record<NetEncoding, number>> = { poisson: pb.Encoding.POISSON, direct: pb.Encoding.DIRECT };
export const POOL_TO_PB: Readonly<Record<NetPoolLowering, number>> = { fused: pb.PoolLowering.POOL_FUSED, spiking: pb.PoolLowering.POOL_SPIKING };
export const RESET_TO_PB: Readonly<Record<NetReset, number>> = { subtract: pb.ResetMode.RESET_SUBTRACT, zero: pb.ResetMode.RESET_ZERO, none: pb.ResetMode.RESET_UNSPECIFIED };
export const PROJ_KIND_TO_PB: Readonly<Record<NetProjectionKind, number>> = {
  conv2d: pb.ProjectionKind.CONV2D, conv_transpose2d: pb.ProjectionKind.CONV_TRANSPOSE2D, sum_pool: pb.ProjectionKind.SUM_POOL, sparse: pb.ProjectionKind.SPARSE, dense: pb.ProjectionKind.DENSE,
};

function invert<K extends string>(m: Readonly<Record<K, number>>): ReadonlyMap<number, K> {
  return new Map(Object.entries(m).map(([k, v]) => [v as number, k as K]));
}

export const FORMAT_FROM_PB = invert(FORMAT_TO_PB);
export const POP_KIND_FROM_PB = invert(POP_KIND_TO_PB);
export const RESET_FROM_PB = invert(RESET_TO_PB);
export const PROJ_KIND_FROM_PB = invert(PROJ_KIND_TO_PB);
export const ENCODING_FROM_PB = invert(ENCODING_TO_PB);
/** POOL_UNSPECIFIED (files written before the field) reads as fused. */
export const POOL_FROM_PB = new Map([...invert(POOL_TO_PB), [pb.PoolLowering.POOL_UNSPECIFIED, 'fused' as const]]);
