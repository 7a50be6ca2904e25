/**
 * courier-pii/audit: a tamper-evident, hash-chained audit log of every authorisation, view,
 * consent step, key operation, erasure, export, transfer, handover and breach report, with
 * Ed25519-signed checkpoints, memory and crash-safe file sinks, streaming verification and
 * query helpers. Entries hold ids, paths and blind indexes, never personal data: a guard
 * refuses events that look like they contain any. See docs/audit.md.
 *
 * @module
 */
export { createAuditLog } from './log.js';
export type { AuditLog, AuditLogOptions, AuditHead } from './log.js';
export { AUDIT_KINDS } from './events.js';
export type {
  AuditData,
  AuditDataValue,
  AuditEffect,
  AuditEvent,
  AuditEventCommon,
  AuditEventDataField,
  AuditEventDataMap,
  AuditEventOf,
  AuditKind,
  AuditRef,
  Blind,
  CustomAuditEvent,
  JsonValue,
} from './events.js';
export { AUDIT_FORMAT_VERSION, AUDIT_GENESIS_HASH, computeEntryHash, entryHashInput } from './entry.js';
export type { AuditEntry } from './entry.js';
export { checkpointMessage, verifyCheckpoint } from './checkpoint.js';
export type { AuditCheckpoint, AuditSigner, AuditSigningKey } from './checkpoint.js';
export type { SignatureAlg } from './checkpoint.js';
export { memorySink } from './sink.js';
export type { AuditSink, MemoryAuditSink } from './sink.js';
export { fileSink } from './file-sink.js';
export type { AuditRecovery, FileAuditSink, FileSinkOptions, FsyncPolicy } from './file-sink.js';
export { createAuditVerifier, verifyAuditFile, verifyAuditLog, verifyAuditStream } from './verify.js';
export type { AuditFailure, AuditVerifier, AuditVerifyOptions, AuditVerifyResult } from './verify.js';
export { bySubject, byActor, byKeyId, inWindow, queryAudit, streamAudit } from './query.js';
export type { AuditQuery, AuditSource } from './query.js';
export { auditEventMatches } from './idempotency.js';
export type { AuditAppendOptions } from './idempotency.js';
export { fileSpool, memorySpool } from './spool.js';
export type { AuditSpool, AuditSpoolOptions } from './spool.js';
