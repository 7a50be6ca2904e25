// Signed checkpoints: an Ed25519 or SM2 signature over (size, head hash, time), in the spirit of
// the signed tree head of Certificate Transparency (RFC 6962 §3.5). A verifier that holds a
// checkpoint detects any later truncation or rewrite of the first `size` entries. The checkpoint
// names its algorithm (`alg: 'sm2'`; absent = Ed25519, the bytes of before SM2 existed) and the
// SM2 message carries its own domain tag, so the name is covered by the signature too.
import { fromBase64url, fromHex, lengthPrefixed, toBase64url, utf8 } from '../_internal/bytes.js';
import { type SignatureAlg, publicKeyAlg, signerOf, verifyWith } from '../_internal/signature.js';
import { PiiError } from '../errors.js';
import { backend } from './backend.js';
import { AUDIT_FORMAT_VERSION } from './entry.js';

/** A signature algorithm of courier-pii: Ed25519 (RFC 8032) or SM2 (GB/T 32918.2, default signer id `1234567812345678`). */
export type { SignatureAlg } from '../_internal/signature.js';

/** Domain separation tag of the checkpoint signature. */
export const CHECKPOINT_DOMAIN = 'courier-pii/audit/checkpoint/v1';
/** Domain separation tag of an SM2 checkpoint signature. */
export const CHECKPOINT_DOMAIN_SM2 = 'courier-pii/audit/checkpoint/v1/sm2';

/**
 * A statement "the log's first `size` entries end with the entry whose hash is `head`",
 * optionally signed. Ship it off the machine (to an auditor, a second company, a WORM bucket):
 * it is only as strong as the place it is kept.
 */
export interface AuditCheckpoint {
  /** Format version, always 1. */
  v: 1;
  /** Number of entries covered (= seq of the head entry + 1). */
  size: number;
  /** Hash of entry `size - 1` (lower-case hex), or the genesis hash when `size` is 0. */
  head: string;
  /** When the checkpoint was made: ISO 8601 UTC with milliseconds. */
  time: string;
  /**
   * Signature algorithm: `'sm2'` for an SM2 (GB/T 32918.2) signature; absent for Ed25519, so
   * Ed25519 checkpoints are the same bytes as before SM2 support.
   */
  alg?: 'sm2';
  /** Signature (base64url, 64 bytes: Ed25519, or SM2 `r || s`) over {@link checkpointMessage}; absent when unsigned. */
  sig?: string;
}

/**
 * Signs checkpoints outside the process (a KMS, an HSM, a signing service), so the host that
 * writes the log never holds the key. `sign` returns a pure Ed25519 (RFC 8032) signature, or an
 * SM2 (GB/T 32918.2, default signer id `1234567812345678`) `r || s` signature when `publicKey`
 * is a 65-byte SM2 key, over the message it is given; the log checks it against `publicKey`
 * before returning a checkpoint.
 */
export interface AuditSigner {
  /** The public key that verifies the signatures: 32-byte Ed25519 or 65-byte SM2 (0x04 || x || y). */
  publicKey: Uint8Array;
  /** Returns the 64-byte signature of `message`. */
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * The signing key of a log: the 32-byte Ed25519 secret key, the `{ secretKey, publicKey }`
 * pair that `@noble/curves` `ed25519.keygen()` and the consent module's `generateSigningKey()`
 * return, an SM2 pair `{ alg: 'sm2', secretKey, publicKey? }` (`generateSigningKey({ alg: 'sm2' })`),
 * or an external {@link AuditSigner}.
 */
export type AuditSigningKey =
  | Uint8Array
  | { alg?: SignatureAlg; secretKey: Uint8Array; publicKey?: Uint8Array }
  | AuditSigner;

/** A signing key resolved to its algorithm, public key and a signing function. */
export interface ResolvedSigner {
  alg: SignatureAlg;
  publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

function keyInvalid(): PiiError {
  return new PiiError(
    'KEY_INVALID',
    "signingKey must be a 32-byte Ed25519 secret key, { secretKey, publicKey }, { alg: 'sm2', secretKey }, or { publicKey, sign }.",
  );
}

/**
 * Checks a signing key and resolves it.
 * @throws PiiError KEY_INVALID
 */
export function resolveSigner(k: AuditSigningKey): ResolvedSigner {
  if (typeof k === 'object' && k !== null && typeof (k as AuditSigner).sign === 'function') {
    const ext = k as AuditSigner;
    const alg = publicKeyAlg(ext.publicKey);
    if (alg === undefined) throw keyInvalid();
    const publicKey = ext.publicKey;
    return {
      alg,
      publicKey,
      async sign(message) {
        let sig: unknown;
        try {
          sig = await ext.sign(message);
        } catch (e) {
          throw new PiiError(
            'KEY_INVALID',
            'The external checkpoint signer failed; check its configuration.',
            {
              cause: e,
            },
          );
        }
        if (
          !(sig instanceof Uint8Array) ||
          sig.length !== 64 ||
          !(alg === 'ed25519'
            ? backend.verify(publicKey, message, sig)
            : verifyWith(alg, publicKey, message, sig))
        ) {
          throw new PiiError(
            'KEY_INVALID',
            alg === 'ed25519'
              ? 'The external checkpoint signer returned a signature that does not verify with its publicKey; check that it signs with pure Ed25519.'
              : 'The external checkpoint signer returned a signature that does not verify with its publicKey; check that it signs with SM2 and the default signer id 1234567812345678.',
          );
        }
        return sig;
      },
    };
  }
  const sk = k instanceof Uint8Array ? k : (k as { secretKey?: unknown })?.secretKey;
  if (!(sk instanceof Uint8Array) || sk.length !== 32) throw keyInvalid();
  const pair = k instanceof Uint8Array ? undefined : (k as { alg?: unknown; publicKey?: unknown });
  if (pair?.alg === 'sm2' || (pair?.publicKey instanceof Uint8Array && pair.publicKey.length === 65)) {
    const s = signerOf(pair as { alg?: SignatureAlg; secretKey: Uint8Array; publicKey?: Uint8Array });
    return { alg: s.alg, publicKey: s.publicKey, sign: async (message) => s.sign(message) };
  }
  if (pair?.alg !== undefined && pair.alg !== 'ed25519') throw keyInvalid();
  const given = pair?.publicKey;
  const publicKey = given instanceof Uint8Array && given.length === 32 ? given : backend.publicKey(sk);
  return { alg: 'ed25519', publicKey, sign: async (message) => backend.sign(sk, message) };
}

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(n / 2 ** 32), false);
  view.setUint32(4, n >>> 0, false);
  return out;
}

/**
 * The bytes a checkpoint signature covers: length-prefixed parts
 * `courier-pii/audit/checkpoint/v1` (`courier-pii/audit/checkpoint/v1/sm2` when `alg` is
 * `'sm2'`), size as 8-byte big-endian, head as 32 raw bytes, time (UTF-8).
 *
 * @param cp - the checkpoint (its `sig` is ignored)
 * @returns the signed message
 * @throws PiiError AUDIT_CORRUPT when size or head are malformed
 * @example
 * ```ts
 * import { checkpointMessage } from 'courier-pii/audit';
 * const m = checkpointMessage({ v: 1, size: 0, head: '0'.repeat(64), time: '2026-01-01T00:00:00.000Z' });
 * console.log(m.length); // 4 + 31 + 4 + 8 + 4 + 32 + 4 + 24 = 111
 * ```
 */
export function checkpointMessage(cp: Pick<AuditCheckpoint, 'size' | 'head' | 'time' | 'alg'>): Uint8Array {
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) {
    throw new PiiError('AUDIT_CORRUPT', 'Checkpoint size must be a non-negative integer.');
  }
  if (typeof cp.head !== 'string' || !/^[0-9a-f]{64}$/.test(cp.head)) {
    throw new PiiError('AUDIT_CORRUPT', 'Checkpoint head must be a lower-case SHA-256 hex digest.');
  }
  if (typeof cp.time !== 'string') throw new PiiError('AUDIT_CORRUPT', 'Checkpoint time must be a string.');
  const domain = cp.alg === 'sm2' ? CHECKPOINT_DOMAIN_SM2 : CHECKPOINT_DOMAIN;
  return lengthPrefixed(domain, u64be(cp.size), fromHex(cp.head), utf8(cp.time));
}

/** Builds a checkpoint and signs it when a signer is given. */
export async function makeCheckpoint(
  size: number,
  head: string,
  time: string,
  signer?: ResolvedSigner,
): Promise<AuditCheckpoint> {
  const cp: AuditCheckpoint = { v: AUDIT_FORMAT_VERSION, size, head, time };
  if (signer?.alg === 'sm2') cp.alg = 'sm2';
  if (signer !== undefined) cp.sig = toBase64url(await signer.sign(checkpointMessage(cp)));
  return cp;
}

/**
 * Checks a checkpoint's signature. A second party that receives checkpoints calls this before
 * storing them. The algorithm comes from the checkpoint (`alg`), never from the key: an SM2 key
 * refuses an Ed25519 checkpoint and an Ed25519 key an SM2 one.
 *
 * @param checkpoint - a checkpoint as returned by `log.checkpoint()`
 * @param publicKey - the log's public key: 32-byte Ed25519 or 65-byte SM2
 * @returns true when the checkpoint is signed and the signature is valid for this key
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink, verifyCheckpoint } from 'courier-pii/audit';
 * const key = ed25519.keygen();
 * const log = createAuditLog({ sink: memorySink(), signingKey: key });
 * const cp = await log.checkpoint();
 * console.log(verifyCheckpoint(cp, key.publicKey)); // true
 * ```
 */
export function verifyCheckpoint(checkpoint: AuditCheckpoint, publicKey: Uint8Array): boolean {
  const keyAlg = publicKeyAlg(publicKey);
  if (keyAlg === undefined) {
    throw new PiiError('KEY_INVALID', 'publicKey must be a 32-byte Ed25519 or a 65-byte SM2 public key.');
  }
  if (typeof checkpoint !== 'object' || checkpoint === null || checkpoint.v !== AUDIT_FORMAT_VERSION)
    return false;
  if (checkpoint.alg !== undefined && checkpoint.alg !== 'sm2') return false;
  const alg: SignatureAlg = checkpoint.alg ?? 'ed25519';
  if (alg !== keyAlg) return false;
  if (typeof checkpoint.sig !== 'string') return false;
  const sig = fromBase64url(checkpoint.sig);
  if (sig?.length !== 64) return false;
  let msg: Uint8Array;
  try {
    msg = checkpointMessage(checkpoint);
  } catch {
    return false;
  }
  return alg === 'ed25519' ? backend.verify(publicKey, msg, sig) : verifyWith(alg, publicKey, msg, sig);
}
