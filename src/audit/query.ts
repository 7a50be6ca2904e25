// Query helpers for breach response and subject access: filter entries by subject, actor, key,
// record, kind and time window, streaming over a log, a sink or any iterable of entries.
import { PiiError } from '../errors.js';
import type { AuditEntry } from './entry.js';
import type { AuditRef } from './events.js';
import type { AuditLog } from './log.js';
import type { AuditSink } from './sink.js';

/** Anything entries can be read from. */
export type AuditSource = AuditLog | AuditSink | Iterable<AuditEntry> | AsyncIterable<AuditEntry>;

/** A filter; every given criterion must hold. */
export interface AuditQuery {
  /** Entries about this subject (plain id, or the value of a `{ blind }` ref). */
  subject?: string;
  /** Entries by this actor. */
  actor?: string;
  /** Entries naming this key id (in `keyIds`, or data.keyId / fromKeyId / toKeyId). */
  keyId?: string;
  /** Entries about this record. */
  record?: string;
  /** Only these kinds (custom events match `custom` or their name). */
  kinds?: readonly string[];
  /** From this time, inclusive. */
  from?: Date | number | string;
  /** Until this time, exclusive. */
  to?: Date | number | string;
}

function iso(name: string, v: Date | number | string): string {
  const d = v instanceof Date ? v : new Date(v);
  if (!Number.isFinite(d.getTime()))
    throw new PiiError('INVALID_ARGUMENT', `query.${name} is not a valid time.`);
  return d.toISOString();
}

function hasRef(list: readonly AuditRef[] | undefined, want: string): boolean {
  if (!list) return false;
  for (const r of list) if (r === want || (typeof r === 'object' && r.blind === want)) return true;
  return false;
}

function namesKey(e: AuditEntry, keyId: string): boolean {
  if (e.keyIds?.includes(keyId)) return true;
  const d = e.data;
  return d !== undefined && (d.keyId === keyId || d.fromKeyId === keyId || d.toKeyId === keyId);
}

function entriesOf(source: AuditSource): AsyncIterable<AuditEntry> | Iterable<AuditEntry> {
  const s = source as Partial<AuditLog & AuditSink>;
  if (typeof s.entries === 'function' && typeof s.append === 'function') return s.entries(0);
  if (typeof s.read === 'function' && typeof s.append === 'function') return s.read(0);
  if (
    source !== null &&
    typeof source === 'object' &&
    (Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    return source as AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  }
  throw new PiiError('INVALID_ARGUMENT', 'source must be an audit log, a sink or an iterable of entries.');
}

/**
 * Streams the entries that match `query`, in log order, without loading the log whole.
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param query - criteria that must all hold
 * @returns the matching entries
 * @throws PiiError INVALID_ARGUMENT for a bad source or time
 * @example
 * ```ts
 * import { createAuditLog, memorySink, streamAudit } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink() });
 * await log.append({ kind: 'field.view', actor: 'cs-1', purpose: 'support', subjects: ['subj-7'], paths: ['recipient.name'] });
 * for await (const e of streamAudit(log, { actor: 'cs-1' })) console.log(e.kind); // field.view
 * ```
 */
export async function* streamAudit(source: AuditSource, query: AuditQuery = {}): AsyncGenerator<AuditEntry> {
  const from = query.from === undefined ? undefined : iso('from', query.from);
  const to = query.to === undefined ? undefined : iso('to', query.to);
  const kinds = query.kinds ? new Set(query.kinds) : undefined;
  for await (const e of entriesOf(source)) {
    if (query.actor !== undefined && e.actor !== query.actor) continue;
    if (query.subject !== undefined && !hasRef(e.subjects, query.subject)) continue;
    if (query.record !== undefined && !hasRef(e.records, query.record)) continue;
    if (query.keyId !== undefined && !namesKey(e, query.keyId)) continue;
    if (kinds && !kinds.has(e.kind) && !(e.name !== undefined && kinds.has(e.name))) continue;
    // Entry times share one fixed ISO format, so string order is time order.
    if (from !== undefined && e.time < from) continue;
    if (to !== undefined && e.time >= to) continue;
    yield e;
  }
}

/**
 * Collects the entries that match `query`.
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param query - criteria that must all hold
 * @returns the matching entries in log order
 * @throws PiiError INVALID_ARGUMENT for a bad source or time
 * @example
 * ```ts
 * import { createAuditLog, memorySink, queryAudit } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink() });
 * await log.append({ kind: 'key.rotated', actor: 'ops', purpose: 'key-management', keyIds: ['kek-1', 'kek-2'], data: { fromKeyId: 'kek-1', toKeyId: 'kek-2' } });
 * console.log((await queryAudit(log, { keyId: 'kek-1' })).length); // 1
 * ```
 */
export async function queryAudit(source: AuditSource, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of streamAudit(source, query)) out.push(e);
  return out;
}

/**
 * Entries about one subject (for a data-subject access request or erasure record).
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param subject - the subject id, or the value of its `{ blind }` ref
 * @returns matching entries in log order
 * @example
 * ```ts
 * import { bySubject, createAuditLog, memorySink } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink() });
 * await log.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['subj-9'], data: { method: 'crypto-shred' } });
 * console.log((await bySubject(log, 'subj-9')).length); // 1
 * ```
 */
export function bySubject(source: AuditSource, subject: string): Promise<AuditEntry[]> {
  return queryAudit(source, { subject });
}

/**
 * Entries by one actor (for an insider investigation).
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param actor - the actor id
 * @returns matching entries in log order
 * @example
 * ```ts
 * import { byActor, createAuditLog, memorySink } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink() });
 * await log.append({ kind: 'field.view', actor: 'station-3', purpose: 'pickup', paths: ['recipient.name'] });
 * console.log((await byActor(log, 'station-3')).length); // 1
 * ```
 */
export function byActor(source: AuditSource, actor: string): Promise<AuditEntry[]> {
  return queryAudit(source, { actor });
}

/**
 * Entries naming one key (for a key compromise).
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param keyId - the key id
 * @returns matching entries in log order
 * @example
 * ```ts
 * import { byKeyId, createAuditLog, memorySink } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink() });
 * await log.append({ kind: 'key.created', actor: 'ops', purpose: 'key-management', keyIds: ['kek-3'], data: { keyId: 'kek-3', keyType: 'kek' } });
 * console.log((await byKeyId(log, 'kek-3')).length); // 1
 * ```
 */
export function byKeyId(source: AuditSource, keyId: string): Promise<AuditEntry[]> {
  return queryAudit(source, { keyId });
}

/**
 * Entries in a time window `[from, to)`.
 *
 * @param source - a log, a sink, or an (async) iterable of entries
 * @param from - start, inclusive
 * @param to - end, exclusive
 * @returns matching entries in log order
 * @throws PiiError INVALID_ARGUMENT for an invalid time
 * @example
 * ```ts
 * import { createAuditLog, inWindow, memorySink } from 'courier-pii/audit';
 * const log = createAuditLog({ sink: memorySink(), clock: () => Date.UTC(2026, 0, 2) });
 * await log.append({ kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'night-access', severity: 'low' } });
 * console.log((await inWindow(log, '2026-01-01', '2026-01-03')).length); // 1
 * ```
 */
export function inWindow(
  source: AuditSource,
  from: Date | number | string,
  to: Date | number | string,
): Promise<AuditEntry[]> {
  return queryAudit(source, { from, to });
}
