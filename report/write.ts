// `hsnn report` as a library call: gathers the inputs (inputs/gather.ts), builds the report and writes
// report.json, report.md, a self-contained report.html, rates.json (measured firing rates per layer, the
// format `hsnn compile --rates` reads) and, with `png`, one PNG per figure under OUT/figures.
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { buildReport } from './build.js';
import type { Report } from './build.js';
import { gatherInputs } from './inputs/gather.js';
import type { GatherOptions } from './inputs/gather.js';
import { exportFigures } from './render/browser.js';
import { renderHtml } from './render/html.js';
import { renderMarkdown } from './render/markdown.js';

export interface ReportOptions extends GatherOptions {
  /** Default: RUN_DIR/report. */
  readonly outDir?: string | undefined;
  readonly png?: boolean | undefined;
}

export interface ReportResult {
  readonly report: Report;
  readonly files: readonly string[];
  readonly notes: readonly string[];
}

/** The reported run's rates in the {T, slices, layers:[{name, neurons, rate, silentFraction?}]} format. */
function ratesFile(r: Report): string {
  const run = r.sparsity.runs[r.sparsity.runs.length - 1];
  const layers = (run?.layers ?? []).map((l) => ({ name: l.name, neurons: l.neurons, rate: l.rate, ...(l.silentFraction !== undefined ? { silentFraction: l.silentFraction } : {}) }));
  return `${JSON.stringify({ T: r.T, slices: r.slices, layers }, null, 1)}\n`;
}

export async function writeReport(opts: ReportOptions): Promise<ReportResult> {
  const { inputs, notes } = gatherInputs(opts);
  const report = buildReport(inputs);
  const out = opts.outDir ?? join(opts.runDir, 'report');
  const outputs: readonly [string, string][] = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', renderMarkdown(report)],
    ['report.html', renderHtml(report, inputs.overlays)],
    ['rates.json', ratesFile(report)],
  ];
  const files = outputs.map(([name, text]) => {
    writeFileAtomic(join(out, name), text);
    return join(out, name);
  });
  if (opts.png === true) {
    const png = await exportFigures(join(out, 'report.html'), join(out, 'figures'));
    if ('reason' in png) notes.push(`PNG figures skipped: ${png.reason}`);
    else files.push(...png.files);
  }
  return { report, files, notes };
}
