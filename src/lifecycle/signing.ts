// Signed lifecycle documents (destruction certificates, handover manifests, transfer records):
// Ed25519 (RFC 8032) over a domain tag and the canonical JSON of the body (keys sorted, no
// white space, in the manner of RFC 8785), so a document can be re-verified from its JSON alone.
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, lengthPrefixed, toBase64url, toHex, utf8 } from '../_internal/bytes.js';
import { selectEd25519 } from '../_internal/ed25519.js';
import { PiiError } from '../errors.js';

// node:crypto on Node, @noble/curves elsewhere; byte-identical (src/_internal/ed25519.ts).
const ed = selectEd25519('auto');

/** An Ed25519 key pair, as `ed25519.keygen()` and the consent module's `generateSigningKey()` return. */
export interface LifecycleSigningKey {
  /** 32-byte Ed25519 secret key. */
  secretKey: Uint8Array;
  /** 32-byte Ed25519 public key (derived when absent). */
  publicKey?: Uint8Array;
}

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
  if (!(key?.secretKey instanceof Uint8Array) || key.secretKey.length !== 32) {
    throw new PiiError('KEY_INVALID', 'signingKey must be { secretKey } with a 32-byte Ed25519 secret key.');
  }
  return key.publicKey instanceof Uint8Array && key.publicKey.length === 32
    ? key.publicKey
    : ed.publicKey(key.secretKey);
}

/** Signs `body` under `domain`; returns a base64url signature. @internal */
export function signDoc(domain: string, body: unknown, key: LifecycleSigningKey): string {
  publicKeyOf(key);
  return toBase64url(ed.sign(key.secretKey, lengthPrefixed(domain, canonical(body))));
}

/** Verifies a base64url signature over `body` under `domain`; false on any problem. @internal */
export function verifyDoc(domain: string, body: unknown, sig: unknown, publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new PiiError('KEY_INVALID', 'publicKey must be a 32-byte Ed25519 public key.');
  }
  if (typeof sig !== 'string') return false;
  const s = fromBase64url(sig);
  if (s?.length !== 64) return false;
  return ed.verify(publicKey, lengthPrefixed(domain, canonical(body)), s);
}

/** Lower-case hex of a public key, for naming signers in documents. @internal */
export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey)).slice(0, 16);
}
