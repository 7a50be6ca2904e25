// The `cpii1` field ciphertext (docs/formats.md, "Field ciphertext (cpii1)"): parsing, the AAD
// encoding, the plaintext encoding, and the one error every failure maps to.
import { fromBase64url, fromUtf8, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { builtinModule } from '../_internal/builtin.js';

export const FIELD_PREFIX = 'cpii1.';
export const VERSION = 0x01;
/** Suite 1: XChaCha20-Poly1305, HKDF-SHA256 key derivation, HMAC-SHA256-based key commitment. */
export const SUITE = 0x01;
/** Suite 2 (GM): SM4-GCM, HKDF over HMAC-SM3 key derivation, HMAC-SM3-based key commitment. */
export const SUITE_GM = 0x02;
/** The suites a field, key record or blob may carry. @internal */
export type SuiteByte = typeof SUITE | typeof SUITE_GM;
export const NONCE_LEN = 24;
/** Suite 2's nonce: a random 12-byte SM4-GCM IV (RFC 8998 §3). */
export const GM_NONCE_LEN = 12;
export const COMMIT_LEN = 32;
export const TAG_LEN = 16;

const textEncoder = new TextEncoder();
const NodeBuffer = (globalThis as { Buffer?: { from(s: string, e: 'utf8'): Uint8Array } }).Buffer;
/** UTF-8 encode; Buffer.from is several times faster than TextEncoder on Node for short strings. */
export const fastUtf8: (s: string) => Uint8Array = NodeBuffer
  ? (s) => NodeBuffer.from(s, 'utf8')
  : (s) => textEncoder.encode(s);
const enc = { encode: fastUtf8 };
const isUtf8 = builtinModule<{ isUtf8?: (b: Uint8Array) => boolean }>('node:buffer')?.isUtf8;
/** Strict UTF-8 decode (throws on invalid input); native validation + Buffer decode on Node. */
export function fastFromUtf8(b: Uint8Array): string {
  if (NodeBuffer && isUtf8) {
    if (!isUtf8(b)) throw new TypeError('invalid UTF-8');
    const B = NodeBuffer as unknown as {
      from(a: ArrayBufferLike, o: number, l: number): { toString(e: 'utf8'): string };
    };
    return B.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }
  return fromUtf8(b);
}

const INVALID_MESSAGE =
  'A sealed value could not be opened: it is damaged, truncated, was moved from another field, record, schema or subject, or is not a sealed value.';

/** The single error for every ciphertext failure; it never says which check failed. */
export function invalidCiphertext(): PiiError {
  return new PiiError('CIPHERTEXT_INVALID', INVALID_MESSAGE);
}

/**
 * A parsed field ciphertext: the decoded bytes and where each part starts (offsets, not
 * sub-views, so parsing allocates only the decoded buffer).
 */
export interface ParsedField {
  keyId: string;
  /** The suite byte: 1 (XChaCha20-Poly1305) or 2 (SM4-GCM). */
  suite: SuiteByte;
  /** The decoded bytes: header, nonce (24, or 12 under suite 2), commitment (32), ciphertext and tag. */
  bytes: Uint8Array;
  /** Offset of the nonce in `bytes`; the commitment follows it, then `ct || tag`. */
  at: number;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  B64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i;
type NodeBufferLike = Uint8Array & {
  toString(enc: 'base64url' | 'latin1', start?: number, end?: number): string;
};
const NodeB64 = NodeBuffer as unknown as { from(s: string, e: 'base64url'): NodeBufferLike } | undefined;

/**
 * Strict base64url decode (canonical: only the URL-safe alphabet, no padding, unused low bits
 * zero, no length that leaves a lone character). Buffer on Node; no intermediate strings.
 */
function decodeStrict(s: string, from: number, scratch = false): Uint8Array | undefined {
  const body = from === 0 ? s : s.slice(from);
  const n = body.length;
  if (n % 4 === 1 || !B64URL.test(body)) return undefined;
  const rem = n % 4;
  if (rem !== 0) {
    const last = B64_VALUE[body.charCodeAt(n - 1)]!;
    if ((rem === 2 && (last & 0x0f) !== 0) || (rem === 3 && (last & 0x03) !== 0)) return undefined;
  }
  if (scratch && NodeScratch) {
    const need = (n * 3) >> 2;
    if (!decoded || decoded.length < need) decoded = NodeScratch.allocUnsafeSlow(Math.max(need, 8192));
    const w = decoded.write(body, 0, 'base64url');
    return new Uint8Array(decoded.buffer, decoded.byteOffset, w);
  }
  if (NodeB64) return NodeB64.from(body, 'base64url');
  return fromBase64url(body);
}

// One decode buffer for parseFieldNow: a listing decodes every field into it instead of a new
// buffer each (on Node, each new small buffer comes from a pool whose 8 KiB blocks feed the GC).
type ScratchBuffer = Uint8Array & { write(s: string, o: number, e: 'base64url'): number };
const NodeScratch = NodeBuffer as unknown as { allocUnsafeSlow(n: number): ScratchBuffer } | undefined;
let decoded: ScratchBuffer | undefined;

/** The key id bytes as a string: ASCII directly, anything else through strict UTF-8. */
function keyIdOf(b: Uint8Array, from: number, to: number): string | undefined {
  let ascii = true;
  for (let i = from; i < to; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if ((b as NodeBufferLike).toString !== Uint8Array.prototype.toString)
      return (b as NodeBufferLike).toString('latin1', from, to);
    return String.fromCharCode.apply(null, b.subarray(from, to) as unknown as number[]);
  }
  try {
    return fastFromUtf8(b.subarray(from, to));
  } catch {
    return undefined;
  }
}

/** Whether the bytes b[from, to) are exactly the ASCII string `s`. */
function isAsciiBytes(b: Uint8Array, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[from + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * Parses `cpii1.` + base64url; undefined for anything that is not a well-formed suite-1 or
 * suite-2 value.
 * With `expectKeyId`, also undefined when the value names another key.
 */
export function parseField(
  s: unknown,
  expectKeyId?: string,
  scratch = false,
  hint?: string,
): ParsedField | undefined {
  if (typeof s !== 'string' || !s.startsWith(FIELD_PREFIX)) return undefined;
  const b = decodeStrict(s, FIELD_PREFIX.length, scratch);
  if (!b || b.length < 3) return undefined;
  const suite = b[1];
  if (b[0] !== VERSION || (suite !== SUITE && suite !== SUITE_GM)) return undefined;
  const kl = b[2]!;
  const at = 3 + kl;
  const nl = suite === SUITE ? NONCE_LEN : GM_NONCE_LEN;
  if (kl === 0 || b.length < at + nl + COMMIT_LEN + TAG_LEN) return undefined;
  // the expected id compared in place: no string decoded on the hot path
  if (expectKeyId !== undefined && isAscii(expectKeyId))
    return isAsciiBytes(b, 3, at, expectKeyId) ? { keyId: expectKeyId, suite, bytes: b, at } : undefined;
  // a key id seen just before (the previous field's) is compared in place, not decoded again
  if (expectKeyId === undefined && hint !== undefined && isAscii(hint) && isAsciiBytes(b, 3, at, hint))
    return { keyId: hint, suite, bytes: b, at };
  const keyId = keyIdOf(b, 3, at);
  if (keyId === undefined || (expectKeyId !== undefined && keyId !== expectKeyId)) return undefined;
  return { keyId, suite, bytes: b, at };
}

/**
 * As {@link parseField}, decoding into a buffer shared by every call: the result is valid only
 * until the next call. For a parse followed at once by its open, with nothing in between.
 */
export function parseFieldNow(s: unknown, expectKeyId?: string, hint?: string): ParsedField | undefined {
  return parseField(s, expectKeyId, true, hint);
}

/**
 * The key id named by a `cpii1.` string, read from its first characters only (no full decode),
 * to learn which keys a page needs before opening it; undefined when that header is not a
 * suite-1 or suite-2 header. Says nothing about the rest of the value: parseField still checks it all.
 */
export function peekKeyId(s: unknown): string | undefined {
  if (typeof s !== 'string' || !s.startsWith(FIELD_PREFIX)) return undefined;
  const at = FIELD_PREFIX.length;
  if (s.length < at + 4) return undefined;
  // base64url characters 0..3 hold bytes 0..2: version, suite, key id length
  const first = decodeStrict(s.slice(at, at + 4), 0);
  if (!first || first[0] !== VERSION || (first[1] !== SUITE && first[1] !== SUITE_GM) || first[2] === 0)
    return undefined;
  const kl = first[2]!;
  const n = Math.ceil((3 + kl) / 3) * 4;
  if (s.length < at + n) return undefined;
  const head = decodeStrict(s.slice(at, at + n), 0);
  return head && head.length >= 3 + kl ? keyIdOf(head, 3, 3 + kl) : undefined;
}

/** `version || suite || len(keyId) || keyId`, the fixed start of every field under one key. */
export function fieldHeader(keyId: string, suite: SuiteByte = SUITE): Uint8Array {
  const k = utf8(keyId);
  if (k.length === 0 || k.length > 255) {
    throw new PiiError('INVALID_ARGUMENT', 'A subject id must be 1 to 255 bytes of UTF-8.');
  }
  const h = new Uint8Array(3 + k.length);
  h[0] = VERSION;
  h[1] = suite;
  h[2] = k.length;
  h.set(k, 3);
  return h;
}

/** Whether every UTF-16 unit of `s` is ASCII (then its UTF-8 is one byte per unit). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Appends `len32be(s) || s` for each string to a byte list; one allocation. */
export function lpStrings(head: Uint8Array, ...parts: string[]): Uint8Array {
  // ASCII parts (ids, paths) are written byte by byte with no intermediate encoding
  const bins: (Uint8Array | string)[] = parts.map((p) => (isAscii(p) ? p : enc.encode(p)));
  let n = head.length;
  for (const p of bins) n += 4 + p.length;
  const out = new Uint8Array(n);
  out.set(head);
  let o = head.length;
  for (const p of bins) o = writeLp(out, o, p);
  return out;
}

let scratch = new Uint8Array(512);

/**
 * `head || len32be(a) || a || len32be(b) || b` written into a reused scratch buffer: the view is
 * valid only until the next call, which is enough for an AEAD call that consumes the AAD at
 * once (node copies it into the cipher, noble reads it within the call). Saves an allocation
 * per field on the hot path. @internal
 */
export function lpTwoScratch(head: Uint8Array, a: string, b: string): Uint8Array {
  if (!isAscii(a) || !isAscii(b)) return lpStrings(head, a, b);
  const n = head.length + 8 + a.length + b.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  scratch.set(head);
  writeLp(scratch, writeLp(scratch, head.length, a), b);
  return scratch.subarray(0, n);
}

/** Writes `len32be(p) || p` at `o` (a string must be ASCII: one byte per unit); returns the offset after it. */
function writeLp(out: Uint8Array, o: number, p: Uint8Array | string): number {
  const len = p.length;
  out[o] = len >>> 24;
  out[o + 1] = (len >>> 16) & 0xff;
  out[o + 2] = (len >>> 8) & 0xff;
  out[o + 3] = len & 0xff;
  o += 4;
  if (typeof p === 'string') for (let i = 0; i < len; i++) out[o + i] = p.charCodeAt(i);
  else out.set(p, o);
  return o + len;
}

/**
 * AAD start for a schema: lengthPrefixed('cpii1', [suite], schemaId), built with suite 1; a
 * suite-2 field rewrites the suite byte (at {@link AAD_SUITE_AT}) in a copy of its AAD.
 */
export function aadHead(schemaId: string): Uint8Array {
  return lpStrings(new Uint8Array(0), 'cpii1', String.fromCharCode(SUITE), schemaId);
}

/** Offset of the suite byte in every field AAD: after len32('cpii1') || 'cpii1' || len32 = 1. */
export const AAD_SUITE_AT = 4 + 5 + 4;

/** Full AAD: lengthPrefixed('cpii1', [suite], schemaId, fieldPath, recordId, keyId). */
export function fieldAad(head: Uint8Array, fieldPath: string, recordId: string, keyId: string): Uint8Array {
  return lpStrings(head, fieldPath, recordId, keyId);
}

// Plaintext encoding: one type byte, then the payload, so open returns the original type.
const NodeUtf8 = NodeBuffer as unknown as
  | {
      allocUnsafe(n: number): Uint8Array & { write(s: string, o: number, e: 'utf8'): number };
      byteLength(s: string, e: 'utf8'): number;
    }
  | undefined;
const T_STRING = 0x01;
const T_JSON = 0x02;
const T_BYTES = 0x03;
const T_DATE = 0x04;

/**
 * JSON would silently turn a Map or Set into `{}` and bytes into an object of numbers (and throw
 * a TypeError on a BigInt): such values are refused, never sealed in a form that opens as
 * something else.
 */
function jsonGuard(_k: string, x: unknown): unknown {
  if (
    typeof x === 'bigint' ||
    (typeof x === 'object' && x !== null && (x instanceof Map || x instanceof Set || ArrayBuffer.isView(x)))
  )
    throw new PiiError(
      'INVALID_ARGUMENT',
      'A value sealed as JSON holds a Map, Set, BigInt or byte array, which JSON cannot keep: tag the leaves inside it, or convert them to plain data.',
    );
  return x;
}

/** Encodes a leaf value for sealing. */
export function encodeValue(v: unknown): Uint8Array {
  let tag: number;
  let body: Uint8Array;
  if (typeof v === 'string' && NodeUtf8) {
    // type byte and UTF-8 written into one buffer: no intermediate encoding
    const out = NodeUtf8.allocUnsafe(1 + NodeUtf8.byteLength(v, 'utf8'));
    out[0] = T_STRING;
    out.write(v, 1, 'utf8');
    return out;
  }
  if (typeof v === 'string') {
    tag = T_STRING;
    body = enc.encode(v);
  } else if (v instanceof Uint8Array) {
    tag = T_BYTES;
    body = v;
  } else if (v instanceof Date) {
    tag = T_DATE;
    body = enc.encode(v.toISOString());
  } else {
    const json = JSON.stringify(v, jsonGuard);
    if (json === undefined)
      throw new PiiError(
        'INVALID_ARGUMENT',
        'A field value cannot be encoded; use JSON data, strings, dates or bytes.',
      );
    tag = T_JSON;
    body = enc.encode(json);
  }
  const out = new Uint8Array(1 + body.length);
  out[0] = tag;
  out.set(body, 1);
  return out;
}

/** Decodes an opened plaintext; throws CIPHERTEXT_INVALID when malformed. */
export function decodeValue(b: Uint8Array): unknown {
  try {
    // A Buffer (node backend) decodes in place; the type byte is ASCII, so checking the whole
    // plaintext for valid UTF-8 checks the body.
    if (b[0] === T_STRING && isUtf8 && (b as NodeBufferLike).toString !== Uint8Array.prototype.toString) {
      if (!isUtf8(b)) throw new TypeError('invalid UTF-8');
      return (b as unknown as { toString(e: 'utf8', s: number, t: number): string }).toString(
        'utf8',
        1,
        b.length,
      );
    }
    const body = b.subarray(1);
    switch (b[0]) {
      case T_STRING:
        return fastFromUtf8(body);
      case T_BYTES:
        return new Uint8Array(body);
      case T_DATE:
        return new Date(fastFromUtf8(body));
      case T_JSON:
        return JSON.parse(fastFromUtf8(body));
    }
  } catch {
    // fall through
  }
  throw invalidCiphertext();
}
