// `hsnn --help` and each command's help wrap on word boundaries: every command and option description
// appears whole once line breaks are undone, and no line is wider than the 100 columns it is laid out in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS, main } from '../../cli/main.js';

/** Runs main() and returns what yargs printed (help goes to console.log). */
async function help(argv: string[]): Promise<string> {
  const lines: string[] = [];
  const saved = console.log;
  console.log = (...a: unknown[]) => { lines.push(a.map(String).join(' ')); };
  try {
    await main(argv, { stdout: { write: () => true }, stderr: { write: () => true } });
  } finally {
    console.log = saved;
  }
  return lines.join('\n');
}

const flat = (s: string): string => s.replace(/\s+/g, ' ');

test('hsnn --help: every command description is whole', async () => {
  const out = await help(['--help']);
  assert.ok(out.split('\n').every((l) => l.length <= 100), 'lines fit 100 columns');
  for (const c of COMMANDS) assert.ok(flat(out).includes(flat(c.describe)), `'${c.describe}' is broken in:\n${out}`);
});

test('hsnn <command> --help: every option description is whole', async () => {
  for (const c of COMMANDS) {
    const name = c.command.split(' ')[0] as string;
    const out = await help([name, '--help']);
    assert.ok(out.split('\n').every((l) => l.length <= 100), `${name}: lines fit 100 columns`);
    for (const [key, o] of Object.entries(c.options)) {
      if (typeof o.describe === 'string') assert.ok(flat(out).includes(flat(o.describe)), `${name} --${key}: '${o.describe}' is broken`);
    }
  }
});

test.run();
