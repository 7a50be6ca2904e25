// The purpose-consent ledger in PostgreSQL and SQLite: one row per entry, ordered by a sequence
// column, the entry kept as its checked JSON. Rows are parsed again on read: a row that no
// longer parses is reported (STORE_CORRUPT), never trusted.
import {
  parsePurposeConsentEntry,
  type PurposeConsentEntry,
  type PurposeConsentStore,
} from '../consent/index.js';
import { PiiError } from '../errors.js';
import { pgQuery } from './drivers.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

const SUBJECT = /^[A-Za-z0-9_.:/-]{1,200}$/;

function checkSubject(id: unknown): string {
  if (typeof id !== 'string' || !SUBJECT.test(id))
    throw new PiiError('INVALID_ARGUMENT', 'subjectId must be 1-200 characters of A-Z a-z 0-9 _ . : / -.');
  return id;
}

function rowsToEntries(rows: ReadonlyArray<{ entry: unknown }>): PurposeConsentEntry[] {
  return rows.map((r) => {
    try {
      return parsePurposeConsentEntry(JSON.parse(String(r.entry)));
    } catch (cause) {
      throw new PiiError(
        'STORE_CORRUPT',
        'A purpose-consent row no longer parses; restore the table from a backup.',
        {
          cause,
        },
      );
    }
  });
}

/**
 * The purpose-consent ledger's store in PostgreSQL, shared by every service instance.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a store for `createPurposeConsentLedger` of courier-pii/consent
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods INVALID_ARGUMENT for a malformed entry, STORE_UNAVAILABLE when the database fails, STORE_CORRUPT for an unreadable row
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresPurposeConsentStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const store = postgresPurposeConsentStore({ pool });
 * await store.append({ subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: Date.now(), noticeVersion: 'v3' });
 * console.log((await store.history('cust-1')).length > 0); // true
 * await pool.end();
 * ```
 */
export function postgresPurposeConsentStore(options: PostgresStoreOptions): PurposeConsentStore {
  const { pool, s } = checkPool(options, 'postgresPurposeConsentStore');
  return {
    async append(entry) {
      const e = parsePurposeConsentEntry(entry);
      await pgQuery(
        pool,
        'Recording a purpose consent',
        `INSERT INTO ${s}.cpii_purpose_consents (subject_id, entry) VALUES ($1, $2)`,
        [e.subjectId, JSON.stringify(e)],
      );
    },
    async history(subjectId) {
      const r = await pgQuery(
        pool,
        'Reading purpose consents',
        `SELECT entry FROM ${s}.cpii_purpose_consents WHERE subject_id = $1 ORDER BY seq`,
        [checkSubject(subjectId)],
      );
      return rowsToEntries(r.rows as Array<{ entry: unknown }>);
    },
    async close() {},
  };
}

/**
 * The purpose-consent ledger's store in SQLite (processes on one machine may share the file).
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a store; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods INVALID_ARGUMENT, STORE_UNAVAILABLE, STORE_CORRUPT, BACKEND_UNAVAILABLE
 * @example
 * ```ts
 * import { sqlitePurposeConsentStore } from 'courier-pii/stores';
 * const store = sqlitePurposeConsentStore({ path: ':memory:' });
 * await store.append({ subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: 0, noticeVersion: 'v3' });
 * console.log((await store.history('cust-1')).length); // 1
 * await store.close();
 * ```
 */
export function sqlitePurposeConsentStore(options: SqliteStoreOptions): PurposeConsentStore {
  const conn = sqliteConnection(options, 'sqlitePurposeConsentStore');
  return {
    async append(entry) {
      const e = parsePurposeConsentEntry(entry);
      await conn.write((db) =>
        prep(db, 'INSERT INTO cpii_purpose_consents (subject_id, entry) VALUES (?, ?)').run(
          e.subjectId,
          JSON.stringify(e),
        ),
      );
    },
    async history(subjectId) {
      checkSubject(subjectId);
      const rows = await sqliteRead(conn, 'Reading purpose consents', (db) =>
        prep(db, 'SELECT entry FROM cpii_purpose_consents WHERE subject_id = ? ORDER BY seq').all(subjectId),
      );
      return rowsToEntries(rows as Array<{ entry: unknown }>);
    },
    close: () => conn.close(),
  };
}
