// Format v2: a one-block pickup token with three scope paths and a waybill binding fits a
// 300-character QR payload; v1 tokens (frozen in tokens.json) still verify; v2 is frozen too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBase64url, fromHex, toBase64url } from '../../src/_internal/bytes.js';
import {
  attenuate,
  createMemoryRevocationStore,
  grant,
  revocationIds,
  revoke,
  verify,
} from '../../src/consent/index.js';
import { codeOf, issuers, T0, WAYBILL } from './helpers.js';
import { buildV2Vectors, qrGrant } from './v2-vectors.gen.js';

const frozen = JSON.parse(
  readFileSync(new URL('../vectors/consent/v2-tokens.json', import.meta.url), 'utf8'),
) as Awaited<ReturnType<typeof buildV2Vectors>>;
const at = (over: Record<string, unknown> = {}) => ({
  issuers,
  purpose: 'pickup',
  grantee: 'n-5531',
  resource: WAYBILL,
  revocations: 'unchecked' as const,
  now: T0 + 3_600_000,
  ...over,
});

describe('consent token format v2', () => {
  it('a one-block pickup token with three scope paths and a waybill binding is at most 300 characters', async () => {
    const v2 = await grant(qrGrant(2));
    const v1 = await grant(qrGrant(1));
    expect(v2.token.length).toBeLessThanOrEqual(300);
    // The same grant in v1 is 32 bytes longer and does not fit.
    expect(v1.token.length).toBeGreaterThan(300);
    expect(fromBase64url(v1.token)!.length - fromBase64url(v2.token)!.length).toBe(32);
    // One token, two encodings: same id, same claims.
    expect(v2.tokenId).toBe(v1.tokenId);
    expect(revocationIds(v2.token)).toEqual(revocationIds(v1.token));
    expect(await verify(v2.token, at())).toEqual(await verify(v1.token, at()));
    // With ten-digit numeric ids it still fits.
    const numeric = await grant({ ...qrGrant(2), subject: '1029384756', grantee: '5566778899' });
    expect(numeric.token.length).toBeLessThanOrEqual(300);
  });

  for (const backend of ['node', 'noble'] as const) {
    it(`${backend}: the frozen v2 vectors verify, and the generator reproduces them byte for byte`, async () => {
      const iss = Object.fromEntries(Object.entries(frozen.issuers).map(([k, v]) => [k, fromHex(v)]));
      for (const c of frozen.cases) {
        const claims = await verify(c.token, {
          ...c.verify,
          issuers: iss,
          revocations: 'unchecked',
          backend,
        });
        expect(claims.scope).toMatchObject({ pickupCode: 'allow' });
        expect(fromBase64url(c.token)![0]).toBe(2);
      }
      expect((await buildV2Vectors()).cases.map((c) => c.token)).toEqual(frozen.cases.map((c) => c.token));
    });
  }

  it('attenuation keeps the version; narrowed and sealed v2 tokens verify; revocation reaches them', async () => {
    const { token } = await grant(qrGrant(2));
    const locker = attenuate(token, { grantee: 'n-5531/locker-0571', scope: { pickupCode: 'allow' } });
    const sealed = attenuate(locker, { seal: true });
    for (const t of [locker, sealed]) {
      expect(fromBase64url(t)![0]).toBe(2);
      expect((await verify(t, at({ grantee: 'n-5531/locker-0571' }))).scope).toEqual({ pickupCode: 'allow' });
    }
    expect(await codeOf(() => attenuate(sealed, { maxUses: 1 }))).toBe('INVALID_ARGUMENT');
    const v1 = (await grant(qrGrant(1))).token;
    expect(fromBase64url(attenuate(v1, { maxUses: 1 }))![0]).toBe(1);
    const revocations = createMemoryRevocationStore();
    await revoke(token, { issuers, revocations });
    expect(await codeOf(verify(sealed, at({ grantee: 'n-5531/locker-0571', revocations })))).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('tampering with a v2 token fails with TOKEN_INVALID: secret, signature, truncation, extension, relabelling', async () => {
    const { token } = await grant(qrGrant(2));
    const bin = fromBase64url(token)!;
    const cases: Uint8Array[] = [];
    for (const i of [bin.length - 1, bin.length - 20, bin.length - 40, bin.length - 90, 30]) {
      const m = bin.slice();
      m[i]! ^= 1;
      cases.push(m);
    }
    cases.push(bin.slice(0, -1), new Uint8Array([...bin, 0]));
    const v1 = bin.slice();
    v1[0] = 1;
    cases.push(v1);
    for (const m of cases) expect(await codeOf(verify(toBase64url(m), at()))).toBe('TOKEN_INVALID');
    // A different carried secret derives a different `next`, so the signature no longer verifies.
    const swapped = bin.slice();
    swapped.set(new Uint8Array(32).fill(7), bin.length - 32);
    expect(await codeOf(verify(toBase64url(swapped), at()))).toBe('TOKEN_INVALID');
  });

  it('grant refuses an unknown format', async () => {
    expect(await codeOf(grant({ ...qrGrant(2), format: 3 as never }))).toBe('INVALID_ARGUMENT');
  });
});
