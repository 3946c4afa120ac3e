// Seeded random netlists with DENSE projections for the simulator tests (conformance-dense, safety):
// input → (conv 3×3 'same' or dense) IF → dense IF (N, 1, 1) → dense integrator, with dense skips, leaky and
// biased IF populations and random channel-split core mappings.
import { mulberry32, randInt } from '../../core/random.js';
import type { Rand } from '../../core/random.js';
import type { hsnn } from '../../proto/gen/netlist.js';
import { decayQ } from '../../proto/leak.js';
import { inputPop, netlistProps, neuronPop, proj, randomCores, threshold, weights } from './builders.js';
import type { Format, ProjSpec, Shape } from './builders.js';

type PopP = hsnn.netlist.Population.$Properties;

/** Leak and bias on an IF population, each with probability ½, in both unit systems. */
function decorate(r: Rand, p: PopP, format: Format): PopP {
  const C = p.channels ?? 1, v = format === 'FLOAT32' ? (p.threshold ?? 1) : (p.thresholdQ ?? 1);
  const decay = r() < 0.5 ? Math.fround(0.05 + r() * 0.4) : 0;
  const bias = r() < 0.5 ? Array.from({ length: C }, () => (format === 'FLOAT32' ? Math.fround((r() - 0.4) * 0.3 * v) : Math.round((r() - 0.4) * 0.3 * v))) : [];
  return { ...p, ...(decay > 0 ? { decay, decayQ: decayQ(decay) } : {}), ...(bias.length > 0 ? { bias, biasQ: bias.map(Math.round) } : {}) };
}

const dense = (r: Rand, s: Shape, t: Shape, format: Format): Omit<ProjSpec, 'source' | 'target'> => ({ kind: 'dense', weights: weights(r, s.C * s.H * s.W * t.C, format) });

/** input → (conv 3×3 'same' or dense) IF → dense IF (N, 1, 1) → dense integrator, with dense skips. */
export function randomDenseNetlist(seed: number, format: Format): hsnn.netlist.Netlist.$Properties {
  const r = mulberry32(seed);
  const s0: Shape = { C: randInt(r, 1, 2), H: randInt(r, 3, 6), W: randInt(r, 3, 6) };
  const convFirst = r() < 0.5;
  const s1: Shape = convFirst ? { C: randInt(r, 1, 4), H: s0.H, W: s0.W } : { C: randInt(r, 3, 12), H: 1, W: 1 };
  const s2: Shape = { C: randInt(r, 3, 20), H: 1, W: 1 }, s3: Shape = { C: randInt(r, 1, 6), H: 1, W: 1 };
  const shapes = [s0, s1, s2, s3];
  const pop = (id: number, kind: 'if' | 'integrator', s: Shape): PopP => {
    const v = threshold(r, format);
    const p = neuronPop(id, kind, s.C, s.H, s.W, v, format === 'FLOAT32' ? Math.fround(v * r() * 0.5) : Math.floor(v * r() * 0.5), r() < 0.7 ? 1 : 2);
    return kind === 'if' ? decorate(r, p, format) : p;
  };
  const pops = [inputPop(s0.H, s0.W, s0.C), pop(1, 'if', s1), pop(2, 'if', s2), pop(3, 'integrator', s3)];
  const first: Omit<ProjSpec, 'source' | 'target'> = convFirst ? { kind: 'conv', k: [3, 3], p: [1, 1], weights: weights(r, 9 * s0.C * s1.C, format) } : dense(r, s0, s1, format);
  const specs: ProjSpec[] = [{ ...first, source: 0, target: 1 }, { ...dense(r, s1, s2, format), source: 1, target: 2 }];
  if (r() < 0.5) specs.push({ ...dense(r, s0, s2, format), source: 0, target: 2 });
  specs.push({ ...dense(r, s2, s3, format), source: 2, target: 3 });
  if (r() < 0.5) specs.push({ ...dense(r, s1, s3, format), source: 1, target: 3 });
  const cores = r() < 0.8 ? randomCores(r, shapes, r() < 0.5) : [];
  const target = { name: 'rand', cyclesPerSynop: randInt(r, 1, 3), cyclesPerNeuronUpdate: randInt(r, 0, 2), clockMhz: 100, hopLatencyNs: 4, barrierNs: 50, meshWidth: 3, meshHeight: 256 };
  return netlistProps(format, pops, specs.map((x, i) => proj(i, x, format)), randInt(r, 4, 12), cores, target);
}
