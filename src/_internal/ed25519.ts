// Ed25519 (RFC 8032) on two backends that produce byte-identical signatures: node:crypto on
// Node (native, ~10x faster) and @noble/curves everywhere else. Signing is deterministic, so a
// token, checkpoint or certificate built from the same inputs is the same bytes on both
// (test/consent/backend.test.ts, test/audit/backend.test.ts). Shared by audit, consent and
// lifecycle; private to the package.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { PiiError } from '../errors.js';
import { pickBackend } from './backend-choice.js';
import { builtinModule } from './builtin.js';

/** Which Ed25519 implementation to use: `'auto'` picks node:crypto when present. */
export type Ed25519BackendChoice = 'auto' | 'node' | 'noble';

/** @internal */
export interface Ed25519Backend {
  readonly name: 'node' | 'noble';
  /** Public key (32 bytes) of a 32-byte secret key (RFC 8032 seed). */
  publicKey(secretKey: Uint8Array): Uint8Array;
  sign(secretKey: Uint8Array, msg: Uint8Array): Uint8Array;
  /** False (never throws) for a malformed key or signature. */
  verify(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean;
  sha256(msg: Uint8Array): Uint8Array;
  randomBytes(n: number): Uint8Array;
}

export const nobleEd25519: Ed25519Backend = {
  name: 'noble',
  publicKey: (sk) => ed25519.getPublicKey(sk),
  sign: (sk, msg) => ed25519.sign(msg, sk),
  verify(pk, msg, sig) {
    if (pk.length !== 32 || sig.length !== 64) return false;
    try {
      // zip215: false = RFC 8032 / FIPS 186-5 strict rules, the same ones OpenSSL applies.
      return ed25519.verify(sig, msg, pk, { zip215: false });
    } catch {
      return false;
    }
  },
  sha256: (msg) => nobleSha256(msg),
  randomBytes: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
};

type NodeCrypto = typeof import('node:crypto');
type KeyObject = import('node:crypto').KeyObject;
const nodeCrypto = builtinModule<NodeCrypto>('node:crypto');

function b64u(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
}

// A JWK private import needs an `x`; OpenSSL derives the public key from `d` and ignores it.
// (DER PKCS#8 import costs ~10x more here.) The derived key is checked against noble in tests.
const DUMMY_X = 'A'.repeat(43);

function makeNodeEd25519(c: NodeCrypto): Ed25519Backend {
  // Public KeyObjects of issuer keys are cached: importing one costs about a tenth of a verify.
  const pubCache = new Map<string, KeyObject>();
  const privCache = new WeakMap<Uint8Array, KeyObject>();
  function privateKey(sk: Uint8Array): KeyObject {
    if (sk.length !== 32) throw new PiiError('INVALID_ARGUMENT', 'An Ed25519 secret key must be 32 bytes.');
    const hit = privCache.get(sk);
    if (hit) return hit;
    const k = c.createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: b64u(sk), x: DUMMY_X },
      format: 'jwk',
    });
    privCache.set(sk, k);
    return k;
  }
  function publicKeyObject(pk: Uint8Array, cache: boolean): KeyObject | undefined {
    const x = b64u(pk);
    const hit = pubCache.get(x);
    if (hit) return hit;
    try {
      const k = c.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
      if (cache) {
        if (pubCache.size >= 1024) pubCache.clear();
        pubCache.set(x, k);
      }
      return k;
    } catch {
      return undefined;
    }
  }
  return {
    name: 'node',
    publicKey(sk) {
      const jwk = privateKey(sk).export({ format: 'jwk' }) as { x: string };
      return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
    },
    sign: (sk, msg) => new Uint8Array(c.sign(null, msg, privateKey(sk))),
    verify(pk, msg, sig) {
      if (pk.length !== 32 || sig.length !== 64) return false;
      const k = publicKeyObject(pk, false);
      if (!k) return false;
      try {
        return c.verify(null, msg, k, sig);
      } catch {
        return false;
      }
    },
    sha256: (msg) => c.createHash('sha256').update(msg).digest(),
    randomBytes: (n) => new Uint8Array(c.randomBytes(n)),
    // Used for issuer keys only (few, long-lived); ephemeral block keys are not cached.
    verifyCached(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
      if (pk.length !== 32 || sig.length !== 64) return false;
      const k = publicKeyObject(pk, true);
      if (!k) return false;
      try {
        return c.verify(null, msg, k, sig);
      } catch {
        return false;
      }
    },
  } as Ed25519Backend;
}

/** The node:crypto backend, or undefined outside Node. */
export const nodeEd25519: Ed25519Backend | undefined = nodeCrypto ? makeNodeEd25519(nodeCrypto) : undefined;

/** Verifies with an issuer key, using the backend's key cache when it has one. */
export function verifyIssuer(b: Ed25519Backend, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  const cached = (b as { verifyCached?: Ed25519Backend['verify'] }).verifyCached;
  return cached ? cached(pk, msg, sig) : b.verify(pk, msg, sig);
}

/**
 * Resolves a backend choice.
 * @throws PiiError BACKEND_UNAVAILABLE when `'node'` is forced outside Node.
 */
export function selectEd25519(choice: Ed25519BackendChoice = 'auto'): Ed25519Backend {
  return pickBackend(
    choice,
    nodeEd25519,
    nobleEd25519,
    "node:crypto is not available here; use backend: 'noble' or 'auto'.",
  );
}
