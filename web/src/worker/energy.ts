// The page's one door to the report's energy module: merged SimStats + the decoded netlist → the
// energy rows the page shows, through the same buildReport `hsnn report` runs. Swap the body (one
// function) to show another energy matrix; the page only reads EnergyView.
import { buildReport } from '../../../report/build.js';
import { archFromNetlist, defaultArch } from '../../../report/inputs/arch.js';
import { runFromStats } from '../../../report/inputs/load-run.js';
import { mappingFromNetlist } from '../../../report/inputs/load-netlist.js';
import type { NetlistView } from '../../../report/inputs/load-netlist.js';
import type { SimStats } from '../../../runtime-wasm/host/stats.js';
import type { EnergyView } from '../protocol.js';

/** Energy per slice under every model the report computes; `primary` is the report's lead model. */
export function energyView(stats: SimStats, netlist: NetlistView, file: string): EnergyView {
  const arch = archFromNetlist(netlist, file) ?? defaultArch();
  const r = buildReport({ run: runFromStats(stats, file, 'SNN'), mapping: mappingFromNetlist(netlist, file), arch: arch.arch, archSource: arch.source });
  return {
    primary: r.energy.primary,
    why: r.energy.why,
    annPj: r.ann.totalPj,
    models: r.energy.models.map((m) => ({ id: m.id, title: m.title, snnPj: m.snn.totalPj, annOverSnn: m.annOverSnn })),
    layers: r.energy.layers.map((l) => ({ name: l.name, snnPj: l.snnPj, annPj: l.annPj, sops: l.sops })),
  };
}
