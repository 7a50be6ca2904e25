// Checkpoints of long-running jobs (KEK rotation, company handover, retention sweeps, transfers):
// a small key-value store of JSON progress records with revisions, so a job that crashed or was
// moved to another instance resumes where it stopped, and two instances never both advance it.
import { clearStaleTemps, fsReason, writeFileAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { type PgPoolLike, pgQuery } from './drivers.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';
import { prep, type SqliteStoreOptions, sqliteConnection, sqliteRead } from './sqlite-connection.js';
import { checkOptions } from '../_internal/options.js';
import { PROGRESS_PUT_OPTIONS } from './option-names.js';
import { builtinModule } from '../_internal/builtin.js';

/** A JSON value (what a progress record holds). */
export type ProgressValue =
  | string
  | number
  | boolean
  | null
  | ProgressValue[]
  | { [key: string]: ProgressValue };

/** A stored progress record. */
export interface ProgressRecord {
  /** The job's state, as the job wrote it. */
  value: ProgressValue;
  /** 1 on first write, +1 on every later one. */
  revision: number;
  /** When it was last written (ms since epoch). */
  updatedAt: number;
}

/** Options of {@link ProgressStore.put}. */
export interface ProgressPutOptions {
  /**
   * Write only when the stored revision is this one (0: only when no record exists); otherwise
   * reject with STORE_CONFLICT. Leave out to write unconditionally.
   */
  expectedRevision?: number;
}

/**
 * Where long-running jobs keep their progress (an extension point, like the key store).
 * Keys are 1-200 characters of `A-Z a-z 0-9 _ . : / -`; values are JSON up to 1 MiB.
 * A resolved write is durable.
 */
export interface ProgressStore {
  /** The record under `key`, or undefined. */
  get(key: string): Promise<ProgressRecord | undefined>;
  /** Writes `value` under `key`; returns the stored record. @throws PiiError STORE_CONFLICT on a revision mismatch */
  put(key: string, value: ProgressValue, options?: ProgressPutOptions): Promise<ProgressRecord>;
  /** Deletes `key`; true when something was deleted. */
  delete(key: string): Promise<boolean>;
  /** Every key starting with `prefix` (default all), in key order. */
  list(prefix?: string): AsyncIterable<[string, ProgressRecord]>;
  /** Releases files or connections. */
  close(): Promise<void>;
}

const KEY = /^[A-Za-z0-9_.:/-]{1,200}$/;
const MAX_JSON = 1024 * 1024;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key))
    throw new PiiError('INVALID_ARGUMENT', 'progress key must be 1-200 characters of A-Z a-z 0-9 _ . : / -.');
  return key;
}

function isJson(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v).every((x) => isJson(x, depth + 1));
  return false;
}

function encode(value: unknown): string {
  if (!isJson(value))
    throw new PiiError(
      'INVALID_ARGUMENT',
      'progress value must be JSON (finite numbers, strings, booleans, null, arrays, plain objects).',
    );
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new PiiError('INVALID_ARGUMENT', 'progress value must be JSON.', { cause });
  }
  if (json === undefined || JSON.stringify(JSON.parse(json)) !== json)
    throw new PiiError('INVALID_ARGUMENT', 'progress value must be JSON.');
  if (json.length > MAX_JSON)
    throw new PiiError(
      'INVALID_ARGUMENT',
      'progress value must be at most 1 MiB of JSON; store ids and counters, not data.',
    );
  return json;
}

function checkExpected(o: ProgressPutOptions | undefined): number | undefined {
  checkOptions('progress.put', o, PROGRESS_PUT_OPTIONS);
  const e = o?.expectedRevision;
  if (e !== undefined && (!Number.isSafeInteger(e) || e < 0))
    throw new PiiError('INVALID_ARGUMENT', 'expectedRevision must be a non-negative integer.');
  return e;
}

function conflict(key: string): PiiError {
  return new PiiError(
    'STORE_CONFLICT',
    `Progress record "${key}" was changed by another worker; reload it and decide whether to continue.`,
  );
}

function escapeLike(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function checkPrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_.:/-]{1,200}$/.test(prefix))
    throw new PiiError('INVALID_ARGUMENT', 'prefix must be characters allowed in a progress key.');
  return prefix;
}

/**
 * A progress store in memory (tests, one-shot jobs).
 *
 * @returns a {@link ProgressStore}
 * @example
 * ```ts
 * import { memoryProgressStore } from 'courier-pii/stores';
 * const progress = memoryProgressStore();
 * await progress.put('rotate:kek-2027', { after: 'cust-0999', done: 1000 });
 * console.log((await progress.get('rotate:kek-2027'))?.revision); // 1
 * ```
 */
export function memoryProgressStore(): ProgressStore {
  return mapProgressStore(new Map());
}

type Row = { json: string; revision: number; updatedAt: number };

function mapProgressStore(m: Map<string, Row>): ProgressStore {
  const out = (r: { json: string; revision: number; updatedAt: number }): ProgressRecord => ({
    value: JSON.parse(r.json) as ProgressValue,
    revision: r.revision,
    updatedAt: r.updatedAt,
  });
  return {
    async get(key) {
      const r = m.get(checkKey(key));
      return r && out(r);
    },
    async put(key, value, o) {
      checkKey(key);
      const json = encode(value);
      const expected = checkExpected(o);
      const cur = m.get(key);
      if (expected !== undefined && (cur?.revision ?? 0) !== expected) throw conflict(key);
      const r = { json, revision: (cur?.revision ?? 0) + 1, updatedAt: Date.now() };
      m.set(key, r);
      return out(r);
    },
    async delete(key) {
      return m.delete(checkKey(key));
    },
    async *list(prefix) {
      const p = checkPrefix(prefix);
      for (const k of [...m.keys()].sort()) {
        const r = m.get(k);
        if (r && k.startsWith(p)) yield [k, out(r)];
      }
    },
    async close() {},
  };
}

/**
 * A progress store in a local JSON file, rewritten atomically on every change (temporary file,
 * fsync, rename, fsync of the directory). For one process; progress records are small.
 *
 * @param path - the file (created when missing)
 * @returns a {@link ProgressStore}
 * @throws PiiError INVALID_ARGUMENT for an empty path; from its methods STORE_CORRUPT when the file is damaged, STORE_UNAVAILABLE when it cannot be written
 * @example
 * ```ts
 * import { fileProgressStore } from 'courier-pii/stores';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const progress = fileProgressStore(join(mkdtempSync(join(tmpdir(), 'progress-')), 'progress.json'));
 * await progress.put('handover:acme', { step: 'rewrap', done: 0 });
 * console.log((await progress.get('handover:acme'))?.value); // { step: 'rewrap', done: 0 }
 * await progress.close();
 * ```
 */
export function fileProgressStore(path: string): ProgressStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const fs = builtinModule<typeof import('node:fs')>('node:fs');
  if (!fs)
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'fileProgressStore needs Node.js; use memoryProgressStore or a database store here.',
    );
  const rows = new Map<string, Row>();
  const mem = mapProgressStore(rows);
  let loaded = false;
  let queue: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<void> => {
    if (loaded) return;
    clearStaleTemps(path);
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ENOENT') {
        loaded = true;
        return;
      }
      // Not loaded: a later save must never replace a file it could not read.
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Cannot read the progress file ${path}: ${fsReason(cause)}; fix that and retry.`,
        { cause },
      );
    }
    let data: { v: number; records: Record<string, ProgressRecord> };
    try {
      data = JSON.parse(text);
      if (data?.v !== 1 || typeof data.records !== 'object') throw new Error('format');
    } catch (cause) {
      throw new PiiError(
        'STORE_CORRUPT',
        'The progress file is damaged; restore it from a backup or delete it to restart the jobs from the beginning.',
        { cause },
      );
    }
    for (const [k, r] of Object.entries(data.records))
      rows.set(k, { json: JSON.stringify(r.value), revision: r.revision, updatedAt: r.updatedAt });
    loaded = true;
  };
  const save = async (): Promise<void> => {
    const records: Record<string, ProgressRecord> = {};
    for await (const [k, r] of mem.list()) records[k] = r;
    try {
      // Temp file with a random name, exclusive, no symlink following, 0600; fsync; rename.
      writeFileAtomic(path, JSON.stringify({ v: 1, records }));
    } catch (cause) {
      // The rename may have happened before the failure: the new content may be in place.
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Writing the progress file ${path} failed: ${fsReason(cause)}; fix that and retry.`,
        { cause, details: { maybeApplied: true } },
      );
    }
  };
  const run = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      await load();
      return fn();
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    get: (key) => run(() => mem.get(key)),
    put: (key, value, o) =>
      run(async () => {
        const r = await mem.put(key, value, o);
        await save();
        return r;
      }),
    delete: (key) =>
      run(async () => {
        const d = await mem.delete(key);
        if (d) await save();
        return d;
      }),
    async *list(prefix) {
      const rows = await run(async () => {
        const out: Array<[string, ProgressRecord]> = [];
        for await (const x of mem.list(prefix)) out.push(x);
        return out;
      });
      yield* rows;
    },
    close: () => run(async () => undefined),
  };
}

const toRecord = (r: { value: unknown; revision: unknown; updated_at: unknown }): ProgressRecord => ({
  value: JSON.parse(String(r.value)) as ProgressValue,
  revision: Number(r.revision),
  updatedAt: Number(r.updated_at),
});

/**
 * A progress store in PostgreSQL; `put` with `expectedRevision` is a conditional write, so two
 * instances resuming the same job cannot both advance it.
 *
 * @param options - the pool and schema (run {@link migratePostgres} first)
 * @returns a {@link ProgressStore}; `close()` does not end the pool
 * @throws PiiError INVALID_ARGUMENT for a missing pool; from its methods STORE_CONFLICT, STORE_UNAVAILABLE
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresProgressStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const progress = postgresProgressStore({ pool });
 * const key = `example:${Date.now()}`;
 * await progress.put(key, { done: 0 }, { expectedRevision: 0 });
 * console.log((await progress.get(key))?.revision); // 1
 * await pool.end();
 * ```
 */
export function postgresProgressStore(options: PostgresStoreOptions): ProgressStore {
  const { pool, s } = checkPool(options, 'postgresProgressStore');
  const t = `${s}.cpii_progress`;
  const q = (text: string, values: unknown[]) => pgQuery(pool as PgPoolLike, 'Progress store', text, values);
  return {
    async get(key) {
      const r = await q(`SELECT value, revision, updated_at FROM ${t} WHERE key = $1`, [checkKey(key)]);
      return r.rows[0] ? toRecord(r.rows[0] as never) : undefined;
    },
    async put(key, value, o) {
      checkKey(key);
      const json = encode(value);
      const expected = checkExpected(o);
      const now = Date.now();
      const r =
        expected === undefined
          ? await q(
              `INSERT INTO ${t} AS p (key, value, revision, updated_at) VALUES ($1, $2, 1, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, revision = p.revision + 1, updated_at = excluded.updated_at RETURNING value, revision, updated_at`,
              [key, json, now],
            )
          : expected === 0
            ? await q(
                `INSERT INTO ${t} (key, value, revision, updated_at) VALUES ($1, $2, 1, $3) ON CONFLICT (key) DO NOTHING RETURNING value, revision, updated_at`,
                [key, json, now],
              )
            : await q(
                `UPDATE ${t} SET value = $2, revision = revision + 1, updated_at = $3 WHERE key = $1 AND revision = $4 RETURNING value, revision, updated_at`,
                [key, json, now, expected],
              );
      if (!r.rows[0]) throw conflict(key);
      return toRecord(r.rows[0] as never);
    },
    async delete(key) {
      const r = await q(`DELETE FROM ${t} WHERE key = $1`, [checkKey(key)]);
      return (r.rowCount ?? 0) > 0;
    },
    async *list(prefix) {
      const p = checkPrefix(prefix);
      const r = await q(
        `SELECT key, value, revision, updated_at FROM ${t} WHERE key LIKE $1 ESCAPE '\\' ORDER BY key COLLATE "C"`,
        [`${escapeLike(p)}%`],
      );
      for (const row of r.rows) yield [String(row.key), toRecord(row as never)];
    },
    async close() {},
  };
}

/**
 * A progress store in SQLite (processes on one machine may share the file).
 *
 * @param options - a file path or open better-sqlite3 `Database`
 * @returns a {@link ProgressStore}
 * @throws PiiError INVALID_ARGUMENT without a path or database; from its methods STORE_CONFLICT, STORE_UNAVAILABLE
 * @example
 * ```ts
 * import { sqliteProgressStore } from 'courier-pii/stores';
 * const progress = sqliteProgressStore({ path: ':memory:' });
 * await progress.put('sweep:2026-11', { after: 'parcel-100' });
 * console.log((await progress.get('sweep:2026-11'))?.value); // { after: 'parcel-100' }
 * await progress.close();
 * ```
 */
export function sqliteProgressStore(options: SqliteStoreOptions): ProgressStore {
  const conn = sqliteConnection(options, 'sqliteProgressStore');
  const sel = 'SELECT value, revision, updated_at FROM cpii_progress WHERE key = ?';
  return {
    async get(key) {
      checkKey(key);
      const r = await sqliteRead(conn, 'Progress store', (db) => prep(db, sel).get(key));
      return r ? toRecord(r as never) : undefined;
    },
    async put(key, value, o) {
      checkKey(key);
      const json = encode(value);
      const expected = checkExpected(o);
      const r = await conn.write((db) => {
        const cur = prep(db, sel).get(key) as { revision: number } | undefined;
        if (expected !== undefined && (cur ? Number(cur.revision) : 0) !== expected) return undefined;
        const revision = (cur ? Number(cur.revision) : 0) + 1;
        prep(
          db,
          'INSERT INTO cpii_progress (key, value, revision, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, revision = excluded.revision, updated_at = excluded.updated_at',
        ).run(key, json, revision, Date.now());
        return prep(db, sel).get(key);
      });
      if (!r) throw conflict(key);
      return toRecord(r as never);
    },
    async delete(key) {
      checkKey(key);
      return (
        (await conn.write((db) => prep(db, 'DELETE FROM cpii_progress WHERE key = ?').run(key).changes)) > 0
      );
    },
    async *list(prefix) {
      const p = checkPrefix(prefix);
      // substr, not LIKE: SQLite's LIKE ignores ASCII case.
      const found = await sqliteRead(conn, 'Progress store', (db) =>
        prep(
          db,
          'SELECT key, value, revision, updated_at FROM cpii_progress WHERE substr(key, 1, ?) = ? ORDER BY key',
        ).all(p.length, p),
      );
      for (const row of found as Array<Record<string, unknown>>)
        yield [String(row.key), toRecord(row as never)];
    },
    close: () => conn.close(),
  };
}
