// The erasure ledger (docs/operations.md, "Backups and restore"): every key the library destroys
// is recorded twice, durably and by key id, by the library itself — a tombstone in the key store
// (which every backup carries) and a `key.destroyed` audit event (which outlives a lost key
// store). Every destroying path writes through here: erasure on request, the retention sweep,
// the seller's copies in a handover. Restores read the same ledger back (erasure-ledger-read.ts).
import { PiiError } from '../errors.js';
import { destroyedKeyRecord, type SubjectKeyStore } from './key-store.js';

/** Why a key was destroyed: erasure on request (PIPL Art. 47), retention, a handover, a breach. */
export type ErasureReason = 'erasure-request' | 'retention' | 'handover' | 'breach' | (string & {});

/**
 * What a destruction covers. `subject`: the key is gone everywhere, every copy of it in every
 * store and backup must stay destroyed. `copy`: one store's copy was destroyed because the live
 * key now lives elsewhere (a handover into the buyer's store); a restored copy is destroyed
 * unless it is wrapped by {@link KeyDestroyedData.keptUnder}.
 */
export type ErasureScope = 'subject' | 'copy';

/** A blind-index value the ledger asks the caller to delete from look-up tables. */
export interface BlindIndexValue {
  /** The blind index string, as `vault.blindIndex` returns it (`bi1.`…). */
  blind: string;
}

/** Details of a ledger `key.destroyed` event (`data`); ids and blind indexes only. */
export type KeyDestroyedData = {
  /** Ledger format version (1): marks an event the library wrote itself. */
  ledger: 1;
  /** The destroyed key: a subject id, or `record:<id>` for a record's own key. */
  keyId: string;
  /** Why it was destroyed. */
  reason: ErasureReason;
  /** What the destruction covers. */
  scope: ErasureScope;
  /** For scope `copy`: the KEK wrapping the live copy, which a restore must never destroy. */
  keptUnder?: string;
  /** KEK that wrapped the destroyed DEK, when one existed. */
  kekId?: string;
  /** Blind-index values of this key's data to delete from look-up tables. */
  indexes?: BlindIndexValue[];
  /** The handover that destroyed a seller's copy. */
  handoverId?: string;
};

/** The `key.destroyed` audit event the library appends for every key it destroys. */
export type KeyDestroyedEvent = {
  kind: 'key.destroyed';
  /** Who destroyed it (staff, service or job id). */
  actor: string;
  /** Why, as a processing purpose (`erasure-request`, `retention`, `company-handover`). */
  purpose: string;
  /** The subject, when the key is a subject's. */
  subjects?: string[];
  /** The record, when the key is a record's own (`record:<id>`). */
  records?: string[];
  /** The destroyed key id. */
  keyIds: string[];
  data: KeyDestroyedData;
};

/**
 * Where the library writes its `key.destroyed` events: an `AuditLog` from courier-pii/audit (or
 * anything with the same `append`). The append must be durable when its promise resolves.
 */
export interface ErasureAuditLog {
  /** Appends one event durably. */
  append(event: KeyDestroyedEvent): Promise<unknown>;
}

const RECORD_PREFIX = 'record:';

/** The ledger event for one destroyed key. @internal */
export function keyDestroyedEvent(e: {
  keyId: string;
  reason: ErasureReason;
  scope: ErasureScope;
  actor: string;
  purpose: string;
  keptUnder?: string;
  kekId?: string;
  indexes?: readonly string[];
  handoverId?: string;
}): KeyDestroyedEvent {
  const data: KeyDestroyedData = { ledger: 1, keyId: e.keyId, reason: e.reason, scope: e.scope };
  if (e.keptUnder !== undefined) data.keptUnder = e.keptUnder;
  if (e.kekId !== undefined) data.kekId = e.kekId;
  if (e.indexes && e.indexes.length > 0) data.indexes = [...new Set(e.indexes)].map((blind) => ({ blind }));
  if (e.handoverId !== undefined) data.handoverId = e.handoverId;
  const ev: KeyDestroyedEvent = {
    kind: 'key.destroyed',
    actor: e.actor,
    purpose: e.purpose,
    keyIds: [e.keyId],
    data,
  };
  if (e.keyId.startsWith(RECORD_PREFIX)) ev.records = [e.keyId.slice(RECORD_PREFIX.length)];
  else ev.subjects = [e.keyId];
  return ev;
}

/** Appends a ledger event; a failure stops the destruction before any key is touched. @internal */
export async function recordDestruction(log: ErasureAuditLog, event: KeyDestroyedEvent): Promise<unknown> {
  if (typeof log?.append !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'The erasure audit log must have an append(event) method.');
  return log.append(event);
}

/** What {@link recordKeyDestruction} records. */
export interface KeyDestruction {
  /** The key id (subject id, or `record:<id>`). */
  keyId: string;
  /** Why. */
  reason: ErasureReason;
  /** What it covers (default `'subject'`). */
  scope?: ErasureScope;
  /** For scope `copy`: the KEK wrapping the live copy. */
  keptUnder?: string;
  /** KEK that wrapped the destroyed DEK. */
  kekId?: string;
  /** Blind-index values of the key's data to delete. */
  indexes?: readonly string[];
  /** Audit actor. */
  actor: string;
  /** Audit purpose (default: the reason). */
  purpose?: string;
  /** The handover, for a seller copy. */
  handoverId?: string;
}

/**
 * Records a key destruction in the erasure ledger's audit log (a `key.destroyed` event), for a
 * key your code destroys by other means than the vault, sweep or handover (which record their
 * own). Record it before destroying the key; restores replay it.
 *
 * @param log - the audit log (an `AuditLog`)
 * @param d - key id, reason, scope, actor, blind indexes
 * @returns what the log's append returns (the stored entry)
 * @throws PiiError INVALID_ARGUMENT for a missing key id, reason or actor, or a copy scope without `keptUnder`
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { readErasureLedger, recordKeyDestruction } from 'courier-pii/crypto';
 * const audit = createAuditLog({ sink: memorySink() });
 * await recordKeyDestruction(audit, { keyId: 'cust-7', reason: 'breach', actor: 'incident-response' });
 * console.log((await readErasureLedger(audit.entries())).erasures.has('cust-7')); // true
 * ```
 */
export function recordKeyDestruction(log: ErasureAuditLog, d: KeyDestruction): Promise<unknown> {
  for (const [k, v] of [
    ['keyId', d?.keyId],
    ['reason', d?.reason],
    ['actor', d?.actor],
  ] as const) {
    if (typeof v !== 'string' || v.length === 0)
      return Promise.reject(new PiiError('INVALID_ARGUMENT', `${k} must be a non-empty string.`));
  }
  const scope = d.scope ?? 'subject';
  if (scope !== 'subject' && scope !== 'copy')
    return Promise.reject(new PiiError('INVALID_ARGUMENT', "scope must be 'subject' or 'copy'."));
  if (scope === 'copy' && (typeof d.keptUnder !== 'string' || d.keptUnder.length === 0))
    return Promise.reject(
      new PiiError(
        'INVALID_ARGUMENT',
        'A copy-scoped destruction needs keptUnder: the KEK of the live copy.',
      ),
    );
  return recordDestruction(
    log,
    keyDestroyedEvent({
      keyId: d.keyId,
      reason: d.reason,
      scope,
      actor: d.actor,
      purpose: d.purpose ?? d.reason,
      ...(d.keptUnder !== undefined ? { keptUnder: d.keptUnder } : {}),
      ...(d.kekId !== undefined ? { kekId: d.kekId } : {}),
      ...(d.indexes !== undefined ? { indexes: d.indexes } : {}),
      ...(d.handoverId !== undefined ? { handoverId: d.handoverId } : {}),
    }),
  );
}

/** What {@link destroyKey} found and did. @internal */
export interface DestroyOutcome {
  /** `destroyed`: a live DEK was replaced by a tombstone; `tombstoned`: the id had no record and
   * got a tombstone; `already`: a tombstone was there; `kept`: a copy wrapped by `keep` was left. */
  outcome: 'destroyed' | 'tombstoned' | 'already' | 'kept';
  /** KEK that wrapped the destroyed DEK. */
  kekId?: string;
  /** When the key is recorded destroyed. */
  destroyedAt: number;
}

/**
 * Replaces the key's record by a tombstone (compare-and-set, retried under contention), or
 * writes a tombstone when the id has none (unless `create: false`), so no key is ever made for it
 * again. With `keep`, a live record wrapped by one of those KEKs is left alone (a copy-scoped
 * destruction). @internal
 */
export async function destroyKey(
  store: SubjectKeyStore,
  keyId: string,
  at: number,
  o: { keep?: ReadonlySet<string>; create?: boolean } = {},
): Promise<DestroyOutcome> {
  const keep = o.keep;
  for (let attempt = 0; attempt < 16; attempt++) {
    const cur = await store.get(keyId);
    if (cur?.state === 'destroyed') return { outcome: 'already', destroyedAt: cur.destroyedAt };
    if (!cur) {
      if (o.create === false) return { outcome: 'kept', destroyedAt: at };
      const t = await store.create(
        destroyedKeyRecord({ subjectId: keyId, createdAt: at, destroyedAt: at, revision: 1 }),
      );
      if (t.state === 'destroyed')
        return { outcome: t.destroyedAt === at ? 'tombstoned' : 'already', destroyedAt: t.destroyedAt };
      continue;
    }
    if (keep?.has(cur.kekId)) return { outcome: 'kept', destroyedAt: at };
    const next = destroyedKeyRecord({
      subjectId: keyId,
      createdAt: cur.createdAt,
      destroyedAt: at,
      revision: cur.revision + 1,
    });
    if (await store.compareAndSet(keyId, cur.revision, next))
      return { outcome: 'destroyed', kekId: cur.kekId, destroyedAt: at };
  }
  throw new PiiError(
    'STORE_CONFLICT',
    'A subject key kept changing while it was being destroyed; stop other writers and retry.',
  );
}
