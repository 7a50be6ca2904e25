/**
 * courier-pii/stores: the storage behind the SDK when one process is not enough. SQLite and
 * PostgreSQL adapters for subject keys, consent revocations and use counters, purpose consents,
 * grant indexes, rights requests, the audit log
 * (hash chain serialized through the database) and transfer/handover progress; KEKs held in an
 * HSM through PKCS#11; key-store backup and restore that replays the erasure ledger, so destroyed keys stay destroyed.
 * Database drivers are optional peer dependencies, loaded only when an adapter needs them.
 * See docs/operations.md.
 *
 * @module
 */
export type {
  PgClientLike,
  PgPoolLike,
  PgQueryResult,
  SqliteDatabaseLike,
  SqliteStatementLike,
} from './drivers.js';
export {
  type Migration,
  type MigrateResult,
  migratePostgres,
  migrateSqlite,
  POSTGRES_MIGRATIONS,
  type PostgresSchemaOptions,
  postgresSchemaSql,
  SQLITE_MIGRATIONS,
} from './migrations.js';
export { type PostgresStoreOptions, postgresKeyStore } from './postgres-key-store.js';
export type { SqliteStoreOptions } from './sqlite-connection.js';
export { sqliteKeyStore } from './sqlite-key-store.js';
export type { AppendAtHeadOptions, DatabaseAuditSink, DatabaseAuditSinkOptions } from './audit-common.js';
export { type PostgresAuditSinkOptions, postgresAuditSink } from './postgres-audit-sink.js';
export { type SqliteAuditSinkOptions, sqliteAuditSink } from './sqlite-audit-sink.js';
export { createSharedAuditLog, type SharedAuditLogOptions } from './shared-audit-log.js';
export {
  postgresRevocationStore,
  postgresUseCounter,
  sqliteRevocationStore,
  sqliteUseCounter,
} from './consent-stores.js';
export { postgresPurposeConsentStore, sqlitePurposeConsentStore } from './purpose-consent-stores.js';
export { postgresGrantIndex, sqliteGrantIndex } from './grant-index-stores.js';
export { postgresRightsRequestStore, sqliteRightsRequestStore } from './rights-request-stores.js';
export {
  fileProgressStore,
  memoryProgressStore,
  postgresProgressStore,
  type ProgressPutOptions,
  type ProgressRecord,
  type ProgressStore,
  type ProgressValue,
  sqliteProgressStore,
} from './progress-store.js';
export { type Pkcs11KekOptions, type Pkcs11KekProvider, pkcs11KekProvider } from './pkcs11-kek.js';
export {
  type BackupAuditSource,
  type BackupOptions,
  type BackupProgress,
  type BackupResult,
  backupKeyStore,
  verifyKeyStoreBackup,
} from './backup.js';
export {
  type ReplayErasuresOptions,
  replayErasures,
  type RestoreAuditSource,
  type RestoreOptions,
  type RestoreResult,
  restoreKeyStore,
} from './restore.js';
export type {
  SharedCounterStore,
  SharedCounterStoreOptions,
  SharedCounterStoreStats,
} from './counter-batch.js';
export { type PostgresCounterStoreOptions, postgresCounterStore } from './postgres-counter-store.js';
export { type SqliteCounterStoreOptions, sqliteCounterStore } from './sqlite-counter-store.js';
export {
  type PostgresDenyListOptions,
  postgresDenyList,
  type SharedDenyList,
  type SharedDenyListStatus,
} from './postgres-deny-list.js';
