// Subject DEKs in SQLite (single node, embedded). Same statements as PostgreSQL; a destroyed
// key's bytes are overwritten in the file (secure_delete) and the WAL is checkpointed so the old
// page images leave the -wal file too.
import type { SubjectKeyRecord, SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { byId, checkKeyRecord, keyColumns, keyFromRow } from './key-record.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';

const COLS = 'subject_id, state, kek_id, wrapped, created_at, destroyed_at, revision';
const PAGE = 1000;

/**
 * A subject key store in an SQLite database (better-sqlite3, WAL mode). Several processes on
 * one machine may share the file.
 *
 * @param options - a file path, or an open better-sqlite3 `Database`
 * @returns a {@link SubjectKeyStore}; `close()` closes a connection it opened
 * @throws PiiError INVALID_ARGUMENT without a path or database; BACKEND_UNAVAILABLE (from its methods) when better-sqlite3 is not installed; STORE_UNAVAILABLE when the database fails
 * @example
 * ```ts
 * import { sqliteKeyStore } from 'courier-pii/stores';
 * const keys = sqliteKeyStore({ path: ':memory:' });
 * console.log(await keys.get('customer-1')); // undefined
 * await keys.close?.();
 * ```
 */
export function sqliteKeyStore(options: SqliteStoreOptions): SubjectKeyStore {
  const conn = sqliteConnection(options, 'sqliteKeyStore');
  const row = (id: string) => (db: Parameters<Parameters<typeof conn.write>[0]>[0]) =>
    prep(db, `SELECT ${COLS} FROM cpii_subject_keys WHERE subject_id = ?`).get(id) as
      | Record<string, unknown>
      | undefined;
  const toRecord = (r: Record<string, unknown> | undefined): SubjectKeyRecord | undefined =>
    r ? keyFromRow(r) : undefined;
  return {
    async get(id) {
      return toRecord(await sqliteRead(conn, 'Reading a subject key', row(id)));
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      // One statement for the whole page whatever its size: the ids go in as one JSON array.
      const found = await sqliteRead(
        conn,
        'Reading subject keys',
        (db) =>
          prep(
            db,
            `SELECT ${COLS} FROM cpii_subject_keys WHERE subject_id IN (SELECT value FROM json_each(?))`,
          ).all(JSON.stringify(ids)) as Array<Record<string, unknown>>,
      );
      return byId(ids, found);
    },
    async create(record) {
      checkKeyRecord(record);
      const stored = await conn.write((db) => {
        prep(
          db,
          `INSERT INTO cpii_subject_keys (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING`,
        ).run(...keyColumns(record));
        return row(record.subjectId)(db);
      });
      const r = toRecord(stored);
      if (!r)
        throw new PiiError('STORE_CONFLICT', 'A subject key vanished while it was being created; retry.');
      return r;
    },
    async compareAndSet(id, expected, next) {
      checkKeyRecord(next);
      if (next.subjectId !== id || next.revision !== expected + 1) return false;
      const [, state, kekId, wrapped, createdAt, destroyedAt, revision] = keyColumns(next);
      const changed = await conn.write(
        (db) =>
          prep(
            db,
            'UPDATE cpii_subject_keys SET state = ?, kek_id = ?, wrapped = ?, created_at = ?, destroyed_at = ?, revision = ? WHERE subject_id = ? AND revision = ?',
          ).run(state, kekId, wrapped, createdAt, destroyedAt, revision, id, expected).changes,
      );
      if (changed === 1 && next.state === 'destroyed') {
        // Move the overwritten pages into the main file and empty the WAL (best effort: a
        // reader in another process can hold it back until its next checkpoint).
        await sqliteRead(conn, 'Checkpointing after a key destruction', (db) =>
          prep(db, 'PRAGMA wal_checkpoint(TRUNCATE)').get(),
        );
      }
      return changed === 1;
    },
    async *list() {
      let after: string | undefined;
      for (;;) {
        const rows = await sqliteRead(conn, 'Listing subject keys', (db) =>
          after === undefined
            ? (prep(
                db,
                `SELECT ${COLS} FROM cpii_subject_keys ORDER BY subject_id LIMIT ${PAGE}`,
              ).all() as Array<Record<string, unknown>>)
            : (prep(
                db,
                `SELECT ${COLS} FROM cpii_subject_keys WHERE subject_id > ? ORDER BY subject_id LIMIT ${PAGE}`,
              ).all(after) as Array<Record<string, unknown>>),
        );
        for (const r of rows) yield keyFromRow(r);
        if (rows.length < PAGE) return;
        after = String(rows[rows.length - 1]!.subject_id);
      }
    },
    close: () => conn.close(),
  };
}
