// Messages between the page (main thread) and the simulator worker, and the manifest the asset build
// writes. Only plain data and transferable typed arrays cross; the worker owns every simulator handle.
import type { Diagnostic } from '../../core/errors.js';
import type { PreprocessConfig } from '../../data/types.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';

/** generated/manifest.json, written by web/scripts/build-assets.ts. */
export interface Manifest {
  readonly wasm: string;
  readonly networks: readonly ManifestNetwork[];
  readonly samples: readonly { readonly id: string; readonly image: string; readonly label: string }[];
}

export interface ManifestNetwork {
  readonly id: string;
  readonly title: string;
  /** Site-relative path of the .netlist.pb. */
  readonly file: string;
  readonly T: number;
  readonly bytes: number;
  /** The checkpoint it was compiled from, and its sha256 (a loaded netlist recording it reuses `preprocess`). */
  readonly checkpoint: string;
  readonly checkpointSha256: string;
  readonly preprocess: PreprocessConfig;
  /** The hsnn commands that built it. */
  readonly commands: readonly string[];
}

export interface NamedBlob { readonly name: string; readonly blob: Blob }

export interface RunRequest {
  readonly kind: 'run';
  readonly id: number;
  readonly wasmUrl: string;
  readonly netlist: NamedBlob;
  readonly image: NamedBlob;
  readonly label?: NamedBlob;
  /** Preprocessing configs of the bundled checkpoints, by sha256. */
  readonly configs: readonly { readonly sha256: string; readonly name: string; readonly config: PreprocessConfig }[];
}

export interface RasterRequest { readonly kind: 'raster'; readonly id: number; readonly slice: number; readonly population: number }

/** Decode and load a netlist ahead of the run (the network picker changed); failures are left to the run to report. */
export interface PreloadRequest {
  readonly kind: 'preload';
  readonly id: number;
  readonly wasmUrl: string;
  readonly netlist: NamedBlob;
  readonly configs: RunRequest['configs'];
}

export type ToWorker = RunRequest | RasterRequest | PreloadRequest;

export interface PopulationInfo { readonly name: string; readonly kind: string; readonly neurons: number; readonly C: number; readonly H: number; readonly W: number }

export interface EnergyModelRow { readonly id: string; readonly title: string; readonly snnPj: number; readonly annOverSnn: number }
export interface EnergyLayerRow { readonly name: string; readonly snnPj: number; readonly annPj: number; readonly sops: number }

/** One view of the report's fair energy matrix (report/energy/views.ts), per slice. */
export interface EnergyMatrixRow {
  readonly id: string;
  readonly title: string;
  readonly mixesNodes: boolean;
  readonly annPj: number;
  readonly snnPj: number;
  /** E_ANN / E_SNN: above 1 the SNN uses less. */
  readonly ratio: number;
  /** Break-even spikes per synapse per inference and T × rate (null: unknown; scale 0: no rate ties). */
  readonly scale: number | null;
  readonly spikesPerSynapse: { readonly measured: number; readonly breakEven: number | null };
  readonly tRate: { readonly measured: number; readonly breakEven: number | null };
  /** The report's one sentence: who wins, by how much, and the break-even. */
  readonly sentence: string;
  /** The row as `hsnn report` prints it (report/render/views.ts matrixTable), one string per column of `EnergyView.matrix.head`. */
  readonly cells: readonly string[];
}

/** A table as the report renders it (head, rows of strings, note). */
export interface TextTable { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly note: string }

/** What the page shows of the report's energy (per slice), from web/src/worker/energy.ts. */
export interface EnergyView {
  /** The fair matrix `hsnn report` leads with: rows = views, like-for-like first, then the target vs accelerators. */
  readonly matrix: { readonly head: readonly string[]; readonly rows: readonly EnergyMatrixRow[]; readonly note: string };
  /** Energy per layer and slice in each view (report/render/views.ts viewLayersTable). */
  readonly viewLayers: TextTable;
  readonly primary: string;
  readonly why: string;
  readonly annPj: number;
  readonly models: readonly EnergyModelRow[];
  readonly layers: readonly EnergyLayerRow[];
}

export interface StartReply {
  readonly kind: 'start';
  readonly id: number;
  readonly volumeId: string;
  readonly netlistName: string;
  readonly T: number;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count · height · width preprocessed intensities, and label masks when a label was given. */
  readonly images: Float32Array;
  readonly truth?: Uint8Array;
  readonly populations: readonly PopulationInfo[];
  readonly notes: readonly string[];
}

export interface SliceReply {
  readonly kind: 'slice';
  readonly id: number;
  readonly slice: number;
  readonly done: number;
  readonly mask: Uint8Array;
  /** Merged over the slices done so far. */
  readonly stats: SimStats;
  readonly energy: EnergyView;
}

export interface DoneReply {
  readonly kind: 'done';
  readonly id: number;
  /** The same record `hsnn run` writes as stats.json (wallMs is this page's). */
  readonly stats: SimStats;
  readonly energy: EnergyView;
  readonly dice?: number;
  /** <id>_pred.nii.gz on the input's grid. */
  readonly prediction: Uint8Array;
  readonly predictionName: string;
  /** Worker time: wasm + netlist + volume reading and decoding, preprocessing, simulation, the rest (energy, posting, encoding). */
  readonly timing: { readonly loadMs: number; readonly prepareMs: number; readonly simulateMs: number; readonly otherMs: number };
}

export interface RasterReply {
  readonly kind: 'raster';
  readonly id: number;
  readonly slice: number;
  readonly population: number;
  readonly steps: number;
  readonly neurons: number;
  /** Pairs (step, neuron CHW index) of every spike of the population in that slice's run. */
  readonly spikes: Uint32Array;
}

/** A coded diagnostic, or an unexpected error of the page itself (code 'internal', a bug to report). */
export type PageDiagnostic = Diagnostic | { readonly code: 'internal'; readonly message: string };

export interface ErrorReply { readonly kind: 'error'; readonly id: number; readonly diagnostics: readonly PageDiagnostic[]; readonly internal: boolean }

export type FromWorker = StartReply | SliceReply | DoneReply | RasterReply | ErrorReply;
