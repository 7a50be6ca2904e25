// The purpose-consent ledger's audit trail and refusals (the store behaviour itself is covered by
// test/stores/purpose-consent-stores.test.ts on every store).
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyAuditLog } from '../../src/audit/index.js';
import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from '../../src/consent/index.js';

describe('purpose-consent ledger', () => {
  it('audits every change with the subject id and purpose only, in a chain that verifies', async () => {
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    const ledger = createPurposeConsentLedger({
      store: createMemoryPurposeConsentStore(),
      audit,
      actor: 'app',
    });
    await ledger.give('cust-1', 'cross-border-delivery', {
      noticeVersion: 'v3',
      separate: ['cross-border', 'sensitive'],
      channel: 'app',
    });
    await ledger.withdraw('cust-1', 'cross-border-delivery');
    expect(sink.entries.map((e) => [e.kind, e.actor, e.subjects, e.data])).toEqual([
      [
        'purpose.given',
        'app',
        ['cust-1'],
        {
          consentPurpose: 'cross-border-delivery',
          noticeVersion: 'v3',
          separate: ['sensitive', 'cross-border'],
          channel: 'app',
        },
      ],
      ['purpose.withdrawn', 'app', ['cust-1'], { consentPurpose: 'cross-border-delivery' }],
    ]);
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('refuses a consent without a notice version, a phone number as subject id and unknown separate kinds', async () => {
    const ledger = createPurposeConsentLedger({ store: createMemoryPurposeConsentStore() });
    await expect(ledger.give('cust-1', 'marketing', {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(ledger.give('13812345678 ', 'marketing', { noticeVersion: 'v1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      ledger.give('cust-1', 'marketing', { noticeVersion: 'v1', separate: ['all'] as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(ledger.withdraw('cust-1', '')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(ledger.reader('cust-1' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => createPurposeConsentLedger({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(await ledger.status('cust-1')).toEqual([]);
  });

  it('serialises concurrent withdrawals of one consent: exactly one event', async () => {
    const seen: string[] = [];
    const ledger = createPurposeConsentLedger({
      store: createMemoryPurposeConsentStore(),
      onWithdraw: (w) => void seen.push(w.purpose),
    });
    await ledger.give('cust-1', 'marketing', { noticeVersion: 'v1' });
    const r = await Promise.all([1, 2, 3].map(() => ledger.withdraw('cust-1', 'marketing')));
    expect(r.filter((x) => x !== undefined)).toHaveLength(1);
    expect(seen).toEqual(['marketing']);
  });
});
