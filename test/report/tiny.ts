// A hand-made four-core run whose energy is worked out by hand in energy.test.ts: totals over 2 slices,
// T = 4; the Poisson input is unmapped (host injections); enc0.conv2 is split over two cores.
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import type { NetlistEnergyCosts } from '../../report/energy/from-netlist.js';
import type { NetlistView } from '../../report/inputs/load-netlist.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export function tinyStats(): SimStats {
  return {
    netlist: 'tiny.netlist', mode: 'zero-delay', T: 4, slices: 2, numberFormat: 'INT8', encoding: 'poisson', inputMacs: 0,
    target: { name: 'loihi', clockMhz: 100, cyclesPerSynop: 1, cyclesPerNeuronUpdate: 1, hopLatencyNs: 5, hopLatencyNsNS: 5, barrierNs: 10, meshWidth: 2 },
    totals: {
      steps: 4, sops: 152, neuronUpdates: 144, neuronUpdatesActive: 82, neuronUpdatesIdle: 62, spikes: 10, inputSpikes: 10,
      messages: 12, localMessages: 2, hostInjections: 20, hopsUnicast: 12, hopsUnicastEW: 7, hopsUnicastNS: 5,
      hopsMulticast: 9, hopsMulticastEW: 5, hopsMulticastNS: 4, chipCrossingsUnicast: 0, chipCrossingsMulticast: 0, coreCycles: 296, latencyNs: 2000,
    },
    series: { sops: zeros(4), spikes: zeros(4), inputSpikes: zeros(4), messages: zeros(4), hopsUnicast: zeros(4), hopsMulticast: zeros(4), chipCrossingsUnicast: zeros(4), activeCores: zeros(4), maxCoreCycles: zeros(4), sumCoreCycles: zeros(4), latencyNs: zeros(4) },
    cores: [
      { id: 0, population: 1, chip: 0, x: 0, y: 0, neurons: 8, sops: 90, neuronUpdatesActive: 40, neuronUpdatesIdle: 24, spikesOut: 6, messagesOut: 8, messagesIn: 0, cycles: 154, activeSteps: 5 },
      { id: 1, population: 2, chip: 0, x: 1, y: 0, neurons: 4, sops: 30, neuronUpdatesActive: 20, neuronUpdatesIdle: 12, spikesOut: 3, messagesOut: 3, messagesIn: 5, cycles: 62, activeSteps: 5 },
      { id: 2, population: 2, chip: 0, x: 1, y: 1, neurons: 4, sops: 24, neuronUpdatesActive: 16, neuronUpdatesIdle: 16, spikesOut: 1, messagesOut: 1, messagesIn: 3, cycles: 56, activeSteps: 4 },
      { id: 3, population: 3, chip: 0, x: 0, y: 1, neurons: 2, sops: 8, neuronUpdatesActive: 6, neuronUpdatesIdle: 10, spikesOut: 0, messagesOut: 0, messagesIn: 4, cycles: 24, activeSteps: 3 },
    ],
    populations: [
      { id: 0, name: 'input', kind: 'input', neurons: 4, spikes: 10, sopsIn: 0, neuronUpdates: 0, rate: 10 / 32 },
      { id: 1, name: 'enc0.conv1', kind: 'if', neurons: 8, spikes: 6, sopsIn: 90, neuronUpdates: 64, rate: 6 / 64 },
      { id: 2, name: 'enc0.conv2', kind: 'if', neurons: 8, spikes: 4, sopsIn: 54, neuronUpdates: 64, rate: 4 / 64 },
      { id: 3, name: 'out', kind: 'integrator', neurons: 2, spikes: 0, sopsIn: 8, neuronUpdates: 16, rate: 0 },
    ],
    loadImbalance: 154 / 74,
    latency: { totalNs: 2000, perSliceNs: 1000, meanStepNs: 250, maxStepNs: 300 },
  };
}

/** The same placement as the compiler's netlist model: routes 0→{1,2}, 1→3, 2→3; Target.energy as given. */
export function tinyNetlist(energy: NetlistEnergyCosts | null = null): NetlistView {
  return {
    populations: [
      { id: 0, name: 'input', kind: 'input', channels: 1, height: 2, width: 2 }, { id: 1, name: 'enc0.conv1', kind: 'if', channels: 2, height: 2, width: 2 },
      { id: 2, name: 'enc0.conv2', kind: 'if', channels: 2, height: 2, width: 2 }, { id: 3, name: 'out', kind: 'integrator', channels: 1, height: 1, width: 2 },
    ],
    projections: [{ target: 1, kind: 'conv2d' }, { target: 2, kind: 'conv2d' }, { target: 3, kind: 'conv2d' }],
    target: { name: 'tiny-chip', meshWidth: 2, meshHeight: 2, energy, alternativeEnergy: [] },
    cores: [{ id: 0, chip: 0, x: 0, y: 0, population: 1 }, { id: 1, chip: 0, x: 1, y: 0, population: 2 }, { id: 2, chip: 0, x: 1, y: 1, population: 2 }, { id: 3, chip: 0, x: 0, y: 1, population: 3 }],
    routes: [
      { sourceCore: 0, destinations: [{ core: 1, hops: 1, estMessagesPerStep: 0 }, { core: 2, hops: 2, estMessagesPerStep: 0 }] },
      { sourceCore: 1, destinations: [{ core: 3, hops: 2, estMessagesPerStep: 0 }] },
      { sourceCore: 2, destinations: [{ core: 3, hops: 1, estMessagesPerStep: 0 }] },
    ],
  };
}
