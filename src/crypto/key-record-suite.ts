// The stored value of a subject key record (`wrapped`) when a suite-2 (GM) DEK is in it
// (docs/formats.md, "Wrapped DEK, suite 2"). Stores keep `wrapped` as opaque bytes, so every
// store, built in or not, holds GM DEKs with no schema change:
//   magic 'cpii-kr' 0x02 (8) || len16be(gm) || gm || legacy
// `gm` is the suite-2 DEK wrapped under the record's KEK; `legacy`, present only while a subject
// moves to GM, is its suite-1 DEK exactly as a suite-1 record stores it. A suite-1 record is
// `legacy` alone, as before. Both parts bind their suite in the wrap AAD ('cpii-kw1' or
// 'cpii-kw2'), so adding, dropping or swapping a part fails to unwrap or opens nothing.
import { PiiError } from '../errors.js';

/** 'cpii-kr' + suite byte 2. */
export const GM_RECORD_MAGIC = new Uint8Array([0x63, 0x70, 0x69, 0x69, 0x2d, 0x6b, 0x72, 0x02]);

/** The parts of a stored value. @internal */
export interface WrappedParts {
  gm?: Uint8Array;
  legacy?: Uint8Array;
}

/** Whether a stored value is a suite-2 record value (starts with the magic). @internal */
export function isGmWrapped(wrapped: Uint8Array): boolean {
  if (wrapped.length < GM_RECORD_MAGIC.length + 2) return false;
  for (let i = 0; i < GM_RECORD_MAGIC.length; i++) if (wrapped[i] !== GM_RECORD_MAGIC[i]) return false;
  return true;
}

/** Splits a stored value into its suite parts. @internal */
export function decodeWrapped(wrapped: Uint8Array): WrappedParts {
  if (!isGmWrapped(wrapped)) return { legacy: wrapped };
  const at = GM_RECORD_MAGIC.length;
  const n = (wrapped[at]! << 8) | wrapped[at + 1]!;
  const end = at + 2 + n;
  if (n === 0 || end > wrapped.length)
    throw new PiiError('KEY_INVALID', 'A stored suite-2 key record is truncated; the key store is damaged.');
  const gm = wrapped.subarray(at + 2, end);
  return end === wrapped.length ? { gm } : { gm, legacy: wrapped.subarray(end) };
}

/** Joins a wrapped GM DEK (and a suite-1 one, while both exist) into one stored value. @internal */
export function encodeWrapped(gm: Uint8Array, legacy?: Uint8Array): Uint8Array {
  if (gm.length === 0 || gm.length > 0xffff)
    throw new PiiError('KEY_INVALID', 'A KEK provider returned a wrapped key of an unusable size.');
  const l = legacy?.length ?? 0;
  const out = new Uint8Array(GM_RECORD_MAGIC.length + 2 + gm.length + l);
  out.set(GM_RECORD_MAGIC);
  out[8] = gm.length >>> 8;
  out[9] = gm.length & 0xff;
  out.set(gm, 10);
  if (legacy) out.set(legacy, 10 + gm.length);
  return out;
}
