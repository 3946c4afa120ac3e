// The Table 1 job queue (experiments/table1/queue.txt, run-queue.sh): every line names the folder its
// `hsnn experiment` arguments write (else a lane would rerun a finished job forever), every job of issue 15
// is queued once, and a lane takes the first job that is not done, not held by a live lane and whose
// prerequisite is done, taking over holds whose lane has died.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jobDir, recipeSuffix } from '../../cli/experiment/experiment.js';

const here = resolve(import.meta.dirname, '../../experiments/table1');
const script = join(here, 'run-queue.sh');
interface Line { readonly name: string; readonly needs: string; readonly args: readonly string[] }
const lines: Line[] = readFileSync(join(here, 'queue.txt'), 'utf8').split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [name = '', needs = '', args = ''] = l.split('|').map((x) => x.trim());
    return { name, needs, args: args.split(/\s+/) };
  });
const opt = (args: readonly string[], k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};

test('every queued job names the folder its arguments write, and issue 15 is queued exactly once', () => {
  for (const l of lines) {
    const fold = Number(opt(l.args, '--fold')), loss = opt(l.args, '--losses') ?? '', preset = opt(l.args, '--preset') ?? '';
    assert.ok(Number.isInteger(fold) && !loss.includes(','), `${l.name}: one fold and one loss per job`);
    assert.is(jobDir('', fold, loss, recipeSuffix(preset)), `fold${fold}-${loss}${recipeSuffix(preset)}`);
    assert.is(l.name, `fold${fold}-${loss}${recipeSuffix(preset)}`, `${l.name}: ${l.args.join(' ')}`);
    assert.not.ok(l.args.includes('--data') || l.args.includes('--out'), 'the lane supplies --data and --out');
    if (preset === 'lowlat') assert.is(l.needs, `fold${fold}-${loss}`, 'a low-latency job waits for its paper job');
    else assert.is(l.needs, '-');
  }
  const names = lines.map((l) => l.name);
  assert.is(new Set(names).size, names.length, 'no job twice');
  const want: string[] = [];
  for (let k = 0; k < 5; k++) want.push(...['bce', 'dice', 'bce-dice'].map((l) => `fold${k}-${l}`), `fold${k}-dice-lowlat`);
  assert.equal([...names].sort(), want.sort());
  const protocol = (args: readonly string[]): string => args.join(' ').replace(/--(fold|losses) \S+/g, '').trim();
  const paper = lines.filter((l) => opt(l.args, '--preset') === 'paper').map((l) => protocol(l.args));
  assert.is(new Set(paper).size, 1, `one protocol for every paper job: ${[...new Set(paper)].join(' / ')}`);
});

test('a lane takes the first job not done, not held by a live lane and whose prerequisite is done', () => {
  const out = mkdtempSync(join(tmpdir(), 'hsnn-queue-'));
  try {
    mkdirSync(join(out, '.holds'));
    const take = (pid: number): string => execFileSync('bash', [script, out, '--take', String(pid)], { encoding: 'utf8' }).split('|')[0] ?? '';
    const done = (name: string): void => { mkdirSync(join(out, name), { recursive: true }); writeFileSync(join(out, name, 'result.json'), '{}'); };
    const first = lines[0]?.name ?? '';
    assert.is(take(process.pid), first);
    assert.is(readFileSync(join(out, '.holds', first), 'utf8').trim(), String(process.pid), 'the hold names the lane');
    const second = take(process.pid);
    assert.is.not(second, first, 'a job held by a live lane is not taken twice');
    const lowlat = lines.find((l) => l.needs !== '-');
    assert.ok(lowlat && second !== lowlat.name, 'a low-latency job waits for its paper job');
    rmSync(join(out, '.holds'), { recursive: true });
    mkdirSync(join(out, '.holds'));
    writeFileSync(join(out, '.holds', first), '2147483646');
    assert.is(take(process.pid), first, 'a hold whose lane is dead is taken over');
    for (const l of lines) done(l.name);
    assert.is(take(process.pid), '', 'nothing left');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
