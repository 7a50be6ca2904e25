// How people in chat, tickets and handover notes refer to a number they do not label with a key:
// - by its tail: 单号尾号 0734 的那件 … 全号 A (A ends in the tail said of a parcel), or by its
//   head: 138开头的那件 … A, A … 那个13开头的是单号 (A starts with the head said of a parcel);
// - by what happened to the item, in a clause that ends right before it: 滞留最久的是 A,
//   滞留超 3 天的 A, 破损的 A (a number does not get stuck, damaged or returned; an item does);
// - by its recipient, whose own phone comes later in the line: A 收件人张女士要求送货上门，电话 B
//   (the recipient of A has the phone B, so A is the item; number-recipient.ts);
// - by pointing back at it from below: A … 上面那个是单号不是电话 (the first number before the
//   pointer, with no other long number between);
// - by saying what it is after denying what it is not: A 不是电话，是单号
//   (these last two readers are in number-said-after.ts).
// A number that a key of personal data labels, that a call or a phone word follows, or that
// anything else ties to someone stays a phone. Each check reads a bounded window next to one number.
import {
  deniedAt as $deniedAt,
  isDigit as $isDigit,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { callsBack as $callsBack, personalKeyAfter as $personalKeyAfter } from './number-after.js';
import { gapStart as $gapStart } from './number-gap.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';
import {
  CLAUSE_ENDS as $CLAUSE_ENDS,
  POINTER_HEADS as $POINTER_HEADS,
  deniedAfter as $deniedAfter,
  pointedFromBelow as $pointedFromBelow,
  saysNegative as $saysNegative,
  skipSp as $skipSp,
} from './number-said-after.js';
import { recipientOfItem as $recipientOfItem } from './number-recipient.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const deniedAt = $deniedAt;
const recipientOfItem = $recipientOfItem;
const isDigit = $isDigit;
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const callsBack = $callsBack;
const personalKeyAfter = $personalKeyAfter;
const gapStart = $gapStart;
const keyEndingAt = $keyEndingAt;
const CLAUSE_ENDS = $CLAUSE_ENDS;
const POINTER_HEADS = $POINTER_HEADS;
const deniedAfter = $deniedAfter;
const pointedFromBelow = $pointedFromBelow;
const saysNegative = $saysNegative;
const skipSp = $skipSp;

// ---- by its tail ----------------------------------------------------------------------------

const TAIL_REACH = 96;
const TAIL_WORDS = words(['尾号', '尾號', '尾数', '尾數', '后四位', '後四位', '末四位']);
// an item word after the tail (尾号0734的那件, 尾号 0734 的快递)
const TAIL_ITEMS = words([
  '那件',
  '那个件',
  '那個件',
  '那票',
  '那单',
  '那個單',
  '那个单',
  '那个包裹',
  '快递',
  '快遞',
  '快件',
  '包裹',
  '件',
  '单',
  '單',
  '票',
]);

/**
 * Whether the number t[s, e) ends in the digits that a 尾号 of a parcel gave earlier (单号尾号
 * 0734 的那件 … 全号 1381…0734; 尾号 0734 的快递): the parcel's tail, said first, then its whole
 * number. A 尾号 after a phone word (手机尾号, 电话尾号) is a phone's and gives nothing.
 */
function tailOfParcel(t: string, s: number, e: number): boolean {
  const lo = Math.max(0, s - TAIL_REACH);
  for (let k = s - 3; k > lo; k--) {
    const c = t.charCodeAt(k - 1);
    // the last character of a tail word: 号 號 数 數 位
    if (c !== 0x53f7 && c !== 0x865f && c !== 0x6570 && c !== 0x6578 && c !== 0x4f4d) continue;
    const w = wordBefore(t, k, TAIL_WORDS);
    if (w === -1) continue;
    const ds = skipGap(t, k);
    let de = ds;
    while (de < s && isDigit(t.charCodeAt(de))) de++;
    const n = de - ds;
    if (n < 3 || n > 6 || isDigit(t.charCodeAt(de))) continue;
    if (!t.endsWith(t.slice(ds, de), e) || e - s < 7) continue;
    if (parcelTail(t, w, de)) return true;
  }
  return false;
}

/** After a tail word ending at `k`: spaces, a colon, 是/为. */
function skipGap(t: string, k: number): number {
  let p = k;
  while (p < t.length && p - k < 3) {
    const c = t.charCodeAt(p);
    if (isSpace(c) || c === 58 || c === 0xff1a || c === 0x662f || c === 0x4e3a) p++;
    else break;
  }
  return p;
}

/** Whether the tail word at `w` whose digits end at `de` is a parcel's (单号尾号, 尾号0734的那件). */
function parcelTail(t: string, w: number, de: number): boolean {
  let b = w;
  while (b > 0 && w - b < 2 && (isSpace(t.charCodeAt(b - 1)) || t.charCodeAt(b - 1) === 0x7684)) b--;
  const key = keyEndingAt(t, b);
  if (key !== undefined) return key.kind === 'negative';
  let p = de;
  while (p < t.length && p - de < 2 && isSpace(t.charCodeAt(p))) p++;
  if (t.charCodeAt(p) === 0x7684) p++; // 的
  while (p < t.length && p - de < 4 && isSpace(t.charCodeAt(p))) p++;
  return wordAfter(t, p, TAIL_ITEMS) !== -1;
}

// ---- by its head ----------------------------------------------------------------------------

const HEAD_REACH = 100;
// what a head reference names after 开头(的): an item, or 是 and a key (138开头的那件, 13开头的是单号)
const HEAD_ITEMS = words([
  '那个件',
  '那個件',
  '那件',
  '那票',
  '那单',
  '那單',
  '件',
  '快递',
  '快遞',
  '包裹',
  '单',
  '單',
  '票',
]);
const HEAD_THAT = words(['那个', '那個', '这个', '這個']);

/**
 * Whether the number t[s, e) starts with the digits of a 开头 said of a parcel within HEAD_REACH
 * characters around it (138开头的那件 … 全号 A; A … 那个13开头的是单号): the parcel named by the
 * first digits of its number. A head after a phone word (手机138开头) or called a phone gives nothing.
 */
function headOfParcel(t: string, s: number, e: number): boolean {
  const lo = Math.max(0, s - HEAD_REACH);
  const hi = Math.min(t.length - 1, e + HEAD_REACH);
  for (let k = lo + 2; k < hi; k++) {
    if (t.charCodeAt(k) !== 0x5f00 || t.charCodeAt(k + 1) !== 0x5934) continue; // 开头
    let d = k;
    while (d > 0 && isSpace(t.charCodeAt(d - 1)) && k - d < 1) d--;
    let b = d;
    while (b > 0 && d - b < 7 && isDigit(t.charCodeAt(b - 1))) b--;
    const n = d - b;
    if (n < 2 || n > 6 || (b > 0 && isDigit(t.charCodeAt(b - 1)))) continue;
    if (!t.startsWith(t.slice(b, d), s)) continue;
    const key = keyEndingAt(t, gapStart(t, b));
    if (key !== undefined && key.kind !== 'negative') continue;
    if (headNamesParcel(t, k + 2)) return true;
  }
  return false;
}

/** Whether what follows 开头 at `p` names a parcel: (的) an item word, or (的)(那个) 是 and a key. */
function headNamesParcel(t: string, p: number): boolean {
  if (t.charCodeAt(p) === 0x7684) p++; // 的
  p = skipSp(t, p);
  if (wordAfter(t, p, HEAD_ITEMS) !== -1) return true;
  const that = wordAfter(t, p, HEAD_THAT);
  if (that !== -1) p = that;
  return saysNegative(t, skipSp(t, p));
}

// ---- by what happened to the item ------------------------------------------------------------

// what happens only to an item (a person is not stuck at a station, damaged or mis-sorted)
const ITEM_STATES = words([
  '滞留',
  '滯留',
  '积压',
  '積壓',
  '破损',
  '破損',
  '损坏',
  '損壞',
  '压坏',
  '壓壞',
  '丢失',
  '遗失',
  '遺失',
  '错分',
  '錯分',
  '漏扫',
  '漏掃',
  '退回',
  '被退回',
  '未签收',
  '没签收',
  '超期',
]);
const STATE_REACH = 14;

/**
 * Start of an item's state in the clause that ends in 的 or 的是 right before the number at `s`
 * (滞留最久的是 A, 滞留超 3 天的 A), with no key of personal data or contact word in that clause,
 * else -1.
 */
function stateClauseBefore(t: string, s: number): number {
  let q = s;
  while (q > 0 && s - q < 2 && isSpace(t.charCodeAt(q - 1))) q--;
  if (q > 0 && (t.charCodeAt(q - 1) === 0x662f || t.charCodeAt(q - 1) === 0x4fc2)) q--; // 是 係
  if (q === 0 || t.charCodeAt(q - 1) !== 0x7684) return -1; // 的
  q--;
  let found = -1;
  for (let k = q; k > 0 && q - k < STATE_REACH; k--) {
    const c = t.charCodeAt(k - 1);
    if (CLAUSE_ENDS.has(c)) break;
    if (personalEndingAt(t, k)) return -1;
    const w = wordBefore(t, k, ITEM_STATES);
    if (w !== -1) found = w;
  }
  return found;
}

// whether the last text read has a tail word's 尾 or 四位, a 开头, or a pointer's first character:
// the three readers that look far from the number run only in a text that has what they look for
// (read once a text, however many numbers it holds)
let marked: string | undefined;
let hasTail = false;
let hasHead = false;
let hasPointer = false;

function markText(t: string): void {
  marked = t;
  hasTail = t.indexOf('尾') !== -1 || t.indexOf('四位') !== -1;
  hasHead = t.indexOf('开头') !== -1;
  hasPointer = false;
  for (const c of POINTER_HEADS) if (t.indexOf(String.fromCharCode(c)) !== -1) hasPointer = true;
}

/**
 * @internal Where the evidence starts when people refer to the mobile candidate t[s, e) as a
 * parcel's in one of the ways of this file (see the file comment), else -1. A personal key right
 * before the number, or a call or a phone word right after it, keeps it someone's. The evidence
 * is about this number alone: it heads no list (detect.ts drops only the number).
 */
export function referredLabel(t: string, s: number, e: number): number {
  if (e - s < 11) return -1;
  if (t !== marked) markText(t);
  // each reader bails out after a look at a few characters; the guards are read only for a
  // number one of them took (the recipient reader weighs the word right after the number itself)
  let from = -1;
  if (recipientOfItem(t, s, e)) from = s;
  else {
    const state = stateClauseBefore(t, s);
    if (state !== -1) from = state;
    else if (
      deniedAfter(t, e) ||
      (hasTail && tailOfParcel(t, s, e)) ||
      (hasHead && headOfParcel(t, s, e)) ||
      (hasPointer && pointedFromBelow(t, e))
    )
      from = s;
    if (from !== -1 && (callsBack(t, e) || personalKeyAfter(t, e))) return -1;
  }
  if (from === -1) return -1;
  const before = keyEndingAt(t, gapStart(t, s));
  return before !== undefined && before.kind !== 'negative' && !deniedAt(t, before.start) ? -1 : from;
}
