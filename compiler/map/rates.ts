// Firing rates per population for traffic estimates: measured (--rates) where given, otherwise the
// assumed rate, stated in the summary. The integrator readout never spikes (rate 0).
import type { CompileContext } from '../context.js';
import { isNeuronNode, numel, type Graph } from '../ir/graph.js';

export interface ResolvedRates {
  readonly byPopulation: ReadonlyMap<string, number>;
  /** The assumed rate if any population used it, else 0. */
  readonly assumedRate: number;
}

export function resolveRates(g: Readonly<Graph>, ctx: CompileContext): ResolvedRates {
  const file = ctx.options.rates;
  const measured = new Map((file?.layers ?? []).map((l) => [l.name, l]));
  const out = new Map<string, number>();
  let assumedUsed = false;
  for (const n of g.nodes) {
    if (!isNeuronNode(n)) continue;
    if (n.kind === 'integrator') { out.set(n.name, 0); continue; }
    const m = measured.get(n.name);
    if (m && file && m.neurons !== numel(n.shape)) ctx.diag.warn('HSNN2202', `rates ${file.file}: layer '${n.name}' lists ${m.neurons} neurons, the model has ${numel(n.shape)}`);
    if (!m) assumedUsed = true;
    out.set(n.name, m ? m.rate : ctx.options.assumedRate);
  }
  for (const name of measured.keys()) if (!out.has(name) && file) ctx.diag.warn('HSNN2202', `rates ${file.file}: layer '${name}' is not a population of this model; ignored`);
  return { byPopulation: out, assumedRate: assumedUsed ? ctx.options.assumedRate : 0 };
}
