// Target energy costs exist once (compiler/targets): the report's built-in target models must charge
// exactly what a netlist compiled for that target carries, after encoding and decoding the netlist.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeNetlist } from '../../proto/decode.js';
import { flatEnergy } from '../../compiler/targets/energy.js';
import { TARGETS } from '../../compiler/targets/index.js';
import { modelFromNetlist } from '../../report/energy/from-netlist.js';
import { costRows, signature } from '../../report/energy/models.js';
import { BUILTIN_MODELS } from '../../report/energy/targets.js';
import { compileTiny } from '../compiler/helpers.js';

const builtin = new Map(BUILTIN_MODELS.map((m) => [m.id, m]));

test('every compiler target with costs has a report model with the same costs, through a compiled netlist', () => {
  let checked = 0;
  for (const name of ['loihi', 'truenorth', 'generic']) {
    const spec = TARGETS.get(name);
    assert.ok(spec !== undefined);
    // TrueNorth's 256-axon cores cannot hold the tiny U-Net's 6×6 pooled kernels; only limits are relaxed.
    const t = name === 'truenorth' ? { ...spec, faninAxonsPerCore: 4096, fanoutAxonsPerCore: 0, maxDestinationsPerNeuron: 0 } : spec;
    const n = decodeNetlist(compileTiny(t, { sampleLayers: 0 }).bytes, 'tiny.netlist.pb');
    assert.ok(n.target !== null && n.target.energy !== null);
    const fromNet = modelFromNetlist(t.name, n.target.energy);
    assert.equal(n.target.energy, flatEnergy(t.energy), `${t.name}: the netlist carries the flattened table`);
    const mine = builtin.get(t.energy.id);
    if (mine !== undefined) {
      assert.is(signature(fromNet), signature(mine), `${t.name}: report model = netlist costs`);
      checked++;
    }
    for (const [i, alt] of t.alternativeEnergy.entries()) {
      const m = builtin.get(alt.id);
      assert.ok(m !== undefined, `alternative '${alt.id}' has a report model`);
      assert.is(signature(modelFromNetlist(t.name, n.target.alternativeEnergy[i]!, alt.id)), signature(m));
      checked++;
    }
  }
  assert.is(checked, 3, 'loihi, loihi-sanafe and truenorth are checked');
});

test('the report model is the compiler table itself: same numbers, sources and labels', () => {
  const loihi = TARGETS.get('loihi')!;
  const rows = costRows(builtin.get('loihi')!);
  const synop = rows.find((r) => r.what === 'synaptic op');
  assert.equal([synop?.value, synop?.source, synop?.labels], [23.6, loihi.energy.costs?.synop.source, ['2nd', 'lower-bound', 'pre-silicon']]);
  assert.ok(rows.every((r) => r.source.length > 0), 'every cost names its source');
});

test.run();
