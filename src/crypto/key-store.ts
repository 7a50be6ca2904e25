// Subject key stores: where wrapped DEKs live. An extension point (docs/formats.md, "Subject
// key records"): the memory and file stores here, SQLite and PostgreSQL in courier-pii/stores.
import { assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';

/** A subject's live DEK, stored only wrapped by a KEK. */
export interface ActiveKeyRecord {
  /** The data subject (customer id, or a record id when no subject is named). */
  subjectId: string;
  /** Live key. */
  state: 'active';
  /** Id of the KEK that wrapped `wrapped`. */
  kekId: string;
  /** The DEK encrypted under the KEK (never the raw DEK). */
  wrapped: Uint8Array;
  /** When the DEK was made (ms since epoch). */
  createdAt: number;
  /** Incremented by every change; compared by {@link SubjectKeyStore.compareAndSet}. */
  revision: number;
}

/** A tombstone: the subject's DEK was destroyed (crypto-shredding); its bytes are gone. */
export interface DestroyedKeyRecord {
  /** The erased subject. */
  subjectId: string;
  /** Destroyed key. */
  state: 'destroyed';
  /** When the destroyed DEK was made (ms since epoch). */
  createdAt: number;
  /** When it was destroyed (ms since epoch). */
  destroyedAt: number;
  /** Incremented by every change. */
  revision: number;
}

/**
 * A tombstone (crypto-shredding), the one place its shape is written: destroying a key, writing a
 * tombstone for an id that had none, and every store reading one back build it here, so a
 * destroyed key has the same fields, in the same order, whoever recorded it. @internal
 *
 * @param f - the subject, when its DEK was made, when it was destroyed and the record's revision
 * @returns the {@link DestroyedKeyRecord}
 */
export function destroyedKeyRecord(f: Omit<DestroyedKeyRecord, 'state'>): DestroyedKeyRecord {
  return {
    subjectId: f.subjectId,
    state: 'destroyed',
    createdAt: f.createdAt,
    destroyedAt: f.destroyedAt,
    revision: f.revision,
  };
}

/** What a {@link SubjectKeyStore} holds per subject. */
export type SubjectKeyRecord = ActiveKeyRecord | DestroyedKeyRecord;

/**
 * Storage for subjects' wrapped DEKs. An extension point: implement it over any database.
 *
 * Contract (tested by test/crypto/key-store.test.ts for every store here):
 * - `create` stores a record only when the subject has none, atomically, and returns what is
 *   stored afterwards (the existing record when another writer won the race).
 * - `compareAndSet` replaces a record only when its current `revision` equals `expectedRevision`
 *   and returns whether it did; `next.revision` is `expectedRevision + 1`. Destroying a DEK is a
 *   compare-and-set to a {@link DestroyedKeyRecord}; afterwards the wrapped bytes must be gone
 *   from the store's storage (not only hidden).
 * - A resolved promise means the change is durable.
 * - `list` yields every record once.
 * - `getMany`, when present, returns for each id what `get` returns.
 */
export interface SubjectKeyStore {
  /** The subject's record, or undefined when it has none. */
  get(subjectId: string): Promise<SubjectKeyRecord | undefined>;
  /**
   * The records of several subjects in one read (the keys a page of records needs): one entry
   * per id, in the order given (repeated ids repeat), undefined where a subject has none.
   * Optional: without it a vault calls `get` once per id. The built-in stores answer with one
   * query. Must return what `get` would for each id.
   */
  getMany?(subjectIds: readonly string[]): Promise<Array<SubjectKeyRecord | undefined>>;
  /** Stores `record` unless the subject has one; returns the stored record. */
  create(record: SubjectKeyRecord): Promise<SubjectKeyRecord>;
  /** Replaces the subject's record when its revision is `expectedRevision`; true when it did. */
  compareAndSet(subjectId: string, expectedRevision: number, next: SubjectKeyRecord): Promise<boolean>;
  /** Every record, each once. */
  list(): AsyncIterable<SubjectKeyRecord>;
  /** Releases files or connections, if any. */
  close?(): Promise<void>;
}

/** Checks a record before it is stored. @internal */
export function checkRecord(r: SubjectKeyRecord): void {
  assertNonEmptyString('record.subjectId', r?.subjectId);
  if (!Number.isSafeInteger(r.revision) || r.revision < 1) {
    throw new PiiError('INVALID_ARGUMENT', 'record.revision must be a positive integer.');
  }
  if (r.state === 'active') {
    assertNonEmptyString('record.kekId', r.kekId);
    if (!(r.wrapped instanceof Uint8Array))
      throw new PiiError('INVALID_ARGUMENT', 'record.wrapped must be a Uint8Array.');
  } else if (r.state !== 'destroyed') {
    throw new PiiError('INVALID_ARGUMENT', "record.state must be 'active' or 'destroyed'.");
  }
}

function copy(r: SubjectKeyRecord): SubjectKeyRecord {
  return r.state === 'active' ? { ...r, wrapped: new Uint8Array(r.wrapped) } : { ...r };
}

/**
 * A subject key store in memory, for tests and short-lived processes.
 *
 * @returns an empty in-memory {@link SubjectKeyStore}
 * @example
 * ```ts
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * const store = memoryKeyStore();
 * console.log((await store.get('customer-1')) === undefined); // true
 * ```
 */
export function memoryKeyStore(): SubjectKeyStore {
  const m = new Map<string, SubjectKeyRecord>();
  return {
    async get(id) {
      const r = m.get(id);
      return r && copy(r);
    },
    async getMany(ids) {
      return ids.map((id) => {
        const r = m.get(id);
        return r && copy(r);
      });
    },
    async create(record) {
      checkRecord(record);
      const cur = m.get(record.subjectId);
      if (cur) return copy(cur);
      m.set(record.subjectId, copy(record));
      return copy(record);
    },
    async compareAndSet(id, expected, next) {
      checkRecord(next);
      const cur = m.get(id);
      if (!cur || cur.revision !== expected || next.subjectId !== id || next.revision !== expected + 1)
        return false;
      if (cur.state === 'active') cur.wrapped.fill(0);
      m.set(id, copy(next));
      return true;
    },
    async *list() {
      // Snapshot the ids only and read each record as it is reached, so a long pass (rotation,
      // handover) sees current records and does not pin replaced ones in memory.
      for (const id of [...m.keys()]) {
        const r = m.get(id);
        if (r) yield copy(r);
      }
    },
  };
}
