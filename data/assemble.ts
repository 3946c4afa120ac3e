// Stacks preprocessed subjects into one SliceDataset (the contract in types.ts) and selects subjects
// out of one, e.g. the train/test subjects of a k-fold split. Used by the loader and the phantoms.
import { userError } from '../core/errors.js';
import type { PreprocessConfig, SliceDataset, SubjectInfo } from './types.js';
import type { RawSubject } from './volume.js';
import { preprocessSubject, validateConfig } from './preprocess.js';
import type { PreprocessedSubject } from './preprocess.js';

export function assembleDataset(config: PreprocessConfig, parts: readonly PreprocessedSubject[]): SliceDataset {
  const plane = config.height * config.width;
  const n = parts.reduce((acc, p) => acc + p.count, 0);
  const images = new Float32Array(n * plane);
  const masks = new Uint8Array(n * plane);
  const subjects: SubjectInfo[] = [];
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * plane);
    masks.set(p.masks, at * plane);
    subjects.push({
      id: p.id, sliceStart: at, sliceCount: p.count, shape: p.shape, croppedForeground: p.croppedForeground,
      ...(p.imagePath !== undefined ? { imagePath: p.imagePath } : {}),
      ...(p.labelPath !== undefined ? { labelPath: p.labelPath } : {}),
    });
    at += p.count;
  }
  return { config, images, masks, n, subjects };
}

/** Preprocess in-memory subjects (already validated) into a dataset. */
export function buildSliceDataset(subjects: readonly RawSubject[], config: PreprocessConfig): SliceDataset {
  validateConfig(config);
  return assembleDataset(config, subjects.map((s) => preprocessSubject(s, config)));
}

/** A new dataset holding only `ids`, in that order (slices copied). */
export function selectSubjects(ds: SliceDataset, ids: readonly string[]): SliceDataset {
  const byId = new Map(ds.subjects.map((s) => [s.id, s]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw userError('HSNN1013', `subject(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} not in the dataset (${ds.subjects.length} subjects)`);
  }
  if (new Set(ids).size !== ids.length) throw userError('HSNN1013', 'subject selection lists a subject twice');
  const plane = ds.config.height * ds.config.width;
  const parts = ids.map((id) => {
    const s = byId.get(id) as SubjectInfo;
    const from = s.sliceStart * plane;
    const to = (s.sliceStart + s.sliceCount) * plane;
    return {
      id, shape: s.shape, count: s.sliceCount, croppedForeground: s.croppedForeground ?? 0,
      images: ds.images.subarray(from, to), masks: ds.masks.subarray(from, to),
      ...(s.imagePath !== undefined ? { imagePath: s.imagePath } : {}),
      ...(s.labelPath !== undefined ? { labelPath: s.labelPath } : {}),
    };
  });
  return assembleDataset(ds.config, parts);
}
