// The `cpii1` field ciphertext (docs/formats.md, "Field ciphertext (cpii1)"): parsing, the AAD
// encoding, the plaintext encoding, and the one error every failure maps to.
import { fromBase64url, fromUtf8, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';

export const FIELD_PREFIX = 'cpii1.';
export const VERSION = 0x01;
/** Suite 1: XChaCha20-Poly1305, HKDF-SHA256 key derivation, HMAC-SHA256-based key commitment. */
export const SUITE = 0x01;
export const NONCE_LEN = 24;
export const COMMIT_LEN = 32;
export const TAG_LEN = 16;

const textEncoder = new TextEncoder();
const NodeBuffer = (globalThis as { Buffer?: { from(s: string, e: 'utf8'): Uint8Array } }).Buffer;
/** UTF-8 encode; Buffer.from is several times faster than TextEncoder on Node for short strings. */
export const fastUtf8: (s: string) => Uint8Array = NodeBuffer
  ? (s) => NodeBuffer.from(s, 'utf8')
  : (s) => textEncoder.encode(s);
const enc = { encode: fastUtf8 };
const isUtf8 = (
  (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    'node:buffer',
  ) as { isUtf8?: (b: Uint8Array) => boolean } | undefined
)?.isUtf8;
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

/** A parsed field ciphertext. */
export interface ParsedField {
  keyId: string;
  nonce: Uint8Array;
  commitment: Uint8Array;
  ctTag: Uint8Array;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  B64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i;

/**
 * Strict base64url decode (canonical: no padding, unused low bits zero) without the re-encode
 * round trip of the shared helper; Buffer on Node.
 */
function decodeStrict(s: string, from: number): Uint8Array | undefined {
  const n = s.length - from;
  if (n % 4 === 1) return undefined;
  const body = from === 0 ? s : s.slice(from);
  if (!B64URL.test(body)) return undefined;
  const rem = n % 4;
  if (rem !== 0) {
    const last = B64_VALUE[body.charCodeAt(n - 1)]!;
    if ((rem === 2 && (last & 0x0f) !== 0) || (rem === 3 && (last & 0x03) !== 0)) return undefined;
  }
  if (NodeBuffer) {
    const b = (NodeBuffer as unknown as { from(s: string, e: 'base64url'): Uint8Array }).from(
      body,
      'base64url',
    );
    return b.length === Math.floor((n * 3) / 4) ? b : undefined;
  }
  return fromBase64url(body);
}

/** Parses `cpii1.` + base64url; undefined for anything that is not a well-formed suite-1 value. */
export function parseField(s: unknown): ParsedField | undefined {
  if (typeof s !== 'string' || !s.startsWith(FIELD_PREFIX)) return undefined;
  const b = decodeStrict(s, FIELD_PREFIX.length);
  if (!b || b.length < 3) return undefined;
  if (b[0] !== VERSION || b[1] !== SUITE) return undefined;
  const kl = b[2]!;
  const body = 3 + kl;
  if (kl === 0 || b.length < body + NONCE_LEN + COMMIT_LEN + TAG_LEN) return undefined;
  let keyId: string;
  try {
    keyId = fastFromUtf8(b.subarray(3, body));
  } catch {
    return undefined;
  }
  return {
    keyId,
    nonce: b.subarray(body, body + NONCE_LEN),
    commitment: b.subarray(body + NONCE_LEN, body + NONCE_LEN + COMMIT_LEN),
    ctTag: b.subarray(body + NONCE_LEN + COMMIT_LEN),
  };
}

/** `version || suite || len(keyId) || keyId`, the fixed start of every field under one key. */
export function fieldHeader(keyId: string): Uint8Array {
  const k = utf8(keyId);
  if (k.length === 0 || k.length > 255) {
    throw new PiiError('INVALID_ARGUMENT', 'A subject id must be 1 to 255 bytes of UTF-8.');
  }
  const h = new Uint8Array(3 + k.length);
  h[0] = VERSION;
  h[1] = SUITE;
  h[2] = k.length;
  h.set(k, 3);
  return h;
}

/** Appends `len32be(s) || s` for each string to a byte list; one allocation. */
export function lpStrings(head: Uint8Array, ...parts: string[]): Uint8Array {
  const bins = parts.map((p) => enc.encode(p));
  let n = head.length;
  for (const p of bins) n += 4 + p.length;
  const out = new Uint8Array(n);
  out.set(head);
  let o = head.length;
  for (const p of bins) {
    out[o] = p.length >>> 24;
    out[o + 1] = (p.length >>> 16) & 0xff;
    out[o + 2] = (p.length >>> 8) & 0xff;
    out[o + 3] = p.length & 0xff;
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}

/** AAD start for a schema: lengthPrefixed('cpii1', [suite], schemaId). */
export function aadHead(schemaId: string): Uint8Array {
  return lpStrings(new Uint8Array(0), 'cpii1', String.fromCharCode(SUITE), schemaId);
}

/** Full AAD: lengthPrefixed('cpii1', [suite], schemaId, fieldPath, recordId, keyId). */
export function fieldAad(head: Uint8Array, fieldPath: string, recordId: string, keyId: string): Uint8Array {
  return lpStrings(head, fieldPath, recordId, keyId);
}

// Plaintext encoding: one type byte, then the payload, so open returns the original type.
const T_STRING = 0x01;
const T_JSON = 0x02;
const T_BYTES = 0x03;
const T_DATE = 0x04;

/** Encodes a leaf value for sealing. */
export function encodeValue(v: unknown): Uint8Array {
  let tag: number;
  let body: Uint8Array;
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
    const json = JSON.stringify(v);
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
