// Conformance suite for AuditSink (memory, file, SQLite, PostgreSQL). Not a test file.
import { describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditSink, createAuditLog, verifyAuditLog } from '../../../src/audit/index.js';
import { sampleEvent, stepClock } from '../../audit/helpers.js';

export interface AuditSinkHarness {
  sink: AuditSink;
  /** Another sink over the same storage (as a second process would open it). */
  another: () => AuditSink;
}

async function read(s: AuditSink, from?: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of s.read(from)) out.push(e);
  return out;
}

/**
 * `singleWriter`: the sink documents one writer per storage (the audit module's fileSink checks
 * the head it holds in memory, not the file), so the two-writer conflict case is not part of its
 * contract and is not run for it.
 */
export function auditSinkConformance(
  kind: string,
  make: () => Promise<AuditSinkHarness>,
  opts: { singleWriter?: boolean } = {},
): void {
  describe(`AuditSink conformance: ${kind}`, () => {
    it('stores overlapping appends in call order and reads them back unchanged', async () => {
      const { sink } = await make();
      const log = createAuditLog({ sink, clock: stepClock() });
      const written = await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(sampleEvent(i))));
      const stored = await read(sink);
      expect(stored).toEqual(written);
      expect(stored.map((e) => e.seq)).toEqual(written.map((_, i) => i));
      expect(verifyAuditLog(stored).ok).toBe(true);
      expect(await read(sink, 35)).toEqual(written.slice(35));
      await log.close();
    });

    it('continues the chain when the log is reopened over the same storage', async () => {
      const h = await make();
      const a = createAuditLog({ sink: h.sink, clock: stepClock() });
      for (let i = 0; i < 5; i++) await a.append(sampleEvent(i));
      await a.close();
      const second = h.another();
      const b = createAuditLog({ sink: second, clock: stepClock() });
      const e = await b.append(sampleEvent(5));
      expect(e.seq).toBe(5);
      const all = await read(second);
      expect(all).toHaveLength(6);
      expect(verifyAuditLog(all).ok).toBe(true);
      await b.close();
    });

    if (!opts.singleWriter)
      it('refuses an entry that does not continue the stored head with STORE_CONFLICT', async () => {
        const h = await make();
        const a = createAuditLog({ sink: h.sink, clock: stepClock() });
        await a.open();
        const otherSink = h.another();
        const b = createAuditLog({ sink: otherSink, clock: stepClock() });
        await b.open();
        await b.append(sampleEvent(1));
        await expect(a.append(sampleEvent(2))).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
        const stored = await read(otherSink);
        expect(stored).toHaveLength(1);
        expect(verifyAuditLog(stored).ok).toBe(true);
        await b.close();
        await a.close().catch(() => undefined);
      });

    it('opens an empty log as empty', async () => {
      const { sink } = await make();
      expect(await sink.open()).toBeUndefined();
      expect(await read(sink)).toEqual([]);
      await sink.close();
    });
  });
}
