// Byte helpers shared by crypto, audit and consent. Private: never exported from the package.
import { PiiError } from '../errors.js';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 encode. */
export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

/** Strict UTF-8 decode; invalid sequences throw (callers map to their own error code). */
export function fromUtf8(b: Uint8Array): string {
  return dec.decode(b);
}

const hasBuffer = typeof (globalThis as { Buffer?: unknown }).Buffer === 'function';
const B64URL = /^[A-Za-z0-9_-]*$/;

/** base64url without padding (RFC 4648 §5). */
export function toBase64url(b: Uint8Array): string {
  if (hasBuffer) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict base64url decode: rejects padding, other alphabets and non-canonical trailing bits,
 * so each byte string has exactly one encoding. Returns undefined when invalid.
 */
export function fromBase64url(s: string): Uint8Array | undefined {
  if (!B64URL.test(s) || s.length % 4 === 1) return undefined;
  let out: Uint8Array;
  if (hasBuffer) {
    const buf = Buffer.from(s, 'base64url');
    out = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } else {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  }
  // Canonical check: re-encoding must give the same text (unused low bits must be zero).
  if (toBase64url(out) !== s) return undefined;
  return out;
}

/** Lower-case hex. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** Hex decode (either case); throws INVALID_ARGUMENT on bad input. */
export function fromHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) {
    throw new PiiError('INVALID_ARGUMENT', 'Expected an even-length hex string.');
  }
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Unambiguous encoding of a list of byte strings: each part is preceded by its length as a
 * 4-byte big-endian integer (docs/formats.md, "Length-prefixed encoding").
 */
export function lengthPrefixed(...parts: Array<Uint8Array | string>): Uint8Array {
  const bins = parts.map((p) => (typeof p === 'string' ? utf8(p) : p));
  let n = 0;
  for (const p of bins) n += 4 + p.length;
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const p of bins) {
    view.setUint32(o, p.length, false);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}

/** Constant-time equality for equal-length inputs; false on different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Best-effort zeroization (JS cannot guarantee no copies remain). */
export function wipe(b: Uint8Array | undefined): void {
  if (b) b.fill(0);
}
