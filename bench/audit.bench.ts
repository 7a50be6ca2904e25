// Audit log throughput: appends per second to memory and to a file with batched fsync, and
// verification entries per second. No peer: absolute rows (entries per second).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditEntry,
  type AuditEvent,
  createAuditLog,
  fileSink,
  memorySink,
  verifyAuditLog,
} from '../src/audit/index.js';
import pino from 'pino';
import { type BenchRow, compare } from './lib.js';

const event: AuditEvent = {
  kind: 'access.decision',
  actor: 'courier-88',
  purpose: 'delivery',
  records: ['parcel-1'],
  paths: ['recipient.phone', 'recipient.address'],
  data: { record: true, fields: { 'recipient.phone': 'mask', 'recipient.address': 'allow' }, rules: ['r1'] },
};

/** Scales a row measured in calls of `per` entries to entries per second. */
function perEntry(row: BenchRow, per: number, note: string): BenchRow {
  return { ...row, opsPerSec: row.opsPerSec * per, note };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // Peer: a plain structured log line (pino, synchronous, to /dev/null): what tamper evidence
  // and the PII guard cost over ordinary logging of the same event.
  // A fresh log every 10,000 entries keeps the heap from growing without bound across rounds.
  let mem = createAuditLog({ sink: memorySink() });
  let appended = 0;
  const logger = pino(pino.destination({ dest: '/dev/null', sync: true }));
  rows.push(
    await compare({
      group: 'audit',
      name: 'append to memory sink (hash chain + PII guard)',
      ours: () => {
        if (++appended % 10_000 === 0) mem = createAuditLog({ sink: memorySink() });
        return mem.append(event);
      },
      peer: { name: 'pino logger.info to /dev/null', fn: () => logger.info(event) },
      note: 'entries/s',
    }),
  );

  const dir = mkdtempSync(join(tmpdir(), 'cpii-audit-bench-'));
  const burst = 64;
  try {
    const file = createAuditLog({ sink: fileSink(join(dir, 'batch.jsonl'), { fsync: 'batch' }) });
    const row = await compare({
      group: 'audit',
      name: `append to file sink, fsync 'batch' (${burst} concurrent appends per group commit)`,
      ours: () => Promise.all(Array.from({ length: burst }, () => file.append(event))),
      batch: 1,
      rounds: 5,
    });
    rows.push(perEntry(row, burst, 'entries/s'));
    await file.close();

    const always = createAuditLog({ sink: fileSink(join(dir, 'always.jsonl'), { fsync: 'always' }) });
    rows.push(
      await compare({
        group: 'audit',
        name: "append to file sink, fsync 'always' (one at a time)",
        ours: () => always.append(event),
        batch: 1,
        rounds: 5,
        note: 'entries/s',
      }),
    );
    await always.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const n = 10_000;
  const sink = memorySink();
  const log = createAuditLog({ sink });
  for (let i = 0; i < n; i += 500) await Promise.all(Array.from({ length: 500 }, () => log.append(event)));
  const entries: AuditEntry[] = JSON.parse(JSON.stringify(sink.entries)) as AuditEntry[];
  const row = await compare({
    group: 'audit',
    name: `verify a log (${n.toLocaleString('en-US')} entries per call)`,
    ours: () => {
      if (!verifyAuditLog(entries).ok) throw new Error('bench log does not verify');
    },
    batch: 1,
    rounds: 5,
  });
  rows.push(perEntry(row, n, 'entries/s'));
  return rows;
}
