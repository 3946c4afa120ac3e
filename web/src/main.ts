// The page: wires inputs, the simulator worker and the panels. The worker does all the work (decode,
// preprocess, simulate, encode); this thread only draws, so scrolling stays smooth while slices run.
// A worker that dies (out of memory, trap) is replaced and the page reports it; a new run can start.
import { webError } from './codes.js';
import type { DoneReply, FromWorker, Manifest, NamedBlob, PageDiagnostic, PopulationInfo, SliceReply, StartReply, ToWorker } from './protocol.js';
import { describe, fetchBlob, fetchManifest, sortDropped } from './ui/inputs.js';
import type { Choice } from './ui/inputs.js';
import { drawRaster, renderCounters, renderEnergy, renderRates } from './ui/panels.js';
import type { EnergyPanels } from './ui/panels.js';
import { busiestSlice, drawSlice } from './ui/viewer.js';
import type { ViewerVolume } from './ui/viewer.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`internal: #${id} missing from index.html`);
  return e as T;
};

const choice: Choice = {};
let manifest: Manifest | undefined;
let worker: Worker | undefined;
let runId = 0, busy = false;
let volume: ViewerVolume | undefined;
let populations: readonly PopulationInfo[] = [];
const urls: string[] = [];
/** Longest gap of the page's 50 ms heartbeat during the last run (main-thread responsiveness). */
let maxStallMs = 0;

function showErrors(list: readonly PageDiagnostic[]): void {
  const box = $('messages');
  box.replaceChildren(...list.map((d) => {
    const p = document.createElement('p');
    p.className = 'error';
    p.dataset.code = d.code;
    p.textContent = d.code === 'internal' ? `internal error (please report): ${d.message}` : `${d.code}: ${d.message}`;
    return p;
  }));
}

function showError(e: unknown): void {
  const d = (e as { diagnostics?: readonly PageDiagnostic[] }).diagnostics;
  showErrors(d ?? [{ code: 'internal', message: e instanceof Error ? e.message : String(e) }]);
}

function setBusy(b: boolean): void {
  busy = b;
  $<HTMLButtonElement>('run').disabled = b;
  $<HTMLButtonElement>('stop').disabled = !b;
  $<HTMLButtonElement>('raster-go').disabled = b || volume === undefined;
  document.body.dataset.state = b ? 'running' : 'idle';
}

function spawn(): Worker {
  const w = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<FromWorker>) => onReply(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    restart([{ code: 'HSNN6006', message: `the simulator worker stopped (${e.message || 'no message'}); it was restarted, try again or with a smaller file` }]);
  };
  return w;
}

function restart(errors: readonly PageDiagnostic[]): void {
  worker?.terminate();
  worker = spawn();
  setBusy(false);
  if (errors.length > 0) showErrors(errors);
  void preload();
}

const wasmUrl = (): string => new URL(manifest?.wasm ?? 'generated/hsnn.wasm', document.baseURI).href;
const configs = (): { sha256: string; name: string; config: Manifest['networks'][number]['preprocess'] }[] =>
  (manifest?.networks ?? []).map((n) => ({ sha256: n.checkpointSha256, name: n.checkpoint, config: n.preprocess }));

/** Has the worker decode and load the chosen netlist while the user picks a volume. */
async function preload(): Promise<void> {
  try {
    const netlist = await chosenNetlist();
    if (netlist) post({ kind: 'preload', id: runId, wasmUrl: wasmUrl(), netlist, configs: configs() });
  } catch {
    // A netlist that cannot be fetched is reported when the user runs it.
  }
}

function post(m: ToWorker): void {
  worker ??= spawn();
  worker.postMessage(m);
}

function redraw(): void {
  if (volume === undefined) return;
  const s = Number($<HTMLInputElement>('slice').value);
  drawSlice($<HTMLCanvasElement>('base'), $<HTMLCanvasElement>('overlay'), volume, s);
  $('slice-text').textContent = `${s + 1} / ${volume.count}`;
}

function onStart(m: StartReply): void {
  volume = { height: m.height, width: m.width, count: m.count, images: m.images, ...(m.truth ? { truth: m.truth } : {}), masks: new Array<Uint8Array | undefined>(m.count) };
  populations = m.populations;
  // A raster drawn for the previous run would otherwise stay beside this run's numbers.
  const raster = $<HTMLCanvasElement>('raster');
  raster.getContext('2d')?.clearRect(0, 0, raster.width, raster.height);
  delete raster.dataset.spikes;
  $('raster-text').textContent = '';
  const slider = $<HTMLInputElement>('slice');
  slider.max = String(m.count - 1);
  slider.value = String(busiestSlice(volume));
  $<HTMLProgressElement>('progress').max = m.count;
  const layers = $<HTMLSelectElement>('raster-layer');
  layers.replaceChildren(...m.populations.map((p, i) => new Option(p.name, String(i))));
  layers.value = String(Math.max(0, m.populations.findIndex((p) => p.kind === 'if')));
  $<HTMLInputElement>('raster-slice').max = String(m.count - 1);
  $('notes').replaceChildren(...m.notes.map((n) => Object.assign(document.createElement('li'), { textContent: n })));
  redraw();
}

const energyPanels = (): EnergyPanels => ({
  matrix: $<HTMLTableElement>('energy-matrix'), verdict: $('energy-verdict'), matrixNote: $('energy-matrix-note'), viewLayers: $<HTMLTableElement>('energy-view-layers'),
  models: $<HTMLTableElement>('energy'), layers: $<HTMLTableElement>('energy-layers'), why: $('energy-why'),
});

function onSlice(m: SliceReply): void {
  if (volume === undefined) return;
  volume.masks[m.slice] = m.mask;
  $<HTMLProgressElement>('progress').value = m.done;
  $('progress-text').textContent = `${m.done} / ${volume.count} slices`;
  renderCounters($<HTMLTableElement>('counters'), m.stats, volume.count);
  renderEnergy(energyPanels(), m.energy);
  renderRates($('rates'), m.stats);
  if (Number($<HTMLInputElement>('slice').value) === m.slice || m.done === 1) redraw();
}

function link(id: string, data: BlobPart, name: string, type: string): void {
  const a = $<HTMLAnchorElement>(id);
  const url = URL.createObjectURL(new Blob([data], { type }));
  urls.push(url);
  a.href = url;
  a.download = name;
  a.classList.remove('hidden');
}

function onDone(m: DoneReply): void {
  renderCounters($<HTMLTableElement>('counters'), m.stats, m.stats.slices);
  renderEnergy(energyPanels(), m.energy);
  renderRates($('rates'), m.stats);
  $('dice').textContent = m.dice !== undefined ? `3D Dice against the label: ${m.dice.toFixed(4)}` : 'No label given: no Dice.';
  const json = `${JSON.stringify(m.stats, null, 1)}\n`;
  $('stats-json').textContent = json;
  link('download', m.prediction as BlobPart, m.predictionName, 'application/gzip');
  link('download-stats', json, 'stats.json', 'application/json');
  if (volume) $<HTMLInputElement>('slice').value = String(busiestSlice(volume));
  redraw();
  const t = m.timing, sec = (ms: number): string => (ms / 1000).toFixed(2);
  $('progress-text').textContent += `: load ${sec(t.loadMs)} s, preprocess ${sec(t.prepareMs)} s, simulate ${sec(t.simulateMs)} s, rest ${sec(t.otherMs)} s; longest page stall ${maxStallMs.toFixed(0)} ms`;
  document.body.dataset.timing = JSON.stringify(t);
  document.body.dataset.stallMs = String(maxStallMs);
  setBusy(false);
}

function onReply(m: FromWorker): void {
  if (m.id !== runId) return;
  switch (m.kind) {
    case 'start': onStart(m); return;
    case 'slice': onSlice(m); return;
    case 'done': onDone(m); return;
    case 'raster': {
      const p = populations[m.population];
      if (p) drawRaster($<HTMLCanvasElement>('raster'), $('raster-text'), m, p);
      setBusy(false);
      return;
    }
    case 'error': showErrors(m.diagnostics); setBusy(false); return;
    default: { const never: never = m; throw new Error(`internal: unknown reply ${String(never)}`); }
  }
}

const fetched = new Map<string, Promise<NamedBlob>>();

async function chosenNetlist(): Promise<Choice['netlist']> {
  const sel = $<HTMLSelectElement>('network');
  if (sel.value === 'file') return choice.netlist;
  const n = manifest?.networks.find((x) => x.id === sel.value);
  if (n === undefined) return undefined;
  const once = fetched.get(n.id) ?? fetchBlob(n.file, `${n.id}.netlist.pb`);
  fetched.set(n.id, once);
  once.catch(() => fetched.delete(n.id));
  return once;
}

function heartbeat(): () => void {
  maxStallMs = 0;
  let last = performance.now();
  const h = setInterval(() => { const now = performance.now(); maxStallMs = Math.max(maxStallMs, now - last - 50); last = now; }, 50);
  return () => clearInterval(h);
}

async function run(): Promise<void> {
  if (busy) return;
  $('messages').replaceChildren();
  try {
    const netlist = await chosenNetlist();
    if (!choice.image) throw webError('HSNN6007', 'choose a volume first (drop one, pick one or click a sample)');
    if (!netlist) throw webError('HSNN6007', 'choose a network or load a .netlist.pb');
    for (const u of urls.splice(0)) URL.revokeObjectURL(u);
    for (const id of ['download', 'download-stats']) $(id).classList.add('hidden');
    $('dice').textContent = '';
    volume = undefined;
    setBusy(true);
    const stop = heartbeat();
    post({ kind: 'run', id: ++runId, wasmUrl: wasmUrl(), netlist, image: choice.image, ...(choice.label ? { label: choice.label } : {}), configs: configs() });
    const settle = new MutationObserver(() => { if (!busy) { stop(); settle.disconnect(); } });
    settle.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  } catch (e) {
    showError(e);
    setBusy(false);
  }
}

function setup(m: Manifest): void {
  manifest = m;
  const sel = $<HTMLSelectElement>('network');
  sel.replaceChildren(...m.networks.map((n) => new Option(`${n.title} — ${(n.bytes / 2 ** 20).toFixed(1)} MiB`, n.id)), new Option('loaded .netlist.pb', 'file'));
  $('samples').append(...m.samples.map((s) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = s.id;
    b.dataset.sample = s.id;
    b.onclick = () => void loadSample(s.id);
    return b;
  }));
  void preload();
}

async function loadSample(id: string): Promise<void> {
  const s = manifest?.samples.find((x) => x.id === id);
  if (!s) return;
  try {
    choice.image = await fetchBlob(s.image, `${s.id}.nii.gz`);
    choice.label = await fetchBlob(s.label, `${s.id}_label.nii.gz`);
    $('chosen').textContent = describe(choice);
    $('messages').replaceChildren();
  } catch (e) { showError(e); }
}

function wire(): void {
  const drop = $('drop');
  drop.ondragover = (e) => { e.preventDefault(); drop.classList.add('over'); };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    sortDropped([...(e.dataTransfer?.files ?? [])], choice);
    if (choice.netlist) { $<HTMLSelectElement>('network').value = 'file'; $('netlist-chosen').textContent = `Netlist: ${choice.netlist.name}`; void preload(); }
    $('chosen').textContent = describe(choice);
  };
  const pick = (id: string, set: (f: File) => void): void => {
    const input = $<HTMLInputElement>(id);
    input.onchange = () => { const f = input.files?.[0]; if (f) set(f); $('chosen').textContent = describe(choice); input.value = ''; };
  };
  pick('pick-image', (f) => { choice.image = { name: f.name, blob: f }; delete choice.label; });
  pick('pick-label', (f) => { choice.label = { name: f.name, blob: f }; });
  pick('pick-netlist', (f) => { choice.netlist = { name: f.name, blob: f }; $<HTMLSelectElement>('network').value = 'file'; $('netlist-chosen').textContent = `Netlist: ${f.name}`; void preload(); });
  $<HTMLSelectElement>('network').onchange = (e) => {
    if ((e.target as HTMLSelectElement).value !== 'file') $('netlist-chosen').textContent = '';
    void preload();
  };
  $('run').onclick = () => void run();
  $('stop').onclick = () => {
    restart([]);
    $('messages').replaceChildren(Object.assign(document.createElement('p'), { className: 'note', textContent: 'Run stopped (the simulator worker was replaced).' }));
  };
  $('slice').oninput = redraw;
  $('stack').addEventListener('wheel', (e) => {
    e.preventDefault();
    const s = $<HTMLInputElement>('slice');
    s.value = String(Math.min(Number(s.max), Math.max(0, Number(s.value) + Math.sign(e.deltaY))));
    redraw();
  }, { passive: false });
  $('raster-go').onclick = () => {
    if (busy || volume === undefined) return;
    setBusy(true);
    post({ kind: 'raster', id: runId, slice: Number($<HTMLInputElement>('raster-slice').value), population: Number($<HTMLSelectElement>('raster-layer').value) });
  };
}

wire();
fetchManifest().then(setup).catch(showError);
