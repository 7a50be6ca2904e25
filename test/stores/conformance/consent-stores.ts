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
