// The audit log in SQLite. Each write is one BEGIN IMMEDIATE transaction (the database write lock,
// shared by every process using the file) that checks the head row, inserts and moves the head.
import type { AuditEntry } from '../audit/index.js';
import { PiiError } from '../errors.js';
import {
  type DatabaseAuditSink,
  type DatabaseAuditSinkOptions,
  GroupCommit,
  checkLogId,
  checkRun,
  checkTail,
  keyDigest,
  parseEntry,
  sinkError,
} from './audit-common.js';
import type { SqliteDatabaseLike } from './drivers.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';
import { checkOptions } from '../_internal/options.js';
import { APPEND_AT_HEAD_OPTIONS } from './option-names.js';

/** Options of {@link sqliteAuditSink}. */
export interface SqliteAuditSinkOptions extends SqliteStoreOptions, DatabaseAuditSinkOptions {}

const PAGE = 1000;

/**
 * An audit sink in SQLite (better-sqlite3, WAL). Give it to `createAuditLog` for one writer, or to
 * {@link createSharedAuditLog} when several processes on the machine append to the same log.
 *
 * @param options - a file path or open `Database`, and the log id
 * @returns a {@link DatabaseAuditSink}
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods AUDIT_SINK_FAILED, STORE_CONFLICT, AUDIT_CORRUPT
 * @example
 * ```ts
 * import { createAuditLog } from 'courier-pii/audit';
 * import { sqliteAuditSink } from 'courier-pii/stores';
 * const log = createAuditLog({ sink: sqliteAuditSink({ path: ':memory:' }) });
 * await log.append({ kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'r1', severity: 'low' } });
 * console.log((await log.verify()).ok); // true
 * await log.close();
 * ```
 */
export function sqliteAuditSink(options: SqliteAuditSinkOptions): DatabaseAuditSink {
  const conn = sqliteConnection(options, 'sqliteAuditSink');
  const logId = checkLogId(options.log);
  const head = (db: SqliteDatabaseLike): { seq: number; hash: string } | undefined => {
    const r = prep(db, 'SELECT seq, hash FROM cpii_audit_heads WHERE log_id = ?').get(logId) as
      | { seq: number; hash: string }
      | undefined;
    return r && r.seq >= 0 ? { seq: Number(r.seq), hash: r.hash } : undefined;
  };
  const entryAt = (db: SqliteDatabaseLike, seq: number): AuditEntry | undefined => {
    const r = prep(db, 'SELECT entry, hash FROM cpii_audit_entries WHERE log_id = ? AND seq = ?').get(
      logId,
      seq,
    ) as { entry: string; hash: string } | undefined;
    return r ? parseEntry(r.entry, seq, r.hash) : undefined;
  };
  const insert = (db: SqliteDatabaseLike, entries: AuditEntry[]): void => {
    const ins = prep(
      db,
      'INSERT INTO cpii_audit_entries (log_id, seq, prev, hash, entry) VALUES (?, ?, ?, ?, ?)',
    );
    for (const e of entries) ins.run(logId, e.seq, e.prev, e.hash, JSON.stringify(e));
    const last = entries[entries.length - 1];
    if (last) {
      prep(
        db,
        'INSERT INTO cpii_audit_heads (log_id, seq, hash) VALUES (?, ?, ?) ON CONFLICT (log_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ).run(logId, last.seq, last.hash);
    }
  };
  const group = new GroupCommit((entries) =>
    conn.write((db) => {
      checkRun(head(db), entries);
      insert(db, entries);
    }),
  );
  const tail = (db: SqliteDatabaseLike): AuditEntry | undefined => {
    const h = head(db);
    return checkTail(h, h ? entryAt(db, h.seq) : undefined);
  };

  return {
    logId,
    async open() {
      try {
        return await sqliteRead(conn, 'Opening the audit log', (db) => {
          const h = head(db);
          const r = prep(
            db,
            'SELECT seq, entry, hash FROM cpii_audit_entries WHERE log_id = ? ORDER BY seq DESC LIMIT 1',
          ).get(logId) as { seq: number; entry: string; hash: string } | undefined;
          return checkTail(h, r ? parseEntry(r.entry, Number(r.seq), r.hash) : undefined);
        });
      } catch (e) {
        throw sinkError(e);
      }
    },
    append: (entry) => group.append(entry),
    async appendAtHead(build, options = {}) {
      checkOptions('appendAtHead', options, APPEND_AT_HEAD_OPTIONS);
      await group.idle();
      const keys = options.keys ?? [];
      // Optimistic: build from the head read outside the lock, store only if the head is unchanged.
      // better-sqlite3 transactions are synchronous, so the async build cannot run inside one.
      // An unchanged head also means no key was stored in between (keys go in with their entries).
      for (let attempt = 0; attempt < 1000; attempt++) {
        try {
          const { last, found } = await sqliteRead(conn, 'Reading the audit head', (db) => {
            const found = new Map<string, AuditEntry>();
            const q = prep(db, 'SELECT seq FROM cpii_audit_keys WHERE log_id = ? AND key_hash = ?');
            for (const k of keys) {
              const r = q.get(logId, keyDigest(k)) as { seq: number } | undefined;
              const e = r ? entryAt(db, Number(r.seq)) : undefined;
              if (e) found.set(k, e);
            }
            return { last: tail(db), found };
          });
          const entries = await build(last, found);
          const stored = await conn.write((db) => {
            const h = head(db);
            if ((h?.seq ?? -1) !== (last?.seq ?? -1) || (h && h.hash !== last?.hash)) return false;
            checkRun(h, entries);
            insert(db, entries);
            const ins = prep(db, 'INSERT INTO cpii_audit_keys (log_id, key_hash, seq) VALUES (?, ?, ?)');
            for (const e of options.keyOf ? entries : []) {
              const k = options.keyOf!(e);
              if (k !== undefined) ins.run(logId, keyDigest(k), e.seq);
            }
            return true;
          });
          if (stored) return;
        } catch (e) {
          throw sinkError(e);
        }
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 1 + attempt)));
      }
      throw new PiiError(
        'AUDIT_SINK_FAILED',
        'The audit log head kept moving under contention; retry the append.',
      );
    },
    async *read(fromSeq = 0) {
      let next = Math.max(0, Math.floor(fromSeq));
      for (;;) {
        let rows: Array<{ seq: number; entry: string; hash: string }>;
        try {
          rows = await sqliteRead(
            conn,
            'Reading audit entries',
            (db) =>
              prep(
                db,
                `SELECT seq, entry, hash FROM cpii_audit_entries WHERE log_id = ? AND seq >= ? ORDER BY seq LIMIT ${PAGE}`,
              ).all(logId, next) as typeof rows,
          );
        } catch (e) {
          throw sinkError(e);
        }
        for (const r of rows) yield parseEntry(r.entry, Number(r.seq), r.hash);
        if (rows.length < PAGE) return;
        next = Number(rows[rows.length - 1]!.seq) + 1;
      }
    },
    async close() {
      await group.idle();
      await conn.close();
    },
  };
}
