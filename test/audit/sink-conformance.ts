// Conformance checks for AuditSink implementations (docs/audit.md "Writing a sink"). The
// stores module's SQLite and PostgreSQL adapters can run the same suite:
//   import { auditSinkConformance } from '../audit/sink-conformance.js';
//   auditSinkConformance('sqlite', async () => ({ sink: ..., reopen: () => ... }));
import { describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditSink, createAuditLog, verifyAuditStream } from '../../src/audit/index.js';
import { sampleEvent, stepClock } from './helpers.js';

/** A fresh, empty sink and a way to open a second sink object over the same storage. */
export interface SinkFixture {
  sink: AuditSink;
  reopen: () => AuditSink;
  cleanup?: () => Promise<void>;
}

async function collect(it: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

export function auditSinkConformance(name: string, make: () => Promise<SinkFixture>): void {
  describe(`AuditSink conformance: ${name}`, () => {
    it('starts empty, stores entries in call order even when appends overlap, and reads them back unchanged', async () => {
      const f = await make();
      try {
        const log = createAuditLog({ sink: f.sink, clock: stepClock() });
        const acked = await Promise.all(Array.from({ length: 30 }, (_, i) => log.append(sampleEvent(i))));
        const read = await collect(f.sink.read(0));
        expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(acked)));
        expect((await collect(f.sink.read(25))).map((e) => e.seq)).toEqual([25, 26, 27, 28, 29]);
        expect((await verifyAuditStream(f.sink.read(0))).ok).toBe(true);
        await log.close();
      } finally {
        await f.cleanup?.();
      }
    });

    it('returns the last stored entry on open, so a new log continues the chain', async () => {
      const f = await make();
      try {
        const a = createAuditLog({ sink: f.sink });
        for (let i = 0; i < 3; i++) await a.append(sampleEvent(i));
        await a.close();
        const second = f.reopen();
        const last = await second.open();
        expect(last?.seq).toBe(2);
        const b = createAuditLog({ sink: second });
        expect((await b.append(sampleEvent(3))).seq).toBe(3);
        expect(await verifyAuditStream(second.read(0))).toMatchObject({ ok: true, size: 4 });
        await b.close();
      } finally {
        await f.cleanup?.();
      }
    });

    it('refuses, with STORE_CONFLICT, an entry that does not continue the stored head', async () => {
      const f = await make();
      try {
        const log = createAuditLog({ sink: f.sink });
        const first = await log.append(sampleEvent(0));
        const second = await log.append(sampleEvent(1));
        // A replay of seq 1, and an entry that skips ahead.
        await expect(f.sink.append(second)).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
        await expect(f.sink.append({ ...second, seq: 5 })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
        // Right seq, wrong prev: a fork.
        await expect(f.sink.append({ ...second, seq: 2, prev: first.hash })).rejects.toMatchObject({
          code: 'STORE_CONFLICT',
        });
        expect((await collect(f.sink.read(0))).length).toBe(2);
        await log.close();
      } finally {
        await f.cleanup?.();
      }
    });
  });
}
