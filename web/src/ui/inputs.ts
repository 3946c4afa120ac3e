// What the user chose: a volume, an optional label and a netlist, each a named Blob (dropped, picked
// or fetched from the site). Dropped files are sorted by name: .pb is a netlist; of two volumes the
// one named like a label (label, seg, mask) — else the second — is the label.
import { webError } from '../codes.js';
import type { Manifest, NamedBlob } from '../protocol.js';

export interface Choice {
  image?: NamedBlob;
  label?: NamedBlob;
  netlist?: NamedBlob;
}

const LABEL_HINT = /label|seg|mask|_gt\b/i;

export function sortDropped(files: readonly File[], into: Choice): void {
  const nets = files.filter((f) => /\.pb$/i.test(f.name));
  const vols = files.filter((f) => !/\.pb$/i.test(f.name));
  const net = nets[0];
  if (net) into.netlist = { name: net.name, blob: net };
  if (vols.length === 0) return;
  const hinted = vols.find((f) => LABEL_HINT.test(f.name));
  const image = vols.find((f) => f !== hinted) ?? vols[0];
  const label = vols.length > 1 ? (hinted ?? vols[1]) : undefined;
  if (image) into.image = { name: image.name, blob: image };
  if (label && label !== image) into.label = { name: label.name, blob: label };
  else delete into.label;
}

export async function fetchBlob(url: string, name: string): Promise<NamedBlob> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw webError('HSNN6003', `${name}: cannot fetch ${url} (${(e as Error).message})`);
  }
  if (!res.ok) throw webError('HSNN6003', `${name}: ${url} answered HTTP ${res.status}`);
  return { name, blob: await res.blob() };
}

export async function fetchManifest(): Promise<Manifest> {
  const m = await fetchBlob('generated/manifest.json', 'manifest.json');
  try {
    return JSON.parse(await m.blob.text()) as Manifest;
  } catch (e) {
    throw webError('HSNN6003', `manifest.json is not JSON (${(e as Error).message}); rebuild the site with npm run build:web`);
  }
}

export function describe(c: Choice): string {
  if (!c.image) return 'No volume chosen.';
  const kb = (b: Blob): string => `${(b.size / 1024).toFixed(0)} KB`;
  return `Volume: ${c.image.name} (${kb(c.image.blob)})${c.label ? `, label: ${c.label.name} (${kb(c.label.blob)})` : ', no label'}.`;
}
