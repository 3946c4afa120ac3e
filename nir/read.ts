// Reader: HDF5 tree (nir/hdf5.ts) → NirGraph. Checks the file layout and, per node, every field of the
// node-type table: presence, dtype, finiteness and size. Every problem of the file is collected and
// thrown together; each message names the file, the node and the field.
import { readHdf5, type H5Data, type H5Tree } from './hdf5.js';
import { NirProblems } from './codes.js';
import { NODE_TYPES, UNSUPPORTED_TYPES, isNirType, type FieldSpec, type MetaValue, type NirArray, type NirGraph, type NirNode } from './types.js';

function scalarString(d: H5Data | undefined): string | undefined {
  return d && d.kind === 'string' && d.shape.length === 0 ? d.data[0] : undefined;
}

function readMetadata(t: H5Tree | undefined): Map<string, MetaValue> {
  const out = new Map<string, MetaValue>();
  for (const [k, d] of t?.datasets ?? []) {
    if (d.kind === 'string' && d.data.length === 1) out.set(k, d.data[0] as string);
    else if (d.kind === 'float' && d.data.length === 1) out.set(k, (d.f64 ?? d.data)[0] as number);
    else if (d.kind === 'int' && d.data.length === 1) out.set(k, d.data[0] as number);
  }
  return out;
}

interface Parsed {
  floats: Map<string, NirArray>;
  ints: Map<string, readonly number[]>;
  padMode?: 'same' | 'valid';
}

function parseField(at: string, spec: FieldSpec, d: H5Data, out: Parsed, P: NirProblems): void {
  const where = `${at} field '${spec.key}'`;
  if (d.kind === 'large') { P.add('HSNN5009', `${where}: [${d.shape.join(', ')}] is ${d.shape.reduce((a, b) => a * b, 1).toLocaleString('en-US')} values; hsnn reads at most 2^26 per field and no target holds a node this large`); return; }
  if (spec.kind === 'pad' && d.kind === 'string') {
    const s = d.data[0];
    if (s === 'same' || s === 'valid') out.padMode = s;
    else P.add('HSNN5005', `${where}: string '${String(s)}' is not 'same' or 'valid'`);
    return;
  }
  if (spec.kind === 'float') {
    if (d.kind !== 'float' && d.kind !== 'int') { P.add('HSNN5005', `${where}: expected a float array, found ${d.kind === 'other' ? d.what : `a ${d.kind} dataset`}`); return; }
    const data = Float32Array.from(d.data);
    const bad = data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) P.add('HSNN5008', `${where}: value ${data[bad]} at flat index ${bad} is not finite`);
    out.floats.set(spec.key, { shape: d.shape, data });
    return;
  }
  if (d.kind !== 'int') { P.add('HSNN5005', `${where}: expected integers, found ${d.kind === 'other' ? d.what : `a ${d.kind} dataset`}`); return; }
  out.ints.set(spec.key, d.data);
}

function readNode(file: string, name: string, t: H5Tree, P: NirProblems): NirNode | undefined {
  const type = scalarString(t.datasets.get('type'));
  const at = `${file}: node '${name}'`;
  if (type === undefined) { P.add('HSNN5005', `${at}: field 'type' is missing or not a string`); return undefined; }
  if (!isNirType(type)) {
    const why = UNSUPPORTED_TYPES[type];
    if (why) P.add('HSNN5004', `${at}: node type '${type}' is not supported: ${why}`);
    else P.add('HSNN5003', `${at}: unknown node type '${type}' (hsnn reads ${Object.keys(NODE_TYPES).join(', ')})`);
    return undefined;
  }
  const parsed: Parsed = { floats: new Map(), ints: new Map() };
  const specs = NODE_TYPES[type].fields as readonly FieldSpec[];
  const before = P.list.length;
  for (const spec of specs) {
    const d = t.datasets.get(spec.key);
    if (d) parseField(`${at} (${type})`, spec, d, parsed, P);
    else if (spec.required) P.add('HSNN5005', `${at} (${type}): required field '${spec.key}' is missing`);
  }
  for (const k of t.datasets.keys()) {
    if (k !== 'type' && !specs.some((s) => s.key === k)) P.warn(`${at} (${type}): field '${k}' is not part of ${type} and was ignored (official readers reject it)`);
  }
  if (P.list.length > before) return undefined;
  return { name, type, ...parsed, metadata: readMetadata(t.groups.get('metadata')) };
}

function readEdges(file: string, d: H5Data | undefined, P: NirProblems): [string, string][] {
  if (!d) { P.add('HSNN5002', `${file}: /node/edges is missing`); return []; }
  if (d.kind !== 'string' || d.data.length % 2 !== 0 || (d.data.length > 0 && (d.shape.length !== 2 || d.shape[1] !== 2))) {
    P.add('HSNN5002', `${file}: /node/edges must be an [N, 2] array of node names, found ${d.kind} [${d.shape.join(', ')}]`);
    return [];
  }
  const out: [string, string][] = [];
  for (let k = 0; k < d.data.length; k += 2) out.push([d.data[k] as string, d.data[k + 1] as string]);
  return out;
}

/** Parse a tree; throws one HsnnError listing every problem. Returns the graph and reader warnings. */
export function parseNir(file: string, tree: H5Tree): { graph: NirGraph; warnings: NirProblems['warnings'] } {
  const P = new NirProblems();
  const root = tree.groups.get('node');
  const type = scalarString(root?.datasets.get('type'));
  const nodesGroup = root?.groups.get('nodes');
  if (!root || type !== 'NIRGraph' || !nodesGroup) {
    P.add('HSNN5002', `${file}: not a NIR graph (${!root ? 'no /node group' : type !== 'NIRGraph' ? `/node/type is ${type === undefined ? 'missing' : `'${type}'`}, expected 'NIRGraph'` : 'no /node/nodes group'})`);
    P.throwIfAny();
  }
  const nodes = new Map<string, NirNode>();
  for (const [name, t] of nodesGroup?.groups ?? []) {
    const n = readNode(file, name, t, P);
    if (n) nodes.set(name, n);
  }
  const edges = readEdges(file, root?.datasets.get('edges'), P);
  P.throwIfAny();
  const version = scalarString(tree.datasets.get('version')) ?? '';
  return { graph: { version, nodes, edges, metadata: readMetadata(root?.groups.get('metadata')) }, warnings: P.warnings };
}

export async function readNir(path: string): Promise<{ graph: NirGraph; warnings: NirProblems['warnings'] }> {
  return parseNir(path, await readHdf5(path));
}
