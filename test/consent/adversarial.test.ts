import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/_internal/bytes.js';
import {
  attenuate,
  createMemoryRevocationStore,
  createMemoryUseCounter,
  grant,
  redeem,
  revocationIds,
  revoke,
  verify,
  type VerifyOptions,
} from '../../src/consent/index.js';
import { appendRaw, parse, serialize, withBlocks } from './forge.js';
import {
  DAY,
  HOUR,
  ISSUER_ID,
  T0,
  WAYBILL,
  codeOf,
  pickupGrant as pickupGrantEd25519,
  seededRandom,
} from './helpers.js';
import type { GrantOptions, SigningKey } from '../../src/consent/index.js';
import { generateSigningKey } from '../../src/consent/index.js';
import { SIGNING_ALGS, type TestAlg } from '../support/signing-algs.js';

// The whole family runs once per signature algorithm: Ed25519 tokens (versions 1) and SM2
// tokens (version 3). Keys are seeded so each run is reproducible.
let alg: TestAlg = 'ed25519';
let issuerKey: SigningKey;
let otherIssuerKey: SigningKey;
let issuers: Record<string, Uint8Array>;
const keyOf = (a: TestAlg, seed: string): SigningKey =>
  generateSigningKey({
    ...(a === 'sm2' ? { alg: 'sm2' as const } : {}),
    random: seededRandom(`${seed}/${a}`),
  });
const pickupGrant = (over: Partial<GrantOptions> = {}): GrantOptions =>
  pickupGrantEd25519({ issuer: { id: ISSUER_ID, secretKey: issuerKey.secretKey, alg }, ...over });

const base = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  issuers,
  purpose: 'pickup',
  grantee: 'n-5531',
  resource: WAYBILL,
  revocations: 'unchecked',
  now: T0 + HOUR,
  ...over,
});

let token: string;
let narrowed: string;
let toLocker: string;
let lockerOpts: VerifyOptions;

describe.each(SIGNING_ALGS)('consent tokens signed with %s', (a) => {
  beforeAll(async () => {
    alg = a;
    issuerKey = keyOf(a, 'issuer-sf-2026');
    otherIssuerKey = keyOf(a, 'issuer-other');
    issuers = { [ISSUER_ID]: issuerKey.publicKey };
    token = (await grant(pickupGrant())).token;
    narrowed = attenuate(token, { scope: { pickupCode: 'allow' }, random: seededRandom('a1') });
    toLocker = attenuate(narrowed, { grantee: 'n-5531/locker-0571', random: seededRandom('a2') });
    lockerOpts = base({ grantee: 'n-5531/locker-0571' });
  });

  describe('verify accepts what was granted', () => {
    it('verifies the root token and its attenuations with only the issuer public key', async () => {
      expect((await verify(token, base())).scope).toEqual({
        pickupCode: 'allow',
        'recipient.address': 'mask',
      });
      expect((await verify(narrowed, base())).scope).toEqual({ pickupCode: 'allow' });
      const c = await verify(toLocker, lockerOpts);
      expect(c.grantee).toBe('n-5531/locker-0571');
      expect(c.revocationIds).toHaveLength(3);
      expect(c.revocationIds[0]).toBe(c.tokenId);
    });
  });

  describe('time', () => {
    it('rejects an expired token with TOKEN_EXPIRED, honouring the clock tolerance', async () => {
      const exp = T0 + 2 * DAY;
      expect(await codeOf(verify(token, base({ now: exp + 31_000 })))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(verify(token, base({ now: exp + 29_000 })))).toBe('ok');
      expect(await codeOf(verify(token, base({ now: exp, clockToleranceSeconds: 0 })))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(verify(token, base({ now: exp - 1, clockToleranceSeconds: 0 })))).toBe('ok');
    });

    it('rejects a token before its start with TOKEN_NOT_YET_VALID, with a configurable clock skew', async () => {
      const later = (await grant(pickupGrant({ notBefore: T0 + HOUR }))).token;
      expect(await codeOf(verify(later, base({ now: T0 })))).toBe('TOKEN_NOT_YET_VALID');
      expect(await codeOf(verify(later, base({ now: T0 + HOUR - 31_000 })))).toBe('TOKEN_NOT_YET_VALID');
      expect(await codeOf(verify(later, base({ now: T0 + HOUR - 29_000 })))).toBe('ok');
      expect(await codeOf(verify(later, base({ now: T0, clockToleranceSeconds: 3600 })))).toBe('ok');
      expect(await codeOf(verify(later, base({ now: T0 + HOUR - 1000, clockToleranceSeconds: 0 })))).toBe(
        'TOKEN_NOT_YET_VALID',
      );
    });

    it('applies an attenuated earlier expiry', async () => {
      const short = attenuate(token, { expiresAt: T0 + 2 * HOUR });
      expect(await codeOf(verify(short, base({ now: T0 + 3 * HOUR })))).toBe('TOKEN_EXPIRED');
      expect(await codeOf(verify(token, base({ now: T0 + 3 * HOUR })))).toBe('ok');
    });
  });

  describe('revocation', () => {
    it('revoking the root cuts off the grant and every descendant', async () => {
      const revocations = createMemoryRevocationStore();
      await revoke(narrowed, { issuers, revocations });
      for (const t of [token, narrowed])
        expect(await codeOf(verify(t, base({ revocations })))).toBe('TOKEN_REVOKED');
      expect(await codeOf(verify(toLocker, { ...lockerOpts, revocations }))).toBe('TOKEN_REVOKED');
    });

    it('revoking a middle block cuts off it and its descendants but not its parent or a sibling branch', async () => {
      const revocations = createMemoryRevocationStore();
      const sibling = attenuate(token, { scope: { 'recipient.address': 'mask' } });
      const { revocationId } = await revoke(toLocker, { issuers, revocations, block: 1 });
      expect(revocationId).toBe(revocationIds(narrowed)[1]);
      expect(await codeOf(verify(narrowed, base({ revocations })))).toBe('TOKEN_REVOKED');
      expect(await codeOf(verify(toLocker, { ...lockerOpts, revocations }))).toBe('TOKEN_REVOKED');
      expect(await codeOf(verify(token, base({ revocations })))).toBe('ok');
      expect(await codeOf(verify(sibling, base({ revocations })))).toBe('ok');
    });

    it('requires a revocation store unless the caller explicitly opts out', async () => {
      const { revocations: _, ...noStore } = base();
      expect(await codeOf(verify(token, noStore as VerifyOptions))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(verify(token, base({ revocations: 'unchecked' })))).toBe('ok');
      expect(await codeOf(verify(token, base({ revocations: createMemoryRevocationStore() })))).toBe('ok');
    });
  });

  describe('uses', () => {
    it('fails with TOKEN_EXHAUSTED once maxUses redemptions were counted', async () => {
      const counter = createMemoryUseCounter();
      const opts = { ...base(), counter };
      for (let i = 1; i <= 3; i++) expect((await redeem(token, opts)).uses).toBe(i);
      expect(await codeOf(redeem(token, opts))).toBe('TOKEN_EXHAUSTED');
      // A descendant shares the grant's counter.
      expect(await codeOf(redeem(narrowed, opts))).toBe('TOKEN_EXHAUSTED');
    });

    it('honours a lower limit set by attenuation against the shared counter', async () => {
      const counter = createMemoryUseCounter();
      const once = attenuate(token, { maxUses: 1 });
      expect((await redeem(once, { ...base(), counter })).uses).toBe(1);
      expect(await codeOf(redeem(once, { ...base(), counter }))).toBe('TOKEN_EXHAUSTED');
      expect((await redeem(token, { ...base(), counter })).uses).toBe(2);
    });

    it('counts at most maxUses under concurrent redemptions', async () => {
      const counter = createMemoryUseCounter();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => codeOf(redeem(token, { ...base(), counter }))),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(3);
      expect(results.filter((r) => r === 'TOKEN_EXHAUSTED')).toHaveLength(7);
    });
  });

  describe('widening blocks are rejected', () => {
    const cases: Array<[string, Parameters<typeof appendRaw>[1]]> = [
      [
        'adds a path',
        {
          scope: [
            ['pickupCode', 'allow'],
            ['recipient.phone', 'allow'],
          ],
        },
      ],
      ['raises mask to allow', { scope: [['recipient.address', 'allow']] }],
      ['adds a wildcard', { scope: [['recipient.*', 'mask']] }],
      ['extends the expiry', { expiresAt: Math.floor((T0 + 3 * DAY) / 1000) }],
      ['moves the expiry before the start', { expiresAt: Math.floor(T0 / 1000) }],
      ['binds another resource', { resource: 'SF9999999999999' }],
      ['hands over to an unrelated grantee', { grantee: 'stranger-1' }],
      ['uses a grantee that only shares a prefix', { grantee: 'n-55310' }],
      ['raises maxUses', { maxUses: 4 }],
    ];
    for (const [name, payload] of cases) {
      it(`a block that ${name} fails with TOKEN_INVALID`, async () => {
        const forged = appendRaw(token, payload);
        expect(await codeOf(verify(forged, base({ grantee: 'n-5531' })))).toBe('TOKEN_INVALID');
      });
    }

    it('attenuate itself refuses to widen', () => {
      expect(() =>
        attenuate(narrowed, { scope: { pickupCode: 'allow', 'recipient.address': 'mask' } }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => attenuate(token, { expiresAt: T0 + 3 * DAY })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      expect(() => attenuate(token, { resource: 'SF9999999999999' })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      expect(() => attenuate(token, { grantee: 'stranger' })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      expect(() => attenuate(token, { maxUses: 9 })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      expect(() => attenuate(token, {})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });

    it('a narrowing block built the same raw way verifies (the forge helper is faithful)', async () => {
      const ok = appendRaw(token, { scope: [['pickupCode', 'mask']] });
      expect((await verify(ok, base())).scope).toEqual({ pickupCode: 'mask' });
    });
  });

  describe('chain integrity', () => {
    it('a re-ordered chain fails with TOKEN_INVALID', async () => {
      const swapped = withBlocks(toLocker, (b) => [b[0]!, b[2]!, b[1]!]);
      expect(await codeOf(verify(swapped, lockerOpts))).toBe('TOKEN_INVALID');
    });

    it('a chain with a dropped middle block fails with TOKEN_INVALID', async () => {
      const dropped = withBlocks(toLocker, (b) => [b[0]!, b[2]!]);
      expect(await codeOf(verify(dropped, lockerOpts))).toBe('TOKEN_INVALID');
    });

    it('a chain with its last block dropped fails without the previous secret', async () => {
      const truncated = withBlocks(toLocker, (b) => [b[0]!, b[1]!]);
      expect(await codeOf(verify(truncated, base()))).toBe('TOKEN_INVALID');
      const rootOnly = withBlocks(toLocker, (b) => [b[0]!]);
      expect(await codeOf(verify(rootOnly, base()))).toBe('TOKEN_INVALID');
    });

    it('a block signed by a key other than the one its parent introduced fails with TOKEN_INVALID', async () => {
      const wrong = appendRaw(
        token,
        { scope: [['pickupCode', 'allow']] },
        { signer: seededRandom('mallory')(32) },
      );
      expect(await codeOf(verify(wrong, base()))).toBe('TOKEN_INVALID');
      const byIssuer = appendRaw(
        token,
        { scope: [['pickupCode', 'allow']] },
        { signer: issuerKey.secretKey },
      );
      expect(await codeOf(verify(byIssuer, base()))).toBe('TOKEN_INVALID');
    });

    it('a sealed token verifies, cannot be attenuated, and cannot be unsealed', async () => {
      const sealed = attenuate(narrowed, { seal: true });
      expect((await verify(sealed, base())).sealed).toBe(true);
      expect(() => attenuate(sealed, { maxUses: 1 })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      const t = parse(sealed);
      const reopened = serialize({ ...t, proof: { kind: 'open', secret: new Uint8Array(32) } });
      expect(await codeOf(verify(reopened, base()))).toBe('TOKEN_INVALID');
      const badSeal = serialize({ ...t, proof: { kind: 'sealed', sig: new Uint8Array(64) } });
      expect(await codeOf(verify(badSeal, base()))).toBe('TOKEN_INVALID');
    });

    it('every single-byte change of a token fails', async () => {
      const bin = fromBase64url(narrowed)!;
      const opts = base();
      for (let i = 0; i < bin.length; i++) {
        for (const x of [0x01, 0x80]) {
          const m = bin.slice();
          m[i] = m[i]! ^ x;
          const code = await codeOf(verify(toBase64url(m), opts));
          if (code === 'ok') throw new Error(`byte ${i} xor ${x} still verifies`);
          expect(['TOKEN_INVALID']).toContain(code);
        }
      }
      expect(await codeOf(verify(`${narrowed}A`, opts))).toBe('TOKEN_INVALID');
      expect(await codeOf(verify(narrowed.slice(0, -1), opts))).toBe('TOKEN_INVALID');
      expect(await codeOf(verify(`${narrowed}=`, opts))).toBe('TOKEN_INVALID');
    });
  });

  describe('bindings supplied by the verifier', () => {
    it('a wrong purpose, grantee or resource fails with TOKEN_MISMATCH', async () => {
      expect(await codeOf(verify(token, base({ purpose: 'marketing' })))).toBe('TOKEN_MISMATCH');
      expect(await codeOf(verify(token, base({ grantee: 'n-9999' })))).toBe('TOKEN_MISMATCH');
      expect(await codeOf(verify(token, base({ resource: 'SF0000000000000' })))).toBe('TOKEN_MISMATCH');
      expect(await codeOf(verify(token, base({ resource: undefined })))).toBe('TOKEN_MISMATCH');
      // After narrowing to a device, the parent grantee no longer matches.
      expect(await codeOf(verify(toLocker, base()))).toBe('TOKEN_MISMATCH');
    });

    it('a resource binding added by attenuation is enforced', async () => {
      const unbound = (await grant(pickupGrant({ resource: undefined }))).token;
      expect(await codeOf(verify(unbound, base({ resource: 'SF0000000000000' })))).toBe('ok');
      const bound = attenuate(unbound, { resource: WAYBILL });
      expect(await codeOf(verify(bound, base({ resource: 'SF0000000000000' })))).toBe('TOKEN_MISMATCH');
      expect(await codeOf(verify(bound, base()))).toBe('ok');
    });
  });

  describe('issuers and versions', () => {
    it('an unknown version byte fails with TOKEN_INVALID', async () => {
      const bin = fromBase64url(token)!;
      // Versions 1, 2 (Ed25519) and 3 (SM2) are known; relabelling one as another breaks its layout.
      for (const v of [0, 1, 2, 3, 4, 0xff].filter((x) => x !== bin[0])) {
        const m = bin.slice();
        m[0] = v;
        expect(await codeOf(verify(toBase64url(m), base()))).toBe('TOKEN_INVALID');
      }
    });

    it('an unknown issuer key id fails with TOKEN_INVALID', async () => {
      expect(await codeOf(verify(token, base({ issuers: { 'sf-2025': issuerKey.publicKey } })))).toBe(
        'TOKEN_INVALID',
      );
      expect(await codeOf(verify(token, base({ issuers: {} })))).toBe('TOKEN_INVALID');
    });

    it('a token from another issuer using the same key id fails with TOKEN_INVALID', async () => {
      const foreign = (
        await grant(pickupGrant({ issuer: { id: ISSUER_ID, secretKey: otherIssuerKey.secretKey, alg } }))
      ).token;
      expect(await codeOf(verify(foreign, base()))).toBe('TOKEN_INVALID');
      expect(
        await codeOf(verify(foreign, base({ issuers: { [ISSUER_ID]: otherIssuerKey.publicKey } }))),
      ).toBe('ok');
    });

    it('a malformed trusted issuer key is a configuration error, not a bad token', async () => {
      expect(await codeOf(verify(token, base({ issuers: { [ISSUER_ID]: new Uint8Array(31) } })))).toBe(
        'INVALID_ARGUMENT',
      );
    });

    it('garbage, empty and non-string tokens fail with TOKEN_INVALID', async () => {
      for (const t of ['', 'not a token', '!!!!', 'AQ', 'a'.repeat(20000), 42 as unknown as string]) {
        expect(await codeOf(verify(t, base()))).toBe('TOKEN_INVALID');
      }
    });
  });

  describe('error messages', () => {
    it('never contain the token or the values it binds', async () => {
      const attempts = [
        verify(token, base({ purpose: 'marketing' })),
        verify(token, base({ now: T0 + 10 * DAY })),
        verify(toLocker, base()),
        verify(`${token}x`, base()),
        redeem(token, { ...base(), counter: createMemoryUseCounter(), resource: 'SF0000000000000' }),
      ];
      for (const p of attempts) {
        const e = await p.then(
          () => undefined,
          (x: Error) => x,
        );
        expect(e).toBeInstanceOf(Error);
        for (const secret of [token, token.slice(10, 40), 'r-8812', 'n-5531', WAYBILL, 'locker-0571']) {
          expect(e!.message).not.toContain(secret);
          expect(JSON.stringify((e as { details?: unknown }).details ?? {})).not.toContain(secret);
        }
      }
    });
  });

  describe('size', () => {
    // Ed25519 version 1: <= 300 characters. SM2 version 3 carries a 65-byte `next` key instead of
    // 32 bytes, so the same grant is 44 characters longer (332 measured; docs/consent.md).
    const limit = () => (alg === 'sm2' ? 344 : 300);
    it('the neighbour-pickup base token fits its size budget', async () => {
      expect(token.length).toBeLessThanOrEqual(limit());
      // With ten-digit numeric customer ids it still fits.
      const numeric = (await grant(pickupGrant({ subject: '1029384756', grantee: '5566778899' }))).token;
      expect(numeric.length).toBeLessThanOrEqual(limit());
    });
  });

  describe('key confusion', () => {
    it('an issuer key of the other algorithm refuses the token (the version names the algorithm)', async () => {
      const other = keyOf(a === 'sm2' ? 'ed25519' : 'sm2', 'issuer-sf-2026');
      expect(await codeOf(verify(token, base({ issuers: { [ISSUER_ID]: other.publicKey } })))).toBe(
        'TOKEN_INVALID',
      );
      expect(await codeOf(verify(narrowed, base({ issuers: { [ISSUER_ID]: other.publicKey } })))).toBe(
        'TOKEN_INVALID',
      );
    });

    it('the grant writes the version of its algorithm and refuses a format of the other one', async () => {
      expect(fromBase64url(token)![0]).toBe(a === 'sm2' ? 3 : 1);
      for (const format of a === 'sm2' ? ([1, 2] as const) : ([3] as const)) {
        expect(await codeOf(grant(pickupGrant({ format })))).toBe('INVALID_ARGUMENT');
      }
    });
  });
});
