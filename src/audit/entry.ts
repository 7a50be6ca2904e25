// The stored audit entry and its hash (docs/formats.md, "Audit entry and checkpoint").
import { lengthPrefixed } from '../_internal/bytes.js';
import { backend } from './backend.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditData, AuditKind, AuditRef } from './events.js';

/** Format version of entries and checkpoints. */
export const AUDIT_FORMAT_VERSION = 1;

/** `prev` of the first entry: 32 zero bytes in hex. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Domain separation tag of the entry hash. */
export const ENTRY_DOMAIN = 'courier-pii/audit/entry/v1';

/**
 * One stored audit entry. `hash` is SHA-256 over the canonical JSON of every other field;
 * `prev` is the hash of the entry before it, so editing, dropping, reordering or inserting an
 * entry breaks the chain at that point.
 */
export interface AuditEntry {
  /** Format version, always 1. */
  v: 1;
  /** Position in the log, from 0, without gaps. */
  seq: number;
  /** When the log accepted the event: ISO 8601 UTC with milliseconds. */
  time: string;
  /** The event kind. */
  kind: AuditKind | 'custom';
  /** The namespaced name of a `custom` event. */
  name?: string;
  /** Who acted. */
  actor: string;
  /** The declared purpose. */
  purpose: string;
  /** Subject ids, blind indexes or pseudonyms. */
  subjects?: AuditRef[];
  /** Record ids. */
  records?: AuditRef[];
  /** Field paths. */
  paths?: string[];
  /** Key ids. */
  keyIds?: string[];
  /** Kind-specific details. */
  data?: AuditData;
  /** Hash of the previous entry (lower-case hex), or {@link AUDIT_GENESIS_HASH}. */
  prev: string;
  /** This entry's hash (lower-case hex). */
  hash: string;
}

/** An entry before its hash is computed. */
export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

const KEYS = new Set([
  'v',
  'seq',
  'time',
  'kind',
  'name',
  'actor',
  'purpose',
  'subjects',
  'records',
  'paths',
  'keyIds',
  'data',
  'prev',
  'hash',
]);
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The exact bytes an entry's hash covers: the length-prefixed parts `courier-pii/audit/entry/v1`
 * and the RFC 8785 canonical JSON of every field except `hash` (docs/formats.md).
 *
 * @param e - an entry (its `hash` field, if any, is left out)
 * @returns the hash input
 * @throws PiiError INVALID_ARGUMENT when a value is not canonical JSON
 * @example
 * ```ts
 * import { AUDIT_GENESIS_HASH, entryHashInput } from 'courier-pii/audit';
 * const bytes = entryHashInput({ v: 1, seq: 0, time: '2026-01-01T00:00:00.000Z', kind: 'alert', actor: 'monitor', purpose: 'security', prev: AUDIT_GENESIS_HASH });
 * console.log(bytes.length > 0); // true
 * ```
 */
export function entryHashInput(e: Omit<AuditEntry, 'hash'>): Uint8Array {
  let body: object = e;
  if ('hash' in e) {
    const { hash: _omit, ...rest } = e as AuditEntry;
    body = rest;
  }
  return lengthPrefixed(ENTRY_DOMAIN, canonicalJson(body));
}

/**
 * The hash an entry should carry: SHA-256 of {@link entryHashInput}, lower-case hex.
 *
 * @param e - an entry (its `hash` field, if any, is ignored)
 * @returns 64 hex characters
 * @throws PiiError INVALID_ARGUMENT when a value is not canonical JSON
 * @example
 * ```ts
 * import { createAuditLog, computeEntryHash, memorySink } from 'courier-pii/audit';
 * const entry = await createAuditLog({ sink: memorySink() }).append({ kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'r1', severity: 'low' } });
 * console.log(computeEntryHash(entry) === entry.hash); // true
 * ```
 */
export function computeEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  return backend.sha256Hex(entryHashInput(e));
}

function isStringList(v: unknown, allowBlind: boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (const x of v) {
    if (typeof x === 'string') continue;
    if (
      allowBlind &&
      typeof x === 'object' &&
      x !== null &&
      typeof (x as { blind?: unknown }).blind === 'string' &&
      Object.keys(x).length === 1
    ) {
      continue;
    }
    return false;
  }
  return true;
}

/** Why a parsed value is not a well-formed entry (structure only, not the hash), or undefined. */
export function entryShapeProblem(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not a JSON object';
  const e = x as Record<string, unknown>;
  // The field name is not echoed: in a tampered file it could be anything, personal data included.
  for (const k of Object.keys(e)) if (!KEYS.has(k)) return 'it has a field that entries do not have';
  if (e.v !== AUDIT_FORMAT_VERSION) return 'unsupported format version';
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) return 'seq is not a non-negative integer';
  if (typeof e.time !== 'string' || !ISO_TIME.test(e.time)) return 'time is not an ISO 8601 UTC timestamp';
  if (typeof e.kind !== 'string' || e.kind.length === 0) return 'kind is missing';
  if (e.name !== undefined && typeof e.name !== 'string') return 'name is not a string';
  if (typeof e.actor !== 'string') return 'actor is not a string';
  if (typeof e.purpose !== 'string') return 'purpose is not a string';
  if (e.subjects !== undefined && !isStringList(e.subjects, true)) return 'subjects is not a list of ids';
  if (e.records !== undefined && !isStringList(e.records, true)) return 'records is not a list of ids';
  if (e.paths !== undefined && !isStringList(e.paths, false)) return 'paths is not a list of strings';
  if (e.keyIds !== undefined && !isStringList(e.keyIds, false)) return 'keyIds is not a list of strings';
  if (e.data !== undefined && (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data))) {
    return 'data is not an object';
  }
  if (typeof e.prev !== 'string' || !HEX64.test(e.prev)) return 'prev is not a SHA-256 hex digest';
  if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) return 'hash is not a SHA-256 hex digest';
  return undefined;
}
