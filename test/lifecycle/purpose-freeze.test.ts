// The purpose freeze enforced: a buyer policy bound to the handover manifest's purposes denies
// any other purpose, per person, until that person's new consent is recorded (PIPL Art. 22).
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from 'courier-pii/consent';
import { createKeyring, generateKey } from 'courier-pii/crypto';
import { handover } from 'courier-pii/lifecycle';
import { definePolicy, type PurposeConsentReader } from 'courier-pii/policy';
import { handoverParties } from './fixtures/handover-parties.js';
import { Parcel, parcelDb, parcelValue } from './fixtures/parcels.js';

/** A consent ledger as the freeze reads it (the real ledger plugs into the same interface). */
function ledger() {
  const given = new Set<string>();
  const reader: PurposeConsentReader = { has: (s, p) => given.has(`${s}\u0000${p}`) };
  return {
    reader,
    record: (s: string, p: string) => given.add(`${s}\u0000${p}`),
    withdraw: (s: string, p: string) => given.delete(`${s}\u0000${p}`),
  };
}

async function transferred() {
  const db = parcelDb();
  await db.add('P1', { recipient: 'r-1', sender: 's-1' }, undefined, ['delivery'], parcelValue(1));
  const { sellerInfo, buyerInfo } = handoverParties();
  const { manifest } = await handover({
    id: 'h-freeze',
    from: { keyring: db.keyring, keyStore: db.keyStore },
    to: createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' }),
    seller: { ...sellerInfo, signingKey: ed25519.keygen() },
    buyer: buyerInfo,
    purposes: ['delivery', 'customer-service'],
    audit: createAuditLog({ sink: memorySink() }),
  });
  return manifest;
}

/** The buyer's own policy: it knows a `marketing` purpose the seller never had. */
function buyerPolicy(freeze?: Parameters<typeof definePolicy>[2]) {
  return definePolicy(
    Parcel,
    {
      id: 'buyer',
      version: 1,
      purposes: ['delivery', 'customer-service', 'marketing'],
      roles: ['staff'],
      rules: [
        { id: 'see', roles: ['staff'], record: 'allow', fields: ['waybillNo'], grant: 'allow' },
        { id: 'phones', roles: ['staff'], fields: ['recipient.phone', 'sender.phone'], grant: 'allow' },
        { id: 'trace', roles: ['staff'], fields: ['trace[]'], grant: 'allow' },
      ],
    },
    freeze,
  );
}

const ask = (purpose: string) => ({
  actor: { id: 'staff-1', roles: ['staff'] },
  purpose,
  recordId: 'P1',
  subjects: { recipient: 'r-1', sender: 's-1' },
});

describe('purpose freeze after a handover', () => {
  it('unbound, the buyer policy reads full phone numbers for marketing (the gap this closes)', () => {
    expect(buyerPolicy().decide(ask('marketing')).fields['recipient.phone'].effect).toBe('allow');
  });

  it('bound to the manifest: marketing is denied; transferred purposes are untouched', async () => {
    const manifest = await transferred();
    const { reader } = ledger();
    const policy = buyerPolicy({ purposeFreeze: { purposes: manifest.purposes, consent: reader } });
    const d = policy.decide(ask('marketing'));
    expect(d.forced).toBe('purpose-frozen');
    expect(d.record).toBe(false);
    expect(Object.values(d.fields).every((f) => f.effect === 'deny')).toBe(true);
    expect(policy.decide(ask('delivery')).fields['recipient.phone'].effect).toBe('allow');
    // Without a consent reader, nothing opens the frozen purpose.
    const strict = buyerPolicy({ purposeFreeze: { purposes: manifest.purposes } });
    expect(strict.decide(ask('marketing')).forced).toBe('purpose-frozen');
  });

  it("allowed again after a recorded new consent, for that person's fields only; withdrawn, denied again", async () => {
    const manifest = await transferred();
    const l = ledger();
    const policy = buyerPolicy({ purposeFreeze: { purposes: manifest.purposes, consent: l.reader } });
    l.record('r-1', 'marketing');
    const d = policy.decide(ask('marketing'));
    expect(d.forced).toBeUndefined();
    expect(d.record).toBe(true);
    expect(d.fields['recipient.phone'].effect).toBe('allow');
    // The sender did not consent; the parcel's trace belongs to both, so it needs both.
    expect(d.fields['sender.phone'].effect).toBe('deny');
    expect(d.fields['trace[]'].effect).toBe('deny');
    // Consent to another purpose does not count.
    l.record('s-1', 'surveys');
    expect(policy.decide({ ...ask('marketing'), subjects: { recipient: 's-1' } }).forced).toBe(
      'purpose-frozen',
    );
    l.record('s-1', 'marketing');
    expect(policy.decide(ask('marketing')).fields['trace[]'].effect).toBe('allow');
    l.withdraw('r-1', 'marketing');
    l.withdraw('s-1', 'marketing');
    expect(policy.decide(ask('marketing')).forced).toBe('purpose-frozen');
    // A request that names no person cannot be matched to a consent.
    expect(policy.decide({ ...ask('marketing'), subjects: {} }).forced).toBe('purpose-frozen');
  });

  it('reads the real purpose-consent ledger, per request through context.purposeConsents', async () => {
    const manifest = await transferred();
    const consents = createPurposeConsentLedger({
      store: createMemoryPurposeConsentStore(),
      audit: createAuditLog({ sink: memorySink() }),
    });
    const policy = buyerPolicy({ purposeFreeze: { purposes: manifest.purposes } });
    const asked = async () =>
      policy.decide({
        ...ask('marketing'),
        context: { purposeConsents: await consents.reader(['r-1', 's-1']) },
      });
    expect((await asked()).forced).toBe('purpose-frozen');
    await consents.give('r-1', 'marketing', { noticeVersion: 'buyer-notice-1' });
    const d = await asked();
    expect(d.forced).toBeUndefined();
    expect(d.fields['recipient.phone'].effect).toBe('allow');
    expect(d.fields['sender.phone'].effect).toBe('deny');
    await consents.withdraw('r-1', 'marketing');
    expect((await asked()).forced).toBe('purpose-frozen');
  });

  it('records the frozen denial in the audit log', async () => {
    const manifest = await transferred();
    const sink = memorySink();
    const policy = buyerPolicy({
      purposeFreeze: { purposes: manifest.purposes },
      audit: createAuditLog({ sink }),
    });
    policy.decide(ask('marketing'));
    await policy.flush();
    expect(sink.entries[0]?.data).toMatchObject({ forced: 'purpose-frozen', record: false });
  });

  it('refuses a malformed freeze', () => {
    expect(() => buyerPolicy({ purposeFreeze: { purposes: 'delivery' as never } })).toThrow(/purposeFreeze/);
    expect(() => buyerPolicy({ purposeFreeze: { purposes: ['delivery'], consent: {} as never } })).toThrow(
      /has/,
    );
    expect(() => buyerPolicy({ purposeFreeze: { purposes: ['delivery'], consents: {} } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'consents'") }),
    );
  });
});
