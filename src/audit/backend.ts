// Hash and signature primitives for the audit log. On Node the work goes to node:crypto
// (native SHA-256 and Ed25519); elsewhere to @noble/hashes and @noble/curves. Both produce
// identical bytes: SHA-256 is a function, and Ed25519 signing is deterministic (RFC 8032 §5.1.6).
// Verification uses RFC 8032 rules on both sides (noble with zip215: false), so the two agree
// on which signatures are valid.
import type * as NodeCrypto from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { builtinModule } from '../_internal/builtin.js';
import { toHex } from '../_internal/bytes.js';
import { type Ed25519Backend, nobleEd25519, nodeEd25519 } from '../_internal/ed25519.js';

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
  sign: (sk, m) => nobleEd25519.sign(sk, m),
  verify: (pk, m, s) => nobleEd25519.verify(pk, m, s),
  publicKey: (sk) => nobleEd25519.publicKey(sk),
};

function makeNodeBackend(c: typeof NodeCrypto, ed: Ed25519Backend): AuditBackend {
  const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return {
    name: 'node',
    sha256: (d) => u8(c.createHash('sha256').update(d).digest()),
    // crypto.hash (Node >= 20.12) is the one-shot form, about twice as fast for small inputs.
    sha256Hex:
      typeof c.hash === 'function'
        ? (d) => c.hash('sha256', d, 'hex')
        : (d) => c.createHash('sha256').update(d).digest('hex'),
    sign: (sk, m) => ed.sign(sk, m),
    verify: (pk, m, s) => ed.verify(pk, m, s),
    publicKey: (sk) => ed.publicKey(sk),
  };
}

function detect(): AuditBackend {
  const c = builtinModule<typeof NodeCrypto>('node:crypto');
  if (c && typeof c.createHash === 'function' && nodeEd25519) {
    try {
      return makeNodeBackend(c, nodeEd25519);
    } catch {
      // fall through to the portable implementation
    }
  }
  return nobleBackend;
}

/** The backend in use: node:crypto when the runtime has it, noble otherwise. */
export const backend: AuditBackend = detect();
