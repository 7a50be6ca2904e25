// A grant in plain words, for the customer who gave it: who may do what with which of their
// data, until when. Chinese first, English on request. Field and purpose names come from a
// label table (defaults for a parcel record); a path without a label is refused, never shown raw.
import { PiiError } from '../errors.js';
import type { GrantIndexEntry } from './grant-index.js';
import { checkOptions } from '../_internal/options.js';
import { DESCRIBE_GRANT_OPTIONS } from './option-names.js';

/** A label in both languages. */
export interface GrantLabel {
  zh: string;
  en: string;
}

/** Options of {@link describeGrant}. */
export interface DescribeGrantOptions {
  /** `zh` (default) or `en`. */
  lang?: 'zh' | 'en';
  /** Time zone for the end time (default `Asia/Shanghai`). */
  timeZone?: string;
  /** How to call the grantee (default: 被授权人 / Authorised person, followed by the id). */
  grantee?: GrantLabel;
  /** Extra or overriding field-path labels. */
  fields?: Readonly<Record<string, GrantLabel>>;
  /** Extra or overriding purpose phrases ("may pick up" …). */
  purposes?: Readonly<Record<string, GrantLabel>>;
}

/** Default labels of the usual parcel fields. */
export const GRANT_FIELD_LABELS: Readonly<Record<string, GrantLabel>> = Object.freeze({
  pickupCode: { zh: '取件码', en: 'pickup code' },
  'recipient.name': { zh: '收件人姓名', en: "recipient's name" },
  'recipient.phone': { zh: '收件人电话', en: "recipient's phone" },
  'recipient.address': { zh: '收件地址', en: 'delivery address' },
  'sender.name': { zh: '寄件人姓名', en: "sender's name" },
  'sender.phone': { zh: '寄件人电话', en: "sender's phone" },
  'sender.address': { zh: '寄件地址', en: "sender's address" },
  waybillNo: { zh: '运单号', en: 'waybill number' },
});

/** Default phrases of the usual purposes. */
export const GRANT_PURPOSE_LABELS: Readonly<Record<string, GrantLabel>> = Object.freeze({
  pickup: { zh: '代取', en: 'collect' },
  delivery: { zh: '派送', en: 'deliver' },
  'customer-service': { zh: '处理客服请求时查看', en: 'look at, for customer service,' },
  locker: { zh: '存入快递柜', en: 'put into a parcel locker' },
});

function waybillHint(w: string): string {
  // Enough to recognise one's own parcel, not enough to look it up.
  return w.length <= 6 ? '…' : `${w.slice(0, 2)}…${w.slice(-4)}`;
}

function endTime(ms: number, timeZone: string, lang: 'zh' | 'en'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const day = Number(parts.day);
  if (lang === 'zh') return `${Number(parts.month)} 月 ${day} 日 ${parts.hour}:${parts.minute}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'short' }).format(new Date(ms));
  return `${parts.hour}:${parts.minute} on ${day} ${month}`;
}

/**
 * Describes a grant in plain language for its customer, e.g. "邻居 n-5531 可在 12 月 6 日 18:00
 * 前凭取件码代取运单 SF…5678 的包裹，可见：收件地址（部分隐藏）". The waybill number is shortened;
 * masked fields say so.
 *
 * @param entry - a grant from the index (`listGrants`)
 * @param options - language, time zone, grantee label, extra field and purpose labels
 * @returns one sentence
 * @throws PiiError INVALID_ARGUMENT for a field path or purpose without a label, or an unknown language or time zone
 * @example
 * ```ts
 * import { describeGrant } from 'courier-pii/consent';
 * const g = { tokenId: 't1', subjectId: 'r-1', grantee: 'n-5531', purpose: 'pickup', resource: 'SF1043212345678',
 *   scope: { pickupCode: 'allow' as const, 'recipient.address': 'mask' as const }, grantedAt: 0, expiresAt: Date.UTC(2026, 11, 6, 10) };
 * console.log(describeGrant(g, { grantee: { zh: '邻居', en: 'Neighbour' } })); // 邻居 n-5531 可在 12 月 6 日 18:00 前凭取件码代取运单 SF…5678 的包裹，可见：收件地址（部分隐藏）
 * ```
 */
export function describeGrant(entry: GrantIndexEntry, options: DescribeGrantOptions = {}): string {
  checkOptions('describeGrant', options, DESCRIBE_GRANT_OPTIONS);
  const lang = options.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new PiiError('INVALID_ARGUMENT', "lang must be 'zh' or 'en'.");
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  let until: string;
  try {
    until = endTime(entry.expiresAt, timeZone, lang);
  } catch (cause) {
    throw new PiiError('INVALID_ARGUMENT', 'timeZone must be an IANA time zone such as Asia/Shanghai.', {
      cause,
    });
  }
  const fields = { ...GRANT_FIELD_LABELS, ...options.fields };
  const purposes = { ...GRANT_PURPOSE_LABELS, ...options.purposes };
  const verb = purposes[entry.purpose];
  if (verb === undefined)
    throw new PiiError(
      'INVALID_ARGUMENT',
      `The purpose '${entry.purpose.slice(0, 60)}' has no label; pass options.purposes.`,
    );
  const label = (p: string): GrantLabel => {
    const l = fields[p];
    if (l === undefined)
      throw new PiiError(
        'INVALID_ARGUMENT',
        `The field '${p.slice(0, 60)}' has no label; pass options.fields.`,
      );
    return l;
  };
  const paths = Object.keys(entry.scope).sort();
  const code = paths.includes('pickupCode');
  const visible = paths.filter((p) => p !== 'pickupCode');
  const who = options.grantee ?? { zh: '被授权人', en: 'Authorised person' };
  if (lang === 'zh') {
    const what = entry.resource ? `运单 ${waybillHint(entry.resource)} 的包裹` : '您的包裹';
    const shown = visible
      .map((p) => label(p).zh + (entry.scope[p] === 'mask' ? '（部分隐藏）' : ''))
      .join('、');
    return `${who.zh} ${entry.grantee} 可在 ${until} 前${code ? '凭取件码' : ''}${verb.zh}${what}${shown ? `，可见：${shown}` : ''}`;
  }
  const what = entry.resource ? `the parcel on waybill ${waybillHint(entry.resource)}` : 'your parcels';
  const shown = visible
    .map((p) => label(p).en + (entry.scope[p] === 'mask' ? ' (partly hidden)' : ''))
    .join(', ');
  return `${who.en} ${entry.grantee} may ${verb.en} ${what}${code ? ' with the pickup code' : ''} until ${until}${shown ? `; they can see: ${shown}` : ''}.`;
}
