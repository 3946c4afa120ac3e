// Data-pipeline benchmark and geometry check on the real MSD hippocampus set (skips when absent):
// times loadDataset over all subjects, and for each slicing axis reports the in-plane box that holds
// every volume and every hippocampus voxel. Run: node --import tsx test/data/load.bench.ts
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PREPROCESS, formatDatasetSummary, generatePhantoms, listSubjects, loadDataset, readSubject, summarizeDataset } from '../../data/index.js';
import { inPlaneAxes } from '../../data/preprocess.js';
import type { RawSubject } from '../../data/index.js';

/** CPU time of this process (all threads), less sensitive than wall time to other jobs on the box. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const dataDir = resolve(import.meta.dirname, '../../../shared/data/msd-hippocampus');

/** Per axis: the largest in-plane extent of any volume, and of any subject's foreground bounding box. */
function boxCheck(subjects: readonly RawSubject[]): void {
  for (const axis of [0, 1, 2] as const) {
    const [ra, ca] = inPlaneAxes(axis);
    let maxRows = 0, maxCols = 0, fgRows = 0, fgCols = 0;
    for (const s of subjects) {
      const [nx, ny] = s.image.shape;
      const lo = [Infinity, Infinity, Infinity], hi = [-1, -1, -1];
      s.label.data.forEach((v, i) => {
        if (v <= 0) return;
        const c = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
        for (let a = 0; a < 3; a++) { lo[a] = Math.min(lo[a] as number, c[a] as number); hi[a] = Math.max(hi[a] as number, c[a] as number); }
      });
      maxRows = Math.max(maxRows, s.image.shape[ra] as number);
      maxCols = Math.max(maxCols, s.image.shape[ca] as number);
      fgRows = Math.max(fgRows, (hi[ra] as number) - (lo[ra] as number) + 1);
      fgCols = Math.max(fgCols, (hi[ca] as number) - (lo[ca] as number) + 1);
    }
    console.log(`axis ${axis}: volumes need ${maxRows}x${maxCols} (rows x cols), hippocampus boxes need ${fgRows}x${fgCols}`);
  }
}

if (!existsSync(dataDir)) {
  console.log(`skipped: ${dataDir} not found`);
} else {
  const t0 = performance.now();
  const c0 = cpuMs();
  const ds = loadDataset(dataDir, DEFAULT_PREPROCESS);
  const ms = performance.now() - t0;
  console.log(`loadDataset: ${ds.subjects.length} subjects, ${ds.n} slices in ${ms.toFixed(0)} ms wall, ${(cpuMs() - c0).toFixed(0)} ms CPU`);
  process.stdout.write(formatDatasetSummary(summarizeDataset(ds), 'msd-hippocampus'));
  boxCheck(listSubjects(dataDir).map(readSubject));
}
const t1 = performance.now();
const c1 = cpuMs();
const ph = generatePhantoms({ count: 20, seed: 1 });
console.log(`generatePhantoms: 20 subjects, ${ph.n} slices in ${(performance.now() - t1).toFixed(0)} ms wall, ${(cpuMs() - c1).toFixed(0)} ms CPU`);
