// Overlay slices from what `hsnn run` leaves behind: the prediction NIfTI of each run (stats.json
// `subjects`), and the subject's image and label found by id in a dataset folder (--data). Volumes are
// cut into slices with the training preprocessing, so the panels show what the network saw.
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { userError } from '../../core/errors.js';
import { listSubjects } from '../../data/dataset.js';
import { readNifti } from '../../data/nifti-read.js';
import { preprocessSubject } from '../../data/preprocess.js';
import type { PreprocessConfig } from '../../data/types.js';
import type { OverlaySlice, RunInput } from './types.js';

export interface OverlayRequest {
  /** Dataset folder holding the subject's image and label. */
  readonly data: string;
  /** Runs in column order (converted first, then fine-tuned), each with its directory. */
  readonly runs: readonly { readonly run: RunInput; readonly dir: string }[];
  /** Default: the first subject every run simulated. */
  readonly subject?: string;
  /** Slices shown: those with the largest ground-truth area. */
  readonly count: number;
  readonly config: PreprocessConfig;
}

/** The prediction file as recorded, else under the same name in the run directory (runs get moved). */
function predictionPath(run: RunInput, dir: string, id: string): string {
  const rec = run.subjects?.find((s) => s.id === id)?.prediction;
  if (rec === undefined) throw userError('HSNN7050', `run ${dir}: stats.json lists no prediction for subject '${id}'`);
  const found = [isAbsolute(rec) ? rec : resolve(rec), join(dir, basename(rec))].find((p) => existsSync(p));
  if (found === undefined) throw userError('HSNN7050', `run ${dir}: prediction ${rec} for subject '${id}' is not found (as recorded or in the run directory)`);
  return found;
}

function pickSubject(req: OverlayRequest): string {
  if (req.subject !== undefined) return req.subject;
  const first = req.runs[0]?.run.subjects?.find((s) => req.runs.every((r) => r.run.subjects?.some((x) => x.id === s.id)));
  if (first === undefined) throw userError('HSNN7050', 'overlays: the runs have no simulated subject in common (stats.json "subjects"); pass --subject');
  return first.id;
}

/** Indices of the `count` slices with the largest mask area, in slice order. */
function largestSlices(masks: Uint8Array, plane: number, slices: number, count: number): number[] {
  const area = Array.from({ length: slices }, (_, s) => ({ s, a: masks.subarray(s * plane, (s + 1) * plane).reduce((x, v) => x + v, 0) }));
  return area.filter((x) => x.a > 0).sort((x, y) => y.a - x.a || x.s - y.s).slice(0, count).map((x) => x.s).sort((x, y) => x - y);
}

export function overlaysFromNifti(req: OverlayRequest): OverlaySlice[] {
  const id = pickSubject(req);
  const files = listSubjects(req.data, { subjects: [id] })[0];
  if (files === undefined) throw userError('HSNN7050', `overlays: dataset ${req.data} has no subject '${id}'`);
  const image = readNifti(files.image).volume;
  const truth = preprocessSubject({ id, image, label: readNifti(files.label).volume }, req.config);
  const preds = req.runs.map(({ run, dir }) => {
    const p = readNifti(predictionPath(run, dir, id)).volume;
    if (p.shape.join() !== image.shape.join()) throw userError('HSNN7050', `run ${dir}: prediction for '${id}' is ${p.shape.join('×')}, the image ${image.shape.join('×')}`);
    return { label: run.label, masks: preprocessSubject({ id, image, label: p }, req.config).masks };
  });
  const { height, width } = req.config;
  const plane = height * width;
  return largestSlices(truth.masks, plane, truth.count, req.count).map((s) => ({
    title: `${id}, slice ${s}`, height, width,
    image: truth.images.slice(s * plane, (s + 1) * plane),
    truth: truth.masks.slice(s * plane, (s + 1) * plane),
    predictions: preds.map((p) => ({ label: p.label, mask: p.masks.slice(s * plane, (s + 1) * plane) })),
  }));
}
