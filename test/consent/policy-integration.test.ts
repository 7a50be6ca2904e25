// End to end: a real token, verified, feeds policy.decide() as context.consent. The policy and
// schema are the example courier policy of the policy module.
import { describe, expect, it } from 'vitest';
import { attenuate, createMemoryRevocationStore, grant, revoke, verify } from '../../src/consent/index.js';
import { policyFromJson } from '../../src/policy/index.js';
import { NOW, Parcel, courierJson, parcel } from '../policy/fixtures.js';
import { DAY, ISSUER_ID, codeOf, issuerKey, issuers } from './helpers.js';

const policy = policyFromJson(Parcel, courierJson);
const cs = { id: 'cs-12', roles: ['cs_agent'] };

async function callbackGrant(scope: Record<string, 'allow' | 'mask'>) {
  return (
    await grant({
      issuer: { id: ISSUER_ID, secretKey: issuerKey.secretKey },
      subject: 'cust-r1',
      grantee: 'cs-12',
      purpose: 'customer_service',
      resource: 'P-1',
      scope,
      notBefore: NOW - 1000,
      expiresAt: NOW + DAY,
      schema: Parcel,
    })
  ).token;
}

async function decideWith(token: string, recordId = 'P-1') {
  const consent = await verify(token, {
    issuers,
    purpose: 'customer_service',
    grantee: 'cs-12',
    resource: recordId,
    revocations: 'unchecked',
    now: NOW,
  });
  return policy.decide({
    actor: cs,
    purpose: 'customer_service',
    resource: parcel(),
    recordId,
    context: { now: NOW, consent },
  });
}

describe('verified consent claims in policy.decide()', () => {
  it('grant what the token scope allows and nothing more', async () => {
    const d = await decideWith(await callbackGrant({ 'recipient.phone': 'allow' }));
    expect(d.fields['recipient.phone']?.effect).toBe('allow');
    expect(d.fields['recipient.address']?.effect).not.toBe('allow');
    expect(d.fields['sender.phone']?.effect).not.toBe('allow');
  });

  it('never exceed the policy limit even when the scope allows it', async () => {
    const d = await decideWith(await callbackGrant({ 'recipient.*': 'allow' }));
    expect(d.fields['recipient.phone']?.effect).toBe('allow');
    expect(d.fields['recipient.idNumber']?.effect).toBe('mask');
  });

  it('follow an attenuated scope: a narrowed token gives less', async () => {
    const token = await callbackGrant({ 'recipient.phone': 'allow', 'recipient.address': 'allow' });
    const wide = await decideWith(token);
    const narrow = await decideWith(attenuate(token, { scope: { 'recipient.phone': 'mask' } }));
    expect(wide.fields['recipient.phone']?.effect).toBe('allow');
    expect(narrow.fields['recipient.phone']?.effect).toBe('mask');
  });

  it('a revoked token never reaches the policy', async () => {
    const token = await callbackGrant({ 'recipient.phone': 'allow' });
    const revocations = createMemoryRevocationStore();
    await revoke(token, { issuers, revocations });
    expect(
      await codeOf(
        verify(token, {
          issuers,
          purpose: 'customer_service',
          grantee: 'cs-12',
          resource: 'P-1',
          revocations,
          now: NOW,
        }),
      ),
    ).toBe('TOKEN_REVOKED');
  });
});
