// Writes test/vectors/consent/tokens.json. Run once: `npx tsx test/consent/vectors.gen.ts`.
// The file is frozen: vectors.test.ts checks these tokens keep verifying (and keep failing with
// the same codes) forever, on both backends. Never regenerate to make a test pass.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../src/_internal/bytes.js';
import { type ConsentClaims, attenuate, grant, verify } from '../../src/consent/index.js';
import { appendRaw, withBlocks } from './forge.js';
import {
  DAY,
  HOUR,
  ISSUER_ID,
  T0,
  WAYBILL,
  issuerKey,
  otherIssuerKey,
  pickupGrant,
  seededRandom,
} from './helpers.js';

export interface VectorCase {
  name: string;
  token: string;
  verify: {
    purpose: string;
    grantee: string;
    resource?: string;
    now: number;
    clockToleranceSeconds?: number;
  };
  expect: { code: string; claims?: Record<string, unknown> };
}

/** Claims as JSON (dates as ISO strings), the form frozen in tokens.json. */
export function claimsJson(c: ConsentClaims): Record<string, unknown> {
  return JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
}

export async function buildVectors(): Promise<{ issuers: Record<string, string>; cases: VectorCase[] }> {
  const cases: VectorCase[] = [];
  const v = { purpose: 'pickup', grantee: 'n-5531', resource: WAYBILL, now: T0 + HOUR };
  // The frozen vectors are version 1 tokens (format: 1); version 2 vectors are in v2-tokens.json.
  const root = (await grant(pickupGrant({ format: 1, random: seededRandom('vec-root') }))).token;
  const two = attenuate(root, {
    scope: { pickupCode: 'allow' },
    expiresAt: T0 + DAY,
    random: seededRandom('vec-2'),
  });
  const three = attenuate(two, { grantee: 'n-5531/locker-0571', maxUses: 1, random: seededRandom('vec-3') });
  const sealed = attenuate(three, { seal: true });
  const general = (
    await grant(
      pickupGrant({
        grantee: 'cs-agent-77',
        purpose: 'callback',
        resource: undefined,
        maxUses: undefined,
        recordId: 'cr-2026-000123',
        scope: { 'recipient.*': 'mask', 'recipient.phone': 'allow' },
        format: 1,
        random: seededRandom('vec-general'),
      }),
    )
  ).token;
  const ok = (name: string, token: string, over: Partial<VectorCase['verify']> = {}) =>
    cases.push({ name, token, verify: { ...v, ...over }, expect: { code: 'ok' } });
  const bad = (name: string, code: string, token: string, over: Partial<VectorCase['verify']> = {}) =>
    cases.push({ name, token, verify: { ...v, ...over }, expect: { code } });

  ok('root grant, neighbour pickup', root);
  ok('two blocks: scope narrowed, expiry shortened', two);
  ok('three blocks: bound to a locker device, one use', three, { grantee: 'n-5531/locker-0571' });
  ok('three blocks, sealed', sealed, { grantee: 'n-5531/locker-0571' });
  ok('unbound general grant with record id and wildcard scope', general, {
    purpose: 'callback',
    grantee: 'cs-agent-77',
    resource: 'SF0000000000001',
  });
  const flip = (t: string, i: number) => {
    const c = t.split('');
    c[i] = c[i] === 'A' ? 'B' : 'A';
    return c.join('');
  };
  bad('one character changed in the root signature', 'TOKEN_INVALID', flip(root, 200));
  bad('one character changed in the payload', 'TOKEN_INVALID', flip(root, 30));
  bad('version byte 2', 'TOKEN_INVALID', `AgdzZi0yMDI2${root.slice(12)}`);
  bad(
    'widening block (adds recipient.phone)',
    'TOKEN_INVALID',
    appendRaw(root, { scope: [['recipient.phone', 'allow']] }, { nextSecret: seededRandom('w')(32) }),
  );
  bad(
    'dropped middle block',
    'TOKEN_INVALID',
    withBlocks(three, (b) => [b[0]!, b[2]!]),
    { grantee: 'n-5531/locker-0571' },
  );
  bad(
    're-ordered blocks',
    'TOKEN_INVALID',
    withBlocks(three, (b) => [b[0]!, b[2]!, b[1]!]),
    { grantee: 'n-5531/locker-0571' },
  );
  bad(
    'signed by another issuer under the same key id',
    'TOKEN_INVALID',
    (
      await grant(
        pickupGrant({
          issuer: { id: ISSUER_ID, secretKey: otherIssuerKey.secretKey },
          format: 1,
          random: seededRandom('vec-other'),
        }),
      )
    ).token,
  );
  bad('expired', 'TOKEN_EXPIRED', root, { now: T0 + 3 * DAY });
  bad('attenuated expiry passed', 'TOKEN_EXPIRED', two, { now: T0 + DAY + HOUR });
  bad('not yet valid', 'TOKEN_NOT_YET_VALID', root, { now: T0 - HOUR });
  bad('wrong purpose', 'TOKEN_MISMATCH', root, { purpose: 'marketing' });
  bad('wrong grantee', 'TOKEN_MISMATCH', three);
  bad('wrong resource', 'TOKEN_MISMATCH', root, { resource: 'SF0000000000001' });
  for (const c of cases) {
    if (c.expect.code !== 'ok') continue;
    const claims = await verify(c.token, {
      ...c.verify,
      issuers: { [ISSUER_ID]: issuerKey.publicKey },
      revocations: 'unchecked',
    });
    c.expect.claims = claimsJson(claims);
  }
  return { issuers: { [ISSUER_ID]: toHex(issuerKey.publicKey) }, cases };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildVectors();
  writeFileSync(
    new URL('../vectors/consent/tokens.json', import.meta.url),
    `${JSON.stringify({ format: 'courier-pii consent token v1', note: 'Frozen; see README.md', ...out }, null, 2)}\n`,
  );
  console.log(`wrote ${out.cases.length} vectors`);
}
