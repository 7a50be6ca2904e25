// Purposes carry a legal basis (PIPL Art. 13): a consent-based purpose is denied for a subject
// without a live purpose consent; a contract-necessity purpose (delivery) is not.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from '../../src/consent/index.js';
import { definePolicy, LEGAL_BASES, type PurposeConsentReader } from '../../src/policy/index.js';
import { pii } from '../../src/schema/index.js';

const S = z.object({ waybillNo: z.string(), phone: pii.phone() });
const spec = {
  id: 'p',
  version: 1,
  purposes: ['delivery', 'marketing'],
  roles: ['staff'],
  rules: [{ id: 'r', fields: ['phone', 'waybillNo'], grant: 'mask', record: 'allow' }],
} as const;
const bases = { delivery: 'contract', marketing: 'consent' } as const;
const ask = (purpose: string, subjects?: Record<string, string>, purposeConsents?: PurposeConsentReader) => ({
  actor: { id: 's-1', roles: ['staff'] },
  purpose,
  ...(subjects ? { subjects } : {}),
  ...(purposeConsents ? { context: { purposeConsents } } : {}),
});

describe('purpose legal bases', () => {
  it('denies a consent-based purpose without a live consent and allows delivery without one', async () => {
    const ledger = createPurposeConsentLedger({ store: createMemoryPurposeConsentStore() });
    await ledger.give('cust-1', 'marketing', { noticeVersion: 'v1', separate: ['marketing'] });
    const policy = definePolicy(S, spec, { purposeBases: bases });
    const reader = await ledger.reader(['cust-1', 'cust-2']);

    const yes = policy.decide(ask('marketing', { recipient: 'cust-1' }, reader));
    expect([yes.record, yes.fields.phone.effect, yes.forced]).toEqual([true, 'mask', undefined]);
    const no = policy.decide(ask('marketing', { recipient: 'cust-2' }, reader));
    expect([no.record, no.fields.phone.effect, no.forced]).toEqual([false, 'deny', 'no-purpose-consent']);
    // Every subject of the record must have consented.
    expect(policy.decide(ask('marketing', { recipient: 'cust-1', sender: 'cust-2' }, reader)).forced).toBe(
      'no-purpose-consent',
    );
    // No subjects named, or no reader at all: whose consent is unknown, so denied.
    expect(policy.decide(ask('marketing', undefined, reader)).forced).toBe('no-purpose-consent');
    expect(policy.decide(ask('marketing', { recipient: 'cust-1' })).forced).toBe('no-purpose-consent');
    // Contract necessity: no consent needed, no reader needed.
    const d = policy.decide(ask('delivery', { recipient: 'cust-2' }));
    expect([d.record, d.fields.phone.effect]).toEqual([true, 'mask']);

    // Withdrawal takes effect on the next snapshot.
    await ledger.withdraw('cust-1', 'marketing');
    expect(
      policy.decide(ask('marketing', { recipient: 'cust-1' }, await ledger.reader(['cust-1']))).forced,
    ).toBe('no-purpose-consent');
    // explain() tells the same story.
    expect(policy.explain(ask('marketing', { recipient: 'cust-2' }, reader)).forced).toBe(
      'no-purpose-consent',
    );
  });

  it('reads the policy-level reader when the request has none, and the request one first', () => {
    const all: PurposeConsentReader = { has: () => true };
    const none: PurposeConsentReader = { has: () => false };
    const policy = definePolicy(S, spec, { purposeBases: bases, purposeConsents: all });
    expect(policy.decide(ask('marketing', { recipient: 'cust-1' })).record).toBe(true);
    expect(policy.decide(ask('marketing', { recipient: 'cust-1' }, none)).forced).toBe('no-purpose-consent');
  });

  it('treats only a literal true from the reader as consent', () => {
    const sloppy = { has: () => 1 as unknown as boolean };
    const policy = definePolicy(S, spec, { purposeBases: bases });
    expect(policy.decide(ask('marketing', { recipient: 'cust-1' }, sloppy)).forced).toBe(
      'no-purpose-consent',
    );
  });

  it('refuses an unknown basis, a missing basis and a basis for an unknown purpose', () => {
    expect(() =>
      definePolicy(S, spec, {
        purposeBases: { delivery: 'contract', marketing: 'legitimate-interest' } as never,
      }),
    ).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    expect(() => definePolicy(S, spec, { purposeBases: { delivery: 'contract' } })).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID', message: expect.stringContaining("'marketing'") }),
    );
    expect(() => definePolicy(S, spec, { purposeBases: { ...bases, billing: 'contract' } })).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
    expect(() => definePolicy(S, spec, { purposeBases: ['consent'] as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(LEGAL_BASES).toContain('contract');
    expect(Object.isFrozen(LEGAL_BASES)).toBe(true);
  });

  it('without purposeBases behaves as before (no purpose needs a consent)', () => {
    const policy = definePolicy(S, spec);
    expect(policy.decide(ask('marketing', { recipient: 'cust-2' })).record).toBe(true);
  });
});
