// Byte-level mutators of the decoder fuzzer (issue 12): truncation, bit flips, splices of two valid files,
// random byte runs and random bytes. Every choice comes from the seeded generator, so a failing case is
// reproduced by its (seed, index) alone.
import type { Rand } from '../../core/random.js';

export type Mutator = 'truncate' | 'bitflip' | 'splice' | 'overwrite' | 'random';
export const MUTATORS: readonly Mutator[] = ['truncate', 'bitflip', 'splice', 'overwrite', 'random'];

const int = (r: Rand, n: number): number => Math.floor(r() * n);
/** A real copy: Buffer#slice (gzipSync returns Buffers) is a view, and mutating it would edit the corpus. */
const copy = (a: Uint8Array, end = a.length): Uint8Array => Uint8Array.from(a.subarray(0, end));

function bitflip(r: Rand, a: Uint8Array): Uint8Array {
  const b = copy(a);
  const flips = 1 + int(r, 8);
  for (let k = 0; k < flips && b.length > 0; k++) {
    const i = int(r, b.length);
    b[i] = (b[i] as number) ^ (1 << int(r, 8));
  }
  return b;
}

/** A prefix of one valid file joined to a suffix of another (or the same) file. */
function splice(r: Rand, a: Uint8Array, b: Uint8Array): Uint8Array {
  const i = int(r, a.length + 1), j = int(r, b.length + 1);
  const out = new Uint8Array(i + b.length - j);
  out.set(a.subarray(0, i), 0);
  out.set(b.subarray(j), i);
  return out;
}

/** A run of 1–16 bytes overwritten with random values or with 0x00 / 0xFF (length and count fields). */
function overwrite(r: Rand, a: Uint8Array): Uint8Array {
  const b = copy(a);
  if (b.length === 0) return b;
  const at = int(r, b.length), n = 1 + int(r, 16), fill = int(r, 3);
  for (let k = at; k < Math.min(b.length, at + n); k++) b[k] = fill === 0 ? int(r, 256) : fill === 1 ? 0 : 0xff;
  return b;
}

export function mutate(kind: Mutator, r: Rand, corpus: readonly Uint8Array[]): Uint8Array {
  const a = corpus[int(r, corpus.length)] as Uint8Array;
  switch (kind) {
    case 'truncate': return copy(a, int(r, a.length));
    case 'bitflip': return bitflip(r, a);
    case 'splice': return splice(r, a, corpus[int(r, corpus.length)] as Uint8Array);
    case 'overwrite': return overwrite(r, a);
    case 'random': return Uint8Array.from({ length: int(r, 2048) }, () => int(r, 256));
    default: { const never: never = kind; throw new Error(`unknown mutator ${String(never)}`); }
  }
}
