// Rights requests in PostgreSQL and SQLite (table cpii_rights_requests, migration 5): one row per
// request, its checked record as JSON beside the columns the listings need (subject, state, due
// date, revision). A transition is a compare-and-set on the revision, so of two staff answering
// one request only one write lands. Rows are parsed again on read: one that no longer parses is
// reported (STORE_CORRUPT), never trusted.
import { PiiError } from '../errors.js';
import {
  parseRightsRequest,
  type RightsRequest,
  type RightsRequestStore,
  type RightsStoreFilter,
} from '../rights/index.js';
import { pgQuery } from './drivers.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const OPEN = "state NOT IN ('answered', 'refused')";

function checkId(what: string, v: unknown): string {
  if (typeof v !== 'string' || !ID.test(v))
    throw new PiiError('INVALID_ARGUMENT', `${what} must be 1-200 characters of A-Z a-z 0-9 _ . : / -.`);
  return v;
}

function parseRow(r: { request_json: unknown }): RightsRequest {
  try {
    return parseRightsRequest(JSON.parse(String(r.request_json)));
  } catch (cause) {
    throw new PiiError(
      'STORE_CORRUPT',
      'A rights-request row no longer parses; restore the table from a backup.',
      {
        cause,
      },
    );
  }
}

/** The WHERE clause and parameters of a listing; `p(n)` renders the n-th placeholder. */
function where(
  filter: RightsStoreFilter | undefined,
  p: (n: number) => string,
): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (filter?.subjectId !== undefined) {
    args.push(checkId('subjectId', filter.subjectId));
    parts.push(`subject_id = ${p(args.length)}`);
  }
  if (filter?.openDueBefore !== undefined) {
    if (!Number.isSafeInteger(filter.openDueBefore) || filter.openDueBefore < 0)
      throw new PiiError('INVALID_ARGUMENT', 'openDueBefore must be a time in whole milliseconds.');
    args.push(filter.openDueBefore);
    parts.push(`${OPEN} AND due_at < ${p(args.length)}`);
  }
  return { sql: parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`, args };
}

const ORDER = ' ORDER BY received_at, id';

/**
 * Rights requests and complaints in PostgreSQL, shared by every service instance: a transition
 * is a compare-and-set on the request's revision, so of two staff answering one request exactly
 * one wins (the desk gives the other STORE_CONFLICT); the overdue listing uses an index on the
 * open requests' due dates.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a store for `createRightsDesk({ store })` of courier-pii/rights
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods INVALID_ARGUMENT for a
 *   malformed record or id, STORE_UNAVAILABLE when the database fails, STORE_CORRUPT for an
 *   unreadable row
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresRightsRequestStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const store = postgresRightsRequestStore({ pool });
 * console.log(Array.isArray(await store.list({ openDueBefore: Date.now() }))); // true
 * await pool.end();
 * ```
 */
export function postgresRightsRequestStore(options: PostgresStoreOptions): RightsRequestStore {
  const { pool, s } = checkPool(options, 'postgresRightsRequestStore');
  return {
    async put(request) {
      const r = parseRightsRequest(request);
      const json = JSON.stringify(r);
      const res =
        r.revision === 1
          ? await pgQuery(
              pool,
              'Filing a rights request',
              `INSERT INTO ${s}.cpii_rights_requests (id, subject_id, state, received_at, due_at, revision, request_json) VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (id) DO NOTHING`,
              [r.id, r.subjectId, r.state, r.receivedAt, r.dueAt, json],
            )
          : await pgQuery(
              pool,
              'Updating a rights request',
              `UPDATE ${s}.cpii_rights_requests SET state = $2, revision = $3, request_json = $4 WHERE id = $1 AND revision = $5`,
              [r.id, r.state, r.revision, json, r.revision - 1],
            );
      return (res.rowCount ?? 0) === 1;
    },
    async get(id) {
      const res = await pgQuery(
        pool,
        'Reading a rights request',
        `SELECT request_json FROM ${s}.cpii_rights_requests WHERE id = $1`,
        [checkId('request id', id)],
      );
      const row = res.rows[0] as { request_json: unknown } | undefined;
      return row === undefined ? undefined : parseRow(row);
    },
    async list(filter) {
      const w = where(filter, (n) => `$${n}`);
      const res = await pgQuery(
        pool,
        'Listing rights requests',
        `SELECT request_json FROM ${s}.cpii_rights_requests${w.sql}${ORDER}`,
        w.args,
      );
      return (res.rows as Array<{ request_json: unknown }>).map(parseRow);
    },
    async close() {},
  };
}

/**
 * Rights requests and complaints in SQLite (processes on one machine may share the file); a
 * transition is a compare-and-set on the revision, as in PostgreSQL.
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a store; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods INVALID_ARGUMENT,
 *   STORE_UNAVAILABLE, STORE_CORRUPT, BACKEND_UNAVAILABLE
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createRightsDesk } from 'courier-pii/rights';
 * import { sqliteRightsRequestStore } from 'courier-pii/stores';
 * const store = sqliteRightsRequestStore({ path: ':memory:' });
 * const desk = createRightsDesk({ audit: createAuditLog({ sink: memorySink() }), store });
 * await desk.file({ kind: 'access', subjectId: 'cust-1' });
 * console.log((await store.list({ subjectId: 'cust-1' })).length); // 1
 * await store.close?.();
 * ```
 */
export function sqliteRightsRequestStore(options: SqliteStoreOptions): RightsRequestStore {
  const conn = sqliteConnection(options, 'sqliteRightsRequestStore');
  return {
    async put(request) {
      const r = parseRightsRequest(request);
      const json = JSON.stringify(r);
      const res = await conn.write((db) =>
        r.revision === 1
          ? prep(
              db,
              'INSERT INTO cpii_rights_requests (id, subject_id, state, received_at, due_at, revision, request_json) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING',
            ).run(r.id, r.subjectId, r.state, r.receivedAt, r.dueAt, json)
          : prep(
              db,
              'UPDATE cpii_rights_requests SET state = ?, revision = ?, request_json = ? WHERE id = ? AND revision = ?',
            ).run(r.state, r.revision, json, r.id, r.revision - 1),
      );
      return res.changes === 1;
    },
    async get(id) {
      checkId('request id', id);
      const row = await sqliteRead(conn, 'Reading a rights request', (db) =>
        prep(db, 'SELECT request_json FROM cpii_rights_requests WHERE id = ?').get(id),
      );
      return row === undefined ? undefined : parseRow(row as { request_json: unknown });
    },
    async list(filter) {
      const w = where(filter, () => '?');
      const rows = await sqliteRead(conn, 'Listing rights requests', (db) =>
        prep(db, `SELECT request_json FROM cpii_rights_requests${w.sql}${ORDER}`).all(...w.args),
      );
      return (rows as Array<{ request_json: unknown }>).map(parseRow);
    },
    close: () => conn.close(),
  };
}
