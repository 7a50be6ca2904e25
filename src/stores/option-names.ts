// The option names of every stores options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point. The
// PostgreSQL and SQLite stores are checked where they open their connection (checkPool,
// sqliteConnection), by the name of the calling store.
import { optionNames } from '../_internal/options.js';
import type { AppendAtHeadOptions } from './audit-common.js';
import type { BackupOptions } from './backup.js';
import type { PostgresSchemaOptions } from './migrations.js';
import type { Pkcs11KekOptions } from './pkcs11-kek.js';
import type { PostgresAuditSinkOptions } from './postgres-audit-sink.js';
import type { PostgresCounterStoreOptions } from './postgres-counter-store.js';
import type { PostgresDenyListOptions } from './postgres-deny-list.js';
import type { PostgresStoreOptions } from './postgres-key-store.js';
import type { ProgressPutOptions } from './progress-store.js';
import type { ReplayErasuresOptions, RestoreOptions } from './restore.js';
import type { SharedAuditLogOptions } from './shared-audit-log.js';
import type { SqliteAuditSinkOptions } from './sqlite-audit-sink.js';
import type { SqliteStoreOptions } from './sqlite-connection.js';
import type { SqliteCounterStoreOptions } from './sqlite-counter-store.js';

const COUNTER = ['flushMs', 'maxBatch', 'pruneEveryMs', 'stateTtlMs', 'maxRetained', 'onError'] as const;
const PG = optionNames<PostgresStoreOptions>()(['pool', 'schema']);
const SQLITE = optionNames<SqliteStoreOptions>()(['path', 'database', 'busyTimeoutMs']);

/** Option names per store, keyed by the store's function name. */
export const STORE_OPTIONS = {
  postgresKeyStore: PG,
  postgresGrantIndex: PG,
  postgresPurposeConsentStore: PG,
  postgresRightsRequestStore: PG,
  postgresProgressStore: PG,
  postgresRevocationStore: PG,
  postgresUseCounter: PG,
  postgresAuditSink: optionNames<PostgresAuditSinkOptions>()(['pool', 'schema', 'log']),
  postgresCounterStore: optionNames<PostgresCounterStoreOptions>()(['pool', 'schema', ...COUNTER]),
  postgresDenyList: optionNames<PostgresDenyListOptions>()([
    'pool',
    'schema',
    'audit',
    'refreshMs',
    'onError',
  ]),
  sqliteKeyStore: SQLITE,
  sqliteGrantIndex: SQLITE,
  sqlitePurposeConsentStore: SQLITE,
  sqliteRightsRequestStore: SQLITE,
  sqliteProgressStore: SQLITE,
  sqliteRevocationStore: SQLITE,
  sqliteUseCounter: SQLITE,
  sqliteAuditSink: optionNames<SqliteAuditSinkOptions>()(['path', 'database', 'busyTimeoutMs', 'log']),
  sqliteCounterStore: optionNames<SqliteCounterStoreOptions>()([
    'path',
    'database',
    'busyTimeoutMs',
    ...COUNTER,
  ]),
} as const satisfies Readonly<Record<string, ReadonlySet<string>>>;

/** A store that opens its own connection: checkPool and sqliteConnection take its name. */
export type StoreName = keyof typeof STORE_OPTIONS;
export const SCHEMA_OPTIONS = optionNames<PostgresSchemaOptions>()(['schema']);
export const SHARED_LOG_OPTIONS = optionNames<SharedAuditLogOptions>()(['sink', 'signingKey', 'clock']);
export const BACKUP_OPTIONS = optionNames<BackupOptions>()(['audit', 'integrityKey', 'onProgress']);
export const RESTORE_OPTIONS = optionNames<RestoreOptions>()([
  'audit',
  'integrityKey',
  'reviewed',
  'onProgress',
  'now',
]);
export const REPLAY_OPTIONS = optionNames<ReplayErasuresOptions>()([
  'audit',
  'fromSeq',
  'reviewed',
  'onProgress',
]);
export const PKCS11_OPTIONS = optionNames<Pkcs11KekOptions>()([
  'library',
  'token',
  'slot',
  'pin',
  'keyLabel',
  'id',
  'create',
]);
export const PROGRESS_PUT_OPTIONS = optionNames<ProgressPutOptions>()(['expectedRevision']);
export const APPEND_AT_HEAD_OPTIONS = optionNames<AppendAtHeadOptions>()(['keys', 'keyOf']);
