// The simulator worker: takes a run (netlist + volume [+ label] as blobs) or a raster request, runs
// it with the project's modules, and posts progress, results and coded errors back. Requests are
// handled one at a time in arrival order; the page stays free because nothing here touches the DOM.
import { HsnnError } from '../../../core/errors.js';
import type { RunVolume } from '../../../data/predict.js';
import { webError } from '../codes.js';
import type { EnergyView, FromWorker, PreloadRequest, RasterRequest, RunRequest, ToWorker } from '../protocol.js';
import { energyView } from './energy.js';
import { readNetlistBlob, readNiftiBlob } from './read-input.js';
import { prepare, rasterOf, runVolume } from './run-volume.js';
import { currentSession, sessionFor } from './session.js';
import { useWasmModule } from './wasm-web.js';

interface WorkerScope { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null }
const scope = self as unknown as WorkerScope;

let lastVolume: RunVolume | undefined;
const ENERGY_EVERY_MS = 1000;

function volumeId(name: string): string {
  return name.replace(/\.nii(\.gz)?$/i, '') || 'volume';
}

async function run(req: RunRequest): Promise<void> {
  lastVolume = undefined;
  const t0 = performance.now();
  await useWasmModule(req.wasmUrl);
  const s = sessionFor(req.netlist.name, await readNetlistBlob(req.netlist), req.configs);
  const image = await readNiftiBlob(req.image);
  const label = req.label ? await readNiftiBlob(req.label) : undefined;
  const t1 = performance.now();
  const v = prepare(volumeId(req.image.name), s, image, label);
  const t2 = performance.now();
  const { net } = s.loaded;
  scope.postMessage({
    kind: 'start', id: req.id, volumeId: v.id, netlistName: req.netlist.name, T: net.T, count: v.count, height: s.config.height, width: s.config.width,
    images: v.slices.slice(), ...(label ? { truth: v.masks.slice() } : {}), notes: s.notes,
    populations: net.populations.map((p) => ({ name: p.name, kind: p.kind, neurons: p.C * p.H * p.W, C: p.C, H: p.H, W: p.W })),
  });
  // The report's energy is recomputed at most every ENERGY_EVERY_MS (a report build costs more than a slice post).
  let energy = undefined as EnergyView | undefined, energyAt = -Infinity;
  const res = await runVolume(s, v, (d) => {
    if (energy === undefined || performance.now() - energyAt > ENERGY_EVERY_MS) { energy = energyView(d.stats, s.loaded.model, req.netlist.name); energyAt = performance.now(); }
    scope.postMessage({ kind: 'slice', id: req.id, slice: d.slice, done: d.slice + 1, mask: d.mask, stats: d.stats, energy }, [d.mask.buffer]);
  });
  lastVolume = v;
  const simulateMs = res.stats.wallMs ?? 0, runMs = performance.now() - t2;
  const timing = { loadMs: t1 - t0, prepareMs: t2 - t1, simulateMs, otherMs: runMs - simulateMs };
  scope.postMessage({ timing,
    kind: 'done', id: req.id, stats: res.stats, energy: energyView(res.stats, s.loaded.model, req.netlist.name), prediction: res.prediction, predictionName: res.predictionName,
    ...(res.dice !== undefined ? { dice: res.dice } : {}),
  }, [res.prediction.buffer]);
}

function raster(req: RasterRequest): void {
  const s = currentSession();
  if (s === undefined || lastVolume === undefined) throw webError('HSNN6007', 'raster: run a volume first');
  if (!(req.slice >= 0 && req.slice < lastVolume.count)) throw webError('HSNN6007', `raster: slice ${req.slice} is not in 0..${lastVolume.count - 1}`);
  const r = rasterOf(s, lastVolume, req.slice, req.population);
  scope.postMessage({ kind: 'raster', id: req.id, slice: req.slice, population: req.population, ...r }, [r.spikes.buffer]);
}

/** Loads the session now so the run starts simulating at once; an error here resurfaces in the run. */
async function preload(req: PreloadRequest): Promise<void> {
  try {
    await useWasmModule(req.wasmUrl);
    const before = currentSession();
    // A new netlist invalidates the last run's volume for rasters (they re-run it on this netlist).
    if (sessionFor(req.netlist.name, await readNetlistBlob(req.netlist), req.configs) !== before) lastVolume = undefined;
  } catch {
    // The run decodes the same bytes again and reports the coded error there.
  }
}

function fail(id: number, e: unknown): void {
  if (e instanceof HsnnError) scope.postMessage({ kind: 'error', id, diagnostics: e.diagnostics, internal: false });
  else scope.postMessage({ kind: 'error', id, diagnostics: [{ code: 'internal', message: e instanceof Error ? e.message : String(e) }], internal: true });
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  const handle = (): Promise<void> | void => (req.kind === 'run' ? run(req) : req.kind === 'preload' ? preload(req) : raster(req));
  queue = queue.then(handle).catch((err: unknown) => fail(req.id, err));
};
