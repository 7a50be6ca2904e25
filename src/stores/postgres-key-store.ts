// Subject DEKs in PostgreSQL. Every change is one statement: INSERT ... ON CONFLICT DO NOTHING
// for create, UPDATE ... WHERE revision = $expected for compare-and-set, so two service
// instances rewrapping or destroying the same DEK never both win (docs/operations.md).
import type { SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type PgPoolLike, pgQuery, quoteSchema } from './drivers.js';
import { byId, checkKeyRecord, keyColumns, keyFromRow } from './key-record.js';
import { checkOptions } from '../_internal/options.js';
import { STORE_OPTIONS, type StoreName } from './option-names.js';

/** Options shared by the PostgreSQL stores. */
export interface PostgresStoreOptions {
  /** The user's `pg.Pool` (the stores never end it). */
  pool: PgPoolLike;
  /** Schema that holds the tables (default `public`); see {@link migratePostgres}. */
  schema?: string;
}

/** @internal */
export function checkPool(
  o: PostgresStoreOptions | undefined,
  what: StoreName,
): { pool: PgPoolLike; s: string } {
  checkOptions(what, o, STORE_OPTIONS[what]);
  if (!o?.pool || typeof o.pool.query !== 'function' || typeof o.pool.connect !== 'function') {
    throw new PiiError('INVALID_ARGUMENT', `${what} needs { pool }: a pg.Pool.`);
  }
  return { pool: o.pool, s: quoteSchema(o.schema) };
}

const PAGE = 1000;

/**
 * A subject key store in PostgreSQL, shared safely by any number of service instances.
 * Run {@link migratePostgres} once before use.
 *
 * @param options - the pool and schema
 * @returns a {@link SubjectKeyStore}; `close()` does not end the pool
 * @throws PiiError INVALID_ARGUMENT for a missing pool or bad schema name; STORE_UNAVAILABLE (from its methods) when the database fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresKeyStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const keys = postgresKeyStore({ pool });
 * console.log(await keys.get('customer-that-does-not-exist')); // undefined
 * await pool.end();
 * ```
 */
export function postgresKeyStore(options: PostgresStoreOptions): SubjectKeyStore {
  const { pool, s } = checkPool(options, 'postgresKeyStore');
  const t = `${s}.cpii_subject_keys`;
  const cols = 'subject_id, state, kek_id, wrapped, created_at, destroyed_at, revision';
  const get = async (id: string) => {
    const r = await pgQuery(pool, 'Reading a subject key', `SELECT ${cols} FROM ${t} WHERE subject_id = $1`, [
      id,
    ]);
    return r.rows[0] ? keyFromRow(r.rows[0]) : undefined;
  };
  return {
    get,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const r = await pgQuery(
        pool,
        'Reading subject keys',
        `SELECT ${cols} FROM ${t} WHERE subject_id = ANY($1::text[])`,
        [[...ids]],
      );
      return byId(ids, r.rows);
    },
    async create(record) {
      checkKeyRecord(record);
      const r = await pgQuery(
        pool,
        'Creating a subject key',
        `INSERT INTO ${t} (${cols}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subject_id) DO NOTHING RETURNING ${cols}`,
        keyColumns(record),
      );
      if (r.rows[0]) return keyFromRow(r.rows[0]);
      // Another writer won; rows are never deleted, so it is there to read.
      const cur = await get(record.subjectId);
      if (!cur)
        throw new PiiError('STORE_CONFLICT', 'A subject key vanished while it was being created; retry.');
      return cur;
    },
    async compareAndSet(id, expected, next) {
      checkKeyRecord(next);
      if (next.subjectId !== id || next.revision !== expected + 1) return false;
      const [, state, kekId, wrapped, createdAt, destroyedAt, revision] = keyColumns(next);
      const r = await pgQuery(
        pool,
        'Updating a subject key',
        `UPDATE ${t} SET state = $3, kek_id = $4, wrapped = $5, created_at = $6, destroyed_at = $7, revision = $8 WHERE subject_id = $1 AND revision = $2`,
        [id, expected, state, kekId, wrapped, createdAt, destroyedAt, revision],
      );
      return r.rowCount === 1;
    },
    async *list() {
      // Keyset pagination: every row once, without holding a transaction open.
      let after = '';
      let first = true;
      for (;;) {
        const r = await pgQuery(
          pool,
          'Listing subject keys',
          first
            ? `SELECT ${cols} FROM ${t} ORDER BY subject_id LIMIT ${PAGE}`
            : `SELECT ${cols} FROM ${t} WHERE subject_id > $1 ORDER BY subject_id LIMIT ${PAGE}`,
          first ? [] : [after],
        );
        first = false;
        for (const row of r.rows) yield keyFromRow(row);
        if (r.rows.length < PAGE) return;
        after = String(r.rows[r.rows.length - 1]!.subject_id);
      }
    },
    async close() {},
  };
}
