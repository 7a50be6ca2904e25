// The algorithm suites every crypto, audit, consent and lifecycle test family runs over, and the
// set-ups they share: test files take `describe.each(SUITES)` (vault suite) or
// `describe.each(DEPLOYMENTS)` (vault suite and the signing algorithm a deployment of that suite
// uses), so one body covers both suites; nothing is copied per suite.
import type { Keyring, SubjectKeyRecord, VaultSuite } from '../../src/crypto/index.js';
import { generateKey } from '../../src/crypto/index.js';
import type { TestAlg } from './signing-algs.js';

/** Every vault suite. */
export const SUITES = ['default', 'gm'] as const satisfies readonly VaultSuite[];

/** A deployment: the vault suite and the signature algorithm that goes with it. */
export interface Deployment {
  suite: VaultSuite;
  alg: TestAlg;
}

/** Suite 1 with Ed25519, and the GM suite with SM2: `describe.each(DEPLOYMENTS)('... ($suite)')`. */
export const DEPLOYMENTS: readonly Deployment[] = [
  { suite: 'default', alg: 'ed25519' },
  { suite: 'gm', alg: 'sm2' },
];

/** An active key record for `subjectId`: a fresh DEK wrapped under `keyring` in `suite`. */
export async function activeKeyRecord(
  keyring: Keyring,
  subjectId: string,
  suite: VaultSuite,
  kekId?: string,
): Promise<SubjectKeyRecord> {
  const { kekId: k, wrapped } = await keyring.wrap(subjectId, generateKey(), kekId, suite);
  return { subjectId, state: 'active', kekId: k, wrapped, createdAt: 1, revision: 1 };
}
