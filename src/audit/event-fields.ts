// Validating an event and turning it into the entry fields it contributes (kind, actor, purpose,
// references, data), shared by the log and by idempotency checks.
import { PiiError } from '../errors.js';
import { cloneJson } from './canonical-json.js';
import type { AuditEntry, UnhashedEntry } from './entry.js';
import { AUDIT_KINDS, type AuditEvent } from './events.js';
import {
  type BlindFormats,
  blindFormats,
  DEFAULT_BLIND_INDEX_BYTES,
  guardFields,
  isBlind,
} from './pii-guard.js';

const KINDS = new Set<string>(AUDIT_KINDS);
const CUSTOM_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/;

export function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}

function refList(
  name: string,
  v: unknown,
  allowBlind: boolean,
): Array<string | { blind: string }> | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw bad(`event.${name} must be an array.`);
  return v.map((x, i) => {
    if (typeof x === 'string' && x.length > 0) return x;
    if (allowBlind && isBlind(x) && typeof x.blind === 'string' && x.blind.length > 0)
      return { blind: x.blind };
    throw bad(`event.${name}[${i}] must be a non-empty string${allowBlind ? ' or { blind: string }' : ''}.`);
  });
}

/** The `{ blind }` formats of a log with the default blind indexes. */
export const DEFAULT_BLIND_FORMATS: BlindFormats = blindFormats(DEFAULT_BLIND_INDEX_BYTES);

/** Validates an event and returns the entry fields it contributes. */
export function eventFields(
  event: AuditEvent,
  formats: BlindFormats = DEFAULT_BLIND_FORMATS,
): Omit<UnhashedEntry, 'v' | 'seq' | 'time' | 'prev'> {
  if (typeof event !== 'object' || event === null) throw bad('event must be an object.');
  const kind = (event as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || (kind !== 'custom' && !KINDS.has(kind))) {
    throw bad(
      "event.kind is not a known audit kind; use { kind: 'custom', name: 'namespace.event' } for others.",
    );
  }
  for (const k of ['actor', 'purpose'] as const) {
    if (typeof event[k] !== 'string' || event[k].length === 0)
      throw bad(`event.${k} must be a non-empty string.`);
  }
  const out: Omit<UnhashedEntry, 'v' | 'seq' | 'time' | 'prev'> = {
    kind: kind as AuditEntry['kind'],
    actor: event.actor,
    purpose: event.purpose,
  };
  if (kind === 'custom') {
    const name = (event as { name?: unknown }).name;
    if (typeof name !== 'string' || !CUSTOM_NAME.test(name)) {
      throw bad('A custom event needs a namespaced name such as "acme.parcel.relabelled".');
    }
    out.name = name;
  }
  const subjects = refList('subjects', event.subjects, true);
  const records = refList('records', event.records, true);
  const paths = refList('paths', event.paths, false) as string[] | undefined;
  const keyIds = refList('keyIds', event.keyIds, false) as string[] | undefined;
  if (subjects) out.subjects = subjects;
  if (records) out.records = records;
  if (paths) out.paths = paths;
  if (keyIds) out.keyIds = keyIds;
  const data = (event as { data?: unknown }).data;
  if (data !== undefined) {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw bad('event.data must be an object.');
    // A checked deep copy: refuses non-JSON values and detaches the entry from the caller's object.
    out.data = cloneJson(data as AuditEntry['data']);
  }
  guardFields(out, formats);
  return out;
}
