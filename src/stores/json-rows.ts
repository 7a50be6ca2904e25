// One table of checked JSON rows, in PostgreSQL or SQLite: what the grant index and the
// purpose-consent ledger keep (each row the entry's JSON beside the columns it is found by). A
// store is written once over `JsonRows` and given either database. Rows are parsed again on read:
// one that no longer parses is reported (STORE_CORRUPT), never trusted.
import { PiiError } from '../errors.js';
import { pgQuery } from './drivers.js';
import type { StoreName } from './option-names.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

/**
 * Statements over one table. SQL is written once, with `{table}` for the table (schema-qualified
 * in PostgreSQL) and `?` for each parameter (`$1`, `$2`... in PostgreSQL). A SELECT names the
 * JSON column `json`.
 */
export interface JsonRows {
  /** Runs an INSERT (or another write); `action` names it in a STORE_UNAVAILABLE message. */
  write(action: string, sql: string, params: unknown[]): Promise<void>;
  /** The `json` column of every row the SELECT finds, each parsed again by `parse`. */
  read<T>(action: string, sql: string, params: unknown[], parse: (value: unknown) => T): Promise<T[]>;
  close(): Promise<void>;
}

/** Parses a stored row again; `what` names the row in the STORE_CORRUPT message. */
function reparse<T>(what: string, parse: (value: unknown) => T): (row: { json: unknown }) => T {
  return (row) => {
    try {
      return parse(JSON.parse(String(row.json)));
    } catch (cause) {
      throw new PiiError(
        'STORE_CORRUPT',
        `A ${what} row no longer parses; restore the table from a backup.`,
        {
          cause,
        },
      );
    }
  };
}

/** The table `table` through a pg.Pool; `close()` does not end the pool. */
export function pgJsonRows(
  options: PostgresStoreOptions,
  store: StoreName,
  table: string,
  rowName: string,
): JsonRows {
  const { pool, s } = checkPool(options, store);
  const sqlOf = (sql: string): string => {
    let n = 0;
    return sql.replace('{table}', `${s}.${table}`).replace(/\?/g, () => `$${++n}`);
  };
  return {
    async write(action, sql, params) {
      await pgQuery(pool, action, sqlOf(sql), params);
    },
    async read(action, sql, params, parse) {
      const r = await pgQuery(pool, action, sqlOf(sql), params);
      return (r.rows as Array<{ json: unknown }>).map(reparse(rowName, parse));
    },
    async close() {},
  };
}

/** The table `table` in an SQLite file or database; `close()` closes a connection it opened. */
export function sqliteJsonRows(
  options: SqliteStoreOptions,
  store: StoreName,
  table: string,
  rowName: string,
): JsonRows {
  const conn = sqliteConnection(options, store);
  const sqlOf = (sql: string): string => sql.replace('{table}', table);
  return {
    async write(_action, sql, params) {
      await conn.write((db) => prep(db, sqlOf(sql)).run(...params));
    },
    async read(action, sql, params, parse) {
      const rows = await sqliteRead(conn, action, (db) => prep(db, sqlOf(sql)).all(...params));
      return (rows as Array<{ json: unknown }>).map(reparse(rowName, parse));
    },
    close: () => conn.close(),
  };
}
