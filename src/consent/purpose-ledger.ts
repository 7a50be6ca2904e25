// The purpose-consent ledger: records consents given and withdrawn (append-only, in a store),
// folds them into the current state per purpose, hands the policy a synchronous reader, writes
// an audit event per change (ids and purpose names only) and tells listeners of a withdrawal so
// lifecycle can turn it into erasure work (PIPL Art. 47).
import type { AuditEvent } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { checkName, checkSubjectId, parsePurposeConsentEntry } from './purpose-entry.js';
import type {
  PurposeConsentEntry,
  PurposeConsentState,
  PurposeConsentStore,
  PurposeWithdrawal,
  SeparateConsent,
} from './purpose-types.js';
import type { ConsentAuditSink } from './types.js';
import { checkOptions } from '../_internal/options.js';
import { GIVE_PURPOSE_OPTIONS, PURPOSE_LEDGER_OPTIONS } from './option-names.js';

/** Options of {@link createPurposeConsentLedger}. */
export interface PurposeConsentLedgerOptions {
  /** Where entries are kept (memory, file, SQLite, PostgreSQL). */
  store: PurposeConsentStore;
  /** Audit log for `purpose.given` / `purpose.withdrawn` events (subject id and purpose only). */
  audit?: ConsentAuditSink;
  /** Audit actor (default `privacy-center`). */
  actor?: string;
  /** Called after each withdrawal is stored and audited (e.g. to queue erasure work). */
  onWithdraw?: (withdrawal: PurposeWithdrawal) => void | Promise<void>;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

/** Options of {@link PurposeConsentLedger.give}. */
export interface GivePurposeConsentOptions {
  /** The privacy-notice version the subject saw (required: consent must be informed). */
  noticeVersion: string;
  /** Separate consents given with it (sensitive data, third party, cross-border, marketing). */
  separate?: readonly SeparateConsent[];
  /** The channel (an id such as `app` or `privacy-center`). */
  channel?: string;
}

/** A snapshot reader: {@link PurposeConsentLedger.reader}. Structurally the policy's `PurposeConsentReader`. */
export interface PurposeConsentSnapshot {
  /**
   * Whether the subject had a live consent to the purpose when the snapshot was taken; false for
   * a subject the snapshot did not load (fail closed).
   * @param subjectId - the subject
   * @param purpose - the purpose
   * @returns whether the consent is live
   */
  has(subjectId: string, purpose: string): boolean;
  /**
   * Whether a live consent to the purpose included a separate consent of this kind.
   * @param subjectId - the subject
   * @param purpose - the purpose
   * @param kind - the separate consent
   * @returns whether it was given
   */
  hasSeparate(subjectId: string, purpose: string, kind: SeparateConsent): boolean;
}

/** The ledger: see {@link createPurposeConsentLedger}. */
export interface PurposeConsentLedger {
  /** Records a consent; returns the purpose's new state. */
  give(subjectId: string, purpose: string, options: GivePurposeConsentOptions): Promise<PurposeConsentState>;
  /** Withdraws a live consent; undefined when none was live (nothing recorded). */
  withdraw(
    subjectId: string,
    purpose: string,
    options?: { channel?: string },
  ): Promise<PurposeWithdrawal | undefined>;
  /** The state of every purpose the subject ever consented to, sorted by purpose. */
  status(subjectId: string): Promise<PurposeConsentState[]>;
  /** Every entry of the subject, oldest first (for an access request). */
  history(subjectId: string): Promise<PurposeConsentEntry[]>;
  /** Loads the subjects' consents into a synchronous reader for `policy.decide`. */
  reader(subjectIds: readonly string[]): Promise<PurposeConsentSnapshot>;
}

/** Folds entries (in append order) into per-purpose states. */
function fold(entries: readonly PurposeConsentEntry[]): Map<string, PurposeConsentState> {
  const out = new Map<string, PurposeConsentState>();
  for (const e of entries) {
    const prev = out.get(e.purpose);
    if (e.action === 'give') {
      out.set(e.purpose, {
        purpose: e.purpose,
        live: true,
        givenAt: new Date(e.at),
        noticeVersion: e.noticeVersion!,
        separate: e.separate ?? [],
      });
    } else if (prev?.live) {
      out.set(e.purpose, { ...prev, live: false, withdrawnAt: new Date(e.at) });
    }
  }
  return out;
}

/**
 * Creates the purpose-consent ledger: which purposes (and separate consents) a subject agreed
 * to, when, under which notice version, and when withdrawn (PIPL Art. 14, 15, 23, 29, 39). The
 * policy reads it through `reader()`; a withdrawal is audited and passed to `onWithdraw`, where
 * `withdrawalErasureWork` of `courier-pii/lifecycle` turns it into erasure work (Art. 47).
 *
 * @param options - the store, audit log, withdrawal listener and clock
 * @returns the ledger
 * @throws PiiError INVALID_ARGUMENT without a store; from its methods INVALID_ARGUMENT for a
 *   malformed subject id, purpose, notice version or separate consent, STORE_UNAVAILABLE /
 *   STORE_CORRUPT from the store, and the audit log's errors (the entry is then already stored)
 * @example
 * ```ts
 * import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from 'courier-pii/consent';
 * const ledger = createPurposeConsentLedger({ store: createMemoryPurposeConsentStore() });
 * await ledger.give('cust-1', 'marketing', { noticeVersion: 'v3', separate: ['marketing'] });
 * const reader = await ledger.reader(['cust-1']);
 * console.log(reader.has('cust-1', 'marketing')); // true
 * await ledger.withdraw('cust-1', 'marketing');
 * console.log((await ledger.reader(['cust-1'])).has('cust-1', 'marketing')); // false
 * ```
 */
export function createPurposeConsentLedger(options: PurposeConsentLedgerOptions): PurposeConsentLedger {
  checkOptions('createPurposeConsentLedger', options, PURPOSE_LEDGER_OPTIONS);
  const store = options?.store;
  if (store === undefined || typeof store.append !== 'function' || typeof store.history !== 'function')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'createPurposeConsentLedger needs { store } with append and history.',
    );
  const now = options.now ?? Date.now;
  const actor = options.actor ?? 'privacy-center';
  // One chain of writes per subject, so a read-then-append (withdraw) is not interleaved in-process.
  const locks = new Map<string, Promise<unknown>>();
  function serial<T>(subjectId: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(subjectId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    locks.set(subjectId, tail);
    void tail.then(() => {
      if (locks.get(subjectId) === tail) locks.delete(subjectId);
    });
    return next;
  }
  async function audit(kind: 'purpose.given' | 'purpose.withdrawn', e: PurposeConsentEntry): Promise<void> {
    if (options.audit === undefined) return;
    const event = {
      kind,
      actor,
      purpose: 'consent-management',
      subjects: [e.subjectId],
      data: {
        consentPurpose: e.purpose,
        ...(e.noticeVersion ? { noticeVersion: e.noticeVersion } : {}),
        ...(e.separate && e.separate.length > 0 ? { separate: [...e.separate] } : {}),
        ...(e.channel ? { channel: e.channel } : {}),
      },
    } as AuditEvent;
    await options.audit.append(event);
  }

  return Object.freeze({
    async give(subjectId, purpose, o) {
      checkOptions('ledger.give', o, GIVE_PURPOSE_OPTIONS);
      const entry = parsePurposeConsentEntry({
        subjectId,
        purpose,
        action: 'give',
        at: now(),
        noticeVersion: o?.noticeVersion,
        ...(o?.separate !== undefined ? { separate: o.separate } : {}),
        ...(o?.channel !== undefined ? { channel: o.channel } : {}),
      });
      return serial(subjectId, async () => {
        await store.append(entry);
        await audit('purpose.given', entry);
        return fold([entry]).get(purpose)!;
      });
    },
    async withdraw(subjectId, purpose, o) {
      checkSubjectId(subjectId);
      checkName('purpose', purpose);
      return serial(subjectId, async () => {
        const states = fold(await store.history(subjectId));
        if (!states.get(purpose)?.live) return undefined;
        const entry = parsePurposeConsentEntry({
          subjectId,
          purpose,
          action: 'withdraw',
          at: now(),
          ...(o?.channel !== undefined ? { channel: o.channel } : {}),
        });
        await store.append(entry);
        await audit('purpose.withdrawn', entry);
        const stillLive = [...states.values()]
          .filter((s) => s.live && s.purpose !== purpose)
          .map((s) => s.purpose);
        const w: PurposeWithdrawal = Object.freeze({
          subjectId,
          purpose,
          at: new Date(entry.at),
          stillLive: Object.freeze(stillLive.sort()),
        });
        await options.onWithdraw?.(w);
        return w;
      });
    },
    async status(subjectId) {
      checkSubjectId(subjectId);
      const states = fold(await store.history(subjectId));
      return [...states.values()].sort((a, b) =>
        a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0,
      );
    },
    async history(subjectId) {
      return store.history(checkSubjectId(subjectId));
    },
    async reader(subjectIds) {
      if (!Array.isArray(subjectIds))
        throw new PiiError('INVALID_ARGUMENT', 'reader needs an array of subject ids.');
      const loaded = new Map<string, Map<string, PurposeConsentState>>();
      for (const id of subjectIds) loaded.set(checkSubjectId(id), fold(await store.history(id)));
      return Object.freeze({
        has: (subjectId: string, purpose: string) => loaded.get(subjectId)?.get(purpose)?.live === true,
        hasSeparate: (subjectId: string, purpose: string, kind: SeparateConsent) => {
          const s = loaded.get(subjectId)?.get(purpose);
          return s?.live === true && s.separate.includes(kind);
        },
      });
    },
  } satisfies PurposeConsentLedger);
}
