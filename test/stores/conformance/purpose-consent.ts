// Conformance suite for the purpose-consent ledger's store (memory, file, SQLite, PostgreSQL),
// run through the ledger so every store gives the same answers. Not a test file.
import { describe, expect, it } from 'vitest';
import {
  createPurposeConsentLedger,
  type PurposeConsentStore,
  type PurposeWithdrawal,
} from '../../../src/consent/index.js';

export interface PurposeHarness {
  store: PurposeConsentStore;
  /** Closes the store and opens the same storage again; undefined for memory. */
  reopen?: () => Promise<PurposeConsentStore>;
}

export function purposeConsentConformance(
  kind: string,
  make: () => Promise<PurposeHarness>,
  opts: { durable: boolean } = { durable: true },
): void {
  describe(`purpose-consent store conformance: ${kind}`, () => {
    it('keeps entries per subject in append order and folds them into live / withdrawn states', async () => {
      const { store } = await make();
      let t = 1_000;
      const withdrawals: PurposeWithdrawal[] = [];
      const ledger = createPurposeConsentLedger({
        store,
        now: () => t++,
        onWithdraw: (w) => void withdrawals.push(w),
      });
      await ledger.give('cust-1', 'marketing', {
        noticeVersion: 'v3',
        separate: ['marketing'],
        channel: 'app',
      });
      await ledger.give('cust-1', 'cross-border-delivery', {
        noticeVersion: 'v3',
        separate: ['cross-border'],
      });
      await ledger.give('cust-2', 'marketing', { noticeVersion: 'v2' });
      expect((await ledger.withdraw('cust-1', 'marketing'))?.stillLive).toEqual(['cross-border-delivery']);
      // Nothing live to withdraw: nothing recorded, no event.
      expect(await ledger.withdraw('cust-1', 'marketing')).toBeUndefined();
      expect(await ledger.withdraw('cust-3', 'marketing')).toBeUndefined();
      expect(withdrawals.map((w) => [w.subjectId, w.purpose, w.at.getTime()])).toEqual([
        ['cust-1', 'marketing', 1003],
      ]);

      const h = await ledger.history('cust-1');
      expect(h.map((e) => [e.action, e.purpose, e.at])).toEqual([
        ['give', 'marketing', 1000],
        ['give', 'cross-border-delivery', 1001],
        ['withdraw', 'marketing', 1003],
      ]);
      expect(h[0]).toEqual({
        subjectId: 'cust-1',
        purpose: 'marketing',
        action: 'give',
        at: 1000,
        noticeVersion: 'v3',
        separate: ['marketing'],
        channel: 'app',
      });
      const status = await ledger.status('cust-1');
      expect(status.map((s) => [s.purpose, s.live, s.withdrawnAt?.getTime()])).toEqual([
        ['cross-border-delivery', true, undefined],
        ['marketing', false, 1003],
      ]);
      const r = await ledger.reader(['cust-1', 'cust-2']);
      expect(r.has('cust-1', 'marketing')).toBe(false);
      expect(r.has('cust-1', 'cross-border-delivery')).toBe(true);
      expect(r.hasSeparate('cust-1', 'cross-border-delivery', 'cross-border')).toBe(true);
      expect(r.hasSeparate('cust-1', 'cross-border-delivery', 'marketing')).toBe(false);
      expect(r.has('cust-2', 'marketing')).toBe(true);
      // A subject the snapshot did not load reads as no consent (fail closed).
      expect(r.has('cust-9', 'marketing')).toBe(false);
      // Giving again after a withdrawal makes it live again, under the new notice.
      await ledger.give('cust-1', 'marketing', { noticeVersion: 'v4' });
      const again = (await ledger.status('cust-1')).find((s) => s.purpose === 'marketing')!;
      expect([again.live, again.noticeVersion, again.withdrawnAt]).toEqual([true, 'v4', undefined]);
      await store.close();
    });

    it('keeps every entry of concurrent appends', async () => {
      const { store } = await make();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.append({
            subjectId: 'cust-c',
            purpose: `p-${i}`,
            action: 'give',
            at: i,
            noticeVersion: 'v1',
          }),
        ),
      );
      const h = await store.history('cust-c');
      expect(h.map((e) => e.purpose).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p-${i}`).sort());
      expect(await store.history('cust-none')).toEqual([]);
      await store.close();
    });

    it('refuses malformed entries with INVALID_ARGUMENT and stores nothing', async () => {
      const { store } = await make();
      const good = {
        subjectId: 'cust-b',
        purpose: 'marketing',
        action: 'give',
        at: 1,
        noticeVersion: 'v1',
      } as const;
      const bad: unknown[] = [
        { ...good, subjectId: '138 0013 8000' },
        { ...good, subjectId: '' },
        { ...good, purpose: 'has space' },
        { ...good, action: 'grant' },
        { ...good, at: -1 },
        { ...good, at: 1.5 },
        { ...good, noticeVersion: undefined },
        { ...good, separate: ['everything'] },
        { ...good, extra: 1 },
        { subjectId: 'cust-b', purpose: 'marketing', action: 'withdraw', at: 1, noticeVersion: 'v1' },
        null,
      ];
      for (const e of bad) {
        await expect(store.append(e as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      await expect(store.history('has space')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.history('cust-b')).toEqual([]);
      await store.close();
    });

    // Registered only for durable stores (the memory store forgets by design; nothing is skipped).
    if (opts.durable)
      it('keeps what it stored across a reopen', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable store harness needs reopen');
        const ledger = createPurposeConsentLedger({ store: h.store, now: () => 5 });
        await ledger.give('cust-r', 'marketing', { noticeVersion: 'v1' });
        await ledger.withdraw('cust-r', 'marketing');
        const again = await h.reopen();
        const l2 = createPurposeConsentLedger({ store: again });
        expect((await l2.status('cust-r')).map((s) => [s.purpose, s.live])).toEqual([['marketing', false]]);
        expect(await again.history('cust-r')).toHaveLength(2);
        await again.close();
      });
  });
}
