// Signed lifecycle documents (destruction certificates, handover manifests, transfer records):
// Ed25519 (RFC 8032) or SM2 (GB/T 32918.2) over a domain tag and the canonical JSON of the body
// (keys sorted, no white space, in the manner of RFC 8785), so a document can be re-verified
// from its JSON alone. The signature string names its algorithm: bare base64url is Ed25519 (the
// form of before SM2 support), `sm2:` + base64url is SM2; the verifier reads it from there and a
// public key of the other kind never verifies it (docs/formats.md, "Signature algorithms").
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, lengthPrefixed, toBase64url, toHex, utf8 } from '../_internal/bytes.js';
import { type SignatureAlg, publicKeyAlg, signerOf, verifyWith } from '../_internal/signature.js';
import { PiiError } from '../errors.js';

/**
 * A signing key pair: Ed25519 as `ed25519.keygen()` and the consent module's
 * `generateSigningKey()` return, or SM2 as `generateSigningKey({ alg: 'sm2' })` returns.
 */
export interface LifecycleSigningKey {
  /** `'sm2'` for an SM2 key; absent or `'ed25519'` for Ed25519. */
  alg?: SignatureAlg;
  /** 32-byte secret key. */
  secretKey: Uint8Array;
  /** Public key: 32-byte Ed25519 or 65-byte SM2 (derived when absent). */
  publicKey?: Uint8Array;
}

/** Prefix of an SM2 signature string. */
const SM2_PREFIX = 'sm2:';

/** Canonical JSON: sorted keys, no white space; undefined object members are dropped. @internal */
export function canonical(v: unknown, depth = 0): string {
  if (depth > 64)
    throw new PiiError('INVALID_ARGUMENT', 'A signed document is nested deeper than 64 levels.');
  if (v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new PiiError('INVALID_ARGUMENT', 'A signed document holds a non-finite number.');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x ?? null, depth + 1)).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k], depth + 1)}`).join(',')}}`;
  }
  throw new PiiError('INVALID_ARGUMENT', 'A signed document holds a value JSON cannot represent.');
}

/** SHA-256 of the canonical JSON, lower-case hex. @internal */
export function digest(v: unknown): string {
  return toHex(sha256(utf8(canonical(v))));
}

/** @internal */
export function publicKeyOf(key: LifecycleSigningKey): Uint8Array {
  return signerOf(key).publicKey;
}

/** Signs `body` under `domain`; returns the signature string (`sm2:` prefixed for SM2). @internal */
export function signDoc(domain: string, body: unknown, key: LifecycleSigningKey): string {
  const signer = signerOf(key);
  const sig = toBase64url(signer.sign(lengthPrefixed(domain, canonical(body))));
  return signer.alg === 'sm2' ? `${SM2_PREFIX}${sig}` : sig;
}

/**
 * Verifies a signature string over `body` under `domain` with the algorithm the string names;
 * false on any problem, including a public key of the other algorithm. @internal
 */
export function verifyDoc(domain: string, body: unknown, sig: unknown, publicKey: Uint8Array): boolean {
  if (publicKeyAlg(publicKey) === undefined) {
    throw new PiiError('KEY_INVALID', 'publicKey must be a 32-byte Ed25519 or a 65-byte SM2 public key.');
  }
  if (typeof sig !== 'string') return false;
  const alg: SignatureAlg = sig.startsWith(SM2_PREFIX) ? 'sm2' : 'ed25519';
  const s = fromBase64url(alg === 'sm2' ? sig.slice(SM2_PREFIX.length) : sig);
  if (s?.length !== 64) return false;
  return verifyWith(alg, publicKey, lengthPrefixed(domain, canonical(body)), s);
}

/** Lower-case hex of a public key, for naming signers in documents. @internal */
export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey)).slice(0, 16);
}
