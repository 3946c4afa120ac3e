// Integrity of a checkpoint file. Version 2 headers carry `checksum: 'sha256:<hex>'`, the SHA-256 of the
// header JSON without that field followed by the whole data block, so a flipped bit anywhere (a threshold
// digit in the header or a weight) is caught on load. Version 1 files carry none and still load.
import { createHash } from 'node:crypto';

export const CHECKSUM_PREFIX = 'sha256:';

/** `headerJson` is JSON.stringify of the header minus `checksum`; `data` is every byte after the header pad. */
export function checkpointDigest(headerJson: string, data: Uint8Array): string {
  return `${CHECKSUM_PREFIX}${createHash('sha256').update(headerJson, 'utf8').update(data).digest('hex')}`;
}

/** Why a decoded header is not a checkpoint header, or undefined; checked before any field is trusted. */
export function headerShapeProblem(h: unknown): string | undefined {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(h)) return `header is not a JSON object (${h === null ? 'null' : Array.isArray(h) ? 'an array' : typeof h})`;
  for (const key of ['arch', 'preprocess', 'training'] as const) if (!isObj(h[key])) return `header has no '${key}' object`;
  const arch = h.arch as Record<string, unknown>;
  for (const key of ['base', 'depth', 'inChannels', 'height', 'width', 'dropout']) {
    if (typeof arch[key] !== 'number' || !Number.isFinite(arch[key])) return `arch.${key} is not a finite number`;
  }
  if (h.kind !== 'ann' && h.kind !== 'snn') return `kind '${String(h.kind)}' is not 'ann' or 'snn'`;
  if (h.kind === 'snn' && !isObj(h.snn)) return "kind 'snn' without an 'snn' object";
  if (isObj(h.snn) && !isObj(h.snn.thresholds)) return "snn.thresholds is not an object of per-layer numbers";
  if (!Array.isArray(h.tensors)) return 'header has no tensor list';
  const i = h.tensors.findIndex((e) => !isObj(e) || typeof e.name !== 'string');
  if (i >= 0) return `tensor table entry is not an object with a name (entry ${i})`;
  return undefined;
}
