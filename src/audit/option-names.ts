// The option names of every audit options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { FileSinkOptions } from './file-sink.js';
import type { AuditAppendOptions } from './idempotency.js';
import type { AuditLogOptions } from './log.js';
import type { AuditSpoolOptions } from './spool.js';
import type { AuditVerifyOptions } from './verify.js';

export const AUDIT_LOG_OPTIONS = optionNames<AuditLogOptions>()([
  'sink',
  'signingKey',
  'clock',
  'blindIndexBytes',
]);
export const FILE_SINK_OPTIONS = optionNames<FileSinkOptions>()(['fsync', 'batchMs', 'recover', 'onRecover']);
export const SPOOL_OPTIONS = optionNames<AuditSpoolOptions>()(['maxEvents']);
export const VERIFY_OPTIONS = optionNames<AuditVerifyOptions>()(['publicKey', 'checkpoint', 'after']);
export const APPEND_OPTIONS = optionNames<AuditAppendOptions>()(['idempotencyKey']);
