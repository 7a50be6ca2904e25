// Hash and signature primitives for the audit log. On Node the work goes to node:crypto
// (native SHA-256 and Ed25519); elsewhere to @noble/hashes and @noble/curves. Both produce
// identical bytes: SHA-256 is a function, and Ed25519 signing is deterministic (RFC 8032 §5.1.6).
// Verification uses RFC 8032 rules on both sides (noble with zip215: false), so the two agree
// on which signatures are valid.
import type * as NodeCrypto from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex } from '../_internal/bytes.js';

/** The primitives the audit log needs. */
export interface AuditBackend {
  readonly name: 'node' | 'noble';
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-256 as lower-case hex (one native call on Node). */
  sha256Hex(data: Uint8Array): string;
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  publicKey(secretKey: Uint8Array): Uint8Array;
}

export const nobleBackend: AuditBackend = {
  name: 'noble',
  sha256: (d) => nobleSha256(d),
  sha256Hex: (d) => toHex(nobleSha256(d)),
  sign: (sk, m) => ed25519.sign(m, sk),
  verify: (pk, m, s) => {
    try {
      return ed25519.verify(s, m, pk, { zip215: false });
    } catch {
      return false;
    }
  },
  publicKey: (sk) => ed25519.getPublicKey(sk),
};

// DER prefixes for raw 32-byte Ed25519 keys (RFC 8410 §7 PKCS#8 private key, §4 SPKI public key).
const PKCS8_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_PREFIX = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

function makeNodeBackend(c: typeof NodeCrypto): AuditBackend {
  const priv = new WeakMap<Uint8Array, NodeCrypto.KeyObject>();
  const pub = new WeakMap<Uint8Array, NodeCrypto.KeyObject>();
  const privKey = (sk: Uint8Array): NodeCrypto.KeyObject => {
    let k = priv.get(sk);
    if (!k) {
      k = c.createPrivateKey({
        key: Buffer.from(concatBytes(PKCS8_PREFIX, sk)),
        format: 'der',
        type: 'pkcs8',
      });
      priv.set(sk, k);
    }
    return k;
  };
  const pubKey = (pk: Uint8Array): NodeCrypto.KeyObject => {
    let k = pub.get(pk);
    if (!k) {
      k = c.createPublicKey({ key: Buffer.from(concatBytes(SPKI_PREFIX, pk)), format: 'der', type: 'spki' });
      pub.set(pk, k);
    }
    return k;
  };
  const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return {
    name: 'node',
    sha256: (d) => u8(c.createHash('sha256').update(d).digest()),
    // crypto.hash (Node >= 20.12) is the one-shot form, about twice as fast for small inputs.
    sha256Hex:
      typeof c.hash === 'function'
        ? (d) => c.hash('sha256', d, 'hex')
        : (d) => c.createHash('sha256').update(d).digest('hex'),
    sign: (sk, m) => u8(c.sign(null, m, privKey(sk))),
    verify: (pk, m, s) => {
      try {
        return c.verify(null, m, pubKey(pk), s);
      } catch {
        return false;
      }
    },
    publicKey: (sk) => {
      const jwk = c.createPublicKey(privKey(sk)).export({ format: 'jwk' }) as { x?: string };
      return u8(Buffer.from(jwk.x ?? '', 'base64url'));
    },
  };
}

function detect(): AuditBackend {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const c = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  if (c && typeof c.sign === 'function' && typeof c.createHash === 'function') {
    try {
      return makeNodeBackend(c);
    } catch {
      // fall through to the portable implementation
    }
  }
  return nobleBackend;
}

/** The backend in use: node:crypto when the runtime has it, noble otherwise. */
export const backend: AuditBackend = detect();
