// The customer's grant index in PostgreSQL and SQLite (table cpii_consent_grants, migration 4):
// one row per grant, the checked entry as JSON, looked up by subject. Rows are parsed again on
// read: one that no longer parses is reported (STORE_CORRUPT), never trusted.
import { type GrantIndexEntry, type GrantIndexStore, parseGrantIndexEntry } from '../consent/index.js';
import { PiiError } from '../errors.js';
import { pgQuery } from './drivers.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

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
function parseRow(r: { grant_json: unknown }): GrantIndexEntry {
  try {
    return parseGrantIndexEntry(JSON.parse(String(r.grant_json)));
  } catch (cause) {
    throw new PiiError(
      'STORE_CORRUPT',
      'A grant-index row no longer parses; restore the table from a backup.',
      { cause },
    );
  }
}
const byGranted = (a: GrantIndexEntry, b: GrantIndexEntry): number =>
  a.grantedAt - b.grantedAt || (a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0);

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
  const { pool, s } = checkPool(options, 'postgresGrantIndex');
  return {
    async add(entry) {
      const e = parseGrantIndexEntry(entry);
      await pgQuery(
        pool,
        'Indexing a consent grant',
        `INSERT INTO ${s}.cpii_consent_grants (token_id, subject_id, expires_at, grant_json) VALUES ($1, $2, $3, $4) ON CONFLICT (token_id) DO NOTHING`,
        [e.tokenId, e.subjectId, e.expiresAt, JSON.stringify(e)],
      );
    },
    async list(subjectId) {
      const r = await pgQuery(
        pool,
        'Listing consent grants',
        `SELECT grant_json FROM ${s}.cpii_consent_grants WHERE subject_id = $1`,
        [checkSubject(subjectId)],
      );
      return (r.rows as Array<{ grant_json: unknown }>).map(parseRow).sort(byGranted);
    },
    async get(tokenId) {
      const r = await pgQuery(
        pool,
        'Reading a consent grant',
        `SELECT grant_json FROM ${s}.cpii_consent_grants WHERE token_id = $1`,
        [checkToken(tokenId)],
      );
      const row = r.rows[0] as { grant_json: unknown } | undefined;
      return row === undefined ? undefined : parseRow(row);
    },
    async close() {},
  };
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
  const conn = sqliteConnection(options, 'sqliteGrantIndex');
  return {
    async add(entry) {
      const e = parseGrantIndexEntry(entry);
      await conn.write((db) =>
        prep(
          db,
          'INSERT INTO cpii_consent_grants (token_id, subject_id, expires_at, grant_json) VALUES (?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING',
        ).run(e.tokenId, e.subjectId, e.expiresAt, JSON.stringify(e)),
      );
    },
    async list(subjectId) {
      checkSubject(subjectId);
      const rows = await sqliteRead(conn, 'Listing consent grants', (db) =>
        prep(db, 'SELECT grant_json FROM cpii_consent_grants WHERE subject_id = ?').all(subjectId),
      );
      return (rows as Array<{ grant_json: unknown }>).map(parseRow).sort(byGranted);
    },
    async get(tokenId) {
      checkToken(tokenId);
      const row = await sqliteRead(conn, 'Reading a consent grant', (db) =>
        prep(db, 'SELECT grant_json FROM cpii_consent_grants WHERE token_id = ?').get(tokenId),
      );
      return row === undefined ? undefined : parseRow(row as { grant_json: unknown });
    },
    close: () => conn.close(),
  };
}
