// Benchmark: compile the default U-Net (base 16, depth 3, 64×48; seeded random He weights, T = 16) for
// every built-in target. Prints wall and CPU milliseconds (best of 3), cores, chips and utilisation, or
// the diagnostics for targets the model does not fit. Target: < 2 s on loihi.
// Run: node --import tsx test/compiler/compile.bench.ts
import { performance } from 'node:perf_hooks';
import { HsnnError } from '../../core/errors.js';
import { compileCheckpoint, type CompileResult } from '../../compiler/compile.js';
import { TARGETS } from '../../compiler/targets/index.js';
import { DEFAULT_ARCH } from '../../formats/unet-arch.js';
import { makeCheckpoint } from './helpers.js';

const ck = makeCheckpoint(DEFAULT_ARCH, 1, { T: 16 });
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);

for (const target of TARGETS.values()) {
  let best = Infinity;
  let bestCpu = Infinity;
  let result: CompileResult | undefined;
  let error: HsnnError | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    try {
      result = compileCheckpoint({ checkpoint: ck, file: 'default-unet.ckpt', sha256: 'bench' }, target);
    } catch (e) {
      if (!(e instanceof HsnnError)) throw e;
      error = e;
    }
    best = Math.min(best, performance.now() - t0);
    bestCpu = Math.min(bestCpu, cpuMs() - c0);
  }
  console.log(`\n${target.name}: ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU (best of 3)`);
  if (result && !error) {
    const s = result.summary;
    console.log(`  ${s.cores} cores on ${s.chips} chips; utilisation neurons ${pct(s.utilisation.neurons.mean)} (max ${pct(s.utilisation.neurons.max)}), synapse ${pct(s.utilisation.synapse.mean)}, fan-in ${pct(s.utilisation.fanin.mean)}, fan-out ${pct(s.utilisation.fanout.mean)}`);
    console.log(`  traffic at ${s.traffic.assumedRate} spikes/neuron/step: ${s.traffic.messagesPerStep.toFixed(0)} msgs/step, ${s.traffic.unicastHopsPerStep.toFixed(0)} unicast hops, ${s.traffic.multicastHopsPerStep.toFixed(0)} multicast hops, ${s.traffic.chipCrossingsPerStep.toFixed(0)} chip crossings; mean hops ${s.hops.mean.toFixed(2)}, max ${s.hops.max}`);
    console.log(`  cores per layer: ${Object.entries(s.coresPerPopulation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } else if (error) {
    for (const d of error.diagnostics) console.log(`  ${d.code} ${d.message}`);
  }
  error = undefined;
}
