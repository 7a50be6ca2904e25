// A handover whose audit log is down when it fails: the failure event is kept, written before
// the next run starts, and the next run does not start while it cannot be written.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type AuditSink,
  createAuditLog,
  memorySink,
  memorySpool,
  type AuditSpool,
  verifyAuditLog,
} from 'courier-pii/audit';
import { createKeyring, generateKey, memoryKeyStore, type SubjectKeyStore } from 'courier-pii/crypto';
import { handover } from 'courier-pii/lifecycle';
import { memoryProgressStore } from 'courier-pii/stores';
import { isPiiError, PiiError } from '../../src/errors.js';
import { handoverParties } from './fixtures/handover-parties.js';

/** One outage: the key store and the audit sink fail together while `down` (one database). */
async function setup(n = 40) {
  const inner = memoryKeyStore();
  const keyring = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
  for (let i = 0; i < n; i++) {
    const { kekId, wrapped } = await keyring.wrap(`s-${i}`, generateKey());
    await inner.create({ subjectId: `s-${i}`, state: 'active', kekId, wrapped, createdAt: 1, revision: 1 });
  }
  const db = { down: false, downAfterCas: Number.POSITIVE_INFINITY };
  const unavailable = () =>
    new PiiError('STORE_UNAVAILABLE', 'database gone', { details: { maybeApplied: false } });
  let cas = 0;
  const keyStore: SubjectKeyStore = {
    get: (id) => inner.get(id),
    list: () => inner.list(),
    create: (r) => inner.create(r),
    compareAndSet: async (id, rev, next) => {
      if (++cas > db.downAfterCas) db.down = true;
      if (db.down) throw unavailable();
      return inner.compareAndSet(id, rev, next);
    },
  };
  const entries = memorySink();
  const sink: AuditSink = {
    open: () => (db.down ? Promise.reject(unavailable()) : entries.open()),
    append: (e: AuditEntry) => (db.down ? Promise.reject(unavailable()) : entries.append(e)),
    read: (from) => entries.read(from),
    close: () => entries.close(),
  };
  const audit = createAuditLog({ sink });
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  const progress = memoryProgressStore();
  const buyer = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
  const signingKey = ed25519.keygen();
  const run = (spool: AuditSpool | undefined) =>
    handover({
      id: 'h-down',
      from: { keyring, keyStore },
      to: buyer,
      seller: { ...sellerInfo, signingKey },
      buyer: buyerInfo,
      purposes,
      progress,
      progressEvery: 10,
      concurrency: 4,
      audit,
      spool,
    });
  return { db, audit, entries, run };
}

describe('handover failure events while the audit log is down', () => {
  it('keeps handover.failed, refuses to start while it cannot be written, then writes it first', async () => {
    const { db, audit, entries, run } = await setup();
    const spool = memorySpool();
    db.downAfterCas = 15;
    const first = await run(spool).catch((e: unknown) => e);
    expect(isPiiError(first) && first.code).toBe('STORE_UNAVAILABLE');
    expect(await spool.pending()).toBe(1);
    expect(entries.entries.some((e) => e.kind === 'handover.failed')).toBe(false);

    const refused = await run(spool).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AUDIT_SINK_FAILED', details: { pending: 1 } });
    expect(await spool.pending()).toBe(1);

    db.down = false;
    db.downAfterCas = Number.POSITIVE_INFINITY;
    await audit.open(); // the single-writer log recovers as its error says
    const done = await run(spool);
    expect(done.manifest.subjects.active).toBe(40);
    expect(await spool.pending()).toBe(0);
    const kinds = entries.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'handover.failed')).toHaveLength(1);
    const failed = entries.entries.find((e) => e.kind === 'handover.failed')!;
    expect(failed.data).toMatchObject({ handoverId: 'h-down', reason: 'STORE_UNAVAILABLE', run: 1 });
    expect(typeof failed.data?.failedAt).toBe('string');
    expect(kinds.indexOf('handover.failed')).toBeLessThan(kinds.indexOf('handover.completed'));
    expect(verifyAuditLog(entries.entries).ok).toBe(true);
  });

  it('keeps the failure in a memory spool of the log when the caller passes none', async () => {
    const { db, audit, entries, run } = await setup();
    db.downAfterCas = 15;
    const handoverWithDefault = () => run(undefined);
    await expect(handoverWithDefault()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(handoverWithDefault()).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    db.down = false;
    db.downAfterCas = Number.POSITIVE_INFINITY;
    await audit.open();
    await handoverWithDefault();
    expect(entries.entries.filter((e) => e.kind === 'handover.failed')).toHaveLength(1);
  });

  it('says so in the error when the failure event can be neither written nor kept', async () => {
    const { db, run } = await setup();
    const full = memorySpool();
    const spool: AuditSpool = {
      pending: () => full.pending(),
      flush: (log) => full.flush(log),
      keep: async () => {
        throw new PiiError('AUDIT_SINK_FAILED', 'spool disk full', { details: { maybeApplied: false } });
      },
    };
    db.downAfterCas = 15;
    const err = await run(spool).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { failureEventLost: true } });
    expect(String((err as Error).message)).toMatch(
      /handover\.failed audit event could be neither stored nor kept/,
    );
  });
});
