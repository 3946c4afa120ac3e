// report.md: the same tables as the HTML page in GitHub-flavoured Markdown, with the notes and
// caveats, for reading in a terminal or a pull request. Charts are in report.html.
import type { Report } from '../build.js';
import { allTables, costTables } from './tables.js';
import type { Table } from './tables.js';
import { verdictLines } from './views.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(t: Table): string {
  const head = `| ${t.head.map(cell).join(' | ')} |`;
  const rule = `|${t.head.map(() => '---').join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  const note = t.note !== undefined && t.note !== '' ? `\n${t.note}\n` : '';
  return `## ${t.title}\n\n${[head, rule, ...rows].join('\n')}\n${note}`;
}

export function renderMarkdown(r: Report): string {
  const inputs = Object.entries(r.inputs).map(([k, v]) => `- ${k}: \`${v}\``).join('\n');
  const a = r.arch;
  const head = `# hsnn energy and sparsity report\n\n${inputs}\n- U-Net: base ${a.base}, depth ${a.depth}, input ${a.inChannels}×${a.height}×${a.width}; T = ${r.T}, ${r.slices} slices\n`;
  const modelNotes = r.energy.models.map((m) => `- **${m.id}**: ${m.notes.join(' ')}`).join('\n');
  const notes = `## Notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n\n### Per energy model\n\n${modelNotes}\n`;
  const overlays = r.overlays.length > 0 ? `\nSegmentation overlays for ${r.overlays.length} slices are in report.html.\n` : '';
  const verdict = `## Who wins, view by view\n\n${verdictLines(r).map((l) => `- ${l}`).join('\n')}\n`;
  return [head, verdict, ...allTables(r).map(markdownTable), overlays, '# Energy models and sources\n', ...costTables(r).map(markdownTable), notes].join('\n');
}
