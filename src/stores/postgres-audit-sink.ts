// The audit log in PostgreSQL. Every write locks the log's head row (SELECT ... FOR UPDATE), checks
// that the new entries continue it, inserts them and moves the head, in one transaction: the chain
// is serialized by the database, so any number of processes can append without forking it.
import type { AuditEntry } from '../audit/index.js';
import { type PgClientLike, pgQuery, pgTransaction } from './drivers.js';
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
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { checkOptions } from '../_internal/options.js';
import { APPEND_AT_HEAD_OPTIONS } from './option-names.js';

/** Options of {@link postgresAuditSink}. */
export interface PostgresAuditSinkOptions extends PostgresStoreOptions, DatabaseAuditSinkOptions {}

const PAGE = 1000;

/**
 * An audit sink in PostgreSQL. Give it to `createAuditLog` for one writer, or to
 * {@link createSharedAuditLog} when several processes append to the same log.
 *
 * @param options - the pool, schema and log id
 * @returns a {@link DatabaseAuditSink}; `close()` does not end the pool
 * @throws PiiError INVALID_ARGUMENT for a missing pool or bad names; from its methods AUDIT_SINK_FAILED, STORE_CONFLICT, AUDIT_CORRUPT
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createAuditLog } from 'courier-pii/audit';
 * import { migratePostgres, postgresAuditSink } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const log = createAuditLog({ sink: postgresAuditSink({ pool, log: `example-${Date.now()}` }) });
 * await log.append({ kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'r1', severity: 'low' } });
 * console.log((await log.verify()).ok); // true
 * await log.close();
 * await pool.end();
 * ```
 */
export function postgresAuditSink(options: PostgresAuditSinkOptions): DatabaseAuditSink {
  const { pool, s } = checkPool(options, 'postgresAuditSink');
  const logId = checkLogId(options.log);
  const E = `${s}.cpii_audit_entries`;
  const H = `${s}.cpii_audit_heads`;
  const K = `${s}.cpii_audit_keys`;

  const lockHead = async (c: PgClientLike): Promise<{ seq: number; hash: string } | undefined> => {
    await c.query(
      `INSERT INTO ${H} (log_id, seq, hash) VALUES ($1, -1, '') ON CONFLICT (log_id) DO NOTHING`,
      [logId],
    );
    const r = await c.query(`SELECT seq, hash FROM ${H} WHERE log_id = $1 FOR UPDATE`, [logId]);
    const seq = Number(r.rows[0]!.seq);
    return seq < 0 ? undefined : { seq, hash: String(r.rows[0]!.hash) };
  };
  const readEntry = async (c: PgClientLike, seq: number): Promise<AuditEntry | undefined> => {
    const r = await c.query(`SELECT entry, hash FROM ${E} WHERE log_id = $1 AND seq = $2`, [logId, seq]);
    return r.rows[0] ? parseEntry(String(r.rows[0].entry), seq, String(r.rows[0].hash)) : undefined;
  };
  const insert = async (c: PgClientLike, entries: AuditEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    await c.query(
      `INSERT INTO ${E} (log_id, seq, prev, hash, entry) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
      [
        logId,
        entries.map((e) => e.seq),
        entries.map((e) => e.prev),
        entries.map((e) => e.hash),
        entries.map((e) => JSON.stringify(e)),
      ],
    );
    const last = entries[entries.length - 1]!;
    await c.query(`UPDATE ${H} SET seq = $2, hash = $3 WHERE log_id = $1`, [logId, last.seq, last.hash]);
  };
  const group = new GroupCommit((entries) =>
    pgTransaction(pool, 'Appending audit entries', async (c) => {
      checkRun(await lockHead(c), entries);
      await insert(c, entries);
    }),
  );

  return {
    logId,
    async open() {
      try {
        const h = await pgQuery(
          pool,
          'Opening the audit log',
          `SELECT seq, hash FROM ${H} WHERE log_id = $1`,
          [logId],
        );
        const row = h.rows[0];
        const head =
          row && Number(row.seq) >= 0 ? { seq: Number(row.seq), hash: String(row.hash) } : undefined;
        const l = await pgQuery(
          pool,
          'Opening the audit log',
          `SELECT seq, entry, hash FROM ${E} WHERE log_id = $1 ORDER BY seq DESC LIMIT 1`,
          [logId],
        );
        const lr = l.rows[0];
        const last = lr ? parseEntry(String(lr.entry), Number(lr.seq), String(lr.hash)) : undefined;
        return checkTail(head, last);
      } catch (e) {
        throw sinkError(e);
      }
    },
    append: (entry) => group.append(entry),
    async appendAtHead(build, options = {}) {
      checkOptions('appendAtHead', options, APPEND_AT_HEAD_OPTIONS);
      await group.idle();
      const keys = options.keys ?? [];
      try {
        await pgTransaction(pool, 'Appending audit entries', async (c) => {
          const head = await lockHead(c);
          const last = head ? await readEntry(c, head.seq) : undefined;
          checkTail(head, last);
          // Under the head lock: no other writer can store one of these keys until we commit.
          const found = new Map<string, AuditEntry>();
          if (keys.length > 0) {
            const byDigest = new Map(keys.map((k) => [keyDigest(k), k]));
            const r = await c.query(
              `SELECT k.key_hash, e.seq, e.entry, e.hash FROM ${K} k JOIN ${E} e ON e.log_id = k.log_id AND e.seq = k.seq WHERE k.log_id = $1 AND k.key_hash = ANY($2::text[])`,
              [logId, [...byDigest.keys()]],
            );
            for (const row of r.rows) {
              found.set(
                byDigest.get(String(row.key_hash))!,
                parseEntry(String(row.entry), Number(row.seq), String(row.hash)),
              );
            }
          }
          const entries = await build(last, found);
          checkRun(head, entries);
          await insert(c, entries);
          const keyed = options.keyOf
            ? entries.flatMap((e) => {
                const k = options.keyOf!(e);
                return k === undefined ? [] : [[keyDigest(k), e.seq] as const];
              })
            : [];
          if (keyed.length > 0) {
            await c.query(
              `INSERT INTO ${K} (log_id, key_hash, seq) SELECT $1, * FROM unnest($2::text[], $3::bigint[])`,
              [logId, keyed.map((k) => k[0]), keyed.map((k) => k[1])],
            );
          }
        });
      } catch (e) {
        throw sinkError(e);
      }
    },
    async *read(fromSeq = 0) {
      let next = Math.max(0, Math.floor(fromSeq));
      for (;;) {
        let r: Awaited<ReturnType<typeof pgQuery>>;
        try {
          r = await pgQuery(
            pool,
            'Reading audit entries',
            `SELECT seq, entry, hash FROM ${E} WHERE log_id = $1 AND seq >= $2 ORDER BY seq LIMIT ${PAGE}`,
            [logId, next],
          );
        } catch (e) {
          throw sinkError(e);
        }
        for (const row of r.rows) yield parseEntry(String(row.entry), Number(row.seq), String(row.hash));
        if (r.rows.length < PAGE) return;
        next = Number(r.rows[r.rows.length - 1]!.seq) + 1;
      }
    },
    async close() {
      await group.idle();
    },
  };
}
