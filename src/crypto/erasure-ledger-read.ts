// Reading the erasure ledger back from an audit log, for restores (docs/operations.md, "Backups
// and restore"). Every kind of event that has ever recorded a destruction is understood: the
// library's own `key.destroyed` events, manual `key.destroyed` events, and the kinds earlier
// versions and applications used (`subject.erased`, `retention.destroyed`, `handover.completed`).
// A destruction the reader cannot map to key ids is reported, never skipped: a restore that
// ignored it could bring destroyed data back.
import { PiiError } from '../errors.js';
import { destroyKey, type ErasureScope } from './erasure-ledger.js';
import type { SubjectKeyRecord, SubjectKeyStore } from './key-store.js';
import { checkOptions } from '../_internal/options.js';
import { READ_LEDGER_OPTIONS } from './option-names.js';

/** An audit entry as the ledger reader needs it (an `AuditEntry` from courier-pii/audit fits). */
export interface ErasureLedgerEntry {
  /** Position in the log. */
  seq: number;
  /** When the log accepted it (ISO 8601). */
  time: string;
  /** Event kind. */
  kind: string;
  /** Name of a `custom` event. */
  name?: string;
  /** Subject ids, or blind indexes / pseudonyms. */
  subjects?: ReadonlyArray<string | { blind: string }>;
  /** Key ids. */
  keyIds?: readonly string[];
  /** Kind-specific details. */
  data?: { readonly [key: string]: unknown };
}

/** One key the ledger says is destroyed. */
export interface LedgerErasure {
  /** The key id (subject id or `record:<id>`). */
  keyId: string;
  /** `subject`: destroyed everywhere; `copy`: destroyed unless wrapped by one of `keptUnder`. */
  scope: ErasureScope;
  /** For `copy`: KEKs wrapping live copies elsewhere. */
  keptUnder: string[];
  /** When it was destroyed (ms since epoch; the entry's time). */
  at: number;
  /** Seq of the first entry that recorded it. */
  seq: number;
}

/** A destruction event the reader cannot map to key ids. */
export interface UnmappedDestruction {
  /** Its seq in the audit log. */
  seq: number;
  /** Its kind (`custom:<name>` for custom events). */
  kind: string;
  /** Why it cannot be mapped. */
  why: string;
}

/** What {@link readErasureLedger} found. */
export interface ErasureLedger {
  /** Destroyed keys by id (a `subject`-scoped record wins over `copy`-scoped ones). */
  erasures: Map<string, LedgerErasure>;
  /** Destruction events it could not map and that were not listed in `reviewed`. */
  unmapped: UnmappedDestruction[];
  /** Unmappable events skipped because `reviewed` listed them. */
  reviewed: number;
  /** Audit entries read. */
  entries: number;
}

/** Options of {@link readErasureLedger}. */
export interface ReadErasureLedgerOptions {
  /**
   * `'refuse'` (default): throw ERASURE_UNMAPPED, naming them, when any destruction event cannot
   * be mapped to key ids; `'report'`: list them in `unmapped` and return.
   */
  onUnmapped?: 'refuse' | 'report';
  /** Seqs of unmappable destruction events a person has checked and handled another way. */
  reviewed?: readonly number[];
  /** Called every 1,000 entries read. */
  onProgress?: (entriesRead: number) => void;
  /** Time for an entry without a usable time (default `Date.now`). */
  now?: () => number;
}

// Last part of a custom event name that says something was destroyed.
const DESTROYING_NAME = /\.(erased|erasure|destroyed|shredded|deleted|purged)$/;

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** The erasures one entry records, and why it cannot be mapped when it cannot. */
function mapEntry(e: ErasureLedgerEntry): {
  keys: string[];
  scope: ErasureScope;
  keptUnder?: string;
  why?: string;
} {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const subjects = e.subjects ?? [];
  const blind = subjects.some((s) => typeof s !== 'string');
  const ids = [...stringList(e.keyIds), ...stringList(subjects)];
  switch (e.kind) {
    case 'key.destroyed': {
      if (data.ledger === undefined) {
        // Written by an application: the key ids it names are destroyed everywhere.
        const keys = [...new Set([...stringList(e.keyIds), ...stringList([data.keyId])])];
        return keys.length > 0
          ? { keys, scope: 'subject' }
          : { keys, scope: 'subject', why: 'it names no key id' };
      }
      const keyId = typeof data.keyId === 'string' && data.keyId.length > 0 ? data.keyId : undefined;
      if (data.ledger !== 1 || !keyId)
        return { keys: [], scope: 'subject', why: 'its ledger version or key id is not understood' };
      if (data.scope === 'subject') return { keys: [keyId], scope: 'subject' };
      if (data.scope === 'copy' && typeof data.keptUnder === 'string' && data.keptUnder.length > 0)
        return { keys: [keyId], scope: 'copy', keptUnder: data.keptUnder };
      return { keys: [], scope: 'subject', why: 'its scope is not understood' };
    }
    case 'subject.erased': {
      const keys = [...new Set(ids)];
      if (blind)
        return {
          keys,
          scope: 'subject',
          why: 'it names a subject only by blind index; erase that subject again by id',
        };
      return keys.length > 0
        ? { keys, scope: 'subject' }
        : { keys, scope: 'subject', why: 'it names no subject' };
    }
    case 'retention.destroyed':
      // keyIds lists the keys the batch destroyed; a batch of deletions only destroys no key.
      if (blind) return { keys: ids, scope: 'subject', why: 'it names a subject only by blind index' };
      return { keys: [...new Set(ids)], scope: 'subject' };
    case 'handover.completed':
      // Since the ledger, a handover records each seller copy it destroys as key.destroyed.
      if (data.ledger === 1) return { keys: [], scope: 'subject' };
      return {
        keys: [],
        scope: 'subject',
        why: 'a handover written before the erasure ledger does not list the seller copies it destroyed (one that rewrapped in place destroyed none)',
      };
    case 'custom':
      if (typeof e.name === 'string' && DESTROYING_NAME.test(e.name))
        return {
          keys: [],
          scope: 'subject',
          why: 'an application event that records a destruction the library cannot interpret',
        };
      return { keys: [], scope: 'subject' };
    default:
      return { keys: [], scope: 'subject' };
  }
}

/**
 * Reads every erasure an audit log records: the library's `key.destroyed` events, and every
 * other kind that records a destruction (`subject.erased`, `retention.destroyed`, manual
 * `key.destroyed`, handovers, custom events named `*.erased` / `*.destroyed` / `*.deleted` …).
 * Events it cannot map to key ids are refused (or, with `onUnmapped: 'report'`, listed), never
 * skipped: a restore that ignored one could bring destroyed data back.
 *
 * @param entries - the audit entries, in order (`auditLog.entries()`)
 * @param options - what to do with unmappable events, seqs already reviewed, progress callback
 * @returns destroyed keys by id, and the unmappable events
 * @throws PiiError ERASURE_UNMAPPED naming the destruction events it cannot map (unless `onUnmapped: 'report'`)
 * @throws PiiError INVALID_ARGUMENT when `entries` is not iterable
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { readErasureLedger } from 'courier-pii/crypto';
 * const audit = createAuditLog({ sink: memorySink() });
 * await audit.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['cust-1'], data: { method: 'crypto-shred' } });
 * const ledger = await readErasureLedger(audit.entries());
 * console.log([...ledger.erasures.keys()].join(','), ledger.unmapped.length); // cust-1 0
 * ```
 */
export async function readErasureLedger(
  entries: AsyncIterable<ErasureLedgerEntry> | Iterable<ErasureLedgerEntry>,
  options: ReadErasureLedgerOptions = {},
): Promise<ErasureLedger> {
  if (
    !entries ||
    (typeof (entries as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' &&
      typeof (entries as Iterable<unknown>)[Symbol.iterator] !== 'function')
  )
    throw new PiiError('INVALID_ARGUMENT', 'readErasureLedger needs the audit entries (auditLog.entries()).');
  checkOptions('readErasureLedger', options, READ_LEDGER_OPTIONS);
  const reviewed = new Set(options.reviewed ?? []);
  const out: ErasureLedger = { erasures: new Map(), unmapped: [], reviewed: 0, entries: 0 };
  for await (const e of entries) {
    if (++out.entries % 1000 === 0) options.onProgress?.(out.entries);
    const m = mapEntry(e);
    if (m.why !== undefined) {
      if (reviewed.has(e.seq)) out.reviewed++;
      else
        out.unmapped.push({
          seq: e.seq,
          kind: e.kind === 'custom' ? `custom:${e.name}` : e.kind,
          why: m.why,
        });
    }
    if (m.keys.length === 0) continue;
    const t = Date.parse(e.time);
    const at = Number.isFinite(t) ? t : (options.now ?? Date.now)();
    for (const keyId of m.keys) {
      const cur = out.erasures.get(keyId);
      if (!cur) {
        out.erasures.set(keyId, {
          keyId,
          scope: m.scope,
          keptUnder: m.keptUnder !== undefined ? [m.keptUnder] : [],
          at,
          seq: e.seq,
        });
      } else if (m.scope === 'subject') {
        if (cur.scope === 'copy') Object.assign(cur, { scope: 'subject', keptUnder: [], at, seq: e.seq });
      } else if (cur.scope === 'copy' && m.keptUnder !== undefined && !cur.keptUnder.includes(m.keptUnder)) {
        cur.keptUnder.push(m.keptUnder);
      }
    }
  }
  options.onProgress?.(out.entries);
  if (out.unmapped.length > 0 && (options.onUnmapped ?? 'refuse') === 'refuse')
    throw unmappedError(out.unmapped);
  return out;
}

/**
 * The ledger's verdict on one key record: whether it must be destroyed. A `subject`-scoped
 * erasure destroys every copy; a `copy`-scoped one every copy not wrapped by a KEK it keeps.
 *
 * @param ledger - from {@link readErasureLedger}
 * @param record - a key record (from a backup, or a store)
 * @returns the erasure that destroys it, or undefined
 * @example
 * ```ts
 * import { ledgerDestroys, readErasureLedger } from 'courier-pii/crypto';
 * const ledger = await readErasureLedger([{ seq: 0, time: '2026-01-01T00:00:00.000Z', kind: 'key.destroyed', keyIds: ['cust-1'] }]);
 * const record = { subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 } as const;
 * console.log(ledgerDestroys(ledger, record)?.scope); // subject
 * ```
 */
export function ledgerDestroys(
  ledger: Pick<ErasureLedger, 'erasures'>,
  record: SubjectKeyRecord,
): LedgerErasure | undefined {
  const e = ledger.erasures.get(record.subjectId);
  if (!e) return undefined;
  if (e.scope === 'copy' && record.state === 'active' && e.keptUnder.includes(record.kekId)) return undefined;
  return e;
}

/** What {@link applyErasureLedger} did. */
export interface ApplyErasureLedgerResult {
  /** Live keys replaced by a tombstone now. */
  destroyed: number;
  /** Ids without a record that got a tombstone (subject-scoped erasures only). */
  tombstoned: number;
  /** Keys already destroyed. */
  already: number;
  /** Copies left alone because a copy-scoped erasure keeps them (or absent copies). */
  kept: number;
}

/**
 * Makes a key store agree with the ledger: every key a `subject`-scoped erasure names is a
 * tombstone afterwards (created when the store has no record, so no key is made for it again),
 * every copy a `copy`-scoped erasure covers is destroyed. Idempotent.
 *
 * @param store - the key store (for example one just restored by other means)
 * @param ledger - from {@link readErasureLedger}
 * @param options - progress callback (every 1,000 keys and at the end)
 * @returns counts of what it changed
 * @throws PiiError STORE_CONFLICT under a concurrent writer; STORE_UNAVAILABLE when the store fails
 * @example
 * ```ts
 * import { applyErasureLedger, memoryKeyStore, readErasureLedger } from 'courier-pii/crypto';
 * const store = memoryKeyStore();
 * await store.create({ subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 });
 * const ledger = await readErasureLedger([{ seq: 0, time: '2026-01-01T00:00:00.000Z', kind: 'key.destroyed', keyIds: ['cust-1'] }]);
 * console.log((await applyErasureLedger(store, ledger)).destroyed, (await store.get('cust-1'))?.state); // 1 destroyed
 * ```
 */
export async function applyErasureLedger(
  store: SubjectKeyStore,
  ledger: Pick<ErasureLedger, 'erasures'>,
  options: { onProgress?: (done: number) => void } = {},
): Promise<ApplyErasureLedgerResult> {
  if (!store || typeof store.get !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'applyErasureLedger needs a subject key store.');
  const out: ApplyErasureLedgerResult = { destroyed: 0, tombstoned: 0, already: 0, kept: 0 };
  let done = 0;
  const one = async (e: LedgerErasure): Promise<void> => {
    const r = await destroyKey(
      store,
      e.keyId,
      e.at,
      e.scope === 'copy' ? { keep: new Set(e.keptUnder), create: false } : {},
    );
    out[r.outcome]++;
    if (++done % 1000 === 0) options.onProgress?.(done);
  };
  let window: Promise<void>[] = [];
  for (const e of ledger.erasures.values()) {
    window.push(one(e));
    if (window.length >= 64) {
      await Promise.all(window);
      window = [];
    }
  }
  await Promise.all(window);
  options.onProgress?.(done);
  return out;
}

/** The refusal for unmappable destruction events, naming them. */
function unmappedError(unmapped: readonly UnmappedDestruction[]): PiiError {
  const shown = unmapped
    .slice(0, 5)
    .map((u) => `seq ${u.seq} (${u.kind}: ${u.why})`)
    .join('; ');
  const more = unmapped.length > 5 ? ` and ${unmapped.length - 5} more` : '';
  return new PiiError(
    'ERASURE_UNMAPPED',
    `The audit log records ${unmapped.length} destruction event(s) that cannot be mapped to key ids: ${shown}${more}. Nothing was restored. Check each one; when it is handled (for example the subject erased again by id), pass its seq in \`reviewed\` and run the restore again.`,
    { details: { seqs: unmapped.map((u) => u.seq).join(',') } },
  );
}
