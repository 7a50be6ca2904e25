// What is said of a number can tell a parcel from a person: a phone number does not "get stuck
// in transit", "show as signed for" or "have no update" (A 到哪了, A 一直没更新, A 显示已签收, A 被退回,
// A 卡在…, A 还没揽收, A was delivered, A is stuck in transit, A has not moved), nor is it refunded,
// paid for or cancelled as an order is (A退款什么时候到, A 发货了吗, A was cancelled). Such a state
// right after a mobile-shaped number makes it a waybill, when nothing before it ties the number
// to someone: only a clause start, a list separator or a query word (查一下, 我的, 这个, where
// is ...) stands right before it, and no personal key or contact word (电话, 快递员, 打, call ...)
// comes earlier in its sentence. Each check reads a few dozen characters around one number.
import { STATES as $STATES, STATE_LEADS as $STATE_LEADS } from './parcel-state-words.js';
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { stopAt as $stopAt, surnameLenAt as $surnameLenAt } from './name-shape.js';
import {
  CARRIERS,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  skipSpaces as $skipSpaces,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  personalEndingAt as $personalEndingAt,
  SENTENCE_END,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const skipSpaces = $skipSpaces;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const personalEndingAt = $personalEndingAt;
const STATE_LEADS = $STATE_LEADS;
const STATES = $STATES;
const isCjk = $isIdeograph;
const surnameLenAt = $surnameLenAt;
const stopAt = $stopAt;

/** @internal End of the parcel state that starts at `p` (一直没更新, 显示已签收, still in transit), or -1. */
export function parcelStateEnd(t: string, p: number): number {
  for (let n = 0; n < 2; n++) {
    const lead = wordAfter(t, p, STATE_LEADS);
    if (lead === -1) break;
    p = skipSpaces(t, lead, 1);
  }
  const e = wordAfter(t, p, STATES);
  // and a closing particle (已签收了, 到哪了呢)
  return e !== -1 && PARTICLES.has(t.charCodeAt(e)) ? e + 1 : e;
}
const PARTICLES: ReadonlySet<number> = new Set([...'了啦呢吗嘛'].map((c) => c.charCodeAt(0)));

// what may stand right before a parcel's number: a clause start, a list separator, a query word
const SUBJECT_PUNCT: ReadonlySet<number> = new Set(
  [...'，。；！？、,;!?:：\n\r"\'“”‘’「」【】()（）[]/&和跟及与或'].map((c) => c.charCodeAt(0)),
);
const SUBJECT_WORDS = words([
  '帮我查一下',
  '帮忙查一下',
  '帮我查',
  '查一下',
  '查询',
  '查下',
  '查',
  '一下',
  '请问',
  '老板',
  '客服',
  '您好',
  '你好',
  '在吗',
  '麻烦',
  '亲',
  '问下',
  '看下',
  '看看',
  '我的',
  '你们的',
  '这个',
  '那个',
  '包裹',
  '快递',
  '快件',
  '件',
  '取货',
  '取貨',
  '超商取貨',
  '店到店',
  '还有',
  '但是',
  '但',
  '可是',
  '不过',
  '是',
  '的',
  'my',
  'our',
  'the',
  'and',
  'or',
  'both',
  'why',
  'but',
  'while',
  'parcel',
  'package',
  'shipment',
]);
const LOOK_BACK = 24;

// the first characters of a carrier, a lead word or a state
const STATE_HEADS: ReadonlySet<number> = new Set([
  ...CARRIERS.first.keys(),
  ...STATE_LEADS.first.keys(),
  ...STATES.first.keys(),
]);

/**
 * @internal Whether a parcel state follows the number t[s, e) (perhaps after a carrier name: A 顺丰
 * 已签收) and nothing before it ties the number to someone (see the file comment).
 */
export function parcelStateAfter(t: string, s: number, e: number): boolean {
  let p = skipSpaces(t, e, 2);
  // A，一直没更新
  if (t.charCodeAt(p) === 0xff0c || t.charCodeAt(p) === 44) p = skipSpaces(t, p + 1, 1);
  // most numbers have nothing of the kind after them: one look at the next character
  const c = t.charCodeAt(p);
  if (!STATE_HEADS.has(isLetter(c) ? c | 32 : c)) return false;
  // A 顺丰 已签收, A 顺丰的 好像丢件了
  const carrier = wordAfter(t, p, CARRIERS);
  if (carrier !== -1) p = skipSpaces(t, t.charCodeAt(carrier) === 0x7684 ? carrier + 1 : carrier, 1);
  if (parcelStateEnd(t, p) === -1) return false;
  return parcelSubject(t, s);
}

/** Whether the number at `s` reads as a parcel's: see parcelStateAfter. */
function parcelSubject(t: string, s: number): boolean {
  let p = s;
  while (p > 0 && s - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
  // a list written with spaces (A B C 这几个…): what stands before its first item
  while (p < s && p > 0 && s - p < LOOK_BACK && isDigit(t.charCodeAt(p - 1))) {
    const q = p;
    while (p > 0 && q - p < 24 && (isDigit(t.charCodeAt(p - 1)) || t.charCodeAt(p - 1) === 45)) p--;
    const item = p;
    while (p > 0 && item - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
    if (p === item) break;
  }
  if (p > 0 && personFieldBefore(t, p)) return false;
  if (p > 0 && !SUBJECT_PUNCT.has(t.charCodeAt(p - 1)) && wordBefore(t, p, SUBJECT_WORDS) === -1) {
    // a carrier's parcel (顺丰 A, 顺丰的 A)
    const e = t.charCodeAt(p - 1) === 0x7684 ? p - 1 : p; // 的
    if (wordBefore(t, e, CARRIERS) === -1) return false;
  }
  // no personal key and no contact word earlier in the sentence
  for (let k = p; k > 0 && s - k < LOOK_BACK && !SENTENCE_END.has(t.charCodeAt(k - 1)); k--) {
    if (isLetter(t.charCodeAt(k)) && isLetter(t.charCodeAt(k - 1))) continue; // inside a Latin word
    if (personalEndingAt(t, k)) return false;
  }
  return true;
}

// what separates a record's fields: , ， tab |
const FIELD_SEPS: ReadonlySet<number> = new Set([44, 0xff0c, 9, 124]);

/**
 * Whether the field right before the number at `p` (behind one separator) is a person's name
 * by its shape: two to four ideographs led by a known surname, filling the field from the line's
 * start or the previous separator (王小明,13426017358,已签收; JT…,黎明,134…,派送中): the row's state is
 * said of its parcel, and the number is the person's. Shape only, no word list: a place or a
 * word in that field (北京,…) keeps the number a phone too, erring toward masking; a query
 * (查一下,…) has a stop word inside and does not.
 */
function personFieldBefore(t: string, p: number): boolean {
  if (!FIELD_SEPS.has(t.charCodeAt(p - 1))) return false;
  const end = p - 1;
  let q = end;
  while (q > 0 && end - q < 5 && isCjk(t.charCodeAt(q - 1))) q--;
  const n = end - q;
  if (n < 2 || n > 4 || surnameLenAt(t, q) === 0) return false;
  const b = q === 0 ? 10 : t.charCodeAt(q - 1);
  if (b !== 10 && b !== 13 && !FIELD_SEPS.has(b)) return false;
  // no stop character or word inside (查一下, 王府井店)
  for (let k = q + 1; k < end; k++) if (stopAt(t, k)) return false;
  return true;
}
