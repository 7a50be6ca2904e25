// The database schema, kept here as SQL text so it ships inside the built package (tsup bundles
// TypeScript, not .sql files). docs/operations.md prints it; `postgresSchemaSql()` returns it for
// a DBA who applies migrations by hand. Migrations are append-only: never edit a released one.
import { PiiError } from '../errors.js';
import { type PgPoolLike, pgTransaction, quoteSchema, type SqliteDatabaseLike } from './drivers.js';
import { checkOptions } from '../_internal/options.js';
import { SCHEMA_OPTIONS } from './option-names.js';

/** One schema migration. */
export interface Migration {
  /** Sequential version, from 1. */
  version: number;
  /** What it does. */
  name: string;
  /** SQL with `{schema}` standing for the quoted schema name (PostgreSQL). */
  sql: string;
}

/** PostgreSQL migrations, in order. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subject keys, revocations, use counters, audit log, progress',
    sql: `
CREATE TABLE IF NOT EXISTS {schema}.cpii_subject_keys (
  subject_id   text PRIMARY KEY,
  state        text NOT NULL CHECK (state IN ('active', 'destroyed')),
  kek_id       text,
  wrapped      bytea,
  created_at   bigint NOT NULL,
  destroyed_at bigint,
  revision     bigint NOT NULL CHECK (revision >= 1),
  CHECK ((state = 'active' AND kek_id IS NOT NULL AND wrapped IS NOT NULL AND destroyed_at IS NULL)
      OR (state = 'destroyed' AND kek_id IS NULL AND wrapped IS NULL AND destroyed_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS cpii_subject_keys_kek ON {schema}.cpii_subject_keys (kek_id) WHERE state = 'active';
CREATE TABLE IF NOT EXISTS {schema}.cpii_revocations (
  id         text PRIMARY KEY,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_use_counts (
  key  text PRIMARY KEY,
  used bigint NOT NULL CHECK (used >= 0)
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_audit_heads (
  log_id text PRIMARY KEY,
  seq    bigint NOT NULL,
  hash   text NOT NULL
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_audit_entries (
  log_id text NOT NULL,
  seq    bigint NOT NULL CHECK (seq >= 0),
  prev   text NOT NULL,
  hash   text NOT NULL,
  entry  text NOT NULL,
  PRIMARY KEY (log_id, seq)
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_progress (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  revision   bigint NOT NULL CHECK (revision >= 1),
  updated_at bigint NOT NULL
);`,
  },
  {
    version: 2,
    name: 'idempotency: redemption ids of counted uses, audit append keys',
    sql: `
CREATE TABLE IF NOT EXISTS {schema}.cpii_redemptions (
  key           text NOT NULL,
  redemption_id text NOT NULL,
  use_number    bigint NOT NULL CHECK (use_number >= 0),
  PRIMARY KEY (key, redemption_id)
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_audit_keys (
  log_id   text NOT NULL,
  key_hash text NOT NULL,
  seq      bigint NOT NULL CHECK (seq >= 0),
  PRIMARY KEY (log_id, key_hash)
);`,
  },
  {
    version: 3,
    name: 'monitor counters, distinct items, states and deny list',
    sql: `
CREATE TABLE IF NOT EXISTS {schema}.cpii_monitor_counts (
  ns     text NOT NULL,
  key    text NOT NULL,
  bucket bigint NOT NULL,
  n      bigint NOT NULL,
  PRIMARY KEY (ns, key, bucket)
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_monitor_items (
  ns    text NOT NULL,
  key   text NOT NULL,
  epoch bigint NOT NULL,
  item  bigint NOT NULL,
  PRIMARY KEY (ns, key, epoch, item)
);
CREATE TABLE IF NOT EXISTS {schema}.cpii_monitor_states (
  ns         text NOT NULL,
  key        text NOT NULL,
  state      text,
  updated_at bigint NOT NULL,
  PRIMARY KEY (ns, key)
);
CREATE INDEX IF NOT EXISTS cpii_monitor_states_updated ON {schema}.cpii_monitor_states (updated_at);
CREATE TABLE IF NOT EXISTS {schema}.cpii_monitor_deny (
  actor_id text PRIMARY KEY,
  rule     text NOT NULL,
  alert_id text NOT NULL,
  since    bigint NOT NULL
);`,
  },
  {
    version: 4,
    name: 'purpose-consent ledger, consent grant index',
    sql: `
CREATE TABLE IF NOT EXISTS {schema}.cpii_purpose_consents (
  seq        bigserial PRIMARY KEY,
  subject_id text NOT NULL,
  entry      text NOT NULL
);
CREATE INDEX IF NOT EXISTS cpii_purpose_consents_subject ON {schema}.cpii_purpose_consents (subject_id, seq);
CREATE TABLE IF NOT EXISTS {schema}.cpii_consent_grants (
  token_id   text PRIMARY KEY,
  subject_id text NOT NULL,
  expires_at bigint NOT NULL,
  grant_json text NOT NULL
);
CREATE INDEX IF NOT EXISTS cpii_consent_grants_subject ON {schema}.cpii_consent_grants (subject_id);`,
  },
  {
    version: 5,
    name: 'rights requests and complaints',
    sql: `
CREATE TABLE IF NOT EXISTS {schema}.cpii_rights_requests (
  id           text PRIMARY KEY,
  subject_id   text NOT NULL,
  state        text NOT NULL,
  received_at  bigint NOT NULL,
  due_at       bigint NOT NULL,
  revision     bigint NOT NULL CHECK (revision >= 1),
  request_json text NOT NULL
);
CREATE INDEX IF NOT EXISTS cpii_rights_requests_subject ON {schema}.cpii_rights_requests (subject_id, received_at);
CREATE INDEX IF NOT EXISTS cpii_rights_requests_open_due ON {schema}.cpii_rights_requests (due_at) WHERE state NOT IN ('answered', 'refused');`,
  },
];

/** SQLite migrations, in order (same tables, SQLite types). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subject keys, revocations, use counters, audit log, progress',
    sql: `
CREATE TABLE IF NOT EXISTS cpii_subject_keys (
  subject_id   TEXT PRIMARY KEY,
  state        TEXT NOT NULL CHECK (state IN ('active', 'destroyed')),
  kek_id       TEXT,
  wrapped      BLOB,
  created_at   INTEGER NOT NULL,
  destroyed_at INTEGER,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  CHECK ((state = 'active' AND kek_id IS NOT NULL AND wrapped IS NOT NULL AND destroyed_at IS NULL)
      OR (state = 'destroyed' AND kek_id IS NULL AND wrapped IS NULL AND destroyed_at IS NOT NULL))
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_revocations (
  id         TEXT PRIMARY KEY,
  revoked_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_use_counts (
  key  TEXT PRIMARY KEY,
  used INTEGER NOT NULL CHECK (used >= 0)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_audit_heads (
  log_id TEXT PRIMARY KEY,
  seq    INTEGER NOT NULL,
  hash   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_audit_entries (
  log_id TEXT NOT NULL,
  seq    INTEGER NOT NULL CHECK (seq >= 0),
  prev   TEXT NOT NULL,
  hash   TEXT NOT NULL,
  entry  TEXT NOT NULL,
  PRIMARY KEY (log_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_progress (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  revision   INTEGER NOT NULL CHECK (revision >= 1),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;`,
  },
  {
    version: 2,
    name: 'idempotency: redemption ids of counted uses, audit append keys',
    sql: `
CREATE TABLE IF NOT EXISTS cpii_redemptions (
  key           TEXT NOT NULL,
  redemption_id TEXT NOT NULL,
  use_number    INTEGER NOT NULL CHECK (use_number >= 0),
  PRIMARY KEY (key, redemption_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_audit_keys (
  log_id   TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  seq      INTEGER NOT NULL CHECK (seq >= 0),
  PRIMARY KEY (log_id, key_hash)
) WITHOUT ROWID;`,
  },
  {
    version: 3,
    name: 'monitor counters, distinct items, states and deny list',
    sql: `
CREATE TABLE IF NOT EXISTS cpii_monitor_counts (
  ns     TEXT NOT NULL,
  key    TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (ns, key, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_monitor_items (
  ns    TEXT NOT NULL,
  key   TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  item  INTEGER NOT NULL,
  PRIMARY KEY (ns, key, epoch, item)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_monitor_states (
  ns         TEXT NOT NULL,
  key        TEXT NOT NULL,
  state      TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cpii_monitor_states_updated ON cpii_monitor_states (updated_at);
CREATE TABLE IF NOT EXISTS cpii_monitor_deny (
  actor_id TEXT PRIMARY KEY,
  rule     TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  since    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cpii_monitor_deny_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT OR IGNORE INTO cpii_monitor_deny_version (id, version) VALUES (1, 0);`,
  },
  {
    version: 4,
    name: 'purpose-consent ledger, consent grant index',
    sql: `
CREATE TABLE IF NOT EXISTS cpii_purpose_consents (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id TEXT NOT NULL,
  entry      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cpii_purpose_consents_subject ON cpii_purpose_consents (subject_id, seq);
CREATE TABLE IF NOT EXISTS cpii_consent_grants (
  token_id   TEXT PRIMARY KEY,
  subject_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  grant_json TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cpii_consent_grants_subject ON cpii_consent_grants (subject_id);`,
  },
  {
    version: 5,
    name: 'rights requests and complaints',
    sql: `
CREATE TABLE IF NOT EXISTS cpii_rights_requests (
  id           TEXT PRIMARY KEY,
  subject_id   TEXT NOT NULL,
  state        TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  due_at       INTEGER NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  request_json TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cpii_rights_requests_subject ON cpii_rights_requests (subject_id, received_at);
CREATE INDEX IF NOT EXISTS cpii_rights_requests_open_due ON cpii_rights_requests (due_at) WHERE state NOT IN ('answered', 'refused');`,
  },
];

/** Options of {@link migratePostgres} and {@link postgresSchemaSql}. */
export interface PostgresSchemaOptions {
  /** PostgreSQL schema that holds the tables (default `public`); created when missing. */
  schema?: string;
}

/** Result of {@link migratePostgres}. */
export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was current). */
  applied: number[];
  /** The schema version now in place. */
  version: number;
}

/**
 * The whole PostgreSQL schema as one SQL script, for a DBA who applies migrations by hand.
 *
 * @param options - which schema the tables go in
 * @returns SQL text
 * @throws PiiError INVALID_ARGUMENT when the schema name is not a plain identifier
 * @example
 * ```ts
 * import { postgresSchemaSql } from 'courier-pii/stores';
 * console.log(postgresSchemaSql({ schema: 'pii' }).includes('CREATE TABLE')); // true
 * ```
 */
export function postgresSchemaSql(options: PostgresSchemaOptions = {}): string {
  checkOptions('postgresSchemaSql', options, SCHEMA_OPTIONS);
  const s = quoteSchema(options.schema);
  const parts = [`CREATE SCHEMA IF NOT EXISTS ${s};`, migrationsTable(s)];
  for (const m of POSTGRES_MIGRATIONS) {
    parts.push(
      `-- ${m.version}: ${m.name}`,
      m.sql.replaceAll('{schema}', s).trim(),
      `INSERT INTO ${s}.cpii_migrations (version) VALUES (${m.version}) ON CONFLICT DO NOTHING;`,
    );
  }
  return `${parts.join('\n')}\n`;
}

function migrationsTable(s: string): string {
  return `CREATE TABLE IF NOT EXISTS ${s}.cpii_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`;
}

/**
 * Brings the PostgreSQL schema up to date: applies every missing migration in one transaction,
 * holding an advisory lock so several instances starting at once apply each migration once.
 * Needs a role allowed to create tables; the services themselves need only DML (docs/operations.md).
 *
 * @param pool - the user's `pg.Pool`
 * @param options - which schema the tables go in
 * @returns the versions applied and the version in place
 * @throws PiiError INVALID_ARGUMENT for a bad schema name; STORE_UNAVAILABLE when the database fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * console.log((await migratePostgres(pool)).version); // 5
 * await pool.end();
 * ```
 */
export async function migratePostgres(
  pool: PgPoolLike,
  options: PostgresSchemaOptions = {},
): Promise<MigrateResult> {
  checkOptions('migratePostgres', options, SCHEMA_OPTIONS);
  const s = quoteSchema(options.schema);
  if (!pool || typeof pool.connect !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'migratePostgres needs a pg.Pool.');
  return pgTransaction(pool, 'Migrating the PostgreSQL schema', async (c) => {
    // One lock per schema name: concurrent migrators queue here instead of racing on DDL.
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`courier-pii:migrate:${s}`]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await c.query(migrationsTable(s));
    const have = new Set(
      (await c.query(`SELECT version FROM ${s}.cpii_migrations`)).rows.map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of POSTGRES_MIGRATIONS) {
      if (have.has(m.version)) continue;
      await c.query(m.sql.replaceAll('{schema}', s));
      await c.query(`INSERT INTO ${s}.cpii_migrations (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    return { applied, version: POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version };
  });
}

/**
 * Brings an SQLite database's schema up to date (the SQLite stores call this on first use).
 *
 * @param database - a better-sqlite3 `Database`
 * @returns the versions applied and the version in place
 * @throws PiiError STORE_UNAVAILABLE when the database fails
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { migrateSqlite } from 'courier-pii/stores';
 * console.log(migrateSqlite(new Database(':memory:')).version); // 5
 * ```
 */
export function migrateSqlite(database: SqliteDatabaseLike): MigrateResult {
  try {
    database.exec('BEGIN IMMEDIATE');
    try {
      database.exec(
        'CREATE TABLE IF NOT EXISTS cpii_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
      );
      const have = new Set(
        (database.prepare('SELECT version FROM cpii_migrations').all() as Array<{ version: number }>).map(
          (r) => r.version,
        ),
      );
      const applied: number[] = [];
      for (const m of SQLITE_MIGRATIONS) {
        if (have.has(m.version)) continue;
        database.exec(m.sql);
        database
          .prepare('INSERT INTO cpii_migrations (version, applied_at) VALUES (?, ?)')
          .run(m.version, Date.now());
        applied.push(m.version);
      }
      database.exec('COMMIT');
      return { applied, version: SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version };
    } catch (e) {
      if (database.inTransaction) database.exec('ROLLBACK');
      throw e;
    }
  } catch (cause) {
    throw new PiiError('STORE_UNAVAILABLE', 'Migrating the SQLite schema failed; check the database file.', {
      cause,
      details: { maybeApplied: false },
    });
  }
}
