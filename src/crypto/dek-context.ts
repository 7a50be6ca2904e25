// Everything derived from one subject's DEK, computed once when the DEK is unwrapped, so that
// sealing a field is one ChaCha20-Poly1305 call (docs/formats.md
// "Nonces"). Key commitment follows the AWS Encryption SDK committing suites
// and Albertini et al., "How to Abuse and Fix Authenticated Encryption Without Key Commitment"
// (USENIX Security 2022): a value derived from the DEK with HKDF, carried in every field and
// compared in constant time before decrypting.
import { toBase64url, utf8, wipe } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import type { Backend } from './backend.js';
import {
  AAD_SUITE_AT,
  COMMIT_LEN,
  fieldHeader,
  GM_NONCE_LEN,
  invalidCiphertext,
  NONCE_LEN,
  type ParsedField,
  SUITE,
  SUITE_GM,
  type SuiteByte,
} from './field-format.js';
import type { GmBackend } from './gm/gm-backend.js';
import type { Sm4GcmKeyed } from './gm/sm4-gcm.js';
import { innerNonce } from './xchacha.js';

// HKDF-SHA256 (RFC 5869) with an empty salt and one output block, written as its three HMACs so
// the extract is shared by both keys: PRK = HMAC(0^32, DEK), then T(1) = HMAC(PRK, info || 0x01)
// per key. Same bytes as two hkdf() calls (test/crypto/dek-context.test.ts), a quarter of the
// cost on node, where hkdfSync builds key objects per call.
const ZERO_SALT = new Uint8Array(32);
const EXPAND_ENC = utf8('cpii1/field-key\x01');
const EXPAND_COMMIT = utf8('cpii1/key-commitment\x01');
const INFO_STREAM = utf8('cpii1/stream-key');
const OPEN_SUBKEYS = 8;
const NO_BYTES = new Uint8Array(0);

/** Derived state of one unwrapped DEK. @internal */
export interface DekContext {
  readonly keyId: string;
  readonly backend: Backend;
  /** The suite of this DEK: 1 (XChaCha20-Poly1305) or 2 (GM: SM4-GCM, HMAC-SM3). */
  readonly suite: SuiteByte;
  /** The GM primitives (suite 2 only). */
  readonly gm: GmBackend | undefined;
  /**
   * The subject's DEK of the other suite while both exist (a subject moving to GM): fields are
   * opened with the context of their suite byte; new fields are sealed with this one.
   */
  alt: DekContext | undefined;
  /** Whether this vault may seal with the context (its suite is the vault's suite). */
  canSeal: boolean;
  /** Suite 2: SM4-GCM under encKey, set up once. */
  gcm: Sm4GcmKeyed | undefined;
  /** HKDF(DEK, info 'cpii1/field-key'): the XChaCha20-Poly1305 key of fields (the 16-byte SM4 key under suite 2). */
  readonly encKey: Uint8Array;
  /** HKDF(DEK, info 'cpii1/key-commitment'): carried in every field. */
  readonly commitment: Uint8Array;
  /** HKDF input for blob stream keys (kept so streams need no second unwrap). */
  readonly dek: Uint8Array;
  /**
   * header || noncePrefix: the fixed start of every field this context seals. Empty until the
   * first seal: a context loaded to open (a listing) never draws a prefix or derives its subkey.
   */
  sealHead: Uint8Array;
  /** sealHead || counter (8) || commitment: the start of the next sealed field, counter rewritten per field. */
  sealBuf: Uint8Array;
  prefix: Uint8Array;
  subkey: Uint8Array;
  counter: number;
  /** Subkeys of other prefixes seen while opening, made on first use. */
  openSubkeys: Map<string, Uint8Array> | undefined;
  pins: number;
  evicted: boolean;
}

/** Derives the per-DEK state; takes ownership of `dek`. @internal */
export function deriveContext(
  backend: Backend,
  keyId: string,
  dek: Uint8Array,
  prefix?: Uint8Array,
): DekContext {
  const prk = backend.hmacSha256(ZERO_SALT, dek);
  const encKey = backend.hmacSha256(prk, EXPAND_ENC);
  const commitment = backend.hmacSha256(prk, EXPAND_COMMIT);
  wipe(prk);
  return makeContext(backend, undefined, SUITE, keyId, dek, encKey, commitment, prefix);
}

/**
 * Derives the per-DEK state of a suite-2 (GM) DEK; takes ownership of `dek`. HKDF (RFC 5869)
 * over HMAC-SM3 with the same empty salt and info strings as suite 1: the SM4 field key is the
 * first 16 bytes of T(1) for 'cpii1/field-key', the commitment all 32 of 'cpii1/key-commitment'.
 * @internal
 */
export function deriveGmContext(backend: Backend, gm: GmBackend, keyId: string, dek: Uint8Array): DekContext {
  const prk = gm.hmacSm3(ZERO_SALT, dek);
  const t1 = gm.hmacSm3(prk, EXPAND_ENC);
  // a copy, never a view: t1 may be a Buffer (whose slice is a view) and is wiped next
  const encKey = new Uint8Array(t1.subarray(0, 16));
  wipe(t1);
  const commitment = gm.hmacSm3(prk, EXPAND_COMMIT);
  wipe(prk);
  const ctx = makeContext(backend, gm, SUITE_GM, keyId, dek, encKey, commitment);
  ctx.sealHead = fieldHeader(keyId, SUITE_GM);
  ctx.gcm = gm.sm4GcmKeyed(encKey);
  return ctx;
}

function makeContext(
  backend: Backend,
  gm: GmBackend | undefined,
  suite: SuiteByte,
  keyId: string,
  dek: Uint8Array,
  encKey: Uint8Array,
  commitment: Uint8Array,
  prefix?: Uint8Array,
): DekContext {
  const ctx: DekContext = {
    keyId,
    backend,
    suite,
    gm,
    alt: undefined,
    canSeal: true,
    gcm: undefined,
    encKey,
    commitment,
    dek,
    sealHead: NO_BYTES,
    sealBuf: NO_BYTES,
    prefix: NO_BYTES,
    subkey: NO_BYTES,
    counter: 0,
    openSubkeys: undefined,
    pins: 0,
    evicted: false,
  };
  if (prefix) rekey(ctx, prefix);
  return ctx;
}

function rekey(ctx: DekContext, prefix: Uint8Array): void {
  const header = fieldHeader(ctx.keyId);
  wipe(ctx.subkey);
  ctx.prefix = prefix;
  ctx.subkey = ctx.backend.hchacha(ctx.encKey, prefix);
  ctx.counter = 0;
  const head = new Uint8Array(header.length + 16);
  head.set(header);
  head.set(prefix, header.length);
  ctx.sealHead = head;
  const buf = new Uint8Array(head.length + 8 + COMMIT_LEN);
  buf.set(head);
  buf.set(ctx.commitment, head.length + 8);
  ctx.sealBuf = buf;
}

/** Wipes the key material of a context (best effort: JavaScript cannot promise no copies). @internal */
export function wipeContext(ctx: DekContext): void {
  wipe(ctx.encKey);
  wipe(ctx.commitment);
  wipe(ctx.dek);
  wipe(ctx.subkey);
  wipe(ctx.sealBuf);
  if (ctx.openSubkeys) for (const k of ctx.openSubkeys.values()) wipe(k);
  ctx.openSubkeys = undefined;
  ctx.gcm = undefined;
  if (ctx.alt) wipeContext(ctx.alt);
}

const STALE = Symbol('stale suite');

/**
 * A field of a suite the cached context of its subject lacks: the record may have gained a GM
 * DEK since this vault cached it (another process). Still the one CIPHERTEXT_INVALID error;
 * the vault drops the cached key and retries once (a forged suite byte fails again). @internal
 */
export function staleSuite(keyId: string): PiiError {
  const e = invalidCiphertext();
  (e as unknown as Record<symbol, string>)[STALE] = keyId;
  return e;
}

/** The subject id of a {@link staleSuite} error, else undefined. @internal */
export function staleKeyId(e: unknown): string | undefined {
  return e instanceof PiiError ? (e as unknown as Record<symbol, string | undefined>)[STALE] : undefined;
}

function cannotSeal(): PiiError {
  return new PiiError(
    'INVALID_ARGUMENT',
    "This subject's key belongs to the other suite than this vault's (it moved to suite 'gm'): seal its data with a vault created with that suite.",
  );
}

/** The AAD of a suite-2 field: a copy of `aad` with its suite byte set to 2. */
function gmAad(aad: Uint8Array): Uint8Array {
  const a = new Uint8Array(aad);
  a[AAD_SUITE_AT] = SUITE_GM;
  return a;
}

/**
 * Seals an encoded value under suite 2: SM4-GCM under the field key with a fresh random 12-byte
 * nonce (RFC 8998 §3 sizes). A random 96-bit IV per field keeps a subject key below SP 800-38D
 * §8.3's 2^32-invocation bound for any realistic number of fields per subject.
 */
function sealGm(ctx: DekContext, aad: Uint8Array, pt: Uint8Array, nonceOverride?: Uint8Array): string {
  const nonce = nonceOverride ?? ctx.backend.randomBytes(GM_NONCE_LEN);
  const hl = ctx.sealHead.length;
  const head = new Uint8Array(hl + GM_NONCE_LEN + COMMIT_LEN);
  head.set(ctx.sealHead);
  head.set(nonce, hl);
  head.set(ctx.commitment, hl + GM_NONCE_LEN);
  return `cpii1.${toBase64url(ctx.gcm!.seal(nonce, gmAad(aad), pt, head))}`;
}

// The 12-byte nonce of a seal, 0^4 || counter: node copies it when a cipher is created (as with
// NONCE12 below), so one array serves every synchronous seal.
const SEAL_NONCE = new Uint8Array(12);

// 2^53: the counter is a JS integer; a fresh random prefix is drawn long before it could wrap.
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/**
 * Seals an encoded value: nonce = prefix(16) || counter(8, big-endian); XChaCha20-Poly1305
 * under encKey reduces to ChaCha20-Poly1305(HChaCha20(encKey, prefix), 0^4 || counter).
 * Returns the `cpii1.` string. @internal
 */
export function sealEncoded(
  ctx: DekContext,
  aad: Uint8Array,
  pt: Uint8Array,
  nonceOverride?: Uint8Array,
): string {
  if (!ctx.canSeal) throw cannotSeal();
  if (ctx.suite === SUITE_GM) return sealGm(ctx, aad, pt, nonceOverride);
  // A context loaded to open gets its nonce prefix and seal subkey on its first seal.
  if (ctx.sealHead.length === 0) rekey(ctx, ctx.backend.randomBytes(16));
  if (nonceOverride) {
    // Frozen-vector generation only (test/crypto/make-vectors.ts).
    const hl = ctx.sealHead.length - 16;
    const head = new Uint8Array(hl + NONCE_LEN + COMMIT_LEN);
    head.set(ctx.sealHead.subarray(0, hl));
    head.set(nonceOverride, hl);
    head.set(ctx.commitment, hl + NONCE_LEN);
    const subkey = ctx.backend.hchacha(ctx.encKey, nonceOverride.subarray(0, 16));
    return `cpii1.${toBase64url(ctx.backend.chachaSeal(subkey, innerNonce(nonceOverride), aad, pt, head))}`;
  }
  if (ctx.counter >= MAX_COUNTER) rekey(ctx, ctx.backend.randomBytes(16));
  const c = ctx.counter++;
  // The field's fixed start (header, prefix, commitment) is kept per context; only the counter
  // is written per field. Both buffers are copied by the AEAD call before it returns.
  const head = ctx.sealBuf;
  const o = ctx.sealHead.length;
  const hi = Math.floor(c / 0x100000000);
  const lo = c >>> 0;
  const n = SEAL_NONCE;
  n[4] = head[o] = hi >>> 24;
  n[5] = head[o + 1] = (hi >>> 16) & 0xff;
  n[6] = head[o + 2] = (hi >>> 8) & 0xff;
  n[7] = head[o + 3] = hi & 0xff;
  n[8] = head[o + 4] = lo >>> 24;
  n[9] = head[o + 5] = (lo >>> 16) & 0xff;
  n[10] = head[o + 6] = (lo >>> 8) & 0xff;
  n[11] = head[o + 7] = lo & 0xff;
  return `cpii1.${toBase64url(ctx.backend.chachaSeal(ctx.subkey, n, aad, pt, head))}`;
}

/** Constant-time comparison of `a` with `b[at .. at + a.length)`. */
function equalAt(a: Uint8Array, b: Uint8Array, at: number): boolean {
  if (b.length < at + a.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[at + i]!;
  return d === 0;
}

// The 12-byte ChaCha20-Poly1305 nonce, 0^4 || counter; node copies it when a cipher is created,
// so one scratch array serves every (synchronous) open.
const NONCE12 = new Uint8Array(12);

/** Opens a parsed field under a context; throws CIPHERTEXT_INVALID on any failure. @internal */
export function openParsed(ctx: DekContext, p: ParsedField, aad: Uint8Array): Uint8Array {
  if (p.suite !== ctx.suite) {
    // the field's suite byte picks the DEK, never the vault's setting
    if (!ctx.alt || ctx.alt.suite !== p.suite) throw staleSuite(ctx.keyId);
    ctx = ctx.alt;
  }
  if (ctx.suite === SUITE_GM) return openGm(ctx, p, aad);
  const b = p.bytes;
  const at = p.at;
  if (p.keyId !== ctx.keyId || !equalAt(ctx.commitment, b, at + NONCE_LEN)) throw invalidCiphertext();
  let subkey: Uint8Array | undefined;
  if (ctx.prefix.length === 16 && equalAt(ctx.prefix, b, at)) subkey = ctx.subkey;
  else if (ctx.sealHead.length === 0 && ctx.prefix.length === 0) {
    // A context that has not sealed yet keeps the first prefix it opens in its seal slots (no map
    // per key in a listing). Safe: sealEncoded draws a fresh random prefix before its first seal.
    ctx.prefix = b.slice(at, at + 16);
    ctx.subkey = ctx.backend.hchacha(ctx.encKey, ctx.prefix);
    subkey = ctx.subkey;
  } else {
    const prefix = b.slice(at, at + 16);
    const id = toBase64url(prefix);
    ctx.openSubkeys ??= new Map();
    const subs = ctx.openSubkeys;
    subkey = subs.get(id);
    if (!subkey) {
      subkey = ctx.backend.hchacha(ctx.encKey, prefix);
      if (subs.size >= OPEN_SUBKEYS) {
        const first = subs.keys().next().value as string;
        wipe(subs.get(first));
        subs.delete(first);
      }
      subs.set(id, subkey);
    }
  }
  for (let i = 0; i < 8; i++) NONCE12[4 + i] = b[at + 16 + i]!;
  const pt = ctx.backend.chachaOpen(subkey, NONCE12, aad, b, at + NONCE_LEN + COMMIT_LEN);
  if (!pt) throw invalidCiphertext();
  return pt;
}

function openGm(ctx: DekContext, p: ParsedField, aad: Uint8Array): Uint8Array {
  const b = p.bytes;
  const at = p.at;
  if (p.keyId !== ctx.keyId || !equalAt(ctx.commitment, b, at + GM_NONCE_LEN)) throw invalidCiphertext();
  const pt = ctx.gcm!.open(b.subarray(at, at + GM_NONCE_LEN), gmAad(aad), b, at + GM_NONCE_LEN + COMMIT_LEN);
  if (!pt) throw invalidCiphertext();
  return pt;
}

/**
 * A blob stream key: HKDF(DEK, salt = stream nonce, info 'cpii1/stream-key'), over HMAC-SHA256
 * (32 bytes, suite 1) or HMAC-SM3 (16 bytes, an SM4 key, suite 2). @internal
 */
export function streamKey(ctx: DekContext, salt: Uint8Array): Uint8Array {
  if (ctx.suite === SUITE_GM) return ctx.gm!.hkdfSm3(ctx.dek, salt, INFO_STREAM, 16);
  return ctx.backend.hkdf(ctx.dek, salt, INFO_STREAM, 32);
}
