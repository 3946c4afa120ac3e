// Adapter from a netlist (read and validated by proto/decode.ts's loadNetlist) to the report's
// MappingInput: core placement, routes, the target's mesh and energy costs (main and alternative),
// and the synapse kind of each population's inputs. NetlistView is the part of NetlistModel it reads.
import { loadNetlist } from '../../proto/decode.js';
import type { NetlistEnergyCosts } from '../energy/from-netlist.js';
import type { SynapseKind } from '../energy/types.js';
import type { MappingInput, RouteDestination } from './types.js';

export interface NetlistView {
  /** "<path> sha256:<hex>" of the SNN checkpoint it was compiled from ('' when unknown). */
  readonly sourceCheckpoint?: string;
  readonly populations: readonly { readonly id: number; readonly name: string; readonly kind: string; readonly channels: number; readonly height: number; readonly width: number }[];
  readonly projections: readonly { readonly target: number; readonly kind: string }[];
  readonly target: {
    readonly name: string; readonly meshWidth: number; readonly meshHeight: number;
    readonly energy: NetlistEnergyCosts | null; readonly alternativeEnergy: readonly NetlistEnergyCosts[];
  } | null;
  readonly cores: readonly { readonly id: number; readonly chip: number; readonly x: number; readonly y: number; readonly population: number; readonly synapseBytes?: number }[];
  readonly routes: readonly { readonly sourceCore: number; readonly destinations: readonly { readonly core: number; readonly hops: number; readonly estMessagesPerStep: number }[] }[];
}

const RANK: Readonly<Record<SynapseKind, number>> = { conv: 0, sparse: 1, dense: 2 };

function synapseKinds(n: NetlistView, popName: ReadonlyMap<number, string>): Map<string, SynapseKind> {
  const kinds = new Map<string, SynapseKind>();
  for (const p of n.projections) {
    const name = popName.get(p.target);
    if (name === undefined) continue;
    // A population is charged its dearest incoming synapse kind (SANA-FE's Loihi: conv < sparse < dense).
    const k: SynapseKind = p.kind === 'sparse' ? 'sparse' : p.kind === 'dense' ? 'dense' : 'conv';
    if (RANK[k] > RANK[kinds.get(name) ?? 'conv']) kinds.set(name, k);
    else if (!kinds.has(name)) kinds.set(name, k);
  }
  return kinds;
}

export function mappingFromNetlist(n: NetlistView, file: string): MappingInput {
  const popName = new Map(n.populations.map((p) => [p.id, p.name]));
  const cores = n.cores.map((c) => ({ id: c.id, chip: c.chip, x: c.x, y: c.y, population: popName.get(c.population) ?? `population ${c.population}`, ...(c.synapseBytes !== undefined ? { synapseBytes: c.synapseBytes } : {}) }));
  const routes = new Map<number, RouteDestination[]>();
  for (const r of n.routes) routes.set(r.sourceCore, r.destinations.map((d) => ({ core: d.core, hops: d.hops, estMessagesPerStep: d.estMessagesPerStep })));
  const t = n.target;
  const chips = cores.reduce((m, c) => Math.max(m, c.chip + 1), 0);
  return {
    source: file, targetName: t?.name ?? 'unnamed', meshWidth: t?.meshWidth ?? 0, meshHeight: t?.meshHeight ?? 0, chips, cores, routes,
    synapseKinds: synapseKinds(n, popName), alternativeEnergy: t?.alternativeEnergy ?? [], ...(t?.energy !== null && t?.energy !== undefined ? { energy: t.energy } : {}),
  };
}

/** Reads a netlist through the compiler's validating decoder (coded HSNN23xx errors name the file). */
export function loadMapping(file: string): { mapping: MappingInput; netlist: NetlistView } {
  const netlist = loadNetlist(file);
  return { mapping: mappingFromNetlist(netlist, file), netlist };
}
