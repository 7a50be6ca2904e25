// Consent tokens vs jose EdDSA (JWS, Ed25519) in the same process. Both sides hold an
// Ed25519 KeyObject / cached key and verify the same kind of claims; jose has no attenuation
// or revocation, so the 3-block row is ours against a plain 1-signature JWS.
import { generateKeyPairSync } from 'node:crypto';
import * as jose from 'jose';
import { attenuate, generateSigningKey, grant, verify } from '../src/consent/index.js';
import { type BenchRow, compare } from './lib.js';

export async function run(): Promise<BenchRow[]> {
  const key = generateSigningKey({ backend: 'node' });
  const issuers = { 'sf-2026': key.publicKey };
  const exp = Date.now() + 86_400_000;
  const grantOpts = {
    issuer: { id: 'sf-2026', secretKey: key.secretKey },
    subject: 'r-8812',
    grantee: 'n-5531',
    purpose: 'pickup',
    resource: 'SF1043212345678',
    scope: { pickupCode: 'allow', 'recipient.address': 'mask' } as const,
    expiresAt: exp,
    maxUses: 1,
  };
  const { token } = await grant(grantOpts);
  const t3 = attenuate(attenuate(token, { scope: { pickupCode: 'allow' } }), {
    grantee: 'n-5531/locker-0571',
  });
  const vopts = {
    issuers,
    purpose: 'pickup',
    grantee: 'n-5531',
    resource: 'SF1043212345678',
    revocations: 'unchecked' as const,
  };
  const v3opts = { ...vopts, grantee: 'n-5531/locker-0571' };

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const claims = {
    iss: 'sf-2026',
    sub: 'r-8812',
    aud: 'n-5531',
    purpose: 'pickup',
    resource: 'SF1043212345678',
    scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
    exp: Math.floor(exp / 1000),
    max_uses: 1,
    jti: 'ca8ff135c7e8947042c1c95251a8f8f1',
  };
  const enc = new TextEncoder();
  const jws = await new jose.CompactSign(enc.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA' })
    .sign(privateKey);
  const joseVerify = async () => {
    const { payload } = await jose.compactVerify(jws, publicKey);
    return JSON.parse(new TextDecoder().decode(payload));
  };
  const joseSign = () =>
    new jose.CompactSign(enc.encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(privateKey);
  const peerVerify = { name: 'jose 6 compactVerify EdDSA', fn: joseVerify };

  return [
    await compare({
      group: 'consent',
      name: 'grant (sign a 1-block token)',
      ours: () => grant(grantOpts),
      peer: { name: 'jose 6 CompactSign EdDSA', fn: joseSign },
    }),
    await compare({
      group: 'consent',
      name: 'verify 1-block token',
      ours: () => verify(token, vopts),
      peer: peerVerify,
      target: '>= 1.2',
      targetMin: 1.2,
    }),
    await compare({
      group: 'consent',
      name: 'verify 3-block token',
      ours: () => verify(t3, v3opts),
      peer: peerVerify,
    }),
  ];
}
