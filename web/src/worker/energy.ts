// The page's one door to the report's energy module: merged SimStats + the decoded netlist → what the
// page shows, through the same buildReport and the same matrix tables `hsnn report` renders (the fair
// matrix and its verdicts first, then every energy model and the lead model per layer). No energy
// arithmetic lives here; the page only reads EnergyView.
import { buildReport } from '../../../report/build.js';
import { archFromNetlist, defaultArch } from '../../../report/inputs/arch.js';
import { runFromStats } from '../../../report/inputs/load-run.js';
import { mappingFromNetlist } from '../../../report/inputs/load-netlist.js';
import type { NetlistView } from '../../../report/inputs/load-netlist.js';
import { matrixTable, viewLayersTable } from '../../../report/render/views.js';
import type { SimStats } from '../../../runtime-wasm/host/stats.js';
import type { EnergyView } from '../protocol.js';

/** The fair matrix, every energy model and the lead model per layer, per slice, for the run's own netlist. */
export function energyView(stats: SimStats, netlist: NetlistView, file: string): EnergyView {
  const arch = archFromNetlist(netlist, file) ?? defaultArch();
  const r = buildReport({ run: runFromStats(stats, file, 'SNN'), mapping: mappingFromNetlist(netlist, file), arch: arch.arch, archSource: arch.source });
  const mt = matrixTable(r), vl = viewLayersTable(r);
  return {
    matrix: {
      head: mt.head, note: mt.note ?? '',
      rows: r.views.map((v, i) => ({
        id: v.id, title: v.title, mixesNodes: v.mixesNodes, annPj: v.annPj, snnPj: v.snnPj, ratio: v.ratio, scale: v.breakEven.scale,
        spikesPerSynapse: v.breakEven.spikesPerSynapse, tRate: v.breakEven.tRate, sentence: v.sentence, cells: mt.rows[i] ?? [],
      })),
    },
    viewLayers: { head: vl.head, rows: vl.rows, note: vl.note ?? '' },
    primary: r.energy.primary,
    why: r.energy.why,
    annPj: r.ann.totalPj,
    models: r.energy.models.map((m) => ({ id: m.id, title: m.title, snnPj: m.snn.totalPj, annOverSnn: m.annOverSnn })),
    layers: r.energy.layers.map((l) => ({ name: l.name, snnPj: l.snnPj, annPj: l.annPj, sops: l.sops })),
  };
}
