// One SQLite connection per store: opened lazily (loading better-sqlite3 only then), put in WAL
// mode with synchronous=FULL (a resolved write survives power loss, docs/operations.md), a busy
// timeout so several processes queue for the write lock, and secure_delete so destroyed key
// bytes are overwritten in the file.
import { ensurePrivateFile, fsReason } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { loadSqlite, type SqliteDatabaseLike, type SqliteStatementLike } from './drivers.js';
import { migrateSqlite } from './migrations.js';
import { checkOptions } from '../_internal/options.js';
import { STORE_OPTIONS, type StoreName } from './option-names.js';

/** Where an SQLite store keeps its data: a file path, or a better-sqlite3 `Database` you opened. */
export interface SqliteStoreOptions {
  /** Database file (created when missing); the store opens and closes its own connection. */
  path?: string;
  /** An open better-sqlite3 `Database`; the store configures it but never closes it. */
  database?: SqliteDatabaseLike;
  /** Milliseconds to wait for another process's write lock (default 10,000). */
  busyTimeoutMs?: number;
}

/** @internal */
export interface SqliteConnection {
  db(): Promise<SqliteDatabaseLike>;
  /** The open connection, once open (saves an await on the hot path). */
  current(): SqliteDatabaseLike | undefined;
  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE: takes the database write lock first). */
  write<T>(fn: (db: SqliteDatabaseLike) => T): Promise<T>;
  close(): Promise<void>;
}

/** @internal */
export function sqliteConnection(options: SqliteStoreOptions, what: StoreName): SqliteConnection {
  checkOptions(what, options, STORE_OPTIONS[what]);
  if (
    !options ||
    (typeof options.path !== 'string' && !options.database) ||
    (options.path && options.database)
  ) {
    throw new PiiError('INVALID_ARGUMENT', `${what} needs exactly one of { path } or { database }.`);
  }
  const busy = options.busyTimeoutMs ?? 10_000;
  let opening: Promise<SqliteDatabaseLike> | undefined;
  let closed = false;
  let current: SqliteDatabaseLike | undefined;
  const configure = (db: SqliteDatabaseLike): void => {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busy))}`);
    if (options.path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA secure_delete = ON');
  };
  const open = async (): Promise<SqliteDatabaseLike> => {
    const file = options.path;
    if (file !== undefined && file !== ':memory:' && file !== '' && !file.startsWith('file:')) {
      // A database the store creates holds keys, audit entries or consent state: create it 0600
      // (SQLite gives its -wal and -shm files the database file's mode).
      try {
        ensurePrivateFile(file);
      } catch (cause) {
        throw new PiiError('STORE_UNAVAILABLE', `${what}: cannot create ${file}: ${fsReason(cause)}.`, {
          cause,
        });
      }
    }
    const db = options.database ?? (await loadSqlite(options.path!));
    // Several processes opening a fresh file at once race to switch it to WAL; SQLite answers
    // SQLITE_BUSY at once there (its busy handler is not used for that lock upgrade), so retry
    // within the same busy timeout before giving up.
    const deadline = Date.now() + Math.max(0, busy);
    for (;;) {
      try {
        configure(db);
        break;
      } catch (cause) {
        if ((cause as { code?: string })?.code === 'SQLITE_BUSY' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20)));
          continue;
        }
        throw new PiiError('STORE_UNAVAILABLE', `${what}: configuring the SQLite connection failed.`, {
          cause,
          details: { maybeApplied: false },
        });
      }
    }
    migrateSqlite(db);
    current = db;
    return db;
  };
  const db = (): Promise<SqliteDatabaseLike> => {
    if (closed)
      return Promise.reject(
        new PiiError('STORE_UNAVAILABLE', `${what} was closed; open a new one.`, {
          details: { maybeApplied: false },
        }),
      );
    opening ??= open();
    return opening;
  };
  return {
    db,
    current: () => (closed ? undefined : current),
    async write(fn) {
      const d = current && !closed ? current : await db();
      try {
        d.exec('BEGIN IMMEDIATE');
      } catch (cause) {
        throw new PiiError(
          'STORE_UNAVAILABLE',
          `${what}: the database stayed locked by another writer; nothing was written, retry.`,
          { cause, details: { maybeApplied: false } },
        );
      }
      let committing = false;
      try {
        const out = fn(d);
        committing = true;
        d.exec('COMMIT');
        return out;
      } catch (e) {
        // A COMMIT that failed with its transaction already ended is the one case SQLite cannot
        // tell us the outcome of; everything else was rolled back.
        const maybeApplied = committing && !d.inTransaction;
        if (d.inTransaction) d.exec('ROLLBACK');
        if (e instanceof PiiError) throw e;
        throw new PiiError(
          'STORE_UNAVAILABLE',
          maybeApplied
            ? `${what}: an SQLite commit failed and may have been applied; re-read before retrying.`
            : `${what}: an SQLite write failed and was rolled back; check the database file and retry.`,
          { cause: e, details: { maybeApplied } },
        );
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (opening && options.path) {
        const d = await opening.catch(() => undefined);
        d?.close();
      }
    },
  };
}

const statements = new WeakMap<SqliteDatabaseLike, Map<string, SqliteStatementLike>>();

/** A prepared statement, compiled once per connection (preparing costs more than running). @internal */
export function prep(db: SqliteDatabaseLike, sql: string): SqliteStatementLike {
  let m = statements.get(db);
  if (!m) {
    m = new Map();
    statements.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql);
    m.set(sql, st);
  }
  return st;
}

/** Runs a read, mapping driver failures. @internal */
export async function sqliteRead<T>(
  conn: SqliteConnection,
  what: string,
  fn: (db: SqliteDatabaseLike) => T,
): Promise<T> {
  const d = await conn.db();
  try {
    return fn(d);
  } catch (cause) {
    if (cause instanceof PiiError) throw cause;
    throw new PiiError('STORE_UNAVAILABLE', `${what}: an SQLite read failed; check the database file.`, {
      cause,
      details: { maybeApplied: false },
    });
  }
}
