// Breach notices to people (PIPL Art. 57): one per affected person whose data was readable, in
// Chinese first with English, with what the law asks each notice to say: the kinds of personal
// information involved (that person's own), the cause, the possible harm, the remedies taken, what
// the person can do to reduce harm, and the contact. People, never parcels: a record's own key is
// not a person (breachImpact keeps them apart). People whose every exposure was ciphertext under
// intact keys get none (Art. 57: measures that effectively avoid harm); a person decides that.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { classify } from '../schema/index.js';
import type { BreachImpactResult } from './breach-impact.js';
import { joinText, kindWords } from './notice-text.js';
import { type NoticeText, noticeId, type PersonNotice } from './notices.js';
import { isRecordKey } from './people.js';

/** What the incident team states in every notice (PIPL Art. 57); every item is required. */
export interface BreachNoticeContent {
  /** The incident id (recorded with each delivery). */
  incidentId: string;
  /** The processor's name as people know it. */
  processor: string;
  /** Cause of the incident. */
  cause: NoticeText;
  /** Possible harm. */
  possibleHarm: NoticeText;
  /** Remedial measures taken. */
  remedies: NoticeText;
  /** What people can do to reduce harm. */
  whatYouCanDo: NoticeText;
  /** Where to reach the processor (a company contact). */
  contact: string;
  /** Schemas of the affected records, to word each exposed field by its kind. */
  schemas: readonly z.core.$ZodType[];
}

function text(name: string, t: NoticeText | undefined): NoticeText {
  if (typeof t?.zh !== 'string' || t.zh.trim() === '' || typeof t.en !== 'string' || t.en.trim() === '')
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${name} must be { zh, en } wording: every breach notice states it (PIPL Art. 57).`,
    );
  return t;
}

/**
 * Per-person breach notices from a {@link breachImpact} result: one for every affected person
 * whose data was readable (plaintext, masked or under a leaked key), naming that person's own
 * kinds of data, with the cause, possible harm, remedies, what they can do and the contact.
 * Deliver them with `deliverNotices` (each delivery recorded as `notice.sent` / `notice.failed`).
 *
 * @param impact - the result of `breachImpact`
 * @param content - what the incident team states (all required) and the schemas to word fields
 * @returns one notice per person; their number equals `impact.notices.individuals.subjectCount`
 * @throws PiiError INVALID_ARGUMENT when an item of content is missing or an exposed path is not a field of the schemas
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { breachImpact, breachNotices } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * const Parcel = z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) });
 * const audit = createAuditLog({ sink: memorySink() });
 * await audit.append({ kind: 'field.view', actor: 'cs-9', purpose: 'support', subjects: ['cust-1'], paths: ['recipient.phone'] });
 * const impact = await breachImpact({ actorIds: ['cs-9'] }, { audit });
 * const t = (zh: string, en: string) => ({ zh, en });
 * const notices = breachNotices(impact, {
 *   incidentId: 'inc-1', processor: '青岛迅达快递有限公司', contact: '400-000-0000', schemas: [Parcel],
 *   cause: t('客服账号被滥用', 'a misused support account'), possibleHarm: t('骚扰电话', 'nuisance calls'),
 *   remedies: t('已停用该账号', 'the account was suspended'), whatYouCanDo: t('警惕陌生来电', 'be wary of unknown callers'),
 * });
 * console.log(notices.length, notices[0]?.text.zh.includes('手机号码')); // 1 true
 * ```
 */
export function breachNotices(impact: BreachImpactResult, content: BreachNoticeContent): PersonNotice[] {
  if (typeof content?.incidentId !== 'string' || content.incidentId === '')
    throw new PiiError('INVALID_ARGUMENT', 'incidentId must name the incident.');
  for (const k of ['processor', 'contact'] as const)
    if (typeof content[k] !== 'string' || content[k].trim() === '')
      throw new PiiError(
        'INVALID_ARGUMENT',
        `${k} must be given: every breach notice states it (PIPL Art. 57).`,
      );
  const cause = text('cause', content.cause);
  const harm = text('possibleHarm', content.possibleHarm);
  const remedies = text('remedies', content.remedies);
  const todo = text('whatYouCanDo', content.whatYouCanDo);
  if (!Array.isArray(content.schemas) || content.schemas.length === 0)
    throw new PiiError(
      'INVALID_ARGUMENT',
      'schemas must list the affected records’ schemas, to word each field.',
    );
  const kindOf = new Map<string, string>();
  for (const s of content.schemas)
    for (const f of classify(s)) kindOf.set(f.path, f.kind === 'untagged' ? 'custom' : f.kind);

  const out: PersonNotice[] = [];
  for (const person of impact.subjects) {
    if (isRecordKey(person.subjectId) || person.ciphertextOnly) continue;
    const readable = person.exposures.filter((e) => e.exposure !== 'ciphertext-only');
    const all = readable.some((e) => e.path === '*');
    const kinds = readable
      .filter((e) => e.path !== '*')
      .map((e) => {
        const k = kindOf.get(e.path);
        if (!k)
          throw new PiiError(
            'INVALID_ARGUMENT',
            `The exposed path "${e.path.slice(0, 80)}" is not a field of the given schemas.`,
          );
        return k;
      });
    const words = kinds.length > 0 ? kindWords(kinds) : undefined;
    const what: NoticeText = all
      ? {
          zh: `您的全部加密存储的个人信息${words ? `（包括${words.zh}）` : ''}`,
          en: `all your personal information stored encrypted${words ? ` (including ${words.en})` : ''}`,
        }
      : { zh: `您的${words!.zh}`, en: `your ${words!.en}` };
    out.push({
      id: noticeId('breach', content.incidentId, person.subjectId),
      kind: 'breach',
      subjectId: person.subjectId,
      roles: [],
      caseId: content.incidentId,
      text: joinText([
        {
          zh: `【${content.processor}】个人信息安全事件告知：${what.zh}可能已经泄露。`,
          en: `[${content.processor}] Personal information incident: ${what.en} may have been leaked.`,
        },
        { zh: `事件原因：${cause.zh}。`, en: `Cause: ${cause.en}.` },
        { zh: `可能造成的危害：${harm.zh}。`, en: `Possible harm: ${harm.en}.` },
        { zh: `我们已采取的补救措施：${remedies.zh}。`, en: `What we have done: ${remedies.en}.` },
        { zh: `您可以采取的减轻危害的措施：${todo.zh}。`, en: `What you can do to reduce harm: ${todo.en}.` },
        { zh: `联系方式：${content.contact}。`, en: `Contact: ${content.contact}.` },
      ]),
    });
  }
  return out;
}
