// Pass: measure the effect of weight quantisation on spikes. Runs the first few spiking layers with
// float and with integer weights on a deterministic phantom slice (Poisson or direct input, the model's seed and
// T) and records spikes and mismatches per layer. Skipped for float32 netlists and for models that
// already have errors (their weights may be NaN).
import type { CompileContext } from '../context.js';
import { withReport, type Graph } from '../ir/graph.js';
import { phantomSlice } from '../quant/phantom.js';
import { compareSpikes } from '../quant/spike-sim.js';

export function measureQuantSpikes(g: Readonly<Graph>, ctx: CompileContext): Graph {
  const input = g.nodes[0];
  const n = ctx.options.sampleLayers;
  if (g.format === 'float32' || n <= 0 || ctx.diag.hasErrors() || input?.kind !== 'input' || input.shape.c !== 1) return { ...g };
  const { h, w } = input.shape;
  const layers = compareSpikes(g, n, phantomSlice(h, w), g.meta.seed, g.meta.T);
  const how = g.meta.encoding === 'direct' ? ', direct input' : '';
  const spikeEffect = { input: `phantom slice ${h}x${w}, T=${g.meta.T}, seed ${g.meta.seed}${how}`, timesteps: g.meta.T, layers };
  return { ...g, report: withReport(g, { spikeEffect }) };
}
