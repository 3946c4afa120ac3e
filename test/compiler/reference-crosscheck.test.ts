// Cross-check against the reference simulator (runtime-wasm/reference, the executable definition of the
// netlist semantics): the integer spikes the compiler's quantisation measurement counts for the first
// layers must equal, exactly, what the reference simulates from the emitted netlist. This ties the
// emitted weights, units, thresholds and u0 to the IR the passes reasoned about.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceSeed } from '../../core/poisson-rng.js';
import { phantomSlice } from '../../compiler/quant/phantom.js';
import { GENERIC } from '../../compiler/targets/generic.js';
import { compileTiny } from './helpers.js';
import { referenceSimulate } from '../../runtime-wasm/reference/simulate.js';
import { decodeSimNetlist } from '../../runtime-wasm/host/netlist.js';

test('compile-time integer spikes equal the reference simulator on the emitted netlist', () => {
  const r = compileTiny(GENERIC, { quantize: 'int8', sampleLayers: 2 });
  const effect = r.netlist.stats?.spikeEffect;
  assert.ok(effect && effect.layers.length === 2);
  const net = decodeSimNetlist(r.bytes, 'tiny.pb');
  const ref = referenceSimulate(net, phantomSlice(16, 16), sliceSeed(r.netlist.seed, 0), { mode: 'zero-delay' });
  for (const layer of effect.layers) {
    const id = r.netlist.populations.findIndex((p) => p.name === layer.name);
    const count = ref.spikes.reduce((a, step) => a + (step[id]?.length ?? 0), 0);
    assert.is(count, layer.quantSpikes, `${layer.name}: reference ${count} spikes, compiler measured ${layer.quantSpikes}`);
  }
});

test.run();
