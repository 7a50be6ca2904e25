// The small readers the number labels share: character classes, word lists read back or
// forward from an offset, carrier names, and what a key at an offset names.
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;

/** @internal */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0;
}
/** @internal */
export function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}
/** @internal */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** @internal Whether t[s, e) equals the ASCII word `w`, case ignored, with no letter right before it. */
export function latinWordAt(t: string, s: number, e: number, w: string): boolean {
  if (s < 0 || e - s !== w.length || (s > 0 && isLetter(t.charCodeAt(s - 1)))) return false;
  for (let k = 0; k < w.length; k++) if ((t.charCodeAt(s + k) | 32) !== w.charCodeAt(k)) return false;
  return true;
}

/**
 * @internal A word list, by the first and by the last character of its words (case-free), in
 * list order: a lookup tries only the words that can match there.
 */
export interface Words {
  list: readonly string[];
  first: ReadonlyMap<number, readonly string[]>;
  last: ReadonlyMap<number, readonly string[]>;
}
/** @internal */
export function words(list: readonly string[]): Words {
  const fold = (c: number) => (isLetter(c) ? c | 32 : c);
  const first = new Map<number, string[]>();
  const last = new Map<number, string[]>();
  for (const w of list) {
    const f = fold(w.charCodeAt(0));
    const l = fold(w.charCodeAt(w.length - 1));
    first.set(f, [...(first.get(f) ?? []), w]);
    last.set(l, [...(last.get(l) ?? []), w]);
  }
  return { list, first, last };
}

/** @internal Start of the word of `ws` that ends at `e` (Latin ones whole and case-free), or -1. */
export function wordBefore(t: string, e: number, ws: Words): number {
  const c = t.charCodeAt(e - 1);
  const list = ws.last.get(isLetter(c) ? c | 32 : c);
  if (list === undefined) return -1;
  for (const w of list) {
    const s = e - w.length;
    if (s < 0) continue;
    if (isLetter(w.charCodeAt(0))) {
      if (latinWordAt(t, s, e, w)) return s;
    } else if (t.startsWith(w, s)) return s;
  }
  return -1;
}

// the carrier of a waybill between its label and its number (运单号：中通 7712..., (顺丰)),
// longest first
export const CARRIERS = words([
  '顺丰速运',
  '中通快递',
  '圆通速递',
  '申通快递',
  '韵达快递',
  '极兔速递',
  '京东物流',
  '中国邮政',
  '邮政EMS',
  '宅急送',
  '顺丰',
  '中通',
  '圆通',
  '申通',
  '韵达',
  '极兔',
  '百世',
  '京东',
  '德邦',
  '天天',
  '邮政',
  'yunda',
  'fedex',
  'ems',
  'zto',
  'yto',
  'sto',
  'dhl',
  'ups',
  'tnt',
  'jdva',
  'jdv',
  'sf',
  'jd',
  'jt',
  'yt',
]);
/** @internal */
// words that tie a number to someone who can be called (other than keys such as 电话 or 快递员):
// 联系, 有事打我, 回电, call, 短信 and sms (a text message reaches a phone) (read before a number by
// the parcel-state and pointer rules)
export const CONTACT_WORDS = words([
  '联系',
  '致电',
  '拨打',
  '回电',
  '回拨',
  '打给',
  '打我',
  '打',
  '电联',
  '短信',
  'call',
  'text',
  'sms',
  'dial',
  'contact',
]);

/**
 * @internal Counts of several (两个, 这几个, 这些), longest first: a parcel word after one names
 * parcels (两个快递 A、B, A、B 两个快递), where 这个快递 alone may be the courier. The readers add
 * what fits where they read (number-clauses.ts, number-after.ts).
 */
export const SEVERAL = words(['这两个', '这几个', '两个', '几个', '这些', '两', '三', '几']);

// where a sentence ends, for the look-backs of the parcel-state and residual rules
export const SENTENCE_END: ReadonlySet<number> = new Set([...'。！？!?\n'].map((c) => c.charCodeAt(0)));

/**
 * @internal Whether what ends at `k` ties the number after it to someone: a key of personal data
 * (电话, 收件人 ...) that starts at `from` or later, or a contact word (`contacts`: 联系, 打, call ...).
 */
export function personalEndingAt(t: string, k: number, from = 0, contacts: Words = CONTACT_WORDS): boolean {
  const key = keyEndingAt(t, k);
  return (
    (key !== undefined && key.kind !== 'negative' && key.start >= from) || wordBefore(t, k, contacts) !== -1
  );
}

const DENIALS = words(['而不是', '不是', '並非', '并非', '而非', '唔係', '不係']);

/** @internal Whether a denial (不是, 并非, 而非) ends at `k`, right before a key: 不是电话. */
export function deniedAt(t: string, k: number): boolean {
  while (k > 0 && t.charCodeAt(k - 1) === 32) k--;
  return wordBefore(t, k, DENIALS) !== -1;
}

/** @internal what 打 starts that is no call (打印, 打单, 打包, 打卡) */
export const NOT_CALLS: ReadonlySet<number> = new Set([...'印单單包卡'].map((c) => c.charCodeAt(0)));

/**
 * @internal Whether a key of personal data or a contact word ends within `reach` characters after
 * `e`, on the same line (A 这是我电话, A，打这个): what is said right after a number can make it someone's.
 */
export function personalSoonAfter(t: string, e: number, reach = 16): boolean {
  for (let a = e + 1; a <= t.length && a - e <= reach && t.charCodeAt(a - 1) !== 10; a++) {
    // (打 of 打印, 打单 and 打包 is printing and packing, not calling)
    if (personalEndingAt(t, a, e) && !NOT_CALLS.has(t.charCodeAt(a))) return true;
  }
  return false;
}

export const OPEN: ReadonlySet<number> = new Set([40, 0xff08, 91, 0x3010]); // ( （ [ 【
/** @internal */
export const CLOSE: ReadonlySet<number> = new Set([41, 0xff09, 93, 0x3011]); // ) ） ] 】

/** @internal End of the word of `ws` that starts at `p` (Latin ones whole and case-free), or -1. */
export function wordAfter(t: string, p: number, ws: Words): number {
  const c = t.charCodeAt(p);
  const list = ws.first.get(isLetter(c) ? c | 32 : c);
  if (list === undefined) return -1;
  for (const w of list) {
    const e = p + w.length;
    if (e > t.length) continue;
    if (isLetter(w.charCodeAt(0))) {
      if (latinWordAt(t, p, e, w) && !isLetter(t.charCodeAt(e))) return e;
    } else if (t.startsWith(w, p)) return e;
  }
  return -1;
}

/**
 * @internal
 * What the key that starts at `p` names (or, for a Chinese key, at `lo` to `p`: a carrier name
 * can begin it, 京东物流单号): `negative` for a key of non-personal numbers that no key of
 * personal data follows closely, `personal` for a key of personal data, else undefined.
 */
export function keyKindAt(t: string, p: number, lo = p): 'negative' | 'personal' | undefined {
  if (isLetter(t.charCodeAt(p))) {
    // one or two Latin words: order, tracking number, phone
    let e = p;
    for (let words = 0; words < 2; words++) {
      while (e < t.length && isLetter(t.charCodeAt(e))) e++;
      const key = keyEndingAt(t, e);
      if (key !== undefined && key.start === p) return key.kind === 'negative' ? 'negative' : 'personal';
      if (t.charCodeAt(e) !== 32 || !isLetter(t.charCodeAt(e + 1))) return undefined;
      e++;
    }
    return undefined;
  }
  // a Chinese key has at most six characters; 订单收件人, 订单上的电话 name someone after all
  let found = -1;
  for (let e = Math.min(t.length, p + 6); e > p + 1 && found === -1; e--) {
    const key = keyEndingAt(t, e);
    if (key !== undefined && key.start >= lo && key.start <= p) found = key.kind === 'negative' ? e : -2;
  }
  if (found === -2) return 'personal';
  if (found < 0) return undefined;
  for (let e = found + 1; e <= Math.min(t.length, p + 10); e++) {
    const c = t.charCodeAt(e - 1);
    if (c < 0x3400 || c > 0x9fff) break; // the label's phrase ends at punctuation
    const key = keyEndingAt(t, e);
    // (是运单号不是手机号: the personal key denied names nothing)
    if (key !== undefined && key.kind !== 'negative' && key.start >= lo && !deniedAt(t, key.start))
      return 'personal';
  }
  return 'negative';
}

/**
 * @internal End of the number that starts at `s`: its digits, and a single space or dash between
 * two digits (138 1234 5678, 138-1234-5678), at most 24 characters.
 */
export function endOfNumber(t: string, s: number): number {
  let e = s;
  while (e < t.length && e - s < 24) {
    const c = t.charCodeAt(e);
    if (isDigit(c)) e++;
    else if ((c === 32 || c === 45) && isDigit(t.charCodeAt(e + 1))) e++;
    else break;
  }
  return e;
}

/** @internal `p` moved past at most `n` spaces. */
export function skipSpaces(t: string, p: number, n: number): number {
  const lo = p;
  while (p < t.length && p - lo < n && isSpace(t.charCodeAt(p))) p++;
  return p;
}

// the codes carriers put in front of their waybill numbers, upper case (SF1234..., JT 1234...)
const CARRIER_CODES = new Set(['SF', 'YT', 'JT', 'JD', 'JDV', 'JDVA', 'ZTO', 'YTO', 'STO', 'EMS']);

/** @internal Start of a carrier's upper-case code right before the number at `s` (SF 1381..., JT1381...), or -1. */
export function carrierCodeBefore(t: string, s: number): number {
  let e = s;
  if (e > 0 && t.charCodeAt(e - 1) === 32) e--;
  let b = e;
  while (b > 0 && e - b < 5 && t.charCodeAt(b - 1) >= 65 && t.charCodeAt(b - 1) <= 90) b--;
  if (b === e || e - b > 4 || (b > 0 && (isLetter(t.charCodeAt(b - 1)) || isDigit(t.charCodeAt(b - 1)))))
    return -1;
  return CARRIER_CODES.has(t.slice(b, e)) ? b : -1;
}
