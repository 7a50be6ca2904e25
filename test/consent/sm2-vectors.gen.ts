// Builds test/vectors/consent/sm2-tokens.json (format 3, SM2 + SM3) from a seeded SM2 issuer
// key. SM2 signatures draw a fresh k, so the tokens cannot be rebuilt byte for byte: the file is
// frozen once (`npx tsx test/consent/sm2-vectors.gen.ts write`) and the test checks that every
// token still verifies to the same claims and revocation ids.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../src/_internal/bytes.js';
import { attenuate, generateSigningKey, grant, verify } from '../../src/consent/index.js';
import { DAY, ISSUER_ID, T0, pickupGrant, seededRandom } from './helpers.js';

export const sm2IssuerKey = generateSigningKey({ alg: 'sm2', random: seededRandom('issuer-sf-2026-sm2') });

export async function buildSm2Vectors() {
  const root = (
    await grant(
      pickupGrant({
        issuer: { id: ISSUER_ID, secretKey: sm2IssuerKey.secretKey, alg: 'sm2' },
        scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
        expiresAt: T0 + DAY,
        maxUses: 1,
        random: seededRandom('sm2-root'),
      }),
    )
  ).token;
  const narrowed = attenuate(root, { grantee: 'n-5531/locker-0571', random: seededRandom('sm2-narrow') });
  const sealed = attenuate(narrowed, {
    scope: { pickupCode: 'allow' },
    seal: true,
    random: seededRandom('sm2-seal'),
  });
  const at = { purpose: 'pickup', resource: 'SF1043212345678', now: T0 + 3_600_000 };
  const cases = [
    { name: 'one-block SM2 pickup token', token: root, verify: { ...at, grantee: 'n-5531' } },
    {
      name: 'narrowed to a locker (two blocks, open)',
      token: narrowed,
      verify: { ...at, grantee: 'n-5531/locker-0571' },
    },
    {
      name: 'narrowed and sealed (three blocks)',
      token: sealed,
      verify: { ...at, grantee: 'n-5531/locker-0571' },
    },
  ];
  const issuers = { [ISSUER_ID]: sm2IssuerKey.publicKey };
  const out = [];
  for (const c of cases) {
    const claims = await verify(c.token, { issuers, revocations: 'unchecked', ...c.verify });
    out.push({
      ...c,
      expect: { scope: claims.scope, revocationIds: claims.revocationIds, sealed: claims.sealed },
    });
  }
  return { issuers: { [ISSUER_ID]: toHex(sm2IssuerKey.publicKey) }, cases: out };
}

if (process.argv[2] === 'write') {
  const v = await buildSm2Vectors();
  writeFileSync(
    new URL('../vectors/consent/sm2-tokens.json', import.meta.url),
    `${JSON.stringify(v, null, 2)}\n`,
  );
}
