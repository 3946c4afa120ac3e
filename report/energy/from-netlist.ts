// Energy costs a netlist carries in Target.energy (proto/netlist.proto EnergyCosts) win over any
// built-in table: the compiler's target is what the mapping was made for. Zero means "not published".
import type { NetEnergy } from '../../proto/model.js';
import type { Cost, EnergyModel, SnnCosts } from './types.js';

/** The netlist's EnergyCosts as the compiler's decoder returns them (any field may be absent in a view). */
export type NetlistEnergyCosts = Readonly<Partial<NetEnergy>>;

/** True when the netlist states at least one cost. */
export function carriesCosts(e: NetlistEnergyCosts | null | undefined): e is NetlistEnergyCosts {
  if (e === null || e === undefined) return false;
  const nums = [e.synopPj, e.neuronUpdateActivePj, e.neuronUpdateIdlePj, e.spikeOutPj, e.hopEwPj, e.hopNsPj, e.withinCorePj, e.chipCrossingPj, e.staticMwPerCore];
  return nums.some((n) => typeof n === 'number' && n > 0);
}

/** Builds a model from the netlist's costs; the netlist lists sources per target, not per number. */
export function modelFromNetlist(targetName: string, e: NetlistEnergyCosts, id = targetName): EnergyModel {
  const sources = e.sources !== undefined && e.sources.length > 0 ? e.sources.join('; ') : 'no source given in the netlist';
  const source = `netlist target '${targetName}' EnergyCosts: ${sources}`;
  const cost = (pj: number | undefined): Cost | undefined => (pj !== undefined && pj > 0 ? { pj, source } : undefined);
  const allIn = e.allIn === true;
  if (allIn) return allInModel(targetName, id, e, source);
  const snn: SnnCosts = {
    synop: cost(e.synopPj) ?? { pj: 0, source: `${source} (no synop cost given)` },
    neuronActive: cost(e.neuronUpdateActivePj),
    neuronIdle: cost(e.neuronUpdateIdlePj),
    spikeOut: cost(e.spikeOutPj),
    hopEW: cost(e.hopEwPj),
    hopNS: cost(e.hopNsPj),
    withinCore: cost(e.withinCorePj),
    chipCrossing: cost(e.chipCrossingPj),
    staticPower: e.staticMwPerCore !== undefined && e.staticMwPerCore > 0 ? { mwPerCore: e.staticMwPerCore, source } : undefined,
    allIn: false,
    routing: 'unicast',
  };
  const main = id === targetName;
  const notes = [main ? `Energy costs taken from the netlist's target '${targetName}' (Target.energy), preferred over the built-in table.` : `An alternative energy model listed by the netlist's target '${targetName}'.`];
  if (e.note !== undefined && e.note !== '') notes.push(e.note);
  const title = main ? `${targetName} (costs from the netlist)` : `${e.note !== undefined && e.note !== '' ? e.note : id} (alternative in the netlist)`;
  return { id, title, origin: 'netlist', snn, notes };
}

/** An all-in synop cost (TrueNorth) already holds everything else; other figures are shown, not added. */
function allInModel(targetName: string, id: string, e: NetlistEnergyCosts, source: string): EnergyModel {
  const informational: Record<string, Cost> = {};
  const extra: readonly [string, number | undefined][] = [['hop east-west', e.hopEwPj], ['hop north-south', e.hopNsPj], ['neuron update', e.neuronUpdateActivePj], ['spike out', e.spikeOutPj]];
  for (const [what, pj] of extra) if (pj !== undefined && pj > 0) informational[what] = { pj, source };
  const snn: SnnCosts = { synop: { pj: e.synopPj ?? 0, source, labels: ['all-in'] }, allIn: true, informational, routing: 'unicast' };
  const notes = [`Energy costs taken from the netlist's target '${targetName}'; the synop cost is all-in, so neuron and routing energy are not added on top.`];
  if (e.note !== undefined && e.note !== '') notes.push(e.note);
  return { id, title: `${targetName} (all-in costs from the netlist)`, origin: 'netlist', snn, notes };
}
