// A single-writer audit log whose storage fails and comes back: appends retried with an
// idempotency key are stored once, and log.open() recovers from what the sink really holds.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AuditEntry,
  type AuditSink,
  auditEventMatches,
  createAuditLog,
  fileSink,
  memorySink,
  verifyAuditFile,
  verifyAuditLog,
} from 'courier-pii/audit';
import { isPiiError, type PiiError } from '../../src/errors.js';
import { sampleEvent } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

/** A memory sink whose next append can be made to fail before or after the entry is stored. */
function flakySink() {
  const inner = memorySink();
  let mode: 'ok' | 'fail-before' | 'fail-after' | 'down' = 'ok';
  const sink: AuditSink = {
    open: () => (mode === 'down' ? Promise.reject(new Error('unreachable')) : inner.open()),
    append: async (e: AuditEntry) => {
      if (mode === 'fail-before' || mode === 'down') throw new Error('connection lost');
      await inner.append(e);
      if (mode === 'fail-after') throw new Error('answer lost');
    },
    read: (from) => inner.read(from),
    close: () => inner.close(),
  };
  return { sink, inner, set: (m: typeof mode) => (mode = m) };
}

describe('idempotency keys on a single-writer log', () => {
  it('stores an event once however often it is appended with the same key', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink });
    const a = await log.append(sampleEvent(1), { idempotencyKey: 'req-1' });
    const [b, c] = await Promise.all([
      log.append(sampleEvent(1), { idempotencyKey: 'req-1' }),
      log.append(sampleEvent(1), { idempotencyKey: 'req-1' }),
    ]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    await log.append(sampleEvent(1)); // without a key: a second entry, as asked
    expect(sink.entries).toHaveLength(2);
  });

  it('refuses a key reused for a different event with STORE_CONFLICT', async () => {
    const log = createAuditLog({ sink: memorySink() });
    await log.append(sampleEvent(1), { idempotencyKey: 'req-1' });
    await expect(log.append(sampleEvent(2), { idempotencyKey: 'req-1' })).rejects.toMatchObject({
      code: 'STORE_CONFLICT',
    });
  });

  it('refuses malformed keys with INVALID_ARGUMENT and stores nothing', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink });
    for (const o of [
      { idempotencyKey: '' },
      { idempotencyKey: 'x'.repeat(513) },
      { idempotencyKey: 5 },
      'key',
    ]) {
      await expect(log.append(sampleEvent(1), o as never)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    expect(sink.entries).toHaveLength(0);
  });

  it('tells an entry from the event it records, ignoring time and chain fields', async () => {
    const e = await createAuditLog({ sink: memorySink() }).append(sampleEvent(3));
    expect(auditEventMatches(e, sampleEvent(3))).toBe(true);
    expect(auditEventMatches(e, sampleEvent(4))).toBe(false);
    expect(auditEventMatches(e, { ...sampleEvent(3), actor: 'someone-else' })).toBe(false);
  });
});

describe('recovering a single-writer log after its sink failed', () => {
  it('refuses appends until open(), whose advice it gives, then continues the stored chain', async () => {
    const f = flakySink();
    const log = createAuditLog({ sink: f.sink });
    await log.append(sampleEvent(0));
    f.set('fail-before');
    const err = (await log.append(sampleEvent(1)).catch((e: unknown) => e)) as PiiError;
    expect(err).toMatchObject({ code: 'AUDIT_SINK_FAILED', details: { maybeApplied: true } });
    expect(err.message).toMatch(/log\.open\(\)/);
    f.set('ok');
    await expect(log.append(sampleEvent(2))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await log.open(); // what the message says to do
    const next = await log.append(sampleEvent(2));
    expect(next.seq).toBe(1);
    expect(verifyAuditLog(f.inner.entries).ok).toBe(true);
    expect((await log.head()).size).toBe(2);
  });

  it('keeps trying when the sink is still unreachable at open(), and recovers once it is back', async () => {
    const f = flakySink();
    const log = createAuditLog({ sink: f.sink });
    await log.append(sampleEvent(0));
    f.set('down');
    await expect(log.append(sampleEvent(1))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await expect(log.open()).rejects.toThrow('unreachable');
    f.set('ok');
    await log.open();
    expect((await log.append(sampleEvent(1))).seq).toBe(1);
  });

  it('answers a keyed retry with the stored entry when the failed append had reached the sink', async () => {
    const f = flakySink();
    const log = createAuditLog({ sink: f.sink });
    f.set('fail-after'); // stored, but the acknowledgement is lost
    const err = await log.append(sampleEvent(5), { idempotencyKey: 'k5' }).catch((e: unknown) => e);
    expect(isPiiError(err) && err.code).toBe('AUDIT_SINK_FAILED');
    f.set('ok');
    await log.open();
    const again = await log.append(sampleEvent(5), { idempotencyKey: 'k5' });
    expect(again.seq).toBe(0);
    expect(f.inner.entries).toHaveLength(1);
    expect(again).toEqual(f.inner.entries[0]);
  });

  it('appends a keyed retry anew when the failed append never reached the sink', async () => {
    const f = flakySink();
    const log = createAuditLog({ sink: f.sink });
    await log.append(sampleEvent(0));
    f.set('fail-before');
    await log.append(sampleEvent(5), { idempotencyKey: 'k5' }).catch(() => undefined);
    f.set('ok');
    // Before open() the retry is refused like any append; it stays retryable.
    await expect(log.append(sampleEvent(5), { idempotencyKey: 'k5' })).rejects.toMatchObject({
      code: 'AUDIT_SINK_FAILED',
    });
    await log.open();
    const stored = await log.append(sampleEvent(5), { idempotencyKey: 'k5' });
    expect(stored.seq).toBe(1);
    expect(await log.append(sampleEvent(5), { idempotencyKey: 'k5' })).toBe(stored);
    expect(f.inner.entries).toHaveLength(2);
    expect(verifyAuditLog(f.inner.entries).ok).toBe(true);
  });
});

describe('recovering over a file sink', () => {
  afterEach(() => vi.restoreAllMocks());

  it('re-reads the file after a failed write, keeping the entries that reached it and none twice', async () => {
    const path = join(scratchDir('cpii-recover-'), 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path, { fsync: 'always' }) });
    await log.append(sampleEvent(0));
    // The next sync fails (a disk error after the write): the line is in the file, unacknowledged.
    const probe = await fsp.open(path, 'r');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const sync = vi.spyOn(proto, 'datasync').mockRejectedValueOnce(new Error('EIO'));
    const err = (await log
      .append(sampleEvent(1), { idempotencyKey: 'k1' })
      .catch((e: unknown) => e)) as PiiError;
    expect(err).toMatchObject({ code: 'AUDIT_SINK_FAILED', details: { maybeApplied: true } });
    expect(sync).toHaveBeenCalled();
    await log.open();
    const retried = await log.append(sampleEvent(1), { idempotencyKey: 'k1' });
    expect(retried.seq).toBe(1);
    expect((await log.append(sampleEvent(2))).seq).toBe(2);
    await log.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 3 });
  });
});
