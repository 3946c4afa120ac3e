// Chooses the energy models a report uses: the netlist's own Target.energy first (the mapping was made
// for it), else the model named by --target or by the run's target, else the generic 45 nm one; every
// built-in and custom model is also computed so the report can compare them on the same counts.
import { userError } from '../../core/errors.js';
import { carriesCosts, modelFromNetlist } from './from-netlist.js';
import { BUILTIN_MODELS, HOROWITZ_GENERIC } from './targets.js';
import type { NetlistEnergyCosts } from './from-netlist.js';
import type { Cost, EnergyModel, StaticPower } from './types.js';

export interface ModelChoice {
  readonly primary: EnergyModel;
  readonly all: readonly EnergyModel[];
  readonly why: string;
}

/** What a model charges for a U-Net (conv synapses); equal signatures give equal energies. */
function signature(m: EnergyModel): string {
  const s = m.snn;
  if (s.allIn) return JSON.stringify(['all-in', s.synop.pj]);
  const pj = [s.synopByKind?.conv ?? s.synop, s.neuronActive, s.neuronIdle, s.spikeOut, s.hopEW, s.hopNS, s.withinCore, s.chipCrossing].map((c) => c?.pj ?? 0);
  return JSON.stringify([...pj, s.staticPower?.mwPerCore ?? 0, s.allIn, s.routing]);
}

/** 'SANA-FE Loihi model' → 'sana-fe-loihi-model', for ids of the netlist's alternative models. */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
}

export interface ModelRequest {
  readonly netlistTarget?: string | undefined;
  readonly netlistEnergy?: NetlistEnergyCosts | undefined;
  readonly netlistAlternatives?: readonly NetlistEnergyCosts[] | undefined;
  readonly requested?: string | undefined;
  readonly runTarget?: string | undefined;
  readonly custom?: readonly EnergyModel[] | undefined;
}

/** The netlist's own models: Target.energy, then each alternative_energy entry. */
function netlistModels(opts: ModelRequest): EnergyModel[] {
  const target = opts.netlistTarget ?? 'netlist';
  const main = opts.netlistEnergy !== undefined && carriesCosts(opts.netlistEnergy) ? [modelFromNetlist(target, opts.netlistEnergy)] : [];
  const alts = (opts.netlistAlternatives ?? []).filter(carriesCosts).map((e, i) => modelFromNetlist(target, e, `${target}/${slug(e.note ?? '') || `alt${i + 1}`}`));
  return [...main, ...alts];
}

export function chooseModels(opts: ModelRequest): ModelChoice {
  const custom = opts.custom ?? [];
  const fromNetlist = netlistModels(opts);
  // A built-in table the netlist already carries would only repeat the same energies.
  const seen = new Set(fromNetlist.map(signature));
  const known = [...custom, ...BUILTIN_MODELS.filter((m) => !seen.has(signature(m)))];
  const all = [...fromNetlist, ...known];
  if (opts.requested !== undefined) {
    const m = all.find((k) => k.id === opts.requested);
    if (m === undefined) throw userError('HSNN7003', `--target '${opts.requested}' is not a known energy model (known: ${all.map((k) => k.id).join(', ')})`);
    return { primary: m, all, why: `energy model '${m.id}' chosen with --target` };
  }
  const nl = fromNetlist[0];
  if (nl !== undefined && opts.netlistEnergy !== undefined && carriesCosts(opts.netlistEnergy)) {
    return { primary: nl, all, why: `the netlist's target '${nl.id}' carries energy costs (Target.energy); they are preferred over the built-in tables` };
  }
  const byRun = known.find((k) => k.id === opts.runTarget);
  if (byRun !== undefined) return { primary: byRun, all, why: `built-in model for the run's target '${byRun.id}'` };
  const first = custom[0];
  if (first !== undefined) return { primary: first, all, why: `custom model '${first.id}'` };
  const note = opts.runTarget !== undefined ? ` (no built-in model for target '${opts.runTarget}')` : '';
  return { primary: HOROWITZ_GENERIC, all, why: `generic 45 nm model${note}` };
}

export interface CostRow {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly labels: readonly string[];
  readonly charged: boolean;
}

/** The model's costs as table rows, for the JSON and the rendered reports. */
export function costRows(m: EnergyModel): CostRow[] {
  const rows: CostRow[] = [];
  const add = (what: string, c: Cost | undefined, charged = true): void => {
    if (c !== undefined) rows.push({ what, value: c.pj, unit: 'pJ', source: c.source, labels: c.labels ?? [], charged });
  };
  const s = m.snn;
  add('synaptic op', s.synop);
  for (const [kind, c] of Object.entries(s.synopByKind ?? {})) add(`synaptic op (${kind})`, c);
  add('neuron update, active', s.neuronActive);
  add('neuron update, idle', s.neuronIdle);
  add('spike out (injection)', s.spikeOut);
  add('hop east-west', s.hopEW);
  add('hop north-south', s.hopNS);
  add('delivery within core', s.withinCore);
  add('chip crossing', s.chipCrossing);
  const st: StaticPower | undefined = s.staticPower;
  if (st !== undefined) rows.push({ what: 'static power per core', value: st.mwPerCore, unit: 'mW', source: st.source, labels: st.labels ?? [], charged: true });
  for (const [what, c] of Object.entries(s.informational ?? {})) add(`${what} (information only)`, c, false);
  return rows;
}
