// The purpose-consent ledger in PostgreSQL and SQLite: one row per entry, ordered by a sequence
// column, the entry kept as its checked JSON. Rows are parsed again on read: a row that no
// longer parses is reported (STORE_CORRUPT), never trusted.
import { parsePurposeConsentEntry, type PurposeConsentStore } from '../consent/index.js';
import { PiiError } from '../errors.js';
import { type JsonRows, pgJsonRows, sqliteJsonRows } from './json-rows.js';
import type { PostgresStoreOptions } from './postgres-key-store.js';
import type { SqliteStoreOptions } from './sqlite-connection.js';

const SUBJECT = /^[A-Za-z0-9_.:/-]{1,200}$/;

function checkSubject(id: unknown): string {
  if (typeof id !== 'string' || !SUBJECT.test(id))
    throw new PiiError('INVALID_ARGUMENT', 'subjectId must be 1-200 characters of A-Z a-z 0-9 _ . : / -.');
  return id;
}

/** The ledger's store over either database. */
function purposeConsentsOver(db: JsonRows): PurposeConsentStore {
  return {
    async append(entry) {
      const e = parsePurposeConsentEntry(entry);
      await db.write('Recording a purpose consent', 'INSERT INTO {table} (subject_id, entry) VALUES (?, ?)', [
        e.subjectId,
        JSON.stringify(e),
      ]);
    },
    async history(subjectId) {
      return db.read(
        'Reading purpose consents',
        'SELECT entry AS json FROM {table} WHERE subject_id = ? ORDER BY seq',
        [checkSubject(subjectId)],
        parsePurposeConsentEntry,
      );
    },
    close: () => db.close(),
  };
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
  return purposeConsentsOver(
    pgJsonRows(options, 'postgresPurposeConsentStore', 'cpii_purpose_consents', 'purpose-consent'),
  );
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
  return purposeConsentsOver(
    sqliteJsonRows(options, 'sqlitePurposeConsentStore', 'cpii_purpose_consents', 'purpose-consent'),
  );
}
