// loadDataset: a dataset folder (any layout in layout.ts) → validated, preprocessed SliceDataset.
// Every subject is read and checked before failing, so one run reports every bad file at once.
import { HsnnError, userError } from '../core/errors.js';
import type { Diagnostic } from '../core/errors.js';
import type { PreprocessConfig, SliceDataset } from './types.js';
import type { RawSubject } from './volume.js';
import { validatePair } from './volume.js';
import { readNifti } from './nifti-read.js';
import { findSubjects } from './layout.js';
import type { SubjectFiles } from './layout.js';
import { DEFAULT_PREPROCESS, preprocessSubject, validateConfig } from './preprocess.js';
import type { PreprocessedSubject } from './preprocess.js';
import { assembleDataset } from './assemble.js';

export interface LoadOptions {
  /** Only these subject ids (e.g. 'hippocampus_001'); unknown ids are an error. */
  readonly subjects?: readonly string[];
  /** At most this many subjects (the first by id, after the `subjects` filter). */
  readonly maxSubjects?: number;
}

/** The subject files `loadDataset` would read, after the id filter and the count limit. */
export function listSubjects(dir: string, opts: LoadOptions = {}): SubjectFiles[] {
  let pairs = [...findSubjects(dir).pairs];
  if (opts.subjects !== undefined) {
    const known = new Set(pairs.map((p) => p.id));
    const unknown = opts.subjects.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw userError('HSNN1013', `dataset ${dir}: no subject(s) ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''} (it has ${pairs.length}, e.g. ${pairs[0]?.id ?? 'none'})`);
    }
    const wanted = new Set(opts.subjects);
    pairs = pairs.filter((p) => wanted.has(p.id));
  }
  if (opts.maxSubjects !== undefined) {
    if (!Number.isInteger(opts.maxSubjects) || opts.maxSubjects < 1) {
      throw userError('HSNN1013', `dataset ${dir}: max subject count ${opts.maxSubjects} must be a positive integer`);
    }
    pairs = pairs.slice(0, opts.maxSubjects);
  }
  return pairs;
}

/** Read and validate one image/label pair. */
export function readSubject(files: SubjectFiles): RawSubject {
  const image = readNifti(files.image);
  const label = readNifti(files.label);
  const subject: RawSubject = { id: files.id, image: image.volume, label: label.volume, imagePath: files.image, labelPath: files.label };
  validatePair(subject);
  return subject;
}

export function loadDataset(dir: string, config: PreprocessConfig = DEFAULT_PREPROCESS, opts: LoadOptions = {}): SliceDataset {
  validateConfig(config);
  const problems: Diagnostic[] = [];
  const parts: PreprocessedSubject[] = [];
  for (const files of listSubjects(dir, opts)) {
    try {
      parts.push(preprocessSubject(readSubject(files), config));
    } catch (e) {
      if (!(e instanceof HsnnError)) throw e;
      problems.push(...e.diagnostics);
    }
  }
  if (problems.length > 0) throw new HsnnError(problems);
  return assembleDataset(config, parts);
}
