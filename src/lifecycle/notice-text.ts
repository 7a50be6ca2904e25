// The words of notices to people: Chinese first, English available. Purposes appear as the
// caller's labels (never raw ids); categories of data as words per kind. Rights and how to
// exercise them are in every notice (PIPL Art. 44-47, 15). No personal data in any text.
import { PiiError } from '../errors.js';
import type { NoticeText } from './notices.js';

/** Words for each purpose id, e.g. `{ delivery: { zh: '快件寄递', en: 'delivering parcels' } }`. */
export type PurposeLabels = Readonly<Record<string, NoticeText>>;

/** Words for the kinds of personal information. */
const KIND_WORDS: Readonly<Record<string, NoticeText>> = {
  name: { zh: '姓名', en: 'name' },
  phone: { zh: '手机号码', en: 'mobile number' },
  landline: { zh: '固定电话', en: 'landline number' },
  address: { zh: '地址', en: 'address' },
  idNumber: { zh: '身份证件号码', en: 'identity document number' },
  passport: { zh: '护照号码', en: 'passport number' },
  email: { zh: '电子邮箱', en: 'email address' },
  bankCard: { zh: '银行卡号', en: 'bank card number' },
  waybillNo: { zh: '运单号', en: 'waybill number' },
  pickupCode: { zh: '取件码', en: 'pickup code' },
  geo: { zh: '位置及行踪轨迹', en: 'location and movement track' },
  birthDate: { zh: '出生日期', en: 'date of birth' },
  ip: { zh: 'IP 地址', en: 'IP address' },
  deviceId: { zh: '设备标识', en: 'device identifier' },
  image: { zh: '图像', en: 'images' },
  freeText: { zh: '备注文字', en: 'free-text notes' },
  custom: { zh: '其他个人信息', en: 'other personal information' },
};

/** The kinds as words, in a stable order; unknown kinds are refused (fail closed). @internal */
export function kindWords(kinds: Iterable<string>): NoticeText {
  const zh: string[] = [];
  const en: string[] = [];
  for (const k of [...new Set(kinds)].sort()) {
    const w = KIND_WORDS[k];
    if (!w) throw new PiiError('INVALID_ARGUMENT', `No notice wording for the kind "${k.slice(0, 40)}".`);
    zh.push(w.zh);
    en.push(w.en);
  }
  return { zh: zh.join('、'), en: en.join(', ') };
}

/** The purposes as words; every purpose needs a label (a raw id means nothing to a customer). @internal */
export function purposeWords(purposes: readonly string[], labels: PurposeLabels | undefined): NoticeText {
  const zh: string[] = [];
  const en: string[] = [];
  for (const p of purposes) {
    const l = labels?.[p];
    if (!l || typeof l.zh !== 'string' || l.zh === '' || typeof l.en !== 'string' || l.en === '')
      throw new PiiError(
        'INVALID_ARGUMENT',
        `purposeLabels has no { zh, en } wording for purpose "${p.slice(0, 60)}": notices name purposes in words.`,
      );
    zh.push(l.zh);
    en.push(l.en);
  }
  return { zh: zh.join('、'), en: en.join(', ') };
}

/** The rights paragraph, with where to exercise them. @internal */
export function rightsText(contact: string): NoticeText {
  return {
    zh: `您有权查阅、复制、更正、删除您的个人信息，有权撤回您的同意；行使上述权利请联系：${contact}。`,
    en: `You may access, copy, correct or delete your personal information and withdraw your consent; to do so, contact ${contact}.`,
  };
}

/** A date as 2026年12月31日 (China Standard Time) and 2026-12-31. @internal */
export function dateWords(d: Date): NoticeText {
  const cst = new Date(d.getTime() + 8 * 3600_000);
  const y = cst.getUTCFullYear();
  const m = cst.getUTCMonth() + 1;
  const day = cst.getUTCDate();
  return {
    zh: `${y}年${m}月${day}日`,
    en: `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')} (China Standard Time)`,
  };
}

/** Joins paragraphs: Chinese with nothing between, English with spaces. @internal */
export function joinText(parts: NoticeText[]): NoticeText {
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') };
}
