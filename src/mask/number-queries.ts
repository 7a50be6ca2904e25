// What people ask about a number can tell a parcel from a person: a parcel is chased, hurried and
// followed up (追一下 A, 催下 A, 跟进 A), a phone is called or texted. A number that is the whole
// object of such a verb, with nothing said of it after (the message or the sentence ends, or a
// comma and no phone word), is the parcel's. 查 and 看 are also how people look up the parcels
// of a phone number (帮我查一下 A, 快递没到，查下 A may give the customer's own phone), so they count
// only with a demonstrative that makes the bare number a thing (帮我看看这个 A, 查下那个 A). Anything
// that ties the number to someone keeps it a phone: a personal key or a contact word earlier in
// the sentence (用手机号查一下 A), what follows it (A 的快递, A 名下, A 有没有件, A，这是我电话).
// Each check reads a few dozen characters around one number.
import {
  endOfNumber as $endOfNumber,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  personalSoonAfter as $personalSoonAfter,
  wordBefore as $wordBefore,
  SENTENCE_END,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const endOfNumber = $endOfNumber;
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const personalSoonAfter = $personalSoonAfter;
const wordBefore = $wordBefore;

// verbs only a parcel takes (a phone is not chased, hurried or followed up), longest first
const CHASE = words([
  '追一下',
  '追下',
  '追查',
  '追踪',
  '追蹤',
  '跟踪',
  '跟蹤',
  '跟进一下',
  '跟进',
  '跟進',
  '催一下',
  '催下',
  '催催',
  '催',
  '追',
]);
// verbs of looking something up: a parcel, or the parcels of a phone
const LOOK = words([
  '查一下',
  '查一查',
  '查下',
  '查查',
  '查询',
  '查詢',
  '查',
  '看一下',
  '看下',
  '看看',
  '睇下',
  '睇睇',
  // 查 typed with its pinyin-input homophone (差一下 for 查一下)
  '差一下',
  '差下',
]);
const DEMONSTRATIVES = words(['这个', '那个', '這個', '那個', '呢個', '嗰個', '这', '那', '這']);
// what may end the request after the number: a particle, then the sentence's end
const PARTICLES: ReadonlySet<number> = new Set([...'吧呗唄啊呀哈嘛哦喔呢啦咯'].map((c) => c.charCodeAt(0)));
const ENDS: ReadonlySet<number> = new Set([...'。？?！!~～…'].map((c) => c.charCodeAt(0)));
const COMMAS: ReadonlySet<number> = new Set([...'，,'].map((c) => c.charCodeAt(0)));
const SENTENCE_BACK = 24;

/**
 * @internal Start of the verb whose whole object is the number at `s` (see the file comment), or
 * -1.
 */
export function queriedLabel(t: string, s: number): number {
  let q = s;
  while (q > 0 && s - q < 2 && isSpace(t.charCodeAt(q - 1))) q--;
  if (q < 1) return -1;
  let v = wordBefore(t, q, CHASE);
  if (v === -1) {
    // 查一下这个 A, 催下那个 A
    const d = wordBefore(t, q, DEMONSTRATIVES);
    let k = q;
    if (d !== -1) {
      k = d;
      while (k > 0 && d - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
    }
    v = wordBefore(t, k, CHASE);
    if (v === -1) {
      v = wordBefore(t, k, LOOK);
      if (v === -1 || d === -1) return -1;
    }
  }
  if (!plainBefore(t, v)) return -1;
  return nothingAfter(t, endOfNumber(t, s)) ? v : -1;
}

/** Whether no key of personal data or contact word stands in the sentence before `v`. */
function plainBefore(t: string, v: number): boolean {
  for (let k = v; k > 0 && v - k < SENTENCE_BACK; k--) {
    const c = t.charCodeAt(k - 1);
    if (SENTENCE_END.has(c)) return true;
    if (personalEndingAt(t, k)) return false;
  }
  return true;
}

/**
 * Whether nothing is said of the number that ends at `e`: the text, the line or the sentence ends
 * after it (perhaps after a particle), or a comma with no phone or contact word soon after.
 */
function nothingAfter(t: string, e: number): boolean {
  let p = e;
  while (p < t.length && p - e < 2 && isSpace(t.charCodeAt(p))) p++;
  if (p < t.length && PARTICLES.has(t.charCodeAt(p))) p++;
  if (p >= t.length) return true;
  const c = t.charCodeAt(p);
  if (c === 10 || c === 13 || ENDS.has(c)) return !personalSoonAfter(t, p, 8);
  if (COMMAS.has(c)) return !personalSoonAfter(t, p, 16);
  return false;
}
