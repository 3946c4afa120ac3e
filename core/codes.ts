// The one registry of user-error codes (HSNNdddd) with a one-line meaning each. userError() and every
// diagnostic take a `Code`, so a code that is not listed here does not compile. The README of the folder
// that raises a code documents it too; test/core/codes.test.ts ties source, registry and READMEs together.
// Codes are stable: never reuse or renumber one. Ranges: 0xxx command line, 1xxx data and models,
// 2xxx compiler and netlist files, 4xxx simulator, 5xxx NIR interchange, 6xxx browser page, 7xxx report,
// 9xxx main job.

export const CODES = {
  // Command line (cli/).
  HSNN0001: 'command line not understood: unknown command or option, missing or malformed argument',
  // Data (data/).
  HSNN1001: 'file missing or unreadable (not found, a directory, no permission)',
  HSNN1002: 'corrupt or truncated gzip stream',
  HSNN1003: 'not a single-file NIfTI-1: too short, bad sizeof_hdr, bad magic, NIfTI-2, .hdr/.img pair',
  HSNN1004: 'not a 3D volume (dim[0] < 3, an extra dimension > 1, or an empty axis)',
  HSNN1005: 'unsupported NIfTI datatype, or bitpix disagreeing with it',
  HSNN1006: 'truncated voxel data (file shorter than vox_offset + voxels)',
  HSNN1007: 'image and label shapes disagree',
  HSNN1008: 'NaN or infinite intensities in an image',
  HSNN1009: 'label values that are not non-negative integers',
  HSNN1010: 'dataset folder missing, not a folder, or holding no image/label pairs',
  HSNN1011: 'malformed dataset.json (bad JSON, no training list, entry without image/label)',
  HSNN1012: 'image without label or label without image; a subject id listed twice',
  HSNN1013: 'subject selection: unknown id, bad max count, id listed twice',
  HSNN1014: 'invalid preprocessing config (axis, height, width, percentiles)',
  HSNN1015: 'invalid split arguments (folds, fold, fraction, too few or duplicate subjects)',
  HSNN1016: 'NIfTI writer or slice assembly: shape, data length or output name wrong',
  HSNN1017: 'invalid phantom options (count, seed, shape)',
  // Checkpoint files (models/).
  HSNN1100: 'checkpoint file not found, not a regular file, or unreadable',
  HSNN1101: 'corrupt checkpoint: bad magic, version, header or tensor table',
  // ANN (models/unet/).
  HSNN1201: 'ANN checkpoint weights do not match its architecture',
  HSNN1202: 'invalid architecture, or slices that do not fit it, or an empty dataset',
  HSNN1203: 'bad option value (out of range, unknown name, options that exclude each other)',
  HSNN1204: 'cannot resume or reuse a checkpoint: its training record is missing, invalid or different',
  HSNN1205: 'checkpoint is not an ANN checkpoint',
  HSNN1206: 'the checkpoint records no split, so the requested subjects are unknown',
  HSNN1207: 'a training step ran out of the tfjs backend\'s memory',
  HSNN1208: 'training collapsed: no foreground found for several epochs in a row (a saturated, dead network)',
  // SNN (models/snn/).
  HSNN1301: 'checkpoint is not an SNN checkpoint',
  HSNN1302: 'SNN checkpoint content invalid (thresholds, T, layer list)',
  HSNN1303: 'bad --method for the current statistics (not max or a percentile)',
  HSNN1304: 'no calibration slices: no training split recorded or none of its subjects in the dataset',
  HSNN1305: 'fine-tuning: the ANN\'s split is not recorded, no longer reproducible, or would leak test subjects',
  HSNN1306: 'experiment folder missing or its result files unreadable',
  HSNN1307: 'SNN checkpoints that cannot be averaged (fewer than 2, or different layers, preprocessing or folds)',
  HSNN1310: 'experiment stage file unreadable or made with other settings (checkpoint, T, subjects, engine)',
  HSNN1311: 'experiment job folder was started with another config than this run asks for',
  HSNN1312: 'low-latency experiment job: the paper-recipe ANN is missing or does not fit the job (fold, loss, seed, activation, split)',
  HSNN1313: 'Table 1 folder whose jobs were run with different configs (or have none recorded)',
  HSNN1314: 'hsnn table --readme: the file is missing, or lacks exactly one begin and one end marker in that order',
  // Low-latency conversion: QCFS ANN, direct input, spike budget (models/unet/, models/snn/).
  HSNN1400: 'bad or missing --levels (qcfs quantisation levels L: an integer >= 1)',
  HSNN1401: 'bad --activation, or --levels without --activation qcfs',
  HSNN1402: 'bad activation header, or a qcfs clip λ that is missing, 0, negative or not finite (names the layer)',
  HSNN1403: 'bad --init-from: not a ReLU ANN, or its fold split, preprocessing or architecture differ',
  HSNN1404: 'bad --encoding, or a calibration option given for a qcfs conversion (which has none)',
  HSNN1405: '--sop-weight below 0',
  HSNN1410: 'bad --threshold-lr, or --threshold-lr without --learn-thresholds',
  HSNN1411: 'warning: an explicit compile --pool differs from the pool mode the SNN checkpoint was fine-tuned with (snn.pool)',
  // Integrity and misuse of files and backends (issue 12; formats/, core/atomic.ts, data/, models/backend/).
  HSNN1501: 'checkpoint checksum missing (version 2) or mismatched: the file is corrupt',
  HSNN1502: 'an output cannot be written: a parent is a regular file, the path is an existing folder, no permission, or the folder cannot be created',
  HSNN1503: 'unknown --backend, or the forced tfjs backend failed to initialise',
  HSNN1504: 'a volume over the voxel limit (HSNN_MAX_VOXELS), or a gzip stream inflating past its stated size',
  HSNN1505: 'a dataset.json entry whose path resolves outside the dataset folder',
  HSNN1506: 'a label on another voxel grid than its image (spacing or transform differ), though the shapes match',
  // Mapping: the model does not fit the target (compiler/).
  HSNN2001: 'a layer\'s fan-in (distinct source neurons per core) exceeds the per-core axon limit even for one neuron',
  HSNN2002: 'a layer\'s synapse memory per core exceeds the limit even for one output channel',
  HSNN2003: 'the model needs more cores than the target\'s chips allow',
  HSNN2004: 'Speck: a layer does not fit any core\'s kernel or neuron memory (formula named)',
  HSNN2005: 'Speck: layers cannot all be assigned to distinct cores (more layers than cores, or no matching)',
  HSNN2006: 'a core sends to more destination cores than the target allows',
  HSNN2007: 'a projection kind or kernel shape the target cannot run (e.g. transposed conv on Speck)',
  HSNN2008: 'a core\'s output axons (fan-out) exceed the per-core limit',
  HSNN2009: 'the requested weight format is wider than the target stores',
  HSNN2010: 'TrueNorth: a neuron must reach more than one core, but a TrueNorth neuron targets one axon',
  // Model: the checkpoint cannot be lowered (compiler/).
  HSNN2101: 'unsupported layer (bias, batch norm or any tensor outside the U-Net layer list)',
  HSNN2102: 'NaN or infinite weight',
  HSNN2103: 'firing threshold ≤ 0 or not finite, or invalid u0 fraction / readout scale / T',
  HSNN2104: 'shape mismatch between weights, layers and populations',
  HSNN2105: 'a layer has no weight tensor or no threshold',
  HSNN2106: 'ANN checkpoint given without --thresholds, or a checkpoint kind hsnn cannot compile',
  // Inputs beside the checkpoint (compiler/).
  HSNN2201: '--thresholds JSON unreadable or malformed',
  HSNN2202: '--rates JSON unreadable or malformed',
  HSNN2203: '--target-file JSON unreadable or malformed',
  HSNN2204: 'unknown target name or bad compile option',
  // Netlist files (decodeNetlist, compiler/emit/).
  HSNN2301: 'netlist file unreadable, or not a netlist (protobuf decoding failed)',
  HSNN2302: 'unsupported netlist version',
  HSNN2303: 'a count or dimension exceeds the decoder\'s safety limits',
  HSNN2304: 'an index is out of range (population, projection, core)',
  HSNN2305: 'a weight list length does not match the projection geometry',
  HSNN2306: 'inconsistent CSR (row pointers, columns, values)',
  HSNN2307: 'inconsistent mapping (cores, slices, routes, hops)',
  HSNN2308: 'a value is out of range (enum, integer weight range, non-finite number, threshold ≤ 0, leak or bias)',
  // Integrity and misuse (issue 12).
  HSNN2501: 'netlist file is corrupt: its sha256 seal is missing (version ≥ 2) or does not match',
  HSNN2502: '--thresholds given for an SNN checkpoint without --override-thresholds',
  // Input encoding (compiler/, proto/).
  HSNN2401: 'direct (analog) input on a target that cannot take a host-injected input current',
  HSNN2402: 'the checkpoint\'s snn.encoding is neither \'poisson\' nor \'direct\'',
  HSNN2403: 'a netlist\'s input population kind, encoding and host-current projection disagree',
  // Simulator and `hsnn run` (runtime-wasm/).
  HSNN4001: 'netlist structure the simulator cannot run (fewer than 2 populations, no path to the readout, bad timing figures)',
  HSNN4003: 'inconsistent core mapping (slices out of range, neurons not covered exactly once, chip vs mesh position, route too long)',
  HSNN4004: 'the simulation needs more memory than WebAssembly allows or than --max-memory permits',
  HSNN4005: 'the simulator module runtime-wasm/build/hsnn.wasm is missing or cannot be instantiated',
  HSNN4006: 'bad simulation input (image size, T, mode, threads)',
  HSNN4401: 'direct input: encoding, input kind and host-current projection disagree, or the target cannot take a host input current',
  HSNN4010: 'run input: volume, label or folder not found or unreadable',
  HSNN4011: 'run input: preprocessing config not found (netlist source checkpoint missing) or geometry mismatch',
  HSNN4060: '`hsnn run --synthetic` combined with an option that needs data (--input, --label, --fold, --subjects, --checkpoint)',
  HSNN4061: '`hsnn run` input choice: neither --input nor --synthetic, --seed/--slices without --synthetic, or a bad --seed/--slices value',
  // Browser page (web/).
  HSNN6001: 'volume or label too large for the page (the voxels its header claims)',
  HSNN6002: 'no preprocessing config for a loaded netlist (its source checkpoint is not bundled and its input is not the default 64×48 geometry)',
  HSNN6003: 'a bundled file (sample, shipped netlist, simulator module, manifest) could not be fetched or compiled',
  HSNN6004: 'a Node-only function (file system, threads) was reached in the page',
  HSNN6005: 'netlist file too large for the page',
  HSNN6006: 'the simulator worker stopped unexpectedly (out of memory, crash); the page restarted it',
  HSNN6007: 'nothing to run: no volume or no netlist chosen, or a raster asked for before a run',
  // NIR interchange (nir/).
  HSNN5001: 'the file cannot be read, is not HDF5, or is corrupt/truncated HDF5',
  HSNN5002: 'not a NIR graph: /node or its type, nodes or edges missing or malformed',
  HSNN5003: 'unknown node type (neither official NIR nor an hsnn extension)',
  HSNN5004: 'a NIR node type or parameter value hsnn cannot compile (names the node, field and value)',
  HSNN5005: 'a required field is missing or has the wrong type, rank or length',
  HSNN5006: 'shapes do not chain along an edge',
  HSNN5007: 'graph structure: edge to an unknown node, a cycle, no or several inputs/outputs, unreachable node',
  HSNN5008: 'a NaN or infinite value in a field',
  HSNN5009: 'a node too large for any hsnn target (read is refused before the data is loaded)',
  HSNN5010: '--portable export refused: the network needs hsnn extension nodes (names the layers)',
  HSNN5011: 'export-nir / NIR compile option or model argument invalid (--dt, --reset, --timesteps, MODEL)',
  HSNN5012: 'warning: an assumption the importer made (reset mode, T, dt)',
  // Report (report/).
  HSNN7001: 'energy model file unreadable',
  HSNN7002: 'energy model file malformed (JSON, fields, units)',
  HSNN7003: 'unknown energy model name',
  HSNN7010: 'run stats.json unreadable or not JSON',
  HSNN7011: 'run stats.json malformed (missing or invalid counters)',
  HSNN7030: 'checkpoint architecture is not a valid U-Net',
  HSNN7040: 'rates JSON malformed',
  HSNN7041: 'Dice-vs-T curve file malformed',
  HSNN7042: 'overlay slices file malformed or its slices the wrong size',
  HSNN7043: 'an optional input file exists but is unreadable or not JSON',
  HSNN7050: 'overlays: prediction or subject not found, or a prediction of the wrong shape',
  HSNN7051: 'bad --overlay-slices value',
  // Energy views and `hsnn sweep` (report/, cli/).
  HSNN7400: 'bad --ann-buffer-kb (not a size in (0, 1048576] KB)',
  HSNN7410: 'sweep checkpoints differ in their fold split',
  HSNN7411: 'bad sweep option or input (checkpoint, data folder, T, fold, subjects, ann-dice)',
  HSNN7412: 'a sweep stage failed, a run has no Dice, or the ANN is not scored on every sweep subject',
  // Integrity and misuse (issue 12).
  HSNN7501: '--ann is a U-Net of another size than the netlist (base, depth or input differ)',
  HSNN7502: 'an energy model gives a non-finite energy (costs that overflow)',
  // Main job (cli/pipeline).
  HSNN9001: 'a pipeline stage failed or did not write its output',
  HSNN9002: 'bad pipeline option (negative budget, --data folder missing)',
  HSNN9003: '--pretrained: a shipped model file is missing',
  // Integrity and misuse (issue 12; cli/, core/same-file.ts).
  HSNN9501: 'an output path is one of the inputs (same file, hard link or symlink)',
  HSNN9502: 'a number option\'s raw value is not a number; the message echoes what was typed',
  HSNN9599: 'internal error (a bug in hsnn); rerun with --debug for the stack',
} as const;

/** Codes no longer raised, with what replaced them. Never reuse one. */
export const RETIRED = {
  HSNN4002: 'simulator-side weight/geometry/CSR checks; proto/decode.ts reports these as HSNN2305, HSNN2306, HSNN2308',
  HSNN4007: 'simulator-side netlist read and version errors; proto/decode.ts reports these as HSNN2301, HSNN2302',
  HSNN4501: 'simulator-side netlist sha256 seal check; proto/decode.ts checks the seal once for every reader (HSNN2501)',
} as const;

/** Every user-error code hsnn can raise. */
export type Code = keyof typeof CODES;

/** The compiler's codes (HSNN2xxx): what its diagnostic sink accepts. */
export type CompilerCode = Extract<Code, `HSNN2${string}`>;

/** The simulator's codes (HSNN4xxx). */
export type SimCode = Extract<Code, `HSNN4${string}`>;

export function isCode(s: string): s is Code {
  return Object.hasOwn(CODES, s);
}
