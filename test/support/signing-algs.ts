// The signature algorithms every signing test family runs over (Ed25519 and SM2), and a key
// of each: test files take `describe.each(SIGNING_ALGS)` so one body covers both.
import { generateSigningKey, type SigningKey } from '../../src/consent/index.js';

export const SIGNING_ALGS = ['ed25519', 'sm2'] as const;
export type TestAlg = (typeof SIGNING_ALGS)[number];

/** A fresh key pair of `alg` (Ed25519 keys carry no `alg`, as before SM2 support). */
export function keyFor(alg: TestAlg): SigningKey {
  return alg === 'sm2' ? generateSigningKey({ alg: 'sm2' }) : generateSigningKey();
}

/** The other algorithm (for key-confusion tests). */
export const otherAlg = (alg: TestAlg): TestAlg => (alg === 'sm2' ? 'ed25519' : 'sm2');
