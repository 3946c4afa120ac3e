// Finds the image/label pairs of a dataset folder. Accepted layouts, tried in this order:
//   1. MSD:      dataset.json with training: [{image, label}] (paths relative to the folder)
//   2. folders:  images/ + labels/ (or imagesTr/ + labelsTr/) holding files with identical names
//   3. suffix:   one flat folder with X.nii.gz + X_label.nii.gz (also _labels, _seg, _mask)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HsnnError, userError } from '../core/errors.js';
import type { Diagnostic } from '../core/errors.js';

export interface SubjectFiles {
  readonly id: string;
  readonly image: string;
  readonly label: string;
}

export interface DatasetLayout {
  readonly kind: 'msd' | 'folders' | 'suffix';
  /** Sorted by id. */
  readonly pairs: readonly SubjectFiles[];
}

export const LABEL_SUFFIXES = ['_label', '_labels', '_seg', '_mask'] as const;
const FOLDER_PAIRS = [['images', 'labels'], ['imagesTr', 'labelsTr']] as const;

/** 'hippocampus_001.nii.gz' → 'hippocampus_001'; undefined when not a NIfTI name. */
export function niftiStem(name: string): string | undefined {
  if (name.endsWith('.nii.gz')) return name.slice(0, -7);
  if (name.endsWith('.nii')) return name.slice(0, -4);
  return undefined;
}

/** NIfTI files of a folder, skipping hidden files (MSD archives carry macOS '._x.nii.gz' debris). */
function niftiFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('.') && niftiStem(f) !== undefined && statSync(join(dir, f)).isFile()).sort();
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function checkIds(pairs: SubjectFiles[], dir: string): SubjectFiles[] {
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.id)) throw userError('HSNN1012', `dataset ${dir}: subject id '${p.id}' appears twice`);
    seen.add(p.id);
  }
  return pairs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function readMsd(dir: string): SubjectFiles[] {
  const file = join(dir, 'dataset.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw userError('HSNN1011', `dataset ${file}: not valid JSON (${(e as Error).message})`);
  }
  const training = (json as { training?: unknown } | null)?.training;
  if (!Array.isArray(training) || training.length === 0) {
    throw userError('HSNN1011', `dataset ${file}: needs a non-empty "training" list of {"image", "label"} entries`);
  }
  const pairs = training.map((entry: unknown, i): SubjectFiles => {
    const e = entry as { image?: unknown; label?: unknown } | null;
    if (typeof e?.image !== 'string' || typeof e.label !== 'string') {
      throw userError('HSNN1011', `dataset ${file}: training[${i}] needs string "image" and "label" paths`);
    }
    const id = niftiStem(basename(e.image)) ?? basename(e.image);
    return { id, image: resolve(dir, e.image), label: resolve(dir, e.label) };
  });
  return checkIds(pairs, file);
}

function readFolders(dir: string, imagesDir: string, labelsDir: string): SubjectFiles[] {
  const images = niftiFiles(join(dir, imagesDir));
  const labels = new Set(niftiFiles(join(dir, labelsDir)));
  const problems: Diagnostic[] = [];
  for (const f of images) if (!labels.has(f)) problems.push({ code: 'HSNN1012', message: `dataset ${dir}: image ${imagesDir}/${f} has no ${labelsDir}/${f}` });
  for (const f of labels) if (!images.includes(f)) problems.push({ code: 'HSNN1012', message: `dataset ${dir}: label ${labelsDir}/${f} has no ${imagesDir}/${f}` });
  if (problems.length > 0) throw new HsnnError(problems);
  const pairs = images.map((f) => ({ id: niftiStem(f) as string, image: join(dir, imagesDir, f), label: join(dir, labelsDir, f) }));
  return checkIds(pairs, dir);
}

function labelStemOf(stem: string): string | undefined {
  const suffix = LABEL_SUFFIXES.find((s) => stem.endsWith(s));
  return suffix === undefined ? undefined : stem.slice(0, -suffix.length);
}

function readSuffix(dir: string, files: readonly string[]): SubjectFiles[] {
  const images = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const f of files) {
    const stem = niftiStem(f) as string;
    const owner = labelStemOf(stem);
    if (owner !== undefined) labels.set(owner, f);
    else images.set(stem, f);
  }
  const problems: Diagnostic[] = [];
  for (const [id, f] of images) if (!labels.has(id)) problems.push({ code: 'HSNN1012', message: `dataset ${dir}: image ${f} has no label (expected ${id}_label.nii.gz)` });
  for (const [id, f] of labels) if (!images.has(id)) problems.push({ code: 'HSNN1012', message: `dataset ${dir}: label ${f} has no image ${id}.nii.gz` });
  if (problems.length > 0) throw new HsnnError(problems);
  const pairs = [...images].map(([id, f]) => ({ id, image: join(dir, f), label: join(dir, labels.get(id) as string) }));
  return checkIds(pairs, dir);
}

function detect(dir: string): DatasetLayout | undefined {
  if (existsSync(join(dir, 'dataset.json'))) return { kind: 'msd', pairs: readMsd(dir) };
  const folders = FOLDER_PAIRS.find(([i, l]) => isDir(join(dir, i)) && isDir(join(dir, l)));
  if (folders) return { kind: 'folders', pairs: readFolders(dir, folders[0], folders[1]) };
  const files = niftiFiles(dir);
  return files.length > 0 ? { kind: 'suffix', pairs: readSuffix(dir, files) } : undefined;
}

export function findSubjects(dir: string): DatasetLayout {
  if (!isDir(dir)) throw userError('HSNN1010', `dataset ${dir}: ${existsSync(dir) ? 'is not a folder' : 'folder not found'}`);
  const layout = detect(dir);
  if (!layout || layout.pairs.length === 0) {
    throw userError('HSNN1010', `dataset ${dir}: no image/label pairs found; expected dataset.json (MSD), images/ + labels/, or X.nii.gz + X_label.nii.gz files`);
  }
  return layout;
}
