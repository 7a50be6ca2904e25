// Row <-> SubjectKeyRecord conversion and checks shared by the database key stores.
import { destroyedKeyRecord, type SubjectKeyRecord } from '../crypto/index.js';
import { PiiError } from '../errors.js';

/** Checks a record before it is stored (same rules as the crypto module's stores). @internal */
export function checkKeyRecord(r: SubjectKeyRecord): void {
  if (typeof r?.subjectId !== 'string' || r.subjectId.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'record.subjectId must be a non-empty string.');
  if (!Number.isSafeInteger(r.revision) || r.revision < 1)
    throw new PiiError('INVALID_ARGUMENT', 'record.revision must be a positive integer.');
  if (!Number.isSafeInteger(r.createdAt))
    throw new PiiError('INVALID_ARGUMENT', 'record.createdAt must be an integer (ms since epoch).');
  if (r.state === 'active') {
    if (typeof r.kekId !== 'string' || r.kekId.length === 0)
      throw new PiiError('INVALID_ARGUMENT', 'record.kekId must be a non-empty string.');
    if (!(r.wrapped instanceof Uint8Array))
      throw new PiiError('INVALID_ARGUMENT', 'record.wrapped must be a Uint8Array.');
  } else if (r.state === 'destroyed') {
    if (!Number.isSafeInteger(r.destroyedAt))
      throw new PiiError('INVALID_ARGUMENT', 'record.destroyedAt must be an integer (ms since epoch).');
  } else {
    throw new PiiError('INVALID_ARGUMENT', "record.state must be 'active' or 'destroyed'.");
  }
}

/** The column values of a record: subject_id, state, kek_id, wrapped, created_at, destroyed_at, revision. @internal */
export function keyColumns(
  r: SubjectKeyRecord,
): [string, string, string | null, Uint8Array | null, number, number | null, number] {
  return r.state === 'active'
    ? [r.subjectId, 'active', r.kekId, r.wrapped, r.createdAt, null, r.revision]
    : [r.subjectId, 'destroyed', null, null, r.createdAt, r.destroyedAt, r.revision];
}

/** A stored row back to a record. @internal */
export function keyFromRow(row: Record<string, unknown>): SubjectKeyRecord {
  const base = {
    subjectId: String(row.subject_id),
    createdAt: Number(row.created_at),
    revision: Number(row.revision),
  };
  if (row.state === 'active') {
    const w = row.wrapped as Uint8Array;
    return { ...base, state: 'active', kekId: String(row.kek_id), wrapped: new Uint8Array(w) };
  }
  if (row.state === 'destroyed')
    return destroyedKeyRecord({ ...base, destroyedAt: Number(row.destroyed_at) });
  throw new PiiError(
    'KEYSTORE_CORRUPT',
    'A subject key row has an unknown state; restore the key store from a backup.',
  );
}

/** Rows of a multi-id read, back in the order of `ids` (undefined where none). @internal */
export function byId(
  ids: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<SubjectKeyRecord | undefined> {
  const m = new Map<string, SubjectKeyRecord>();
  for (const r of rows) {
    const k = keyFromRow(r);
    m.set(k.subjectId, k);
  }
  // a repeated id gets its own copy, as a second get() would
  const handed = new Set<string>();
  return ids.map((id) => {
    const k = m.get(id);
    if (!k) return undefined;
    if (!handed.has(id)) {
      handed.add(id);
      return k;
    }
    return k.state === 'active' ? { ...k, wrapped: new Uint8Array(k.wrapped) } : { ...k };
  });
}
