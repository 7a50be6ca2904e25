// The database drivers, seen structurally. Users hand us their own `pg.Pool` or better-sqlite3
// `Database`, so this package never imports a driver's types; a driver is loaded (dynamic
// import) only when a store is given a path instead of a connection.
import { PiiError } from '../errors.js';

/** The result of a query, as `pg` returns it. */
export interface PgQueryResult {
  /** Rows, one object per row. */
  rows: Array<Record<string, unknown>>;
  /** Rows inserted, updated or deleted. */
  rowCount: number | null;
}

/** A checked-out `pg` client (`pg.PoolClient`). */
export interface PgClientLike {
  /** Runs a parameterized query. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Returns the client to the pool; pass an error to discard a broken connection. */
  release(err?: Error | boolean): void;
  /**
   * Adds an event listener (`pg.PoolClient` is an EventEmitter). The stores listen for `'error'`
   * for as long as they hold a client: a connection lost while held then fails the call in
   * flight instead of crashing the process with an unhandled `'error'` event.
   */
  on?(event: 'error', listener: (err: Error) => void): unknown;
  /** Removes a listener added with `on`. */
  removeListener?(event: 'error', listener: (err: Error) => void): unknown;
}

/** A `pg.Pool`, or anything with the same `query` and `connect`. */
export interface PgPoolLike {
  /** Runs a parameterized query on any pooled connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Checks out a client for a transaction. */
  connect(): Promise<PgClientLike>;
}

/** A prepared statement of better-sqlite3. */
export interface SqliteStatementLike {
  /** Executes; returns how many rows changed. */
  run(...params: unknown[]): { changes: number };
  /** The first row, or undefined. */
  get(...params: unknown[]): unknown;
  /** Every row. */
  all(...params: unknown[]): unknown[];
}

/** A better-sqlite3 `Database`, or anything with the same synchronous surface. */
export interface SqliteDatabaseLike {
  /** Compiles a statement. */
  prepare(sql: string): SqliteStatementLike;
  /** Runs one or more statements without parameters. */
  exec(sql: string): unknown;
  /** Closes the connection. */
  close(): unknown;
  /** Whether a transaction is open on this connection. */
  readonly inTransaction: boolean;
}

/** Opens a better-sqlite3 database, loading the optional peer dependency now. @internal */
export async function loadSqlite(path: string): Promise<SqliteDatabaseLike> {
  let mod: unknown;
  try {
    mod = await import('better-sqlite3');
  } catch (cause) {
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'SQLite stores need the optional peer dependency better-sqlite3 12.x: run `npm install better-sqlite3@12`.',
      { cause },
    );
  }
  const Database = ((mod as { default?: unknown }).default ?? mod) as new (p: string) => SqliteDatabaseLike;
  try {
    return new Database(path);
  } catch (cause) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'Cannot open the SQLite database file; check its path and permissions.',
      { cause, details: { maybeApplied: false } },
    );
  }
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a PostgreSQL schema name; returns it double-quoted. @internal */
export function quoteSchema(schema: string | undefined): string {
  const s = schema ?? 'public';
  if (typeof s !== 'string' || !IDENT.test(s)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'schema must be 1-63 characters of a-z, 0-9 and _, not starting with a digit.',
    );
  }
  return `"${s}"`;
}

// Errors that mean the connection was never made, so nothing was sent to the server.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATEs a server answers a connection attempt with: no session, so no statement ran.
const CONNECT_ONLY = new Set(['57P03', '53300', '28000', '28P01', '3D000', '08004']);
const NOT_CONNECTED_MESSAGES = [
  'timeout exceeded when trying to connect', // pg-pool: no client within connectionTimeoutMillis
  'Connection terminated due to connection timeout', // pg: the startup did not finish in time
];

/** Whether `e` is an error the PostgreSQL server sent (it has an SQLSTATE): the statement failed there. @internal */
export function isServerError(e: unknown): boolean {
  const c = e as { code?: unknown; severity?: unknown } | null;
  return typeof c?.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code) && typeof c.severity === 'string';
}

/**
 * Whether a failed write may still have been applied by the server. False when the server
 * answered with an error (the statement failed and was rolled back) or when no connection was
 * made; true for a connection lost or a client-side timeout after the statement was sent (the
 * server may run and commit it without being able to say so). @internal
 */
export function mayHaveApplied(e: unknown): boolean {
  if (e instanceof PiiError) return e.details?.maybeApplied === true;
  if (isServerError(e)) {
    // An ERROR answers the statement: it failed. A FATAL or PANIC ends the session and can come
    // at any moment (a shutdown, the postmaster gone), so it does not say what happened to the
    // statement; only the codes a server sends before a session exists mean nothing ran.
    const { code, severity } = e as { code: string; severity: string };
    return (severity === 'FATAL' || severity === 'PANIC') && !CONNECT_ONLY.has(code);
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NOT_CONNECTED.has(code)) return false;
  const message = (e as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && NOT_CONNECTED_MESSAGES.some((m) => message.includes(m))) return false;
  return true;
}

/**
 * Wraps a driver failure in STORE_UNAVAILABLE (its cause kept), passing PiiErrors through.
 * `details.maybeApplied` says whether the write may have happened (docs/operations.md, "When
 * the database restarts"). @internal
 */
export function storeError(what: string, cause: unknown, maybeApplied = false): PiiError {
  if (cause instanceof PiiError) return cause;
  const code = (cause as { code?: unknown })?.code;
  if (code === '42P01') {
    return new PiiError(
      'STORE_UNAVAILABLE',
      `${what} failed: the courier-pii tables are missing; run migratePostgres(pool) (or apply postgresSchemaSql()) first.`,
      { cause, details: { maybeApplied: false } },
    );
  }
  return new PiiError(
    'STORE_UNAVAILABLE',
    maybeApplied
      ? `${what} failed: the database connection was lost or timed out after the write was sent, so it may have been applied. Retry only with the operation's idempotency key (or re-read first); see docs/operations.md, "What to retry".`
      : `${what} failed: the database is unreachable or refused the statement, and nothing was written. Retry once it is reachable.`,
    { cause, details: { maybeApplied } },
  );
}

/**
 * Runs `fn` in one transaction on a checked-out client. The client carries an `'error'`
 * listener while held (pg-pool leaves that to whoever holds it): a connection that dies here
 * fails this call with STORE_UNAVAILABLE and is discarded, never crashing the process; the
 * pool opens a new connection for the next call. @internal
 */
export async function pgTransaction<T>(
  pool: PgPoolLike,
  what: string,
  fn: (c: PgClientLike) => Promise<T>,
): Promise<T> {
  let c: PgClientLike;
  try {
    c = await pool.connect();
  } catch (cause) {
    throw storeError(what, cause, false);
  }
  let lost: Error | undefined;
  const onError = (err: Error): void => {
    lost ??= err;
  };
  c.on?.('error', onError);
  let committing = false;
  let discard: Error | boolean = false;
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    committing = true;
    await c.query('COMMIT');
    return out;
  } catch (e) {
    const severity = (e as { severity?: unknown } | null)?.severity;
    const sessionOver = !isServerError(e) || severity === 'FATAL' || severity === 'PANIC';
    if (lost || (!(e instanceof PiiError) && sessionOver)) {
      // The connection is gone or stuck (a client-side timeout leaves the statement running):
      // drop it without a ROLLBACK, which would wait out another timeout. The server rolls back
      // an open transaction when its connection closes.
      discard = lost ?? (e instanceof Error ? e : true);
    } else {
      try {
        await c.query('ROLLBACK');
      } catch {
        discard = true;
      }
    }
    // Only a COMMIT that was sent and not answered can have taken effect.
    throw storeError(what, e, committing && mayHaveApplied(e));
  } finally {
    c.removeListener?.('error', onError);
    c.release(discard);
  }
}

/**
 * Runs one query, mapping failures. A plain `SELECT` changes nothing, so its failures report
 * `maybeApplied: false`; any other statement reports whether it may have been applied. @internal
 */
export async function pgQuery(
  pool: PgPoolLike | PgClientLike,
  what: string,
  text: string,
  values?: unknown[],
): Promise<PgQueryResult> {
  try {
    return await pool.query(text, values);
  } catch (cause) {
    throw storeError(what, cause, !/^\s*SELECT\b/i.test(text) && mayHaveApplied(cause));
  }
}

/** A promise queue: runs async sections one at a time within the process. @internal */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
