// Labels that are a phrase rather than a key: a numbered key (包裹1：, 运单2：), a clause of words
// ending in a colon that names non-personal numbers (以下单号已签收：, 我有两个快递：), a parcel word
// (包裹, 这两个单), a parcel pointed at (那个件…是), a key spaced out (订 单 号), a unit in
// brackets (金额（元）：). Each reads at most a few dozen characters before the number.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { PARCELS } from './number-after.js';
import {
  CONTACT_WORDS,
  SEVERAL,
  deniedAt as $deniedAt,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;
const deniedAt = $deniedAt;
const isCjk = $isIdeograph;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordBefore = $wordBefore;
const personalEndingAt = $personalEndingAt;

/** @internal The Chinese key before one or two digits that end at `q` (包裹1, 运单2), or undefined. */
export function numberedKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  let k = q;
  while (k > 0 && q - k < 2 && isDigit(t.charCodeAt(k - 1))) k--;
  if (k === q || k === 0) return undefined;
  const c = t.charCodeAt(k - 1);
  if (!(c >= 0x3400 && c <= 0x9fff)) return undefined;
  const key = keyEndingAt(t, k);
  if (key !== undefined) return key;
  const parcel = wordBefore(t, k, PARCELS);
  return parcel === -1 ? undefined : { kind: 'negative', start: parcel };
}

// where a clause starts: sentence punctuation and line breaks
const CLAUSE_END: ReadonlySet<number> = new Set([...'，。；！？,;!?\n|'].map((c) => c.charCodeAt(0)));
// what a clause may end in after its key and still be a label: not a remark or a message, whose
// colon heads free text (订单备注：13812345678 may well be a phone)
const FREE_TEXT = /(?:备注|留言|说明|信息|内容|描述|remarks?|notes?|comments?|message|info|description)\s*$/i;
const CLAUSE_MAX = 24;
export { deniedAt } from './number-words.js';

/**
 * @internal The key of non-personal numbers in the clause that a colon ends right before the number at `s`
 * (`q`: where the gap before the number starts), when the clause names no personal data and is
 * no remark or greeting; else undefined. Its start is `q`: the label taken is only the gap.
 */
export function clauseKey(t: string, q: number, s: number): ReturnType<typeof keyEndingAt> {
  let colon = false;
  for (let k = q; k < s && !colon; k++) colon = t.charCodeAt(k) === 58 || t.charCodeAt(k) === 0xff1a;
  if (!colon) return undefined;
  let found: ReturnType<typeof keyEndingAt>;
  let foundEnd = q;
  for (let e = q; e > 0 && q - e < CLAUSE_MAX && !CLAUSE_END.has(t.charCodeAt(e - 1)); e--) {
    const c = t.charCodeAt(e - 1);
    // a clause of words: a digit or a symbol means the colon ends something else ('*' is a
    // masked letter of a word the masker left: 您好张*orderNo for: reads as 您好张伟orderNo for:)
    if (!(isLetter(c) || isSpace(c) || (c >= 0x3400 && c <= 0x9fff) || c === 42)) return undefined;
    // a Latin key ends at a word's end
    if (isLetter(c) && e < t.length && isLetter(t.charCodeAt(e))) continue;
    const key = keyEndingAt(t, e);
    if (key === undefined) continue;
    // a key the clause denies (这是运单号不是电话：) labels nothing
    const denied = deniedAt(t, key.start);
    if (key.kind !== 'negative') {
      if (denied) continue;
      return undefined;
    }
    if (denied) return undefined;
    if (found === undefined) {
      found = key;
      foundEnd = e;
    }
  }
  if (found === undefined) return undefined;
  // what follows the key is a predicate (已签收, for the two boxes), not a greeting or a name
  // (订单号 Li Na您好：): no capital letter, no 您/你, no remark
  const rest = t.slice(foundEnd, q);
  if (/[A-Z您你]/.test(rest) || FREE_TEXT.test(rest)) return undefined;
  // the label is only the gap: a name earlier in the clause stays a name
  return { kind: 'negative', start: q };
}

// who or what 包裹 may follow and still name a parcel of the writer's, or of the reader a
// notification addresses (您的包裹A已到…)
const PARCEL_OWNERS = words([
  '您的',
  '你的',
  '我的',
  '我们的',
  '你们的',
  '您的',
  '你的',
  '我嘅',
  '你嘅',
  '我哋嘅',
  '这个',
  '那个',
  '一个',
  '查一下',
  '查询',
  '查下',
  '查',
]);
// whom a notification addresses
const READERS = words(['您的', '你的']);
// counts of several (两个, 这几个): 这个快递 may be the courier, 两个快递 are parcels
// and the ordinals of a machine's or a sheet's items (最后一件 A, 上一件 A, 第一单 A)
const PLURAL_COUNTS = words([...SEVERAL.list, '最后一', '上一', '下一', '第一']);

/**
 * @internal A label written as a parcel word rather than a key, ending at `q`: 包裹 (包裹 1381...), a
 * count of parcels (这两个单 A B, 几个快递 A、B), or a key split by spaces (订 单 号 1381..., which
 * may name personal data too: 电 话 1381...); else undefined.
 */
export function parcelWordKey(t: string, q: number, s = q): ReturnType<typeof keyEndingAt> {
  const c = t.charCodeAt(q - 1);
  if (!(c >= 0x3400 && c <= 0x9fff)) return undefined;
  if (t.charCodeAt(q - 2) === 32 && isCjk(t.charCodeAt(q - 3))) return spacedKey(t, q);
  const parcel = wordBefore(t, q, PARCELS);
  if (parcel === -1) return undefined;
  // a count of pieces heading the list (共3件：A B C)
  if (isDigit(t.charCodeAt(parcel - 1)) && colonAfter(t, q)) return { kind: 'negative', start: parcel - 1 };
  // the reader's parcel in a notification (您的快递A已到…); 快递 alone may be the courier
  if ((t.startsWith('快递', parcel) || t.startsWith('快件', parcel)) && wordBefore(t, parcel, READERS) !== -1)
    return { kind: 'negative', start: parcel };
  if (t.startsWith('包裹', parcel)) {
    // 包裹 at a clause start or after 我的, 这个 ...; someone's parcel (王芳的包裹 1381...) may well
    // be followed by that someone's phone
    const c = t.charCodeAt(parcel - 1);
    const ok = parcel === 0 || !(c >= 0x3400 && c <= 0x9fff) || wordBefore(t, parcel, PARCEL_OWNERS) !== -1;
    return ok ? { kind: 'negative', start: parcel } : undefined;
  }
  const count = wordBefore(t, parcel, PLURAL_COUNTS);
  if (count !== -1) return { kind: 'negative', start: count };
  // one parcel or order pointed at or owned (你这个单 A, 那个件 A, 我嘅件 A, 查下張單 A): the number
  // right after names it; not 快递, which may be the courier (这个快递 1381... is his phone)
  if (t.startsWith('快递', parcel) || t.startsWith('快遞', parcel)) return undefined;
  // only right before it: 这个件是 A 寄的 says who sent it (pointedParcelKey reads the 是)
  for (let k = q; k < s; k++) if (IS.has(t.charCodeAt(k))) return undefined;
  const one = wordBefore(t, parcel, ONE_PARCEL);
  return one === -1 ? undefined : { kind: 'negative', start: one };
}

const IS: ReadonlySet<number> = new Set([...'是为為係'].map((c) => c.charCodeAt(0)));
// what points at one parcel or order, or owns it, in Mandarin, Cantonese and traditional writing
// (这个单, 那張單, 呢個件, 我嘅件, 您的快件); 他的/她的 are left out: 他的件 1381... may be his phone
const ONE_PARCEL = words([
  '这个',
  '那个',
  '這個',
  '那個',
  '呢个',
  '呢個',
  '嗰个',
  '嗰個',
  '这张',
  '那张',
  '這張',
  '那張',
  '呢張',
  '嗰張',
  '下张',
  '下張',
  '查张',
  '查張',
  '这一',
  '那一',
  '我的',
  '你的',
  '您的',
  '我嘅',
  '你嘅',
  '我们的',
  '你们的',
  '我哋嘅',
  '你哋嘅',
]);

// a parcel pointed at (那个件, 这个包裹) as the subject of "… 是 A"
const POINTED_PARCELS = words([
  '那个件',
  '这个件',
  '那个包裹',
  '这个包裹',
  '那个快件',
  '这个快件',
  '那单',
  '这单',
]);
const SUBJECT_MAX = 10;

/**
 * @internal The parcel pointed at earlier in the clause whose 是 ends right before the number at
 * `s` (`q`: where the gap before it starts): 那个件你们说是 A, 这个包裹应该是 A. Only words that
 * name no one stand between, and the number did not send it (那个件的收件人是 A, 那个件你打 A,
 * 这个件是 A 寄的 keep the phone); else undefined.
 */
export function pointedParcelKey(t: string, q: number, s: number): ReturnType<typeof keyEndingAt> {
  let is = false;
  for (let k = q; k < s && !is; k++) is = t.charCodeAt(k) === 0x662f; // 是
  if (!is) return undefined;
  // 这个件是 A 寄的: whoever sent it
  let a = s;
  while (a < t.length && a - s < 24 && (isDigit(t.charCodeAt(a)) || t.charCodeAt(a) === 32)) a++;
  if (SENT.has(t.charCodeAt(a))) return undefined;
  for (let e = q; e > 0 && q - e < SUBJECT_MAX; e--) {
    const c = t.charCodeAt(e - 1);
    if (!isCjk(c) && !isLetter(c)) return undefined;
    const parcel = wordBefore(t, e, POINTED_PARCELS);
    if (parcel !== -1) return { kind: 'negative', start: parcel };
    if (personalEndingAt(t, e, 0, CALLS)) return undefined;
  }
  return undefined;
}
const SENT: ReadonlySet<number> = new Set([...'寄发送收买下'].map((c) => c.charCodeAt(0)));
// the contact words, and 加 (加我, add me on WeChat): between a pointed parcel and its 是 it
// makes the number someone's; elsewhere 加 is too common a word (加急, 增加) to say that
const CALLS = words([...CONTACT_WORDS.list, '加']);

/** Whether a colon follows `q` before any digit (the gap before a number). */
function colonAfter(t: string, q: number): boolean {
  for (let k = q; k < t.length && k - q < 8 && !isDigit(t.charCodeAt(k)); k++) {
    if (t.charCodeAt(k) === 58 || t.charCodeAt(k) === 0xff1a) return true;
  }
  return false;
}

/** The key whose characters are spaced out, ending at `q` (订 单 号), or undefined. */
function spacedKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  let k = q - 1;
  let compact = t[k]!;
  while (k >= 2 && compact.length < 6 && t.charCodeAt(k - 1) === 32 && isCjk(t.charCodeAt(k - 2))) {
    k -= 2;
    compact = t[k]! + compact;
  }
  const key = keyEndingAt(compact, compact.length);
  // the whole key spaced out (two characters at least), not only its last character
  if (key === undefined || key.start > compact.length - 2) return undefined;
  return { kind: key.kind, start: k + 2 * key.start };
}

/** @internal A unit or a code in brackets between a key and its colon: 金额（元）：, 商品编码（SKU）：, Weight (kg): */
export function bracketedUnitKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  const close = t.charCodeAt(q - 1);
  if (close !== 41 && close !== 0xff09) return undefined;
  const lo = Math.max(0, q - 12);
  let o = q - 2;
  while (o >= lo && t.charCodeAt(o) !== 40 && t.charCodeAt(o) !== 0xff08) o--;
  if (o < lo) return undefined;
  let k = o;
  while (k > 0 && isSpace(t.charCodeAt(k - 1))) k--;
  const outer = keyEndingAt(t, k);
  if (outer !== undefined) return outer;
  // the key in the brackets (产品（SKU）：) only after a word: in 13812345678（运单号） 15012345678 the
  // bracket labels the number before it, not the one after
  const c = k > 0 ? t.charCodeAt(k - 1) : 0;
  return isLetter(c) || (c >= 0x3400 && c <= 0x9fff) ? keyEndingAt(t, q - 1) : undefined;
}
