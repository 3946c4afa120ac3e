// A hand-made, deterministic pair of run directories (fine-tuned and converted) for the default U-Net on
// a Loihi-like 8×16 mesh, with every optional input (rates.json, dice-vs-t.json, overlays.json), so the
// report's HTML can be rendered and inspected without the simulator. Counts are synthetic, not results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annMacs, DEFAULT_ARCH, levelSize, unetLayers } from '../../formats/unet-arch.js';
import type { CoreStats, PopulationStats, SimStats } from '../../runtime-wasm/host/stats.js';

const T = 16;
const SLICES = 4;
const NEURONS_PER_CORE = 1024;
const MESH_W = 8;
const CHIP_CORES = 128;

/** Deterministic jitter in [0.75, 1.25) from an integer. */
const jitter = (i: number): number => 0.75 + (((i * 2654435761) >>> 0) % 1000) / 2000;

function layerRates(scale: number): Map<string, number> {
  return new Map(unetLayers(DEFAULT_ARCH).filter((l) => l.spiking).map((l, i) => [l.name, scale * (0.04 + 0.1 * Math.abs(Math.sin(i * 1.3)))]));
}

function populations(rates: ReadonlyMap<string, number>): PopulationStats[] {
  const a = DEFAULT_ARCH;
  const macs = annMacs(a);
  const layers = unetLayers(a);
  const neurons = new Map<string, number>([['input', a.height * a.width]]);
  for (const l of layers) { const [h, w] = levelSize(a, l.level); neurons.set(l.name, l.outChannels * h * w); }
  const rateOf = (n: string): number => (n === 'input' ? 0.3 : rates.get(n) ?? 0);
  const pops: PopulationStats[] = [{ id: 0, name: 'input', kind: 'input', neurons: a.height * a.width, spikes: Math.round(0.3 * a.height * a.width * T * SLICES), sopsIn: 0, neuronUpdates: 0, rate: 0.3 }];
  for (const [i, l] of layers.entries()) {
    const n = neurons.get(l.name) ?? 0;
    // SOPs = Σ over sources of source rate × T × MACs share (× 4 for pooled inputs, run as kernel-6 stride-2 convs).
    const share = (macs.get(l.name) ?? 0) / l.inputs.length;
    const sops = l.inputs.reduce((s, src) => s + rateOf(src) * T * SLICES * share * (l.pooledInput ? 4 : 1), 0);
    const spikes = l.spiking ? Math.round(rateOf(l.name) * n * T * SLICES) : 0;
    pops.push({ id: i + 1, name: l.name, kind: l.spiking ? 'if' : 'integrator', neurons: n, spikes, sopsIn: Math.round(sops), neuronUpdates: n * T * SLICES, rate: spikes / (n * T * SLICES) });
  }
  return pops;
}

function cores(pops: readonly PopulationStats[]): CoreStats[] {
  const out: CoreStats[] = [];
  for (const p of pops.filter((q) => q.kind !== 'input')) {
    const k = Math.ceil(p.neurons / NEURONS_PER_CORE);
    for (let j = 0; j < k; j++) {
      const id = out.length;
      const f = jitter(id) / k;
      const chip = Math.floor(id / CHIP_CORES);
      const local = id % CHIP_CORES;
      const updates = (p.neuronUpdates / k);
      const active = Math.round(updates * Math.min(1, 0.5 * jitter(id + 7)));
      const spikes = Math.round(p.spikes * f);
      out.push({
        id, population: p.id, chip, x: chip * MESH_W + (local % MESH_W), y: Math.floor(local / MESH_W), neurons: Math.round(p.neurons / k),
        sops: Math.round(p.sopsIn * f), neuronUpdatesActive: active, neuronUpdatesIdle: Math.round(updates) - active, spikesOut: spikes,
        messagesOut: spikes * 2, messagesIn: Math.round(p.sopsIn * f / 40), cycles: Math.round(p.sopsIn * f + updates), activeSteps: T * SLICES,
      });
    }
  }
  return out;
}

function stats(label: string, rateScale: number): SimStats {
  const pops = populations(layerRates(rateScale));
  const cs = cores(pops);
  const sum = (f: (c: CoreStats) => number): number => cs.reduce((s, c) => s + f(c), 0);
  const messages = sum((c) => c.messagesOut);
  const ifSpikes = pops.filter((p) => p.kind === 'if').reduce((s, p) => s + p.spikes, 0);
  const inputSpikes = pops[0]?.spikes ?? 0;
  const zeros = new Array<number>(T).fill(0);
  const cycles = cs.map((c) => c.cycles);
  return {
    netlist: `${label}.netlist.pb`, mode: 'zero-delay', T, slices: SLICES, numberFormat: 'INT8', encoding: 'poisson', inputMacs: 0,
    target: { name: 'loihi', clockMhz: 0, cyclesPerSynop: 1, cyclesPerNeuronUpdate: 1, hopLatencyNs: 4.1, hopLatencyNsNS: 6.5, barrierNs: 0, meshWidth: MESH_W },
    totals: {
      steps: T, sops: pops.reduce((s, p) => s + p.sopsIn, 0), neuronUpdates: sum((c) => c.neuronUpdatesActive + c.neuronUpdatesIdle), neuronUpdatesActive: sum((c) => c.neuronUpdatesActive),
      neuronUpdatesIdle: sum((c) => c.neuronUpdatesIdle), spikes: ifSpikes, inputSpikes, messages, localMessages: Math.round(messages * 0.1), hostInjections: inputSpikes * 3,
      hopsUnicast: Math.round(messages * 3.1), hopsUnicastEW: Math.round(messages * 1.6), hopsUnicastNS: Math.round(messages * 1.5), hopsMulticast: Math.round(messages * 2.2),
      hopsMulticastEW: Math.round(messages * 1.2), hopsMulticastNS: Math.round(messages * 1.0), chipCrossingsUnicast: Math.round(messages * 0.05), chipCrossingsMulticast: Math.round(messages * 0.03),
      coreCycles: sum((c) => c.cycles), latencyNs: 1e6,
    },
    series: { sops: zeros, spikes: zeros, inputSpikes: zeros, messages: zeros, hopsUnicast: zeros, hopsMulticast: zeros, chipCrossingsUnicast: zeros, activeCores: zeros, maxCoreCycles: zeros, sumCoreCycles: zeros, latencyNs: zeros },
    cores: cs, populations: pops, loadImbalance: Math.max(...cycles) / (cycles.reduce((s, c) => s + c, 0) / cycles.length),
    latency: { totalNs: 4e6, perSliceNs: 1e6, meanStepNs: 62500, maxStepNs: 80000 },
  };
}

/** A 64×48 synthetic slice: an ellipse "hippocampus" on smooth background texture. */
function overlay(title: string, k: number, shrink: number): Record<string, unknown> {
  const h = DEFAULT_ARCH.height;
  const w = DEFAULT_ARCH.width;
  const image: number[] = [];
  const truth: number[] = [];
  const prediction: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const e = ((x - 24 - k) / 9) ** 2 + ((y - 34) / 6) ** 2;
      const p = ((x - 25 - k) / (9 * shrink)) ** 2 + ((y - 33) / (6 * shrink)) ** 2;
      image.push(Number((0.35 + 0.25 * Math.sin(x / 5 + k) * Math.cos(y / 7) + (e < 1 ? 0.25 : 0)).toFixed(3)));
      truth.push(e < 1 ? 1 : 0);
      prediction.push(p < 1 ? 1 : 0);
    }
  }
  return { title, height: h, width: w, image, truth, prediction };
}

function rates(s: SimStats, silentScale: number): Record<string, unknown> {
  const layers = s.populations.filter((p) => p.kind === 'if').map((p, i) => ({ name: p.name, neurons: p.neurons, rate: p.rate, silentFraction: Math.min(1, silentScale * (0.2 + 0.05 * i)) }));
  return { T: s.T, slices: s.slices, layers };
}

export interface FixtureDirs { readonly runDir: string; readonly compareDir: string }

/** Writes <root>/finetuned and <root>/converted run directories. */
export function writeFixtureRuns(root: string): FixtureDirs {
  const runDir = join(root, 'finetuned');
  const compareDir = join(root, 'converted');
  const dice = { series: [
    { label: 'converted', points: [{ T: 16, dice: 0.0 }, { T: 32, dice: 0.02 }, { T: 64, dice: 0.33 }, { T: 200, dice: 0.865 }] },
    { label: 'fine-tuned', points: [{ T: 4, dice: 0.61 }, { T: 8, dice: 0.74 }, { T: 16, dice: 0.805 }, { T: 32, dice: 0.83 }] },
  ] };
  for (const [dir, label, scale, shrink] of [[runDir, 'finetuned', 0.8, 0.9], [compareDir, 'converted', 1.25, 0.55]] as const) {
    mkdirSync(dir, { recursive: true });
    const s = stats(label, scale);
    writeFileSync(join(dir, 'stats.json'), JSON.stringify(s));
    writeFileSync(join(dir, 'rates.json'), JSON.stringify(rates(s, scale)));
    writeFileSync(join(dir, 'overlays.json'), JSON.stringify({ slices: [overlay('subject 003, slice 18', 0, shrink), overlay('subject 017, slice 22', 3, shrink * 1.1)] }));
  }
  writeFileSync(join(runDir, 'dice-vs-t.json'), JSON.stringify(dice));
  return { runDir, compareDir };
}
