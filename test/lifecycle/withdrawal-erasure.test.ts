// A withdrawn consent becomes erasure work (PIPL Art. 47): the ledger's withdrawal event, turned
// into a work item, crypto-shreds the subject when no purpose still needs it.
import { describe, expect, it } from 'vitest';
import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from '../../src/consent/index.js';
import { carryOutErasureWork, type ErasureWork, withdrawalErasureWork } from '../../src/lifecycle/index.js';
import { SUITES } from '../support/suites.js';
import { Parcel, parcelDb, T0 } from './fixtures/parcels.js';

describe.each(SUITES)('consent withdrawal → erasure work (suite %s)', (suite) => {
  it('withdrawing the last consent queues subject erasure; carrying it out shreds the key', async () => {
    const db = parcelDb({ suite });
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-x' }, T0);
    const queue: ErasureWork[] = [];
    let t = T0;
    const ledger = createPurposeConsentLedger({
      store: createMemoryPurposeConsentStore(),
      now: () => t,
      onWithdraw: (w) => void queue.push(withdrawalErasureWork(w)),
    });
    await ledger.give('cust-a', 'marketing', { noticeVersion: 'v1' });
    await ledger.give('cust-a', 'recommendations', { noticeVersion: 'v1' });
    t = T0 + 1000;
    await ledger.withdraw('cust-a', 'recommendations');
    t = T0 + 2000;
    await ledger.withdraw('cust-a', 'marketing');
    expect(queue.map((w) => [w.purpose, w.scope, w.retainedFor])).toEqual([
      ['recommendations', 'purpose-data', ['marketing']],
      ['marketing', 'subject', []],
    ]);
    expect(queue[1]!.dueAt.getTime()).toBe(T0 + 2000 + 15 * 86_400_000);
    expect(queue[1]!.id).toBe(`withdrawal:cust-a:marketing:${T0 + 2000}`);

    // The purpose-data item destroys nothing and tells the caller what to delete.
    const first = await carryOutErasureWork(queue[0]!, { vault: db.vault });
    expect([first.certificate, first.pending]).toEqual([undefined, ['data collected for recommendations']]);
    const row = db.rows.get('p1')!;
    await expect(db.vault.open(Parcel, row.data, { recordId: 'p1' })).resolves.toBeDefined();

    const done = await carryOutErasureWork(queue[1]!, { vault: db.vault });
    expect(done.certificate?.keyIdsDestroyed).toEqual(['cust-a']);
    expect(done.certificate?.reason).toBe('consent-withdrawn');
    // The recipient's fields can no longer be opened; the ledger recorded why.
    await expect(db.vault.open(Parcel, row.data, { recordId: 'p1' })).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
    const events = db.ledgerSink.entries.filter((e) => e.kind === 'key.destroyed');
    expect(events.map((e) => [e.data?.keyId, e.data?.reason])).toEqual([['cust-a', 'consent-withdrawn']]);
  });

  it('keeps the subject while another legal basis still needs it, and honours a custom period', () => {
    const w = { subjectId: 'cust-b', purpose: 'marketing', at: new Date(T0), stillLive: [] };
    const work = withdrawalErasureWork(w, { neededFor: ['delivery'], within: 'P7D' });
    expect([work.scope, work.retainedFor, work.dueAt.getTime()]).toEqual([
      'purpose-data',
      ['delivery'],
      T0 + 7 * 86_400_000,
    ]);
  });

  it('refuses malformed withdrawals, purpose lists and periods', async () => {
    const w = { subjectId: 'cust-b', purpose: 'marketing', at: new Date(T0), stillLive: [] };
    expect(() => withdrawalErasureWork({ ...w, at: 'yesterday' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => withdrawalErasureWork(null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => withdrawalErasureWork(w, { neededFor: [''] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => withdrawalErasureWork(w, { within: '15 days' })).toThrow(
      expect.objectContaining({ code: 'RETENTION_INVALID' }),
    );
    await expect(
      carryOutErasureWork({ ...withdrawalErasureWork(w), scope: 'all' } as never, {
        vault: { eraseSubject: async () => Promise.reject(new Error('must not be called')) },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
