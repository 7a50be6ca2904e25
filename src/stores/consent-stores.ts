// Consent revocations and use counters in PostgreSQL and SQLite. A use is counted by one
// statement, INSERT ... ON CONFLICT DO UPDATE ... WHERE used < max RETURNING used, which the
// database runs atomically per row: N processes redeeming a maxUses: 1 token, exactly one wins.
import type { ClosableRevocationStore, ClosableUseCounterStore, UseCount } from '../consent/index.js';
import { PiiError } from '../errors.js';
import { type PgQueryResult, pgQuery, pgTransaction } from './drivers.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import type { SqliteDatabaseLike } from './drivers.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;

function checkKey(name: string, id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id))
    throw new PiiError('INVALID_ARGUMENT', `${name} must be 1-200 characters of A-Z a-z 0-9 _ . : / -.`);
  return id;
}

/** The limit as a SQL parameter: null for unlimited. */
function checkMax(max: unknown): number | null {
  if (
    typeof max !== 'number' ||
    !(max >= 1) ||
    (max !== Number.POSITIVE_INFINITY && !Number.isSafeInteger(max))
  ) {
    throw new PiiError('INVALID_ARGUMENT', 'max must be a positive integer or Infinity.');
  }
  return max === Number.POSITIVE_INFINITY ? null : max;
}

/**
 * A consent revocation store in PostgreSQL, shared by every service instance.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a revocation store for `verify`, `redeem` and `revoke` of courier-pii/consent
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods INVALID_ARGUMENT for a malformed id, STORE_UNAVAILABLE when the database fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresRevocationStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const revocations = postgresRevocationStore({ pool });
 * await revocations.revoke('example-block-id');
 * console.log(await revocations.isRevoked(['example-block-id'])); // true
 * await pool.end();
 * ```
 */
export function postgresRevocationStore(options: PostgresStoreOptions): ClosableRevocationStore {
  const { pool, s } = checkPool(options, 'postgresRevocationStore');
  return {
    async revoke(id) {
      await pgQuery(
        pool,
        'Revoking a consent token',
        `INSERT INTO ${s}.cpii_revocations (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`,
        [checkKey('id', id)],
      );
    },
    async isRevoked(ids) {
      if (ids.length === 0) return false;
      const r = await pgQuery(
        pool,
        'Checking revocations',
        `SELECT 1 FROM ${s}.cpii_revocations WHERE id = ANY($1::text[]) LIMIT 1`,
        [[...ids]],
      );
      return r.rows.length > 0;
    },
    async close() {},
  };
}

/**
 * A consent use counter in PostgreSQL: `consume` is one atomic statement, so concurrent
 * redemptions from any number of processes never exceed `max`.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a use counter for `redeem` of courier-pii/consent
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods INVALID_ARGUMENT for a bad key or max, STORE_UNAVAILABLE when the database fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresUseCounter } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const uses = postgresUseCounter({ pool });
 * const key = `example-${Date.now()}`;
 * console.log((await uses.consume(key, 1)).ok, (await uses.consume(key, 1)).ok); // true false
 * await pool.end();
 * ```
 */
export function postgresUseCounter(options: PostgresStoreOptions): ClosableUseCounterStore {
  const { pool, s } = checkPool(options, 'postgresUseCounter');
  const t = `${s}.cpii_use_counts`;
  const R = `${s}.cpii_redemptions`;
  // `query` is pgQuery over the pool (errors mapped there) or a transaction's raw client query
  // (pgTransaction maps its errors and needs them raw to tell a lost connection apart).
  const count = async (
    query: (text: string, values: unknown[]) => Promise<PgQueryResult>,
    key: string,
    limit: number | null,
  ): Promise<UseCount> => {
    const r = await query(
      `INSERT INTO ${t} AS u (key, used) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET used = u.used + 1 WHERE $2::bigint IS NULL OR u.used < $2::bigint RETURNING used`,
      [key, limit],
    );
    if (r.rows[0]) return { ok: true, used: Number(r.rows[0].used) };
    const cur = await query(`SELECT used FROM ${t} WHERE key = $1`, [key]);
    return { ok: false, used: Number(cur.rows[0]?.used ?? 0) };
  };
  return {
    async consume(key, max): Promise<UseCount> {
      checkKey('key', key);
      return count(
        (text, values) => pgQuery(pool, 'Counting a consent use', text, values),
        key,
        checkMax(max),
      );
    },
    async consumeOnce(key, max, redemptionId): Promise<UseCount> {
      checkKey('key', key);
      const limit = checkMax(max);
      checkKey('redemptionId', redemptionId);
      return pgTransaction(pool, 'Counting a consent use', async (c) => {
        // Claim the redemption id first: a concurrent attempt with the same id (a retry sent
        // while the first is still running) waits here on the primary key until this commits.
        const claimed = await c.query(
          `INSERT INTO ${R} (key, redemption_id, use_number) VALUES ($1, $2, 0) ON CONFLICT (key, redemption_id) DO NOTHING RETURNING 1`,
          [key, redemptionId],
        );
        if (claimed.rows.length === 0) {
          const seen = await c.query(`SELECT use_number FROM ${R} WHERE key = $1 AND redemption_id = $2`, [
            key,
            redemptionId,
          ]);
          return { ok: true, used: Number(seen.rows[0]!.use_number), replayed: true };
        }
        const r = await count((text, values) => c.query(text, values), key, limit);
        if (r.ok) {
          await c.query(`UPDATE ${R} SET use_number = $3 WHERE key = $1 AND redemption_id = $2`, [
            key,
            redemptionId,
            r.used,
          ]);
        } else {
          // Exhausted is a definite answer: keep no claim, a retry asks again.
          await c.query(`DELETE FROM ${R} WHERE key = $1 AND redemption_id = $2`, [key, redemptionId]);
        }
        return { ...r, replayed: false };
      });
    },
    async used(key) {
      const r = await pgQuery(pool, 'Reading a consent use count', `SELECT used FROM ${t} WHERE key = $1`, [
        checkKey('key', key),
      ]);
      return Number(r.rows[0]?.used ?? 0);
    },
    async close() {},
  };
}

/**
 * A consent revocation store in SQLite (processes on one machine may share the file).
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a revocation store; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods STORE_UNAVAILABLE, BACKEND_UNAVAILABLE
 * @example
 * ```ts
 * import { sqliteRevocationStore } from 'courier-pii/stores';
 * const revocations = sqliteRevocationStore({ path: ':memory:' });
 * await revocations.revoke('example-block-id');
 * console.log(await revocations.isRevoked(['example-block-id'])); // true
 * await revocations.close();
 * ```
 */
export function sqliteRevocationStore(options: SqliteStoreOptions): ClosableRevocationStore {
  const conn = sqliteConnection(options, 'sqliteRevocationStore');
  return {
    async revoke(id) {
      checkKey('id', id);
      await conn.write((db) =>
        prep(
          db,
          'INSERT INTO cpii_revocations (id, revoked_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
        ).run(id, Date.now()),
      );
    },
    async isRevoked(ids) {
      if (ids.length === 0) return false;
      return sqliteRead(conn, 'Checking revocations', (db) => {
        const q = prep(db, 'SELECT 1 FROM cpii_revocations WHERE id = ?');
        return ids.some((id) => q.get(id) !== undefined);
      });
    },
    close: () => conn.close(),
  };
}

/**
 * A consent use counter in SQLite; `consume` is one atomic statement under the database write lock.
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a use counter; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods INVALID_ARGUMENT, STORE_UNAVAILABLE, BACKEND_UNAVAILABLE
 * @example
 * ```ts
 * import { sqliteUseCounter } from 'courier-pii/stores';
 * const uses = sqliteUseCounter({ path: ':memory:' });
 * console.log((await uses.consume('t1', 1)).ok, (await uses.consume('t1', 1)).ok); // true false
 * await uses.close();
 * ```
 */
export function sqliteUseCounter(options: SqliteStoreOptions): ClosableUseCounterStore {
  const conn = sqliteConnection(options, 'sqliteUseCounter');
  const count = (db: SqliteDatabaseLike, key: string, limit: number | null): UseCount => {
    const r = prep(
      db,
      'INSERT INTO cpii_use_counts AS u (key, used) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET used = u.used + 1 WHERE ? IS NULL OR u.used < ? RETURNING used',
    ).get(key, limit, limit) as { used: number } | undefined;
    if (r) return { ok: true, used: Number(r.used) };
    const cur = prep(db, 'SELECT used FROM cpii_use_counts WHERE key = ?').get(key) as
      | { used: number }
      | undefined;
    return { ok: false, used: Number(cur?.used ?? 0) };
  };
  return {
    async consume(key, max) {
      checkKey('key', key);
      const limit = checkMax(max);
      return conn.write((db) => count(db, key, limit));
    },
    async consumeOnce(key, max, redemptionId) {
      checkKey('key', key);
      const limit = checkMax(max);
      checkKey('redemptionId', redemptionId);
      // One write transaction (the database write lock): the id and its use are stored together.
      return conn.write((db): UseCount => {
        const seen = prep(
          db,
          'SELECT use_number FROM cpii_redemptions WHERE key = ? AND redemption_id = ?',
        ).get(key, redemptionId) as { use_number: number } | undefined;
        if (seen) return { ok: true, used: Number(seen.use_number), replayed: true };
        const r = count(db, key, limit);
        if (r.ok) {
          prep(db, 'INSERT INTO cpii_redemptions (key, redemption_id, use_number) VALUES (?, ?, ?)').run(
            key,
            redemptionId,
            r.used,
          );
        }
        return { ...r, replayed: false };
      });
    },
    async used(key) {
      checkKey('key', key);
      return sqliteRead(conn, 'Reading a consent use count', (db) =>
        Number(
          (
            prep(db, 'SELECT used FROM cpii_use_counts WHERE key = ?').get(key) as
              | { used: number }
              | undefined
          )?.used ?? 0,
        ),
      );
    },
    close: () => conn.close(),
  };
}
