import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backend, nobleBackend } from '../../src/audit/backend.js';

describe('audit backends', () => {
  it('uses node:crypto on Node', () => {
    expect(backend.name).toBe('node');
  });

  it('produce identical SHA-256 digests and Ed25519 signatures, and accept each other', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (sk, msg) => {
          expect(backend.sha256(msg)).toEqual(nobleBackend.sha256(msg));
          expect(backend.sha256Hex(msg)).toBe(nobleBackend.sha256Hex(msg));
          const pk = nobleBackend.publicKey(sk);
          expect(backend.publicKey(sk)).toEqual(pk);
          const a = backend.sign(sk, msg);
          const b = nobleBackend.sign(sk, msg);
          expect(a).toEqual(b);
          expect(nobleBackend.verify(pk, msg, a)).toBe(true);
          expect(backend.verify(pk, msg, b)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('both reject a signature with any one bit flipped', () => {
    const { secretKey, publicKey } = ed25519.keygen();
    const msg = new TextEncoder().encode('checkpoint');
    const sig = backend.sign(secretKey, msg);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 511 }), (bit) => {
        const bad = new Uint8Array(sig);
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(backend.verify(publicKey, msg, bad)).toBe(false);
        expect(nobleBackend.verify(publicKey, msg, bad)).toBe(false);
      }),
      { numRuns: 80 },
    );
  });

  it('both answer false, not throw, for malformed keys and signatures', () => {
    const msg = new Uint8Array([1]);
    for (const be of [backend, nobleBackend]) {
      expect(be.verify(new Uint8Array(32), msg, new Uint8Array(64))).toBe(false);
      expect(be.verify(new Uint8Array(32).fill(255), msg, new Uint8Array(10))).toBe(false);
    }
  });
});
