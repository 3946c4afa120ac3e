// Integrity seal of a .netlist.pb (format version 2): the writer appends field 30 (`sha256`, 32 bytes) after
// the encoded netlist, holding the SHA-256 of every byte before it. Protobuf lets a field come last on the
// wire, so the seal is checked on the raw bytes before decoding. Version 1 files carry no seal. The digest is
// core/sha256.ts, so the browser page checks seals exactly as the CLI does.
import { sha256 } from '../core/sha256.js';

/** Tag of field 30, wire type 2 (varint 0xF2 0x01), then the length 32. */
const SEAL_HEAD = Uint8Array.of(0xf2, 0x01, 0x20);
const DIGEST_BYTES = 32;
export const SEAL_BYTES = SEAL_HEAD.length + DIGEST_BYTES;

/** `body`: the netlist encoded without its sha256 field; returns body + seal. */
export function sealNetlist(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + SEAL_BYTES);
  out.set(body, 0);
  out.set(SEAL_HEAD, body.length);
  out.set(sha256(body), body.length + SEAL_HEAD.length);
  return out;
}

/** 'absent': the bytes do not end in a seal; 'mismatch': they do, but the digest is wrong. */
export function checkSeal(bytes: Uint8Array): 'verified' | 'absent' | 'mismatch' {
  const n = bytes.length;
  if (n < SEAL_BYTES || !SEAL_HEAD.every((b, i) => bytes[n - SEAL_BYTES + i] === b)) return 'absent';
  const want = bytes.subarray(n - DIGEST_BYTES);
  const got = sha256(bytes.subarray(0, n - SEAL_BYTES));
  return got.every((b, i) => b === want[i]) ? 'verified' : 'mismatch';
}
