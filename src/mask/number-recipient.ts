// A number referred to by its item's recipient (number-referred.ts reads the other ways): A
// 收件人张女士要求送货上门，电话 B, where the recipient of A is reached at B, so A is the item.
// Also the phone words the changed-phone reader shares (number-changed-phone.ts). Each check
// reads a bounded window next to one number.
import {
  endOfNumber as $endOfNumber,
  isDigit as $isDigit,
  isSpace as $isSpace,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { CLAUSE_ENDS as $CLAUSE_ENDS } from './number-said-after.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const endOfNumber = $endOfNumber;
const isDigit = $isDigit;
const isSpace = $isSpace;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const isCjk = $isIdeograph;
const CLAUSE_ENDS = $CLAUSE_ENDS;

// ---- by its recipient --------------------------------------------------------------------------

const RECIPIENTS = words(['收件人', '收货人', '收貨人', '收件者', '客户', '客戶']);
// what the recipient does or wants (A 收件人张女士要求送货上门, A 收件人改号为 B)
const PREDICATES = words([
  '要求',
  '希望',
  '想',
  '说',
  '說',
  '讲',
  '講',
  '让',
  '改',
  '换',
  '換',
  '不在',
  '拒收',
  '拒签',
  '联系不上',
  '聯絡不上',
  '已',
  '没',
  '沒',
  '未',
]);
const HONORIFICS = words(['先生', '女士', '小姐', '太太', '阿姨', '大爷', '老师']);
/**
 * @internal Phone words before the recipient's own number further on (电话 B, 新号码 B, 改号为 B,
 * 新的是 B); number-changed-phone.ts reads them before a changed phone's new value.
 */
export const PHONE_WORDS = words(['电话', '電話', '手机', '手機', '号码', '號碼', '号', '號', '新的']);
const RECIPIENT_REACH = 48;

/**
 * @internal Whether the number t[s, e) opens its clause and is followed by its item's recipient doing
 * something, with the recipient's own phone given later on the line (A 收件人张女士要求送货上门，
 * 电话 B): the recipient of A is reached at B, so A is the item. A recipient word right after the
 * number with a phone word or nothing after it (A 收件人电话, A（收件人）) labels A itself.
 */
export function recipientOfItem(t: string, s: number, e: number): boolean {
  let p = e;
  while (p < t.length && p - e < 2 && isSpace(t.charCodeAt(p))) p++;
  p = wordAfter(t, p, RECIPIENTS);
  if (p === -1) return false;
  // a name or an honorific (张女士, 李先生, 王芳): at most four ideographs before the predicate
  let n = 0;
  while (n < 4 && wordAfter(t, p + n, PREDICATES) === -1 && isCjk(t.charCodeAt(p + n))) {
    const h = wordAfter(t, p + n, HONORIFICS);
    if (h !== -1) {
      n = h - p;
      break;
    }
    n++;
  }
  p += n;
  if (wordAfter(t, p, PREDICATES) === -1 || !opensClause(t, s)) return false;
  return laterPhone(t, p, e, s);
}

/** Whether a phone word and then another mobile-shaped number follow on the line after `p`. */
function laterPhone(t: string, p: number, e: number, s: number): boolean {
  const end = Math.min(t.length, p + RECIPIENT_REACH);
  let word = false;
  for (let k = p; k < end; k++) {
    const c = t.charCodeAt(k);
    if (c === 10 || c === 13) return false;
    if (!word) {
      word = wordBefore(t, k + 1, PHONE_WORDS) !== -1;
      continue;
    }
    if (c === 0x31 && !isDigit(t.charCodeAt(k - 1))) {
      const b = endOfNumber(t, k);
      if (digitsOf(t, k, b) === 11 && !sameDigits(t, k, b, s, e)) return true;
      k = b;
    }
  }
  return false;
}

function digitsOf(t: string, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) if (isDigit(t.charCodeAt(k))) n++;
  return n;
}

/** Whether t[a, b) and t[s, e) hold the same digits. */
function sameDigits(t: string, a: number, b: number, s: number, e: number): boolean {
  let i = a;
  let j = s;
  for (;;) {
    while (i < b && !isDigit(t.charCodeAt(i))) i++;
    while (j < e && !isDigit(t.charCodeAt(j))) j++;
    if (i >= b || j >= e) return i >= b && j >= e;
    if (t.charCodeAt(i++) !== t.charCodeAt(j++)) return false;
  }
}

const LEADS = words(['其中', '另外', '还有', '還有', '另']);

/**
 * Whether the number at `s` opens its clause: the text's or a line's start, punctuation, an item
 * marker (1. 2、 -), a lead word (其中, 另外) or an @mention (@小王 A) right before it.
 */
function opensClause(t: string, s: number): boolean {
  let k = s;
  while (k > 0 && s - k < 3 && isSpace(t.charCodeAt(k - 1))) k--;
  if (k === 0) return true;
  const c = t.charCodeAt(k - 1);
  if (CLAUSE_ENDS.has(c) || c === 0x3002) return true;
  // an item marker: 1. 2、 3) - •
  if (c === 45 || c === 0x2022 || c === 42) return k === 1 || !isDigit(t.charCodeAt(k - 2));
  if ((c === 46 || c === 41 || c === 0xff09) && k >= 2 && isDigit(t.charCodeAt(k - 2))) {
    let d = k - 2;
    while (d > 0 && isDigit(t.charCodeAt(d - 1))) d--;
    return k - 1 - d <= 2 && (d === 0 || !isDigit(t.charCodeAt(d - 1)));
  }
  if (wordBefore(t, k, LEADS) !== -1) return true;
  // an @mention: @ and a handle of at most eight characters with no space
  if (k === s) return false;
  for (let m = k; m > 0 && k - m < 9; m--) {
    const d = t.charCodeAt(m - 1);
    if (d === 64 || d === 0xff20) return true;
    if (isSpace(d) || CLAUSE_ENDS.has(d)) return false;
  }
  return false;
}
