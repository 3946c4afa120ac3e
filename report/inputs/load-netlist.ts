// Adapter from a decoded netlist (proto/netlist.proto) to the report's MappingInput: core placement,
// routes, the target's mesh and energy costs, and the synapse kind of each population's inputs.
import { readFileSync, existsSync } from 'node:fs';
import { userError } from '../../cli/errors.js';
import { hsnn } from '../../proto/gen/netlist.js';
import type { SynapseKind } from '../energy/types.js';
import type { MappingInput, RouteDestination } from './types.js';

type NetlistProps = hsnn.netlist.Netlist.$Properties;

export const NETLIST_VERSION = 1;

/** Reads and decodes a netlist file; rejects other format versions. */
export function decodeNetlistFile(file: string): NetlistProps {
  if (!existsSync(file)) throw userError('HSNN7020', `netlist ${file}: file not found`);
  let n: NetlistProps;
  try {
    n = hsnn.netlist.Netlist.decode(readFileSync(file));
  } catch (e) {
    throw userError('HSNN7021', `netlist ${file}: not a decodable netlist (${(e as Error).message})`);
  }
  if (n.version !== NETLIST_VERSION) throw userError('HSNN7021', `netlist ${file}: format version ${String(n.version)} is not ${NETLIST_VERSION}`);
  return n;
}

function synapseKinds(n: NetlistProps, popName: ReadonlyMap<number, string>): Map<string, SynapseKind> {
  const kinds = new Map<string, SynapseKind>();
  for (const p of n.projections ?? []) {
    const name = popName.get(p.target ?? 0);
    if (name === undefined) continue;
    // A population fed by any sparse projection is charged the dearer sparse synapse.
    const k: SynapseKind = p.kind === hsnn.netlist.ProjectionKind.SPARSE ? 'sparse' : 'conv';
    if (kinds.get(name) !== 'sparse') kinds.set(name, k);
  }
  return kinds;
}

export function mappingFromNetlist(n: NetlistProps, file: string): MappingInput {
  const popName = new Map((n.populations ?? []).map((p, i) => [p.id ?? i, p.name ?? `population ${i}`]));
  const cores = (n.cores ?? []).map((c, i) => {
    const pop = c.population ?? 0;
    const population = popName.get(pop);
    if (population === undefined) throw userError('HSNN7021', `netlist ${file}: core ${c.id ?? i} names population ${pop}, which does not exist`);
    return { id: c.id ?? i, chip: c.chip ?? 0, x: c.x ?? 0, y: c.y ?? 0, population };
  });
  const routes = new Map<number, RouteDestination[]>();
  for (const r of n.routes ?? []) {
    routes.set(r.sourceCore ?? 0, (r.destinations ?? []).map((d) => ({ core: d.core ?? 0, hops: d.hops ?? 0, estMessagesPerStep: d.estMessagesPerStep ?? 0 })));
  }
  const t = n.target ?? {};
  const chips = cores.reduce((m, c) => Math.max(m, c.chip + 1), 0);
  const base = { source: file, targetName: t.name ?? 'unnamed', meshWidth: t.meshWidth ?? 0, meshHeight: t.meshHeight ?? 0, chips, cores, routes, synapseKinds: synapseKinds(n, popName) };
  return t.energy !== null && t.energy !== undefined ? { ...base, energy: stripNulls(t.energy) } : base;
}

/** protobufjs property objects allow null; the report's cost reader wants undefined instead. */
function stripNulls(e: hsnn.netlist.EnergyCosts.$Properties): MappingInput['energy'] {
  // protobufjs keeps defaults on the prototype, so copy the fields by name rather than by entries.
  const out: Record<string, unknown> = {};
  for (const k of ['synopPj', 'neuronUpdateActivePj', 'neuronUpdateIdlePj', 'spikeOutPj', 'hopEwPj', 'hopNsPj', 'withinCorePj', 'chipCrossingPj', 'staticMwPerCore', 'allIn', 'sources', 'note'] as const) {
    const v = e[k];
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out as MappingInput['energy'];
}

export function loadMapping(file: string): { mapping: MappingInput; netlist: NetlistProps } {
  const netlist = decodeNetlistFile(file);
  return { mapping: mappingFromNetlist(netlist, file), netlist };
}
