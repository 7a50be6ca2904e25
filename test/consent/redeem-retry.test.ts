// Retrying redeem after a failure: with a redemption id, a retry neither spends a second use
// nor loses the first, and the receipt is stored exactly once.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AuditAppendOptions,
  type AuditEvent,
  createAuditLog,
  memorySink,
} from '../../src/audit/index.js';
import {
  createFileUseCounter,
  createMemoryRevocationStore,
  createMemoryUseCounter,
  grant,
  redeem,
  type UseCounterStore,
} from '../../src/consent/index.js';
import { PiiError } from '../../src/errors.js';
import { issuers, pickupGrant, T0, WAYBILL } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

/** An audit log whose next appends fail before storing, or after storing (the answer is lost). */
function flakyAudit() {
  const sink = memorySink();
  const log = createAuditLog({ sink });
  const plan: Array<'before' | 'after'> = [];
  return {
    sink,
    fail: (...p: Array<'before' | 'after'>) => plan.push(...p),
    async append(event: AuditEvent, options?: AuditAppendOptions) {
      const f = plan.shift();
      const lost = (maybeApplied: boolean) =>
        new PiiError('AUDIT_SINK_FAILED', 'the database went away', { details: { maybeApplied } });
      if (f === 'before') throw lost(false);
      const entry = await log.append(event, options);
      if (f === 'after') throw lost(true);
      return entry;
    },
  };
}

async function setup(counter: UseCounterStore = createMemoryUseCounter()) {
  const { token } = await grant({ ...pickupGrant(), maxUses: 2 });
  const audit = flakyAudit();
  const opts = {
    issuers,
    purpose: 'pickup',
    grantee: 'n-5531',
    resource: WAYBILL,
    now: T0 + 1000,
    revocations: createMemoryRevocationStore(),
    counter,
    audit,
  };
  return { token, audit, counter, opts };
}

const receipts = (audit: ReturnType<typeof flakyAudit>) =>
  audit.sink.entries.filter((e) => e.kind === 'consent.redeemed');

describe('redeem with a redemption id', () => {
  it('delivers the use on retry after the receipt failed, counting it once and storing one receipt', async () => {
    for (const when of ['before', 'after'] as const) {
      const { token, audit, counter, opts } = await setup();
      audit.fail(when);
      const err = (await redeem(token, { ...opts, redemptionId: 'pickup-1' }).catch(
        (e: unknown) => e,
      )) as PiiError;
      expect(err).toMatchObject({
        code: 'AUDIT_SINK_FAILED',
        details: { useCounted: true, use: 1, maybeApplied: true },
      });
      expect(err.message).toMatch(/same redemptionId/);
      const claims = await redeem(token, { ...opts, redemptionId: 'pickup-1' });
      expect(claims.uses).toBe(1);
      expect(await counter.used(claims.tokenId)).toBe(1);
      expect(receipts(audit)).toHaveLength(1);
      // The second use is still there for the customer.
      expect((await redeem(token, { ...opts, redemptionId: 'pickup-2' })).uses).toBe(2);
      await expect(redeem(token, { ...opts, redemptionId: 'pickup-3' })).rejects.toMatchObject({
        code: 'TOKEN_EXHAUSTED',
      });
      expect(receipts(audit).map((e) => e.data?.use)).toEqual([1, 2]);
    }
  });

  it('answers a retry of a completed redemption with its use number and stores nothing more', async () => {
    const { token, audit, opts } = await setup();
    const first = await redeem(token, { ...opts, redemptionId: 'pickup-1' });
    const again = await redeem(token, { ...opts, redemptionId: 'pickup-1' });
    expect(again.uses).toBe(first.uses);
    expect(receipts(audit)).toHaveLength(1);
    // Also once the token is exhausted: the retry is of a use already granted.
    await redeem(token, { ...opts, redemptionId: 'pickup-2' });
    expect((await redeem(token, { ...opts, redemptionId: 'pickup-1' })).uses).toBe(1);
  });

  it('builds the same receipt on every attempt, so the idempotent append recognises it', async () => {
    const a = await setup();
    const b = await setup();
    await redeem(a.token, { ...a.opts, redemptionId: 'pickup-1' });
    await redeem(b.token, { ...b.opts, redemptionId: 'pickup-1', now: T0 + 5000 });
    expect(receipts(a.audit)[0]!.data?.receiptId).toBe(receipts(b.audit)[0]!.data?.receiptId);
    await redeem(b.token, { ...b.opts, redemptionId: 'pickup-2' });
    expect(receipts(b.audit)[1]!.data?.receiptId).not.toBe(receipts(b.audit)[0]!.data?.receiptId);
  });

  it('without a redemption id, says the use is spent and how to avoid that', async () => {
    const { token, audit, counter, opts } = await setup();
    audit.fail('before');
    const err = (await redeem(token, opts).catch((e: unknown) => e)) as PiiError;
    expect(err).toMatchObject({ code: 'AUDIT_SINK_FAILED', details: { useCounted: true } });
    expect(err.message).toMatch(/spent.*redemptionId/);
    expect(await counter.used((await redeem(token, opts)).tokenId)).toBe(2);
  });

  it('refuses a malformed id, or an id with a counter that cannot honour it, before counting', async () => {
    const { token, counter, opts } = await setup();
    for (const bad of ['', 'a b', 'x'.repeat(201), 7]) {
      await expect(redeem(token, { ...opts, redemptionId: bad as string })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    const plain: UseCounterStore = { consume: (k, m) => counter.consume(k, m), used: (k) => counter.used(k) };
    await expect(redeem(token, { ...opts, counter: plain, redemptionId: 'pickup-1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const { token: other } = await grant({ ...pickupGrant(), maxUses: 2 });
    expect(await counter.used((await redeem(other, opts)).tokenId)).toBe(1);
  });
});

describe('file use counter after a failed write', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the file again, so a retry of a use whose line reached the disk counts nothing', async () => {
    const path = join(scratchDir('cpii-uses-'), 'uses.log');
    const counter = createFileUseCounter(path);
    expect((await counter.consumeOnce!('tok-f', 3, 'req-0')).used).toBe(1);
    const probe = await fsp.open(path, 'r');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(new Error('EIO'));
    await expect(counter.consumeOnce!('tok-f', 3, 'req-1')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      details: { maybeApplied: true },
    });
    expect(await counter.consumeOnce!('tok-f', 3, 'req-1')).toEqual({ ok: true, used: 2, replayed: true });
    expect(await counter.used('tok-f')).toBe(2);
    await counter.close();
  });
});
