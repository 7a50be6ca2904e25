// The customer's grant index in PostgreSQL and SQLite (table cpii_consent_grants, migration 4):
// one row per grant, the checked entry as JSON, looked up by subject. Rows are parsed again on
// read: one that no longer parses is reported (STORE_CORRUPT), never trusted.
import { type GrantIndexEntry, type GrantIndexStore, parseGrantIndexEntry } from '../consent/index.js';
import { PiiError } from '../errors.js';
import { type JsonRows, pgJsonRows, sqliteJsonRows } from './json-rows.js';
import type { PostgresStoreOptions } from './postgres-key-store.js';
import type { SqliteStoreOptions } from './sqlite-connection.js';

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}
function checkSubject(s: unknown): string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 200)
    throw bad('subjectId must be a string of 1-200 characters.');
  return s;
}
function checkToken(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_.:/-]{1,200}$/.test(id))
    throw bad('tokenId must be 1-200 characters of A-Z a-z 0-9 _ . : / -.');
  return id;
}
const byGranted = (a: GrantIndexEntry, b: GrantIndexEntry): number =>
  a.grantedAt - b.grantedAt || (a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0);

/** The grant index over either database. */
function grantIndexOver(db: JsonRows): GrantIndexStore {
  return {
    async add(entry) {
      const e = parseGrantIndexEntry(entry);
      await db.write(
        'Indexing a consent grant',
        'INSERT INTO {table} (token_id, subject_id, expires_at, grant_json) VALUES (?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING',
        [e.tokenId, e.subjectId, e.expiresAt, JSON.stringify(e)],
      );
    },
    async list(subjectId) {
      const rows = await db.read(
        'Listing consent grants',
        'SELECT grant_json AS json FROM {table} WHERE subject_id = ?',
        [checkSubject(subjectId)],
        parseGrantIndexEntry,
      );
      return rows.sort(byGranted);
    },
    async get(tokenId) {
      const rows = await db.read(
        'Reading a consent grant',
        'SELECT grant_json AS json FROM {table} WHERE token_id = ?',
        [checkToken(tokenId)],
        parseGrantIndexEntry,
      );
      return rows[0];
    },
    close: () => db.close(),
  };
}

/**
 * The customer's grant index in PostgreSQL, shared by every service instance.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a grant index for `grant({ grantIndex })` and `listGrants` of courier-pii/consent
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods INVALID_ARGUMENT, STORE_UNAVAILABLE, STORE_CORRUPT
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresGrantIndex } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const index = postgresGrantIndex({ pool });
 * console.log(Array.isArray(await index.list('r-1'))); // true
 * await pool.end();
 * ```
 */
export function postgresGrantIndex(options: PostgresStoreOptions): GrantIndexStore {
  return grantIndexOver(pgJsonRows(options, 'postgresGrantIndex', 'cpii_consent_grants', 'grant-index'));
}

/**
 * The customer's grant index in SQLite.
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a grant index; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods INVALID_ARGUMENT, STORE_UNAVAILABLE, STORE_CORRUPT, BACKEND_UNAVAILABLE
 * @example
 * ```ts
 * import { sqliteGrantIndex } from 'courier-pii/stores';
 * const index = sqliteGrantIndex({ path: ':memory:' });
 * console.log((await index.list('r-1')).length); // 0
 * await index.close();
 * ```
 */
export function sqliteGrantIndex(options: SqliteStoreOptions): GrantIndexStore {
  return grantIndexOver(sqliteJsonRows(options, 'sqliteGrantIndex', 'cpii_consent_grants', 'grant-index'));
}
