// NetlistModel → protobuf bytes with the codec generated from proto/netlist.proto (never hand-written).
import { hsnn } from './gen/netlist.js';
import { sealNetlist } from './integrity.js';
import { ENCODING_TO_PB, FORMAT_TO_PB, POOL_TO_PB, POP_KIND_TO_PB, PROJ_KIND_TO_PB, RESET_TO_PB } from './enums.js';
import type { NetEnergy, NetlistModel, NetProjection, NetStats, NetTarget } from './model.js';

type PbNetlist = hsnn.netlist.Netlist.$Properties;

const energyPb = (e: NetEnergy): hsnn.netlist.EnergyCosts.$Properties => ({ ...e, sources: [...e.sources] });

function targetPb(t: NetTarget): hsnn.netlist.Target.$Properties {
  return {
    ...t, energy: t.energy ? energyPb(t.energy) : null, sources: [...t.sources], kernelMemoryPerCore: [...t.kernelMemoryPerCore],
    neuronMemoryPerCore: [...t.neuronMemoryPerCore], alternativeEnergy: t.alternativeEnergy.map(energyPb),
  };
}

/** The generated writer only indexes packed lists, so typed arrays go in without a copy to number[]. */
const packed = (a: ArrayLike<number>): number[] => a as unknown as number[];

function projectionPb(p: NetProjection): hsnn.netlist.Projection.$Properties {
  return {
    ...p, kind: PROJ_KIND_TO_PB[p.kind], weightsQ: packed(p.weightsQ), weightsF: packed(p.weightsF),
    csrRowPtr: packed(p.csrRowPtr), csrCol: packed(p.csrCol), quant: p.quant ? { ...p.quant } : null,
  };
}

function statsPb(s: NetStats): hsnn.netlist.CompileStats.$Properties {
  return { ...s, notes: [...s.notes], spikeEffect: s.spikeEffect ? { ...s.spikeEffect, layers: s.spikeEffect.layers.map((l) => ({ ...l })) } : null };
}

export function netlistToPb(m: NetlistModel): PbNetlist {
  return {
    version: m.version, name: m.name, timesteps: m.timesteps, encoding: ENCODING_TO_PB[m.encoding], seed: m.seed, numberFormat: FORMAT_TO_PB[m.numberFormat],
    readoutScale: m.readoutScale, sourceCheckpoint: m.sourceCheckpoint,
    populations: m.populations.map((p) => ({ ...p, kind: POP_KIND_TO_PB[p.kind], reset: RESET_TO_PB[p.reset], bias: p.bias ? packed(p.bias) : [], biasQ: p.biasQ ? packed(p.biasQ) : [] })),
    projections: m.projections.map(projectionPb),
    target: m.target ? targetPb(m.target) : null,
    cores: m.cores.map((c) => ({ ...c })),
    routes: m.routes.map((r) => ({ ...r, destinations: r.destinations.map((d) => ({ ...d, projections: [...d.projections] })) })),
    stats: m.stats ? statsPb(m.stats) : null,
    poolLowering: POOL_TO_PB[m.poolLowering],
  };
}

export function encodeNetlist(m: NetlistModel): Uint8Array {
  const body = hsnn.netlist.Netlist.encode(netlistToPb(m)).finish();
  return m.version >= 2 ? sealNetlist(body) : body; // version 1 files never had a seal
}
