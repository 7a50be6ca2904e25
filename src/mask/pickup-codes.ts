// Pickup codes after their word (取件码 8-2-1033, 提货码：A12-3-4567, locker code 88931204): a code
// opens a locker or releases a parcel at a station, so it is a credential and is masked like
// personal data. What lockers and stations issue: 4-12 digits (丰巢 8, InPost 6, some 10-12), a
// shelf code of up to four dash-joined parts (3-2-1234, A12-3-4567), or a few spaced groups of
// digits as people retype them (12 3456). Templates and logs glue the next word to the code
// (取件码123456请于…, 556677order_no=…, 88931204sku=…): the code ends at its last digit, not at
// the end of the letters. Read in a bounded window after each key: linear in the text.
import {
  asciiFolded as $asciiFolded,
  headAt as $headAt,
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isDigitCode as $isDigitCode,
  wordHeads as $wordHeads,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { CLAUSE_WORDS, inPickupClause as $inPickupClause } from './pickup-clause.js';
import { CJK_CUE_WORDS, CUE_WORDS, cueCode as $cueCode, cueKeyAt as $cueKeyAt } from './pickup-cues.js';
import type { Scan } from './scan.js';
import { bankCardProblem } from '../schema/index.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const headAt = $headAt;
const asciiFolded = $asciiFolded;
const isAsciiAlnum = $isAsciiAlnum;
const isAsciiLetter = $isAsciiLetter;
const isDigitCode = $isDigitCode;
const inPickupClause = $inPickupClause;
const cueKeyAt = $cueKeyAt;
const cueCode = $cueCode;

/** @internal the words a pickup code follows (their first characters are marked in scan.ts) */
export const PICKUP_WORDS = [
  '取件码',
  '取件碼',
  '取件号',
  '取件號',
  '取件密码',
  '取件密碼',
  '取件验证码',
  '取件驗證碼',
  '取件驗証碼',
  '取件编号',
  '取件編號',
  '取货码',
  '取貨碼',
  '取货号',
  '取貨號',
  '取货编号',
  '取貨編號',
  '取货验证码',
  '取貨驗證碼',
  '取货密码',
  '取貨密碼',
  '提货验证码',
  '提貨驗證碼',
  '提货编号',
  '提貨編號',
  '領貨碼',
  '领货码',
  '領件碼',
  '领件码',
  '領取碼',
  '领取码',
  '領件密碼',
  '取件憑證碼',
  '開箱密碼',
  '开箱密码',
  '開櫃密碼',
  '提货码',
  '提貨碼',
  '提货号',
  '提貨號',
  '提货密码',
  '提貨密碼',
  '自提码',
  // the code a same-day courier asks the receiver for at the door (闪送 收件码, 收货码): whoever
  // holds it takes the parcel, as with a pickup code
  '收件码',
  '收件碼',
  '收货码',
  '收貨碼',
  '收件验证码',
  '收件驗證碼',
  '自提碼',
  '开箱码',
  '開箱碼',
  '开柜码',
  '開櫃碼',
  '开柜密码',
  'pickup code',
  'pick-up code',
  'pick up code',
  'pickup pin',
  'pick-up pin',
  'collection code',
  'collection pin',
  'locker code',
  'locker pin',
  'pickup password',
  'locker password',
  'pickup passcode',
  'locker passcode',
];

// the word, then at most one of 是/为/is and one of : ： = #, and an opening bracket or quote;
// spaces between them are bounded (\s{0,3}: several optional runs of spaces do not backtrack far)
const PICKUP_KEY = new RegExp(
  `(?:${PICKUP_WORDS.join('|')})\\s{0,3}(?:是|为|為|is)?\\s{0,3}[:：=#]?\\s{0,3}[【[「(（"']?`,
  'iy',
);
// 验证码 / 密码 alone, then as after a pickup-code word: a code only in a pickup clause
// (pickup-clause.ts)
const CLAUSE_KEY = new RegExp(
  `(?:${CLAUSE_WORDS.join('|')})\\s{0,3}(?:是|为|為)?\\s{0,3}[:：=#]?\\s{0,3}[【[「(（"']?`,
  'y',
);
const CLAUSE_HEADS = $wordHeads(CLAUSE_WORDS);
// every word any key below begins with: one look at a marker the scan listed for another word
// (电话, 座机, email letters) settles that no key starts there
const ANY_HEADS = $wordHeads([...PICKUP_WORDS, ...CLAUSE_WORDS, ...CUE_WORDS, ...CJK_CUE_WORDS], true);
// a pickup word's first two characters (either case) and its third (bit 5 set, so either case of
// a Latin letter): a marker that starts none (收件人 of 收件码's heads) is read by no key regex
const PICKUP_HEADS = $wordHeads(PICKUP_WORDS, true);
const PICKUP_THIRD = new Set(PICKUP_WORDS.map((w) => w.charCodeAt(2) | 32));
// the first three letters of every Latin key (pic, col, loc, cod, pin, pas): a Latin marker that
// starts none (the com of an e-mail, consignee) is no key, without a regex's look
const LATIN_THREE = new Set(
  [...PICKUP_WORDS, ...CUE_WORDS].filter((w) => w.charCodeAt(0) < 128).map((w) => asciiFolded(w, 0, 3)),
);

/** the longest part of a code between dashes, and the most parts */
const MAX_PART = 12;
const MAX_PARTS = 4;
/** the most digits of a code written in spaced groups (12 3456, 1234 5678) */
const MAX_SPACED = 12;

/**
 * @internal The end of a pickup code that starts at `q` (before `lim`), or -1 when no code is
 * there: letters and digits with a digit, each dash-joined part at most 12 long; a word glued
 * after the last digit (3 letters or more, or letters before a key's = : _) is not the code's.
 * Reads at most a few dozen characters.
 */
export function pickupCodeEnd(t: string, q: number, lim: number): number {
  const end = codeEnd(t, q, lim);
  return end !== -1 && endsClean(t, end) ? end : -1;
}

/** pickupCodeEnd without the look at what follows the code. */
function codeEnd(t: string, q: number, lim: number): number {
  let p = q;
  let end = -1;
  let digit = false;
  // a letter after a digit earlier in the code (K7Q2MZ): its trailing letters are its own
  let mixed = false;
  for (let part = 0; part < MAX_PARTS; part++) {
    const a = p;
    let lastDigit = -1;
    while (p < lim && p - a <= MAX_PART + 40 && isAsciiAlnum(t.charCodeAt(p))) {
      if (isDigitCode(t.charCodeAt(p))) {
        if (lastDigit !== -1 && lastDigit < p - 1) mixed = true;
        lastDigit = p;
      }
      p++;
    }
    if (p === a) break;
    if (lastDigit !== -1) digit = true;
    const glued = lastDigit !== -1 && p - lastDigit - 1 > 0 && gluedWord(t, lastDigit + 1, p, mixed);
    const e = glued ? lastDigit + 1 : p;
    if (e - a > MAX_PART) return -1;
    end = e;
    if (glued) return digit ? end : -1;
    if (t.charCodeAt(p) === 45 && p + 1 < lim && isAsciiAlnum(t.charCodeAt(p + 1))) {
      p++;
      continue;
    }
    if (part === 0 && lastDigit === p - 1) {
      const q = spacedShelf(t, a, p, lim);
      end = q !== -1 ? q : spacedGroups(t, a, p, lim);
    }
    break;
  }
  return digit ? end : -1;
}

/**
 * Whether a code may end at `end`: not before a mask character or a dash, or a separator and
 * more of a number (the head of a phone masked as 138.****.5678, or of a longer number, is not
 * a code).
 */
function endsClean(t: string, end: number): boolean {
  const c = t.charCodeAt(end);
  if (c === 42 || c === 45) return false;
  if (c === 46 || c === 47 || c === 0xb7 || c === 0x30fb || c === 0x2013 || c === 0x2014) {
    const d = t.charCodeAt(end + 1);
    if (isAsciiAlnum(d) || d === 42) return false;
  }
  return true;
}

/**
 * Whether the letters t[s, e) after a code's last digit are a word glued to it: letters before
 * a key's = : _ (556677sn_no=), or a word of 3 letters or more after a code of digits with at
 * most leading letters (a code with letters between its digits, K7Q2MZ, ends in its own).
 */
function gluedWord(t: string, s: number, e: number, mixed: boolean): boolean {
  for (let k = s; k < e; k++) if (!isAsciiLetter(t.charCodeAt(k))) return false;
  const c = t.charCodeAt(e);
  if (c === 61 || c === 58 || c === 95) return true;
  return !mixed && e - s >= 3;
}

/** The end of a gap between the parts of a shelf code written with spaces (' ', ' - ', '- ', ' -'), or -1. */
function spacedGap(t: string, p: number): number {
  let k = p;
  if (t.charCodeAt(k) === 32) k++;
  if (t.charCodeAt(k) === 45) k++;
  if (t.charCodeAt(k) === 32) k++;
  // (a dash alone joins the parts of a code as it is written, not spaced)
  return k === p || (k === p + 1 && t.charCodeAt(p) === 45) ? -1 : k;
}

/**
 * The end of a shelf code retyped with spaces (9 1 4402, 3 - 1 - 0567) whose first part is
 * t[a, e) (1-3 characters, a number of at most 2 digits): a part of 1-2 digits, then one of 3-5
 * digits, each after a gap, and not before more digits; -1 when the code is not one.
 */
function spacedShelf(t: string, a: number, e: number, lim: number): number {
  if (e - a > 3 || (e - a > 2 && isDigitCode(t.charCodeAt(a)))) return -1;
  let p = spacedGap(t, e);
  if (p === -1) return -1;
  const b = p;
  while (p < lim && p - b < 3 && isDigitCode(t.charCodeAt(p))) p++;
  if (p - b < 1 || p - b > 2) return -1;
  p = spacedGap(t, p);
  if (p === -1) return -1;
  const c = p;
  while (p < lim && p - c < 6 && isDigitCode(t.charCodeAt(p))) p++;
  if (p - c < 3 || p - c > 5 || isAsciiAlnum(t.charCodeAt(p))) return -1;
  // one more spaced group: a longer number, not a code
  const g = spacedGap(t, p);
  return g !== -1 && isDigitCode(t.charCodeAt(g)) ? -1 : p;
}

/**
 * The end of a code of spaced groups of digits that starts with the group t[a, e) (12 3456):
 * groups of 3 or 4 digits after one space, at most 12 digits in all, and not before one more
 * spaced group of digits (8821 138 0013 8000 is a code and a phone, not one code).
 */
function spacedGroups(t: string, a: number, e: number, lim: number): number {
  if (e - a > 4) return e;
  let digits = e - a;
  let p = e;
  let end = e;
  while (t.charCodeAt(p) === 32 && p + 1 < lim && isDigitCode(t.charCodeAt(p + 1))) {
    let k = p + 1;
    while (k < lim && k - p <= 5 && isDigitCode(t.charCodeAt(k))) k++;
    const n = k - p - 1;
    if (n < 3 || n > 4 || isAsciiAlnum(t.charCodeAt(k)) || digits + n > MAX_SPACED) {
      // a longer number or a run of groups after the code: the code is the first group alone
      return n >= 3 && digits + n > MAX_SPACED ? e : end;
    }
    digits += n;
    end = k;
    p = k;
  }
  if (end !== e && t.charCodeAt(end) === 32 && isDigitCode(t.charCodeAt(end + 1))) return e;
  return end;
}

/** @internal Pickup codes after their word (the code has a digit). */
export function pickupCodes(t: string, s: Scan, out: Candidate[]): void {
  const ctx = s.numCtx;
  let from = 0;
  for (let k = 0; k < ctx.n; k++) {
    const p = ctx.buf[k]!;
    if (p < from) continue;
    const key = keyAt(t, p);
    if (key === undefined) continue;
    const start = key.lastIndex;
    const e = codeEnd(t, start, Math.min(t.length, start + 64));
    from = start;
    if (e === -1 && key === PICKUP_KEY) {
      from = longUnderKey(t, start, out);
      continue;
    }
    // (a code before '/' and a code of its shape is the first of a list: 8-2-1033/8-2-1034)
    if (e === -1 || !(endsClean(t, e) || (t.charCodeAt(e) === 47 && sameShapeAt(t, start, e, e + 1))))
      continue;
    if (key !== PICKUP_KEY && key !== CLAUSE_KEY && !cueCode(t, p, key, start, e)) continue;
    // the clause is read last, for a code that is there (cheap checks first)
    if (key !== PICKUP_KEY && !inPickupClause(t, p, e)) continue;
    // right under its own word a code outranks a phone read in the same digits (取件码：1381…):
    // the text says what it is, and a code is masked whole where a phone keeps 7 of 11 digits
    out.push({ kind: 'pickupCode', start, end: e, confidence: key === PICKUP_KEY ? 0.98 : 0.9 });
    from = moreCodes(t, start, e, out);
  }
}

/**
 * A number of 13 to 19 digits right under a pickup-code word (取件码 6225880212345678): longer than
 * any code a locker or a station issues, and masked whole either way: a bank card where its
 * check digit holds (a card pasted into the code's field), else a code of an unusual system.
 * Returns where reading may go on.
 */
function longUnderKey(t: string, start: number, out: Candidate[]): number {
  let k = start;
  while (k < t.length && k - start < 20 && isDigitCode(t.charCodeAt(k))) k++;
  const n = k - start;
  if (n < 13 || n > 19 || isAsciiAlnum(t.charCodeAt(k)) || !endsClean(t, k)) return start;
  const card = bankCardProblem(t.slice(start, k)) === undefined;
  out.push({ kind: card ? 'bankCard' : 'pickupCode', start, end: k, confidence: card ? 0.95 : 0.9 });
  return k;
}

/** The key regex that matched at `p` (its lastIndex at the code), or undefined. */
function keyAt(t: string, p: number): RegExp | undefined {
  if (!headAt(ANY_HEADS, t, p)) return undefined;
  if (t.charCodeAt(p) < 128 && !LATIN_THREE.has(asciiFolded(t, p, 3))) return undefined;
  if (headAt(PICKUP_HEADS, t, p) && PICKUP_THIRD.has(t.charCodeAt(p + 2) | 32)) {
    PICKUP_KEY.lastIndex = p;
    if (PICKUP_KEY.test(t)) return PICKUP_KEY;
  }
  if (headAt(CLAUSE_HEADS, t, p)) {
    CLAUSE_KEY.lastIndex = p;
    if (CLAUSE_KEY.test(t)) return CLAUSE_KEY;
  }
  return cueKeyAt(t, p);
}

/** Whether t[a, b) and t[c, d) have the same shape: digits, letters and dashes in the same places. */
function sameShape(t: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let k = 0; k < b - a; k++) {
    const x = t.charCodeAt(a + k);
    const y = t.charCodeAt(c + k);
    if (isDigitCode(x) !== isDigitCode(y) || isAsciiLetter(x) !== isAsciiLetter(y)) return false;
  }
  return true;
}

/** Whether a code of the shape of t[s, e) starts at `p`. */
function sameShapeAt(t: string, s: number, e: number, p: number): boolean {
  const q = codeEnd(t, p, Math.min(t.length, p + 32));
  return q !== -1 && sameShape(t, s, e, p, q);
}

/**
 * The codes listed after the code t[s, e) (取件码 8-2-1033、8-2-1034; codes 556677, 556678): each
 * after a list separator and in the same shape as the first, at most eight. Returns where the
 * list ends. A phone after a code has another shape and is not taken.
 */
function moreCodes(t: string, s: number, e: number, out: Candidate[]): number {
  let end = e;
  for (let n = 0; n < 8; n++) {
    let p = end;
    if (t.charCodeAt(p) === 32) p++;
    const c = t.charCodeAt(p);
    if (c === 0x3001 || c === 44 || c === 0xff0c || c === 47 || c === 59 || c === 0xff1b) p++;
    else if (c === 0x548c || c === 0x53ca)
      p++; // 和, 及
    else break;
    if (t.charCodeAt(p) === 32) p++;
    const q = codeEnd(t, p, Math.min(t.length, p + 32));
    if (q === -1 || !sameShape(t, s, e, p, q)) break;
    out.push({ kind: 'pickupCode', start: p, end: q, confidence: 0.9 });
    end = q;
  }
  return end;
}
