// The fuzz loop (issue 12): for each decoder, N seeded cases spread over the byte mutators and the
// format-aware field mutator. A case passes when it loads or throws a coded HsnnError; anything else (a
// TypeError, a RangeError, an out-of-memory) or a case slower than the time limit is a crash.
import { performance } from 'node:perf_hooks';
import { HsnnError } from '../../core/errors.js';
import { hashSeed, mulberry32 } from '../../core/random.js';
import { caseId, type FuzzFormat } from './formats.js';
import { MUTATORS, mutate } from './mutate.js';

export interface Crash { readonly index: number; readonly how: string; readonly id: string; readonly message: string }

export interface FuzzResult {
  readonly format: string;
  readonly cases: number;
  readonly loaded: number;
  /** Coded errors by code. */
  readonly codes: ReadonlyMap<string, number>;
  readonly crashes: readonly Crash[];
  readonly slowestMs: number;
  readonly seconds: number;
}

const CODED = /^HSNN\d{4}$/;
const KINDS = [...MUTATORS, 'field', 'field'] as const;

export function fuzzFormat(f: FuzzFormat, cases: number, seed: number, limitMs = 2000): FuzzResult {
  const codes = new Map<string, number>();
  const crashes: Crash[] = [];
  let loaded = 0, slowest = 0;
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const r = mulberry32(hashSeed(seed, i));
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    const bytes = kind === 'field' ? f.field(r, f.corpus[i % f.corpus.length] as Uint8Array) : mutate(kind, r, f.corpus);
    const ts = performance.now();
    try {
      f.decode(bytes);
      loaded++;
    } catch (e) {
      const coded = e instanceof HsnnError && e.diagnostics.length > 0 && e.diagnostics.every((d) => CODED.test(d.code));
      if (coded) for (const d of (e as HsnnError).diagnostics.slice(0, 1)) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
      else crashes.push({ index: i, how: kind, id: caseId(bytes), message: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e) });
    }
    const ms = performance.now() - ts;
    slowest = Math.max(slowest, ms);
    if (ms > limitMs) crashes.push({ index: i, how: kind, id: caseId(bytes), message: `took ${ms.toFixed(0)} ms (limit ${limitMs})` });
  }
  return { format: f.name, cases, loaded, codes, crashes, slowestMs: slowest, seconds: (performance.now() - t0) / 1000 };
}
