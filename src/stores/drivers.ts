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
      { cause },
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

/** Wraps a driver failure in STORE_UNAVAILABLE (its cause kept), passing PiiErrors through. @internal */
export function storeError(what: string, cause: unknown): PiiError {
  if (cause instanceof PiiError) return cause;
  const code = (cause as { code?: unknown })?.code;
  if (code === '42P01') {
    return new PiiError(
      'STORE_UNAVAILABLE',
      `${what} failed: the courier-pii tables are missing; run migratePostgres(pool) (or apply postgresSchemaSql()) first.`,
      { cause },
    );
  }
  return new PiiError('STORE_UNAVAILABLE', `${what} failed; check the database connection and retry.`, {
    cause,
  });
}

/** Runs `fn` in one transaction on a checked-out client. @internal */
export async function pgTransaction<T>(
  pool: PgPoolLike,
  what: string,
  fn: (c: PgClientLike) => Promise<T>,
): Promise<T> {
  let c: PgClientLike;
  try {
    c = await pool.connect();
  } catch (cause) {
    throw storeError(what, cause);
  }
  let broken = false;
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    try {
      await c.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw storeError(what, e);
  } finally {
    c.release(broken);
  }
}

/** Runs one query, mapping failures. @internal */
export async function pgQuery(
  pool: PgPoolLike | PgClientLike,
  what: string,
  text: string,
  values?: unknown[],
): Promise<PgQueryResult> {
  try {
    return await pool.query(text, values);
  } catch (cause) {
    throw storeError(what, cause);
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
