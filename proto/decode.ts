// decodeNetlist(bytes, file): the one way to read a .netlist.pb (compiler, inspect, simulator, report). Decodes with the generated codec, then
// validates everything (version, counts, dimensions, index ranges, weight lengths vs geometry, CSR,
// mapping and routes) before returning typed arrays, so a simulator can allocate from the result
// safely. A corrupt or hostile file gives coded HsnnErrors (HSNN2301–2308) naming the file; never a crash.
import { readFileSync, statSync } from 'node:fs';
import { HsnnError, userError } from '../core/errors.js';
import { hsnn } from './gen/netlist.js';
import { checkSeal } from './integrity.js';
import { checkMapping } from './check-mapping.js';
import { checkEnvelope, checkPopulations, checkProjections, n0, u64, type NetProblem } from './check-netlist.js';
import { ENCODING_FROM_PB, FORMAT_FROM_PB, POOL_FROM_PB, POP_KIND_FROM_PB, PROJ_KIND_FROM_PB, RESET_FROM_PB } from './enums.js';
import { DECODE_LIMITS } from './limits.js';
import { READABLE_NETLIST_VERSIONS, type NetEnergy, type NetlistModel, type NetProjection, type NetStats, type NetTarget } from './model.js';

type Pb = hsnn.netlist.Netlist;

function fail(file: string, problems: readonly NetProblem[]): never {
  const shown = problems.slice(0, DECODE_LIMITS.maxProblems);
  const more = problems.length - shown.length;
  throw new HsnnError(shown.map((p, i) => ({ code: p.code, message: `netlist ${file}: ${p.message}${i === shown.length - 1 && more > 0 ? ` (and ${more} more problems)` : ''}` })));
}

function parse(bytes: Uint8Array, file: string): Pb {
  if (bytes.length === 0) throw userError('HSNN2301', `netlist ${file}: the file is empty`);
  if (bytes.length > DECODE_LIMITS.maxBytes) throw userError('HSNN2303', `netlist ${file}: ${bytes.length} bytes exceeds the limit ${DECODE_LIMITS.maxBytes}`);
  const seal = checkSeal(bytes);
  if (seal === 'mismatch') throw userError('HSNN2501', `netlist ${file}: sha256 mismatch; the file is corrupt (damaged in storage or transfer), recompile it`);
  let m: Pb;
  try {
    m = hsnn.netlist.Netlist.decode(bytes);
  } catch (e) {
    throw userError('HSNN2301', `netlist ${file}: not a valid hsnn netlist (protobuf: ${e instanceof Error ? e.message : String(e)})`);
  }
  if (n0(m.version) >= 2 && READABLE_NETLIST_VERSIONS.includes(n0(m.version)) && seal !== 'verified') throw userError('HSNN2501', `netlist ${file}: version ${n0(m.version)} but no sha256 seal at its end; the file is truncated or corrupt`);
  return m;
}

const energy = (e: hsnn.netlist.EnergyCosts.$Properties): NetEnergy => ({
  synopPj: n0(e.synopPj), neuronUpdateActivePj: n0(e.neuronUpdateActivePj), neuronUpdateIdlePj: n0(e.neuronUpdateIdlePj), spikeOutPj: n0(e.spikeOutPj),
  hopEwPj: n0(e.hopEwPj), hopNsPj: n0(e.hopNsPj), withinCorePj: n0(e.withinCorePj), chipCrossingPj: n0(e.chipCrossingPj),
  staticMwPerCore: n0(e.staticMwPerCore), allIn: e.allIn ?? false, sources: [...(e.sources ?? [])], note: e.note ?? '',
});

function target(t: hsnn.netlist.Target.$Properties): NetTarget {
  return {
    name: t.name ?? '', neuronsPerCore: n0(t.neuronsPerCore), faninAxonsPerCore: n0(t.faninAxonsPerCore), synapseBitsPerCore: u64(t.synapseBitsPerCore),
    coresPerChip: n0(t.coresPerChip), meshWidth: n0(t.meshWidth), meshHeight: n0(t.meshHeight), maxChips: n0(t.maxChips), weightBits: n0(t.weightBits),
    maxDestinationsPerCore: n0(t.maxDestinationsPerCore), cyclesPerSynop: n0(t.cyclesPerSynop), cyclesPerNeuronUpdate: n0(t.cyclesPerNeuronUpdate),
    clockMhz: n0(t.clockMhz), hopLatencyNs: n0(t.hopLatencyNs), barrierNs: n0(t.barrierNs), energy: t.energy ? energy(t.energy) : null,
    sources: [...(t.sources ?? [])], kernelMemoryPerCore: (t.kernelMemoryPerCore ?? []).map(u64), neuronMemoryPerCore: (t.neuronMemoryPerCore ?? []).map(u64),
    fanoutAxonsPerCore: n0(t.fanoutAxonsPerCore), hopLatencyNsNs: n0(t.hopLatencyNsNs), alternativeEnergy: (t.alternativeEnergy ?? []).map(energy), inputOnCores: t.inputOnCores ?? false,
    hostInputCurrent: t.hostInputCurrent ?? false,
  };
}

function projection(p: hsnn.netlist.Projection.$Properties): NetProjection {
  const q = p.quant;
  return {
    id: n0(p.id), name: p.name ?? '', source: n0(p.source), target: n0(p.target), kind: PROJ_KIND_FROM_PB.get(n0(p.kind)) ?? 'conv2d',
    kernelH: n0(p.kernelH), kernelW: n0(p.kernelW), strideH: n0(p.strideH), strideW: n0(p.strideW), padTop: n0(p.padTop), padLeft: n0(p.padLeft), scale: n0(p.scale),
    weightsQ: Int32Array.from(p.weightsQ ?? []), weightsF: Float32Array.from(p.weightsF ?? []), csrRowPtr: Uint32Array.from(p.csrRowPtr ?? []), csrCol: Uint32Array.from(p.csrCol ?? []),
    quant: q ? { maxAbsError: n0(q.maxAbsError), meanAbsError: n0(q.meanAbsError), maxAbsWeight: n0(q.maxAbsWeight) } : null,
  };
}

function stats(s: hsnn.netlist.CompileStats.$Properties): NetStats {
  const se = s.spikeEffect;
  return {
    cores: n0(s.cores), chips: n0(s.chips), compileMs: n0(s.compileMs), meanNeuronUtilisation: n0(s.meanNeuronUtilisation), meanSynapseUtilisation: n0(s.meanSynapseUtilisation),
    meanFaninUtilisation: n0(s.meanFaninUtilisation), estMessagesPerStep: n0(s.estMessagesPerStep), estHopsPerStep: n0(s.estHopsPerStep), estTrafficHops: n0(s.estTrafficHops),
    notes: [...(s.notes ?? [])], estMulticastHopsPerStep: n0(s.estMulticastHopsPerStep), maxLinkMessagesPerStep: n0(s.maxLinkMessagesPerStep),
    meanLinkMessagesPerStep: n0(s.meanLinkMessagesPerStep), linksUsed: n0(s.linksUsed), assumedRate: n0(s.assumedRate), estChipCrossingsPerStep: n0(s.estChipCrossingsPerStep),
    spikeEffect: se ? { input: se.input ?? '', timesteps: n0(se.timesteps), layers: (se.layers ?? []).map((l) => ({ name: l.name ?? '', floatSpikes: u64(l.floatSpikes), quantSpikes: u64(l.quantSpikes), mismatched: u64(l.mismatched) })) } : null,
  };
}

function toModel(m: Pb): NetlistModel {
  return {
    version: n0(m.version), name: m.name ?? '', timesteps: n0(m.timesteps), encoding: ENCODING_FROM_PB.get(n0(m.encoding)) ?? 'poisson', seed: n0(m.seed),
    numberFormat: FORMAT_FROM_PB.get(n0(m.numberFormat)) ?? 'float32', readoutScale: n0(m.readoutScale), sourceCheckpoint: m.sourceCheckpoint ?? '',
    populations: m.populations.map((p) => ({
      id: n0(p.id), name: p.name ?? '', kind: POP_KIND_FROM_PB.get(n0(p.kind)) ?? 'if', channels: n0(p.channels), height: n0(p.height), width: n0(p.width),
      reset: RESET_FROM_PB.get(n0(p.reset)) ?? 'none', threshold: n0(p.threshold), u0: n0(p.u0), thresholdQ: n0(p.thresholdQ), u0Q: n0(p.u0Q), unit: n0(p.unit),
      ...(n0(p.decay) > 0 || n0(p.decayQ) > 0 ? { decay: n0(p.decay), decayQ: n0(p.decayQ) } : {}),
      ...((p.bias ?? []).length > 0 ? { bias: Float32Array.from(p.bias ?? []) } : {}), ...((p.biasQ ?? []).length > 0 ? { biasQ: Int32Array.from(p.biasQ ?? []) } : {}),
    })),
    projections: m.projections.map(projection),
    target: m.target ? target(m.target) : null,
    cores: m.cores.map((c) => ({
      id: n0(c.id), chip: n0(c.chip), x: n0(c.x), y: n0(c.y), population: n0(c.population), c0: n0(c.c0), c1: n0(c.c1), y0: n0(c.y0), y1: n0(c.y1), x0: n0(c.x0), x1: n0(c.x1),
      neurons: n0(c.neurons), synapseBytes: u64(c.synapseBytes), faninAxons: n0(c.faninAxons), estSpikesPerStep: n0(c.estSpikesPerStep), fanoutAxons: n0(c.fanoutAxons),
    })),
    routes: m.routes.map((r) => ({
      sourceCore: n0(r.sourceCore), multicastTreeLinks: n0(r.multicastTreeLinks),
      destinations: (r.destinations ?? []).map((d) => ({ core: n0(d.core), hops: n0(d.hops), chipCrossings: n0(d.chipCrossings), projections: [...(d.projections ?? [])], estMessagesPerStep: n0(d.estMessagesPerStep) })),
    })),
    stats: m.stats ? stats(m.stats) : null,
    poolLowering: POOL_FROM_PB.get(n0(m.poolLowering)) ?? 'fused',
  };
}

/** Decode and validate a netlist; throws HsnnError (HSNN2301–2308) naming `file` on any problem. */
export function decodeNetlist(bytes: Uint8Array, file: string): NetlistModel {
  const m = parse(bytes, file);
  for (const stage of [checkEnvelope, checkPopulations, checkProjections, checkMapping]) {
    const problems = stage(m);
    if (problems.length > 0) fail(file, problems);
  }
  return toModel(m);
}

/** The bytes of a netlist file; a missing or unreadable file (or a folder) is HSNN2301 naming it. */
export function readNetlistBytes(path: string): Uint8Array {
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    return readFileSync(path);
  } catch (e) {
    throw userError('HSNN2301', `netlist ${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function loadNetlist(path: string): NetlistModel {
  return decodeNetlist(readNetlistBytes(path), path);
}
