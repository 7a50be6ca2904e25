// Idempotency keys for audit appends (docs/audit.md, "Retrying an append"): a retried append
// with the same key stores its event once. The shared database logs keep keys in the database;
// a single-writer log keeps them here, in memory, for its lifetime.
import type { BlindFormats } from './pii-guard.js';
import { PiiError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntry } from './entry.js';
import { eventFields } from './event-fields.js';
import type { AuditEvent } from './events.js';
import { checkOptions } from '../_internal/options.js';
import { APPEND_OPTIONS } from './option-names.js';

/** Options of `AuditLog.append`. */
export interface AuditAppendOptions {
  /**
   * Idempotency key of this event: made once by the caller (a request id plus what happened, a
   * random UUID) and kept across retries, 1-512 characters. An append retried with the same key
   * (after a timeout, a lost connection, or `AUDIT_SINK_FAILED` with `details.maybeApplied`)
   * stores the event once and resolves with the entry stored the first time; reusing a key for
   * a different event is `STORE_CONFLICT`. `createSharedAuditLog` keeps keys in the database
   * (for every process, across restarts; only a SHA-256 of the key is stored); `createAuditLog`
   * keeps the last 10,000 keys of the log object in memory and checks a failed append against
   * the sink after `open()` recovers, so a new process does not know an earlier one's keys.
   */
  idempotencyKey?: string;
}

/** The key from append options, checked; undefined when none. @internal */
export function checkIdempotencyKey(options: AuditAppendOptions | undefined): string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null)
    throw new PiiError('INVALID_ARGUMENT', 'append options must be an object.');
  checkOptions('append', options, APPEND_OPTIONS);
  const key = options.idempotencyKey;
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw new PiiError('INVALID_ARGUMENT', 'idempotencyKey must be a string of 1-512 characters.');
  }
  return key;
}

/** What an event contributes to its entry, as canonical JSON (time, seq and chain excluded). @internal */
export function eventSignature(event: AuditEvent, formats?: BlindFormats): string {
  return canonicalJson(eventFields(event, formats));
}

function entrySignature(entry: AuditEntry): string {
  const { v: _v, seq: _s, time: _t, prev: _p, hash: _h, ...fields } = entry;
  return canonicalJson(fields);
}

/**
 * Whether `entry` records `event`: the same kind, actor, purpose, references and data (the time,
 * number and chain fields are the entry's own). Used to refuse an idempotency key that is reused
 * for a different event; useful to anyone writing a database audit sink.
 *
 * @param entry - a stored audit entry
 * @param event - the event an append was asked to store
 * @returns true when appending `event` could have produced `entry`
 * @throws PiiError INVALID_ARGUMENT when `event` is not a valid audit event
 * @example
 * ```ts
 * import { auditEventMatches, createAuditLog, memorySink } from 'courier-pii/audit';
 * const event = { kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'r1', severity: 'low' } } as const;
 * const entry = await createAuditLog({ sink: memorySink() }).append(event);
 * console.log(auditEventMatches(entry, event), auditEventMatches(entry, { ...event, actor: 'other' })); // true false
 * ```
 */
export function auditEventMatches(entry: AuditEntry, event: AuditEvent): boolean {
  return entrySignature(entry) === eventSignature(event);
}

/** The error for a key reused with another event. @internal */
export function keyReused(): PiiError {
  return new PiiError(
    'STORE_CONFLICT',
    'This idempotencyKey was already used for a different audit event; make one key per event and reuse it only to retry that same event.',
  );
}

/** One keyed append a single-writer log remembers. @internal */
export interface KeyedAppend {
  signature: string;
  state: 'pending' | 'stored' | 'failed';
  /** The entry once built (set before it is handed to the sink). */
  entry: AuditEntry | undefined;
  done: Promise<AuditEntry>;
}

const REMEMBERED = 10_000;

/** The keys of a single-writer log: pending and failed ones always, the last 10,000 stored ones. @internal */
export class KeyedAppends {
  private readonly byKey = new Map<string, KeyedAppend>();
  get(key: string): KeyedAppend | undefined {
    return this.byKey.get(key);
  }
  set(key: string, k: KeyedAppend): void {
    this.byKey.delete(key);
    this.byKey.set(key, k);
  }
  delete(key: string): void {
    this.byKey.delete(key);
  }
  /** Drops the oldest stored keys beyond the bound (insertion order is age). */
  trim(): void {
    if (this.byKey.size <= REMEMBERED) return;
    for (const [key, k] of this.byKey) {
      if (k.state !== 'stored') continue;
      this.byKey.delete(key);
      if (this.byKey.size <= REMEMBERED) return;
    }
  }
}
