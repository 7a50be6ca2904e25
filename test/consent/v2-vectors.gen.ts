// Builds test/vectors/consent/v2-tokens.json (format v2) from seeded keys, clock and randomness.
// Run once with `npx tsx test/consent/v2-vectors.gen.ts write`; the test checks it reproduces.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../src/_internal/bytes.js';
import { attenuate, grant } from '../../src/consent/index.js';
import { DAY, issuerKey, ISSUER_ID, pickupGrant, seededRandom, T0 } from './helpers.js';

/** The QR case: one block, three scope paths, a waybill binding, one use. */
export const qrGrant = (format: 1 | 2) =>
  pickupGrant({
    scope: { pickupCode: 'allow', 'recipient.address': 'mask', 'recipient.name': 'mask' },
    expiresAt: T0 + DAY,
    maxUses: 1,
    format,
    random: seededRandom('v2-qr'),
  });

export async function buildV2Vectors() {
  const qr = (await grant(qrGrant(2))).token;
  const narrowed = attenuate(qr, { grantee: 'n-5531/locker-0571', random: seededRandom('v2-narrow') });
  const sealed = attenuate(narrowed, { seal: true });
  const at = { purpose: 'pickup', resource: 'SF1043212345678', now: T0 + 3_600_000 };
  return {
    issuers: { [ISSUER_ID]: toHex(issuerKey.publicKey) },
    cases: [
      { name: 'one-block QR pickup token', token: qr, verify: { ...at, grantee: 'n-5531' } },
      {
        name: 'narrowed to a locker (two blocks, open)',
        token: narrowed,
        verify: { ...at, grantee: 'n-5531/locker-0571' },
      },
      { name: 'sealed', token: sealed, verify: { ...at, grantee: 'n-5531/locker-0571' } },
    ],
  };
}

if (process.argv[2] === 'write') {
  const v = await buildV2Vectors();
  writeFileSync(
    new URL('../vectors/consent/v2-tokens.json', import.meta.url),
    `${JSON.stringify(v, null, 2)}\n`,
  );
}
