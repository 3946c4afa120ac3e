// Pass: check that the target can take the model's input encoding. Poisson input is spikes and runs
// anywhere. Direct (analog) input is a host-computed current into the input's consumers (enc0.conv1),
// which only a target with a per-neuron bias current can integrate (TargetSpec.hostInputCurrent);
// others get HSNN2401 naming the target. Returns the graph unchanged.
import { MAX_DIRECT_TAPS } from '../../proto/direct-input.js';
import type { CompileContext } from '../context.js';
import { isHostCurrentEdge, type Graph } from '../ir/graph.js';

export function checkInputEncoding(g: Readonly<Graph>, ctx: CompileContext): Graph {
  if (g.meta.encoding !== 'direct') return { ...g };
  const t = ctx.target;
  const hosted = g.edges.filter((e) => isHostCurrentEdge(g, e));
  const into = hosted.map((e) => e.target).join(', ') || 'no layer';
  if (!t.hostInputCurrent) {
    ctx.diag.error('HSNN2401', `target ${t.name}: direct (analog) input needs a host-injected current into ${into}, but ${t.name} takes input as spikes only (hostInputCurrent: false); compile a Poisson-encoded SNN or choose loihi, loihi2 or generic`, false);
  }
  for (const e of hosted) {
    const taps = e.kh * e.kw * e.cin;
    if (e.kind !== 'conv' || taps > MAX_DIRECT_TAPS) {
      ctx.diag.error('HSNN2401', `layer ${e.target}: the host current '${e.name}' must be a conv of at most ${MAX_DIRECT_TAPS} taps (kernel × input channels); it is a ${e.kind} of ${taps}`, false);
    }
  }
  return { ...g };
}
