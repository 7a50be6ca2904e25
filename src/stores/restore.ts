// Restoring a key store backup (docs/operations.md, "Backups and restore") without resurrecting
// anything the erasure ledger destroyed. Before a single record is written, the whole audit log
// is read as the ledger (crypto's readErasureLedger: every kind of event that ever recorded a
// destruction); an event it cannot map stops the restore, naming it. Each backed-up key the
// ledger destroyed is written as a tombstone (never live, not even for a moment), tombstones
// already in the store win, and every other erased id gets a tombstone too. The whole log is
// read, not only what follows the snapshot: an erasure is recorded before its key is destroyed,
// so one in flight while the backup was listed has its event before the recorded audit size.
import type { AuditEntry } from '../audit/index.js';
import {
  applyErasureLedger,
  destroyedKeyRecord,
  type ErasureLedger,
  ledgerDestroys,
  readErasureLedger,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type BackupProgress, parseBackup } from './backup.js';
import { checkOptions } from '../_internal/options.js';
import { REPLAY_OPTIONS, RESTORE_OPTIONS } from './option-names.js';

/** The audit log as restore needs it: its entries (`AuditLog` has this). */
export interface RestoreAuditSource {
  /** Stored entries from `fromSeq`, in order. */
  entries(fromSeq?: number): AsyncIterable<AuditEntry>;
}

/** Options of {@link restoreKeyStore}. */
export interface RestoreOptions {
  /**
   * The audit log holding the erasure ledger, or `'none'` to restore without it (only when you
   * know no key was destroyed after the snapshot: nothing is replayed then).
   */
  audit: RestoreAuditSource | 'none';
  /** The key the backup was made with, when it was made with one. */
  integrityKey?: Uint8Array;
  /**
   * Seqs of destruction events the ledger cannot map (named by an ERASURE_UNMAPPED refusal) that a
   * person has checked and handled another way, for example by erasing the subject again by id.
   */
  reviewed?: readonly number[];
  /** Called every 1,000 items and at the end of each phase. */
  onProgress?: (p: BackupProgress) => void;
  /** Clock for tombstones made from audit entries without a usable time (default `Date.now`). */
  now?: () => number;
}

/** What {@link restoreKeyStore} did. */
export interface RestoreResult {
  /** Records from the backup now in the store as the backup and the ledger say. */
  restored: number;
  /** Records left as the store already had them (a newer key, or a tombstone that wins). */
  kept: number;
  /** Keys destroyed because the ledger destroyed them after the snapshot (live in the backup or the store, or never created). */
  erasuresReplayed: number;
  /** Unmappable destruction events skipped because `reviewed` listed them (a restore refuses any other). */
  unresolvedErasures: number;
  /** Records checked after writing. */
  verified: number;
  /** Audit size recorded in the backup, if any. */
  auditSize?: number;
}

const NO_LEDGER: Pick<ErasureLedger, 'erasures'> = { erasures: new Map() };

/** Destroys one key (a one-entry subject-scoped ledger). */
function destroyIn(store: SubjectKeyStore, keyId: string, at: number): Promise<unknown> {
  return applyErasureLedger(store, {
    erasures: new Map([[keyId, { keyId, scope: 'subject', keptUnder: [], at, seq: -1 }]]),
  });
}

function tombstoneOf(r: SubjectKeyRecord, at: number): SubjectKeyRecord {
  return destroyedKeyRecord({
    subjectId: r.subjectId,
    createdAt: r.createdAt,
    destroyedAt: at,
    revision: r.revision + 1,
  });
}

/**
 * Restores a key store backup into `store` (typically empty after a loss) so that nothing the
 * erasure ledger destroyed comes back: first the whole audit log is read as the ledger (and the
 * restore refuses, writing nothing, when it holds a destruction event it cannot map); then each
 * backed-up key is written, as a tombstone when the ledger destroyed it; a tombstone already in
 * the store always wins, a newer live key already there is kept; every other id the ledger erased
 * gets a tombstone; finally the store is re-read to verify.
 *
 * @param src - the backup file
 * @param store - the store to restore into
 * @param options - the audit log (or `'none'`), integrity key, reviewed seqs, progress callback
 * @returns counts of what was restored, kept, replayed and verified
 * @throws PiiError ERASURE_UNMAPPED when the audit log holds a destruction event it cannot map to key ids (nothing is written; the message names them)
 * @throws PiiError KEYSTORE_CORRUPT when the backup does not verify (nothing is written) or the store does not read back as restored
 * @throws PiiError INVALID_ARGUMENT without `audit`; STORE_CONFLICT under a concurrent writer
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { backupKeyStore, restoreKeyStore } from 'courier-pii/stores';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const audit = createAuditLog({ sink: memorySink() });
 * const store = memoryKeyStore();
 * await store.create({ subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 });
 * const path = join(mkdtempSync(join(tmpdir(), 'bk-')), 'keys.backup');
 * await backupKeyStore(store, path, { audit });
 * await audit.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['cust-1'], data: { method: 'crypto-shred' } });
 * const fresh = memoryKeyStore();
 * console.log((await restoreKeyStore(path, fresh, { audit })).erasuresReplayed, (await fresh.get('cust-1'))?.state); // 1 destroyed
 * ```
 */
export async function restoreKeyStore(
  src: string,
  store: SubjectKeyStore,
  options: RestoreOptions,
): Promise<RestoreResult> {
  checkOptions('restoreKeyStore', options, RESTORE_OPTIONS);
  if (!store || typeof store.create !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'restoreKeyStore needs a subject key store.');
  if (!options || (options.audit !== 'none' && typeof options.audit?.entries !== 'function')) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "restoreKeyStore needs { audit }: the audit log holding the erasure ledger, so keys destroyed after the backup stay destroyed (or 'none' when you are sure none were).",
    );
  }
  const { header, records } = parseBackup(src, options.integrityKey);
  const progress = options.onProgress;
  // The ledger is read (and any unmappable destruction refused) before anything is written.
  const ledger =
    options.audit === 'none'
      ? undefined
      : await readErasureLedger(options.audit.entries(0), {
          ...(options.reviewed ? { reviewed: options.reviewed } : {}),
          ...(options.now ? { now: options.now } : {}),
          onProgress: (n) => progress?.({ phase: 'erasures', done: n }),
        });
  const known = ledger ?? NO_LEDGER;

  let restored = 0;
  let kept = 0;
  let replayed = 0;
  let done = 0;
  const one = async (r: SubjectKeyRecord): Promise<void> => {
    const erasure = r.state === 'active' ? ledgerDestroys(known, r) : undefined;
    const target = erasure ? tombstoneOf(r, erasure.at) : r;
    const cur = await store.create(target);
    if (cur.state === target.state && cur.revision === target.revision) {
      restored++;
      if (erasure) replayed++;
    } else if (target.state === 'destroyed' && cur.state === 'active') {
      // The store holds a live key the backup or the ledger destroyed: destroy it.
      await destroyIn(store, r.subjectId, target.destroyedAt);
      restored++;
      if (erasure) replayed++;
    } else kept++;
    if (++done % 1000 === 0) progress?.({ phase: 'records', done });
  };
  for (let i = 0; i < records.length; i += 64) await Promise.all(records.slice(i, i + 64).map(one));
  progress?.({ phase: 'records', done });

  // Ids the ledger erased that the backup did not hold, or that the store already held live.
  if (ledger) {
    const applied = await applyErasureLedger(store, ledger);
    replayed += applied.destroyed + applied.tombstoned;
  }

  let verified = 0;
  const bad = (): PiiError =>
    new PiiError(
      'KEYSTORE_CORRUPT',
      'The restored key store does not read back as restored: a key the backup or the erasure ledger destroyed is live, or a record is missing. Stop every writer and run the restore again.',
    );
  for (const r of records) {
    const cur = await store.get(r.subjectId);
    if (!cur) throw bad();
    if ((r.state === 'destroyed' || ledgerDestroys(known, r)) && cur.state !== 'destroyed') throw bad();
    verified++;
  }
  for (const e of known.erasures.values()) {
    const cur = await store.get(e.keyId);
    if (cur?.state === 'active' && ledgerDestroys(known, cur)) throw bad();
    if (e.scope === 'subject' && cur?.state !== 'destroyed') throw bad();
  }
  progress?.({ phase: 'verify', done: verified });
  return {
    restored,
    kept,
    erasuresReplayed: replayed,
    unresolvedErasures: ledger?.reviewed ?? 0,
    verified,
    ...(header.auditSize !== null ? { auditSize: header.auditSize } : {}),
  };
}

/** Options of {@link replayErasures}. */
export interface ReplayErasuresOptions {
  /** The audit log holding the erasure ledger. */
  audit: RestoreAuditSource;
  /** First audit seq to read (default 0: the whole log; replaying is idempotent). */
  fromSeq?: number;
  /** Seqs of unmappable destruction events already reviewed (see {@link RestoreOptions.reviewed}). */
  reviewed?: readonly number[];
  /** Called every 1,000 audit entries read and at the end. */
  onProgress?: (p: BackupProgress) => void;
}

/**
 * Makes a key store agree with the erasure ledger: destroys every key the audit log records as
 * destroyed (every destroying event kind), unless it is destroyed already. Run it after restoring
 * the key table by any other means (a pg_dump, a point-in-time recovery, a disk snapshot), so
 * erased stays erased. Refuses, changing nothing, when the log holds a destruction it cannot map.
 *
 * @param store - the restored key store
 * @param options - the audit log, where to start, reviewed seqs
 * @returns keys destroyed now, unmappable events skipped as reviewed, and how many audit entries were read
 * @throws PiiError ERASURE_UNMAPPED naming destruction events it cannot map (nothing is changed)
 * @throws PiiError STORE_CONFLICT under a concurrent writer; STORE_UNAVAILABLE when the store fails
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { replayErasures } from 'courier-pii/stores';
 * const audit = createAuditLog({ sink: memorySink() });
 * await audit.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['cust-1'], data: { method: 'crypto-shred' } });
 * const store = memoryKeyStore();
 * await store.create({ subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 });
 * console.log((await replayErasures(store, { audit })).replayed, (await store.get('cust-1'))?.state); // 1 destroyed
 * ```
 */
export async function replayErasures(
  store: SubjectKeyStore,
  options: ReplayErasuresOptions,
): Promise<{ replayed: number; unresolved: number; entries: number }> {
  checkOptions('replayErasures', options, REPLAY_OPTIONS);
  if (!store || typeof store.get !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'replayErasures needs a subject key store.');
  if (typeof options?.audit?.entries !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'replayErasures needs { audit }: the audit log.');
  const from = options.fromSeq ?? 0;
  if (!Number.isSafeInteger(from) || from < 0)
    throw new PiiError('INVALID_ARGUMENT', 'fromSeq must be a non-negative integer.');
  const ledger = await readErasureLedger(options.audit.entries(from), {
    ...(options.reviewed ? { reviewed: options.reviewed } : {}),
    onProgress: (n) => options.onProgress?.({ phase: 'erasures', done: n }),
  });
  const r = await applyErasureLedger(store, ledger);
  return { replayed: r.destroyed + r.tombstoned, unresolved: ledger.reviewed, entries: ledger.entries };
}
