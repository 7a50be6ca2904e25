// Conformance suite for consent RevocationStore and UseCounterStore (memory, file, SQLite,
// PostgreSQL). Not a test file.
import { describe, expect, it } from 'vitest';
import {
  type ClosableRevocationStore,
  type ClosableUseCounterStore,
  generateSigningKey,
  grant,
  redeem,
  revoke,
} from '../../../src/consent/index.js';

export interface ConsentHarness {
  revocations: ClosableRevocationStore;
  counter: ClosableUseCounterStore;
  /** Closes both and opens the same storage again; undefined for memory. */
  reopen?: () => Promise<{ revocations: ClosableRevocationStore; counter: ClosableUseCounterStore }>;
}

export function consentStoresConformance(
  kind: string,
  make: () => Promise<ConsentHarness>,
  opts: { durable?: boolean } = { durable: true },
): void {
  describe(`consent stores conformance: ${kind}`, () => {
    it('records revocations idempotently and finds any revoked id in a list', async () => {
      const { revocations, counter } = await make();
      expect(await revocations.isRevoked(['a1', 'b2'])).toBe(false);
      expect(await revocations.isRevoked([])).toBe(false);
      await revocations.revoke('b2');
      await revocations.revoke('b2');
      expect(await revocations.isRevoked(['a1', 'b2'])).toBe(true);
      expect(await revocations.isRevoked(['a1'])).toBe(false);
      await revocations.close();
      await counter.close();
    });

    it('counts uses up to the limit and never past it, even when calls overlap', async () => {
      const { revocations, counter } = await make();
      const results = await Promise.all(Array.from({ length: 10 }, () => counter.consume('tok-1', 3)));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(
        results
          .filter((r) => r.ok)
          .map((r) => r.used)
          .sort(),
      ).toEqual([1, 2, 3]);
      for (const r of results.filter((x) => !x.ok)) expect(r.used).toBe(3);
      expect(await counter.used('tok-1')).toBe(3);
      expect(await counter.used('tok-unused')).toBe(0);
      expect((await counter.consume('tok-2', Number.POSITIVE_INFINITY)).used).toBe(1);
      expect((await counter.consume('tok-2', Number.POSITIVE_INFINITY)).used).toBe(2);
      await revocations.close();
      await counter.close();
    });

    it('refuses malformed keys and limits with INVALID_ARGUMENT', async () => {
      const { revocations, counter } = await make();
      await expect(revocations.revoke('has space')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(counter.consume('', 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(counter.consume('k', 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(counter.consume('k', 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await counter.used('k')).toBe(0);
      await revocations.close();
      await counter.close();
    });

    it('lets redeem succeed exactly once for a maxUses: 1 token and honours revocation', async () => {
      const { revocations, counter } = await make();
      const key = generateSigningKey();
      const issue = () =>
        grant({
          issuer: { id: 'k1', secretKey: key.secretKey },
          subject: 'cust-1',
          grantee: 'locker-9',
          purpose: 'pickup',
          scope: { pickupCode: 'allow' },
          expiresAt: Date.now() + 3_600_000,
          maxUses: 1,
        });
      const { token } = await issue();
      const opts = {
        issuers: { k1: key.publicKey },
        purpose: 'pickup',
        grantee: 'locker-9',
        revocations,
        counter,
      };
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => redeem(token, opts)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'TOKEN_EXHAUSTED' });
      const second = (await issue()).token;
      await revoke(second, { issuers: { k1: key.publicKey }, revocations });
      await expect(redeem(second, opts)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
      await revocations.close();
      await counter.close();
    });

    it('counts a redemption id once: a retry returns its use number and counts nothing', async () => {
      const { revocations, counter } = await make();
      expect(typeof counter.consumeOnce).toBe('function');
      const once = counter.consumeOnce!.bind(counter);
      expect(await once('tok-r', 3, 'req-1')).toEqual({ ok: true, used: 1, replayed: false });
      expect(await once('tok-r', 3, 'req-1')).toEqual({ ok: true, used: 1, replayed: true });
      expect(await once('tok-r', 3, 'req-2')).toEqual({ ok: true, used: 2, replayed: false });
      // The same id under another key is another redemption.
      expect(await once('tok-other', 3, 'req-1')).toEqual({ ok: true, used: 1, replayed: false });
      expect(await counter.used('tok-r')).toBe(2);
      await revocations.close();
      await counter.close();
    });

    it('never counts past the limit, and counts a retried id once, when calls overlap', async () => {
      const { revocations, counter } = await make();
      // Ten redemptions, each sent three times at once (a retry racing its original).
      const calls = Array.from({ length: 10 }, (_, i) => `req-${i}`).flatMap((id) =>
        [0, 1, 2].map(() => counter.consumeOnce!('tok-race', 4, id).then((r) => ({ id, ...r }))),
      );
      const results = await Promise.all(calls);
      const won = new Map<string, number>();
      for (const r of results.filter((x) => x.ok)) {
        // Every answer for one id carries the same use number.
        if (won.has(r.id)) expect(r.used).toBe(won.get(r.id));
        won.set(r.id, r.used);
      }
      expect([...won.values()].sort()).toEqual([1, 2, 3, 4]);
      expect(await counter.used('tok-race')).toBe(4);
      for (const r of results.filter((x) => !x.ok)) expect(won.has(r.id)).toBe(false);
      // A redemption refused as exhausted was not recorded: asking again is refused again.
      const refused = results.find((x) => !x.ok)!;
      expect(await counter.consumeOnce!('tok-race', 4, refused.id)).toMatchObject({ ok: false, used: 4 });
      await revocations.close();
      await counter.close();
    });

    it('refuses a malformed redemption id with INVALID_ARGUMENT and counts nothing', async () => {
      const { revocations, counter } = await make();
      for (const bad of ['', 'has space', 'x'.repeat(201), '13812345678 ']) {
        await expect(counter.consumeOnce!('tok-bad', 3, bad)).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
      }
      expect(await counter.used('tok-bad')).toBe(0);
      await revocations.close();
      await counter.close();
    });

    // Memory stores keep nothing across a reopen by design; the durable kinds must keep everything.
    if (opts.durable)
      it('keeps counted redemption ids when reopened, so a retry after a restart counts nothing', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable store harness needs reopen()');
        await h.counter.consumeOnce!('tok-d', 5, 'req-a');
        await h.counter.consumeOnce!('tok-d', 5, 'req-b');
        const again = await h.reopen();
        expect(await again.counter.consumeOnce!('tok-d', 5, 'req-a')).toEqual({
          ok: true,
          used: 1,
          replayed: true,
        });
        expect(await again.counter.consumeOnce!('tok-d', 5, 'req-c')).toEqual({
          ok: true,
          used: 3,
          replayed: false,
        });
        expect(await again.counter.used('tok-d')).toBe(3);
        await again.revocations.close();
        await again.counter.close();
      });

    // Memory stores keep nothing across a reopen by design; the durable kinds must keep everything.
    if (opts.durable)
      it('keeps revocations and counted uses when reopened', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable store harness needs reopen()');
        await h.revocations.revoke('gone-1');
        await h.counter.consume('tok-9', 5);
        await h.counter.consume('tok-9', 5);
        const again = await h.reopen();
        expect(await again.revocations.isRevoked(['gone-1'])).toBe(true);
        expect(await again.counter.used('tok-9')).toBe(2);
        expect((await again.counter.consume('tok-9', 2)).ok).toBe(false);
        await again.revocations.close();
        await again.counter.close();
      });
  });
}
