// Consent withdrawn → erasure work (PIPL Art. 47(1)(3)): when a subject withdraws a consent, the
// data processed on that consent is deleted, and once no purpose (consent or another legal
// basis) still needs anything of the subject, the whole subject is crypto-shredded. A running
// legal period does not stop this planning: pass it as a purpose that still needs the data.
import type { PurposeWithdrawal } from '../consent/index.js';
import type { ErasureCertificate, Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { addDuration, parseDuration } from './duration.js';
import { checkOptions } from '../_internal/options.js';
import { WITHDRAWAL_ERASURE_OPTIONS } from './option-names.js';

/** One piece of erasure work made from a withdrawal. Ids and purpose names only. */
export interface ErasureWork {
  /** Work id (`withdrawal:<subject>:<purpose>:<time>`): the same withdrawal makes the same id. */
  readonly id: string;
  /** The subject. */
  readonly subjectId: string;
  /** Always `consent-withdrawn` here. */
  readonly reason: 'consent-withdrawn';
  /** The purpose whose consent was withdrawn. */
  readonly purpose: string;
  /**
   * `subject`: nothing of the subject is needed any more, so its key is crypto-shredded;
   * `purpose-data`: other purposes still need the subject, so only the data collected for the
   * withdrawn purpose is deleted (by the caller; the key lives on).
   */
  readonly scope: 'subject' | 'purpose-data';
  /** Purposes that still need the subject's data (why the scope is `purpose-data`). */
  readonly retainedFor: readonly string[];
  /** When the withdrawal happened. */
  readonly createdAt: Date;
  /** When the work should be done. */
  readonly dueAt: Date;
}

/** Options of {@link withdrawalErasureWork}. */
export interface WithdrawalErasureOptions {
  /**
   * Purposes on another legal basis that still need the subject's data now (a parcel in
   * delivery: `delivery`; a legal retention period still running). Default none.
   */
  neededFor?: readonly string[];
  /**
   * How soon the work is due, an ISO 8601 duration (default `P15D`). PIPL Art. 47 says
   * "promptly" (及时) without a number: the default is practice, not law; set your own.
   */
  within?: string;
}

/**
 * Turns a withdrawal (the purpose-consent ledger's `onWithdraw` event) into erasure work:
 * crypto-shred the whole subject when no purpose still needs it, else delete only the data of
 * the withdrawn purpose (PIPL Art. 47).
 *
 * @param withdrawal - the event from `createPurposeConsentLedger({ onWithdraw })`
 * @param options - purposes on another basis that still need the data, and the due period
 * @returns the work item
 * @throws PiiError INVALID_ARGUMENT for a malformed withdrawal or purpose list
 * @throws PiiError RETENTION_INVALID for a `within` that is not an ISO 8601 duration
 * @example
 * ```ts
 * import { withdrawalErasureWork } from 'courier-pii/lifecycle';
 * const w = withdrawalErasureWork({ subjectId: 'cust-1', purpose: 'marketing', at: new Date(0), stillLive: [] });
 * console.log(w.scope, w.dueAt.getTime()); // subject 1296000000
 * ```
 */
export function withdrawalErasureWork(
  withdrawal: PurposeWithdrawal,
  options: WithdrawalErasureOptions = {},
): ErasureWork {
  checkOptions('withdrawalErasureWork', options, WITHDRAWAL_ERASURE_OPTIONS);
  const w = withdrawal as Partial<PurposeWithdrawal> | null;
  if (
    w === null ||
    typeof w !== 'object' ||
    typeof w.subjectId !== 'string' ||
    w.subjectId === '' ||
    typeof w.purpose !== 'string' ||
    w.purpose === '' ||
    !(w.at instanceof Date) ||
    !Number.isFinite(w.at.getTime()) ||
    !Array.isArray(w.stillLive)
  )
    throw new PiiError(
      'INVALID_ARGUMENT',
      'withdrawalErasureWork needs the ledger withdrawal event { subjectId, purpose, at, stillLive }.',
    );
  const needed = options.neededFor ?? [];
  if (!Array.isArray(needed) || needed.some((p) => typeof p !== 'string' || p === ''))
    throw new PiiError('INVALID_ARGUMENT', 'neededFor must be an array of purpose names.');
  const due = parseDuration('within', options.within ?? 'P15D');
  const retainedFor = [...new Set([...w.stillLive, ...needed])].filter((p) => p !== w.purpose).sort();
  const at = w.at.getTime();
  return Object.freeze({
    id: `withdrawal:${w.subjectId}:${w.purpose}:${at}`,
    subjectId: w.subjectId,
    reason: 'consent-withdrawn',
    purpose: w.purpose,
    scope: retainedFor.length === 0 ? 'subject' : 'purpose-data',
    retainedFor: Object.freeze(retainedFor),
    createdAt: new Date(at),
    dueAt: new Date(addDuration(at, due)),
  });
}

/** What {@link carryOutErasureWork} did. */
export interface ErasureWorkResult {
  /** The work item. */
  readonly work: ErasureWork;
  /** The vault's certificate when the subject was crypto-shredded. */
  readonly certificate?: ErasureCertificate;
  /** What the caller must still delete itself (`purpose-data`: the withdrawn purpose's data). */
  readonly pending: readonly string[];
}

/**
 * Does the part of the work the SDK can do: a `subject` item crypto-shreds the subject's key
 * through the vault (recorded in the erasure ledger with reason `consent-withdrawn`); a
 * `purpose-data` item destroys nothing and lists what the caller deletes.
 *
 * @param work - from {@link withdrawalErasureWork}
 * @param options - the vault, and the audit actor (default `consent-withdrawal`)
 * @returns the certificate (subject scope) and the pending items
 * @throws PiiError INVALID_ARGUMENT for a malformed work item; the vault's errors from `eraseSubject`
 * @example
 * ```ts
 * import { carryOutErasureWork, withdrawalErasureWork } from 'courier-pii/lifecycle';
 * const work = withdrawalErasureWork({ subjectId: 'cust-1', purpose: 'marketing', at: new Date(0), stillLive: ['delivery'] });
 * const r = await carryOutErasureWork(work, { vault: { eraseSubject: async () => { throw new Error('not called'); } } });
 * console.log(r.pending); // ["data collected for marketing"]
 * ```
 */
export async function carryOutErasureWork(
  work: ErasureWork,
  options: { vault: Pick<Vault, 'eraseSubject'>; actor?: string },
): Promise<ErasureWorkResult> {
  if (work === null || typeof work !== 'object' || work.reason !== 'consent-withdrawn')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'carryOutErasureWork needs a work item from withdrawalErasureWork.',
    );
  if (work.scope === 'purpose-data') return { work, pending: [`data collected for ${work.purpose}`] };
  if (work.scope !== 'subject')
    throw new PiiError('INVALID_ARGUMENT', "work.scope must be 'subject' or 'purpose-data'.");
  const certificate = await options.vault.eraseSubject(work.subjectId, {
    reason: 'consent-withdrawn',
    actor: options.actor ?? 'consent-withdrawal',
  });
  return { work, certificate, pending: [] };
}
