import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/_internal/bytes.js';
import { type ConsentClaims, attenuate, grant, verify } from '../../src/consent/index.js';
import type { AttenuationPayload } from '../../src/consent/format.js';
import { appendRaw } from './forge.js';
import { type GrantOptions, generateSigningKey } from '../../src/consent/index.js';
import { SIGNING_ALGS, type TestAlg } from '../support/signing-algs.js';
import {
  DAY,
  HOUR,
  T0,
  WAYBILL,
  codeOf,
  pickupGrant as pickupGrantEd25519,
  seededRandom,
} from './helpers.js';

// The properties hold for Ed25519 tokens (version 1) and SM2 tokens (version 3) alike.
let alg: TestAlg = 'ed25519';
let issuerSecret: Uint8Array;
let issuers: Record<string, Uint8Array>;
const pickupGrant = (over: Partial<GrantOptions> = {}): GrantOptions =>
  pickupGrantEd25519({ issuer: { id: 'sf-2026', secretKey: issuerSecret, alg }, ...over });

// An independent model of "no wider than" (not the library's own checker).
const RANK = { mask: 1, allow: 2 } as const;
function grantedLevel(scope: Readonly<Record<string, 'allow' | 'mask'>>, path: string): number {
  let best = 0;
  for (const [p, l] of Object.entries(scope)) {
    const hit = p === '**' || p === path || (p.endsWith('.*') && path.startsWith(p.slice(0, -1)));
    if (hit) best = Math.max(best, RANK[l]);
  }
  return best;
}
const PROBES = [
  'pickupCode',
  'recipient.address',
  'recipient.phone',
  'recipient.name',
  'sender.phone',
  'items[].name',
  'x',
];
function assertNoWider(child: ConsentClaims, parent: ConsentClaims): void {
  for (const path of PROBES)
    expect(grantedLevel(child.scope, path)).toBeLessThanOrEqual(grantedLevel(parent.scope, path));
  expect(child.expiresAt.getTime()).toBeLessThanOrEqual(parent.expiresAt.getTime());
  expect(child.notBefore.getTime()).toBe(parent.notBefore.getTime());
  if (parent.maxUses !== undefined) expect(child.maxUses).toBeLessThanOrEqual(parent.maxUses);
  if (parent.resource !== undefined) expect(child.resource).toBe(parent.resource);
  expect(child.grantee === parent.grantee || child.grantee.startsWith(`${parent.grantee}/`)).toBe(true);
  expect(child.subject).toBe(parent.subject);
  expect(child.purpose).toBe(parent.purpose);
  expect(child.revocationIds.slice(0, parent.revocationIds.length)).toEqual(parent.revocationIds);
}

const PATTERNS = [
  'pickupCode',
  'recipient.address',
  'recipient.phone',
  'recipient.*',
  '**',
  'sender.*',
  'items[].name',
];
const level = fc.constantFrom<'allow' | 'mask'>('allow', 'mask');
const scopeArb = fc
  .uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 })
  .chain((ps) => fc.tuple(...ps.map((p) => fc.tuple(fc.constant(p), level))))
  .map((entries) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)) as Array<[string, 'allow' | 'mask']>);

// Raw blocks: anything the wire format can carry, widening or not.
const rawBlock = (grantee: string): fc.Arbitrary<AttenuationPayload> =>
  fc
    .record(
      {
        scope: scopeArb,
        expiresAt: fc.integer({ min: (T0 - HOUR) / 1000, max: (T0 + 4 * DAY) / 1000 }),
        resource: fc.constantFrom(WAYBILL, 'SF0000000000001'),
        grantee: fc.constantFrom(`${grantee}/d1`, `${grantee}/d2`, 'n-5531', 'other', `${grantee}x`),
        maxUses: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: [] },
    )
    .filter((p) => Object.keys(p).length > 0);

const rootArb = fc.record({
  scope: scopeArb,
  resource: fc.option(fc.constant(WAYBILL), { nil: undefined }),
  maxUses: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  days: fc.integer({ min: 1, max: 3 }),
});

async function claimsOf(
  token: string,
  grantee: string,
  now = T0 + 1000,
  resource = WAYBILL,
): Promise<ConsentClaims | undefined> {
  try {
    return await verify(token, {
      issuers,
      purpose: 'pickup',
      grantee,
      resource,
      revocations: 'unchecked',
      now,
      clockToleranceSeconds: 0,
    });
  } catch {
    return undefined;
  }
}

describe.each(SIGNING_ALGS)('attenuation properties (%s)', (a) => {
  beforeAll(() => {
    alg = a;
    const k = generateSigningKey({
      ...(a === 'sm2' ? { alg: 'sm2' as const } : {}),
      random: seededRandom(`prop-issuer/${a}`),
    });
    issuerSecret = k.secretKey;
    issuers = { 'sf-2026': k.publicKey };
  });

  it('no sequence of appended blocks, honest or forged, verifies wider than its parent', async () => {
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(
        rootArb,
        fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 4 }),
        async (root, seeds) => {
          const { token } = await grant(
            pickupGrant({
              scope: Object.fromEntries(root.scope),
              resource: root.resource,
              maxUses: root.maxUses,
              expiresAt: T0 + root.days * DAY,
            }),
          );
          let current = token;
          let parent = (await claimsOf(current, 'n-5531'))!;
          expect(parent).toBeDefined();
          for (const seed of seeds) {
            const [payload] = fc.sample(rawBlock(parent.grantee), { seed, numRuns: 1 });
            const next = appendRaw(current, payload!);
            const g = payload!.grantee ?? parent.grantee;
            const child = await claimsOf(next, g, T0 + 1000, payload!.resource ?? parent.resource ?? WAYBILL);
            if (!child) {
              rejected++;
              continue;
            }
            accepted++;
            assertNoWider(child, parent);
            current = next;
            parent = child;
          }
        },
      ),
      { numRuns: 80 },
    );
    // Both outcomes must occur, or the property says nothing.
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('attenuate() either narrows or refuses, and its output always verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        rootArb,
        fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 3 }),
        async (root, seeds) => {
          const { token } = await grant(
            pickupGrant({
              scope: Object.fromEntries(root.scope),
              resource: root.resource,
              maxUses: root.maxUses,
            }),
          );
          let current = token;
          let parent = (await claimsOf(current, 'n-5531'))!;
          for (const seed of seeds) {
            const [p] = fc.sample(rawBlock(parent.grantee), { seed, numRuns: 1 });
            let next: string;
            try {
              next = attenuate(current, {
                ...(p!.scope ? { scope: Object.fromEntries(p!.scope) } : {}),
                ...(p!.expiresAt !== undefined ? { expiresAt: p!.expiresAt * 1000 } : {}),
                ...(p!.resource !== undefined ? { resource: p!.resource } : {}),
                ...(p!.grantee !== undefined ? { grantee: p!.grantee } : {}),
                ...(p!.maxUses !== undefined ? { maxUses: p!.maxUses } : {}),
              });
            } catch (e) {
              expect((e as { code?: string }).code).toBe('INVALID_ARGUMENT');
              continue;
            }
            const g = p!.grantee ?? parent.grantee;
            const child = await claimsOf(next, g, T0, p!.resource ?? parent.resource ?? WAYBILL);
            expect(child).toBeDefined();
            assertNoWider(child!, parent);
            current = next;
            parent = child!;
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('any change of one byte makes verification fail', async () => {
    const { token } = await grant(pickupGrant({ random: seededRandom('prop-bytes') }));
    const two = attenuate(token, { scope: { pickupCode: 'allow' } });
    for (const t of [token, two]) {
      const bin = fromBase64url(t)!;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: bin.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          async (i, x) => {
            const m = bin.slice();
            m[i] = m[i]! ^ x;
            const code = await codeOf(
              verify(toBase64url(m), {
                issuers,
                purpose: 'pickup',
                grantee: 'n-5531',
                resource: WAYBILL,
                revocations: 'unchecked',
                now: T0,
              }),
            );
            expect(code).toBe('TOKEN_INVALID');
          },
        ),
        { numRuns: 300 },
      );
    }
  });

  it('grant then verify round-trips every claim', async () => {
    const id = fc.stringMatching(/^[a-z0-9-]{1,24}$/);
    await fc.assert(
      fc.asyncProperty(
        id,
        id,
        id,
        scopeArb,
        fc.option(id, { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        async (subject, grantee, purpose, scope, resource, maxUses) => {
          const { token, tokenId } = await grant(
            pickupGrant({
              subject,
              grantee,
              purpose,
              scope: Object.fromEntries(scope),
              resource,
              maxUses,
              random: undefined,
            }),
          );
          const c = await verify(token, {
            issuers,
            purpose,
            grantee,
            resource,
            revocations: 'unchecked',
            now: T0,
          });
          expect(c).toMatchObject({ subject, grantee, purpose, tokenId, scope: Object.fromEntries(scope) });
          expect(c.resource).toBe(resource);
          expect(c.maxUses).toBe(maxUses);
          expect(c.expiresAt.getTime()).toBe(T0 + 2 * DAY);
        },
      ),
      { numRuns: 50 },
    );
  });
});
