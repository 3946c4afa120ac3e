// Every diagnostic code the compiler can emit, with a one-line meaning. compiler/README.md lists the same
// table; tests trigger each code with a minimal model. Codes are stable: never reuse or renumber one.

export const CODES = {
  // Mapping: the model does not fit the target.
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
  // Model: the checkpoint cannot be lowered.
  HSNN2101: 'unsupported layer (bias, batch norm or any tensor outside the U-Net layer list)',
  HSNN2102: 'NaN or infinite weight',
  HSNN2103: 'firing threshold ≤ 0 or not finite, or invalid u0 fraction / readout scale / T',
  HSNN2104: 'shape mismatch between weights, layers and populations',
  HSNN2105: 'a layer has no weight tensor or no threshold',
  HSNN2106: 'ANN checkpoint given without --thresholds, or a checkpoint kind hsnn cannot compile',
  // Inputs beside the checkpoint.
  HSNN2201: '--thresholds JSON unreadable or malformed',
  HSNN2202: '--rates JSON unreadable or malformed',
  HSNN2203: '--target-file JSON unreadable or malformed',
  HSNN2204: 'unknown target name or bad compile option',
  // Netlist files (decodeNetlist).
  HSNN2301: 'not a netlist: protobuf decoding failed',
  HSNN2302: 'unsupported netlist version',
  HSNN2303: 'a count or dimension exceeds the decoder\'s safety limits',
  HSNN2304: 'an index is out of range (population, projection, core)',
  HSNN2305: 'a weight list length does not match the projection geometry',
  HSNN2306: 'inconsistent CSR (row pointers, columns, values)',
  HSNN2307: 'inconsistent mapping (cores, slices, routes, hops)',
  HSNN2308: 'a value is out of range (enum, integer weight range, non-finite number)',
  // Input encoding.
  HSNN2401: 'direct (analog) input on a target that cannot take a host-injected input current',
  HSNN2402: 'the checkpoint\'s snn.encoding is neither \'poisson\' nor \'direct\'',
  HSNN2403: 'a netlist\'s input population kind, encoding and host-current projection disagree',
} as const;

export type DiagnosticCode = keyof typeof CODES;
