// Notices to people as a stream with delivery records: one notice per person (never per key),
// Chinese first with English available, delivered by a sender the caller supplies (SMS, app push,
// letter), each delivery recorded as `notice.sent` or `notice.failed` (ids only) in the audit log.
// The same machinery serves handover (PIPL Art. 22), breach (Art. 57) and cross-border (Art. 39)
// notices.
import type { AuditLog } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { DELIVER_NOTICES_OPTIONS } from './option-names.js';

/** What a notice is about. */
export type NoticeKind = 'handover-plan' | 'handover' | 'breach' | 'cross-border' | 'equity-transfer';

/** Chinese and English wording of one thing (Chinese is the text sent first). */
export interface NoticeText {
  zh: string;
  en: string;
}

/** One notice to one person. Holds no personal data: the sender looks up how to reach them. */
export interface PersonNotice {
  /** Stable id of this notice (`<kind>/<caseId>/<subjectId>`), recorded in the audit log. */
  id: string;
  kind: NoticeKind;
  /** The person (a data subject id as given to `vault.seal`; never a record's own key). */
  subjectId: string;
  /** The roles the person holds in the records concerned (`recipient`, `sender`), when known. */
  roles: string[];
  /** The handover, incident or transfer id. */
  caseId: string;
  /** The text to send: `zh` first, `en` available. */
  text: NoticeText;
}

/** Delivers one notice (SMS, app push, letter); resolves when handed over, rejects when it could not be. */
export type NoticeSender = (notice: PersonNotice) => Promise<void>;

/** Options of {@link deliverNotices}. */
export interface DeliverNoticesOptions {
  /** Delivers one notice. */
  send: NoticeSender;
  /** Where each delivery is recorded (`notice.sent` / `notice.failed`); required: a notice without a record does not count. */
  audit: Pick<AuditLog, 'append'>;
  /** Audit actor (default `notices`). */
  actor?: string;
  /** Notices delivered in parallel (default 16). */
  concurrency?: number;
}

/** What {@link deliverNotices} did. */
export interface NoticeDeliveryReport {
  /** Notices delivered and recorded as `notice.sent`. */
  sent: number;
  /** Notices whose delivery failed, recorded as `notice.failed`. */
  failed: number;
  /** Up to 100 subject ids whose notice failed (to retry). */
  failedSubjects: string[];
}

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(c) ? c : 'error';
}

/** Builds the stable id of a person's notice. @internal */
export function noticeId(kind: NoticeKind, caseId: string, subjectId: string): string {
  return `${kind}/${caseId}/${subjectId}`;
}

/**
 * Delivers notices one person at a time through the caller's sender and records each delivery in
 * the audit log: `notice.sent`, or `notice.failed` with the error's code (never its message, which
 * may quote an address). A failed delivery does not stop the others; a failed audit append does
 * (fail closed: an unrecorded notice cannot be shown to have been given).
 *
 * @param notices - the notices (from `planHandover`, `breachNotices`, `crossBorderNotices`, ...)
 * @param options - the sender and the audit log
 * @returns counts of sent and failed notices
 * @throws PiiError INVALID_ARGUMENT when `send` or `audit` is missing or a notice is malformed
 * @throws PiiError AUDIT_SINK_FAILED (or the audit log's own error) when a delivery record cannot be written
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { deliverNotices } from 'courier-pii/lifecycle';
 * const audit = createAuditLog({ sink: memorySink() });
 * const notice = { id: 'breach/inc-1/cust-1', kind: 'breach' as const, subjectId: 'cust-1', roles: ['recipient'], caseId: 'inc-1', text: { zh: '……', en: '…' } };
 * const r = await deliverNotices([notice], { audit, send: async () => {} });
 * console.log(r.sent, r.failed); // 1 0
 * ```
 */
export async function deliverNotices(
  notices: AsyncIterable<PersonNotice> | Iterable<PersonNotice>,
  options: DeliverNoticesOptions,
): Promise<NoticeDeliveryReport> {
  checkOptions('deliverNotices', options, DELIVER_NOTICES_OPTIONS);
  if (typeof options?.send !== 'function')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'deliverNotices needs `send`, the function that delivers one notice.',
    );
  if (typeof options.audit?.append !== 'function')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'deliverNotices needs `audit`: every delivery is recorded as notice.sent or notice.failed.',
    );
  const actor = options.actor ?? 'notices';
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  const out: NoticeDeliveryReport = { sent: 0, failed: 0, failedSubjects: [] };
  const one = async (n: PersonNotice): Promise<void> => {
    if (
      typeof n?.id !== 'string' ||
      typeof n.subjectId !== 'string' ||
      n.subjectId.length === 0 ||
      typeof n.caseId !== 'string' ||
      typeof n.kind !== 'string'
    )
      throw new PiiError('INVALID_ARGUMENT', 'A notice needs id, kind, subjectId and caseId.');
    const data = { noticeId: n.id, noticeKind: n.kind, caseId: n.caseId };
    let failure: unknown;
    let failed = false;
    try {
      await options.send(n);
    } catch (e) {
      failed = true;
      failure = e;
    }
    if (failed) {
      await options.audit.append({
        kind: 'notice.failed',
        actor,
        purpose: 'notice',
        subjects: [n.subjectId],
        data: { ...data, reason: codeOf(failure) },
      });
      out.failed++;
      if (out.failedSubjects.length < 100) out.failedSubjects.push(n.subjectId);
      return;
    }
    await options.audit.append({
      kind: 'notice.sent',
      actor,
      purpose: 'notice',
      subjects: [n.subjectId],
      data,
    });
    out.sent++;
  };
  let window: Promise<void>[] = [];
  for await (const n of notices) {
    window.push(one(n));
    if (window.length >= concurrency) {
      await Promise.all(window);
      window = [];
    }
  }
  await Promise.all(window);
  return out;
}

/**
 * The Art. 39 notices of an assessed transfer, one per person in it (PIPL Art. 39): the text
 * `assessTransfer` produced from its `notice` content. Deliver them with {@link deliverNotices}.
 *
 * @param result - an `assessTransfer` result with a `notice`
 * @param subjects - the people in the transfer (data subject ids; record keys are refused)
 * @returns one notice per distinct person
 * @throws PiiError TRANSFER_INVALID when the result has no notice text or a subject id is a record key
 * @example
 * ```ts
 * import { assessTransfer, crossBorderNotices } from 'courier-pii/lifecycle';
 * const r = await assessTransfer({
 *   destination: 'SG', basis: 'contract-necessity', subjects: ['cust-1'],
 *   fields: [{ path: 'recipient.name', level: 'internal', kind: 'name' }],
 *   yearToDate: { nonSensitive: 0, sensitive: 0 }, evidence: { pia: true },
 *   notice: { recipientName: 'SG Last Mile Pte. Ltd.', recipientContact: 'privacy@lastmile.example',
 *     purposes: ['delivery'], purposeLabels: { delivery: { zh: '境外派送', en: 'delivery abroad' } },
 *     method: { zh: '末端派送', en: 'final-mile delivery' }, rightsContact: 'privacy@lastmile.example' },
 * });
 * console.log(r.allowed, crossBorderNotices(r, ['cust-1']).length); // true 1
 * ```
 */
export function crossBorderNotices(
  result: { notice?: NoticeText; record: { id: string } },
  subjects: Iterable<string>,
): PersonNotice[] {
  if (!result?.notice)
    throw new PiiError(
      'TRANSFER_INVALID',
      'This assessment has no Art. 39 notice text: give assessTransfer its `notice` content.',
    );
  const out: PersonNotice[] = [];
  for (const subjectId of new Set(subjects)) {
    if (typeof subjectId !== 'string' || subjectId === '' || subjectId.startsWith('record:'))
      throw new PiiError('TRANSFER_INVALID', 'subjects must be data subject ids (people), not record keys.');
    out.push({
      id: noticeId('cross-border', result.record.id, subjectId),
      kind: 'cross-border',
      subjectId,
      roles: [],
      caseId: result.record.id,
      text: result.notice,
    });
  }
  return out;
}
