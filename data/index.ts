// Public surface of the data pipeline: NIfTI in/out, dataset loading and preprocessing, subject splits,
// phantoms and summaries. Other folders import from here rather than from the individual files.
export type { PreprocessConfig, SliceDataset, SubjectInfo } from './types.js';
export type { RawSubject, Shape3, Volume3D, VoxelArray } from './volume.js';
export { validatePair } from './volume.js';
export type { NiftiHeader, NiftiImage } from './nifti-read.js';
export { parseNifti, readNifti, readNiftiHeader } from './nifti-read.js';
export { encodeNifti, writeNifti } from './nifti-write.js';
export { DEFAULT_PREPROCESS, percentiles, preprocessSubject, slicesToVolume, validateConfig } from './preprocess.js';
export { assembleDataset, buildSliceDataset, selectSubjects } from './assemble.js';
export type { DatasetLayout, SubjectFiles } from './layout.js';
export { findSubjects } from './layout.js';
export type { LoadOptions } from './dataset.js';
export { listSubjects, loadDataset, readSubject } from './dataset.js';
export type { SubjectSplit, ValidationSplit } from './split.js';
export { kFoldSplit, validationSplit } from './split.js';
export type { PhantomOptions } from './phantom.js';
export { generatePhantoms, generatePhantomSubjects } from './phantom.js';
export type { DatasetSummary } from './summary.js';
export { formatDatasetSummary, summarizeDataset } from './summary.js';
