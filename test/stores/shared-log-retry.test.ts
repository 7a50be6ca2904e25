// The shared database audit log retried: idempotency keys kept in the database (any process,
// any restart), and AUDIT_SINK_FAILED advice that is true for this kind of log.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEntry, verifyAuditLog } from '../../src/audit/index.js';
import { PiiError } from '../../src/errors.js';
import {
  createSharedAuditLog,
  type DatabaseAuditSink,
  postgresAuditSink,
  sqliteAuditSink,
} from '../../src/stores/index.js';
import { sampleEvent } from '../audit/helpers.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

afterAll(endPool);

interface Kind {
  open: () => DatabaseAuditSink;
  /** Every stored key column value, read straight from the database. */
  storedKeys: () => Promise<string[]>;
}

const kinds: Array<[string, () => Promise<Kind>]> = [
  [
    'sqlite',
    async () => {
      const path = join(scratchDir('cpii-shared-'), 'audit.db');
      return {
        open: () => sqliteAuditSink({ path }),
        storedKeys: async () => {
          const db = new Database(path, { readonly: true });
          try {
            return (
              db.prepare('SELECT key_hash FROM cpii_audit_keys').all() as Array<{ key_hash: string }>
            ).map((r) => r.key_hash);
          } finally {
            db.close();
          }
        },
      };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      return {
        open: () => postgresAuditSink({ pool: pool(), schema }),
        storedKeys: async () =>
          (await pool().query(`SELECT key_hash FROM "${schema}".cpii_audit_keys`)).rows.map((r) =>
            String(r.key_hash),
          ),
      };
    },
  ],
];

async function all(sink: DatabaseAuditSink): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of sink.read()) out.push(e);
  return out;
}

describe.each(kinds)('shared audit log on %s, retried with idempotency keys', (_kind, make) => {
  it('stores a keyed event once across log objects (other processes), batches and reopenings', async () => {
    const { open } = await make();
    const a = createSharedAuditLog({ sink: open() });
    const b = createSharedAuditLog({ sink: open() });
    // Concurrent appends in one batch, some with the same key, from two logs at once.
    const results = await Promise.all([
      a.append(sampleEvent(1), { idempotencyKey: 'k1' }),
      a.append(sampleEvent(1), { idempotencyKey: 'k1' }),
      b.append(sampleEvent(1), { idempotencyKey: 'k1' }),
      a.append(sampleEvent(2), { idempotencyKey: 'k2' }),
      b.append(sampleEvent(3)),
    ]);
    expect(new Set(results.slice(0, 3).map((e) => e.seq)).size).toBe(1);
    await a.close();
    await b.close();
    // A new log over the same tables (a restarted process) still knows the keys.
    const c = createSharedAuditLog({ sink: open() });
    expect((await c.append(sampleEvent(2), { idempotencyKey: 'k2' })).seq).toBe(results[3]!.seq);
    await c.append(sampleEvent(4), { idempotencyKey: 'k4' });
    const entries = await all(open());
    expect(entries).toHaveLength(4);
    expect(verifyAuditLog(entries).ok).toBe(true);
    await expect(c.append(sampleEvent(5), { idempotencyKey: 'k1' })).rejects.toMatchObject({
      code: 'STORE_CONFLICT',
    });
    expect(await all(open())).toHaveLength(4);
    await c.close();
  });

  it('stores no key in clear: only its SHA-256 is in the database', async () => {
    const { open, storedKeys } = await make();
    const log = createSharedAuditLog({ sink: open() });
    await log.append(sampleEvent(1), { idempotencyKey: 'order-778812:view' });
    await log.close();
    const stored = await storedKeys();
    expect(stored).toEqual([createHash('sha256').update('order-778812:view').digest('hex')]);
  });
});

describe('AUDIT_SINK_FAILED from a shared log', () => {
  it('says the log needs no reopening, and the next append works once the database is back', async () => {
    const path = join(scratchDir('cpii-shared-'), 'audit.db');
    const real = sqliteAuditSink({ path });
    let down = true;
    const sink: DatabaseAuditSink = {
      ...real,
      logId: real.logId,
      open: () => real.open(),
      read: (from) => real.read(from),
      append: (e) => real.append(e),
      close: () => real.close(),
      appendAtHead: (build, o) =>
        down
          ? Promise.reject(
              new PiiError('AUDIT_SINK_FAILED', 'database gone', { details: { maybeApplied: false } }),
            )
          : real.appendAtHead(build, o),
    };
    const log = createSharedAuditLog({ sink });
    const err = (await log
      .append(sampleEvent(1), { idempotencyKey: 'k1' })
      .catch((e: unknown) => e)) as PiiError;
    expect(err).toMatchObject({ code: 'AUDIT_SINK_FAILED', details: { maybeApplied: false } });
    expect(err.message).toMatch(/needs no reopening/);
    down = false;
    // As the message says: just retry, with the same key.
    expect((await log.append(sampleEvent(1), { idempotencyKey: 'k1' })).seq).toBe(0);
    expect((await log.append(sampleEvent(1), { idempotencyKey: 'k1' })).seq).toBe(0);
    await log.close();
  });
});
