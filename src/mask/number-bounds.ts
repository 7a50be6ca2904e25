// The boundaries of a number in free text: a number inside a longer alphanumeric token (a
// waybill or order id such as SF1381234567890 or ORD-13812345678) is not reported, except after
// a short telephone word (tel, m, wx ...).
import {
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isDigitCode as $isDigitCode,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { nameGluedAt as $nameGluedAt } from './name-glued-number.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isAsciiAlnum = $isAsciiAlnum;
const isAsciiLetter = $isAsciiLetter;
const isDigit = $isDigitCode;
const nameGluedAt = $nameGluedAt;

const TEL_WORDS = [
  'tel',
  'phone',
  'mobile',
  'mob',
  'cell',
  'm',
  't',
  'call',
  'no',
  'whatsapp',
  'wechat',
  'wx',
];
const LONGEST_TEL_WORD = 8;

/** ASCII letters t[i, end) lower-cased as a base-27 number (at most eight letters, so exact). */
function letterKey(t: string, i: number, end: number): number {
  let k = 0;
  for (let j = i; j < end; j++) k = k * 27 + ((t.charCodeAt(j) | 32) - 96);
  return k;
}
const TEL_KEYS = new Set(TEL_WORDS.map((w) => letterKey(w, 0, w.length)));

/** @internal a character of an email local part: A-Z a-z 0-9 . _ % + - */
export function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + -
  return isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** @internal Left boundary of a number: not inside a longer alphanumeric token (waybill, order id). */
export function leftOk(t: string, start: number): boolean {
  if (start === 0) return true;
  const c = t.charCodeAt(start - 1);
  // a '+' starts a new number even right after digits (1201+8613812345678): otherwise masking
  // the digits before it would turn it into a number on a second redaction
  if (c >= 48 && c <= 57) return t.charCodeAt(start) === 43;
  // after an ideograph or CJK punctuation (past the last separator, U+30FB) nothing joins the
  // number to what is before it: the common case, kept small enough to inline
  if (c > 0x30fb) return true;
  return leftOkAfter(t, start, c);
}

/** {@link leftOk} after a character `c` (t[start - 1]) that is not a digit */
function leftOkAfter(t: string, start: number, c: number): boolean {
  if (isAsciiLetter(c)) {
    // the last word of a person's name pasted onto the number (ZHANG WEI13812345678)
    if (nameGluedAt(t, start)) return true;
    // a telephone word has at most eight letters: nine are enough to tell (and bound the look back)
    const lo = Math.max(0, start - LONGEST_TEL_WORD - 1);
    let i = start - 1;
    while (i > lo && isAsciiLetter(t.charCodeAt(i - 1))) i--;
    // letters glued to a token (or to a token this library masked: ****tel138...) are part of it
    if (i > 0 && (isAsciiAlnum(t.charCodeAt(i - 1)) || t.charCodeAt(i - 1) === 42)) return false;
    return start - i <= LONGEST_TEL_WORD && TEL_KEYS.has(letterKey(t, i, start));
  }
  if ((c === 45 || c === 95 || c === 47 || isWideSep(c)) && start >= 2) {
    const b = t.charCodeAt(start - 2);
    // ORD-1381..., and the rest of a masked token (****/1381...) stay part of that token; but
    // after a whole mobile number, '-' and '/' separate two numbers (13812345678/13912345678),
    // and in a URL path a collection of people names the segment after it (/users/1381...)
    if (b === 42) return false;
    if (isAsciiAlnum(b))
      return c !== 95 && (mobileEndsAt(t, start - 1) || (c === 47 && peoplePath(t, start - 1)));
  }
  return true;
}

// URL path segments that name a collection of people (REST APIs key a person by their mobile as
// often as by an id: GET /users/1381.../profile, /couriers/1381.../location)
const PEOPLE_PATHS: ReadonlySet<string> = new Set(
  `user users customer customers member members courier couriers rider riders driver drivers receiver
   receivers recipient recipients consignee consignees sender senders contact contacts phone phones
   mobile mobiles account accounts buyer buyers person persons people`.split(/\s+/),
);

/** Whether the '/' at `slash` ends a path segment of {@link PEOPLE_PATHS} that a '/' opens. */
function peoplePath(t: string, slash: number): boolean {
  let i = slash;
  while (i > 0 && slash - i < 11 && isAsciiLetter(t.charCodeAt(i - 1))) i--;
  return i > 0 && t.charCodeAt(i - 1) === 47 && PEOPLE_PATHS.has(t.slice(i, slash).toLowerCase());
}

/**
 * A separator accepted inside numbers that is not ASCII: · ‐ ‒ – — ― • ‧ − ・ (number-shapes.ts
 * NUM_SEP). Glued between digits it joins them into one number, like '-' does.
 */
function isWideSep(c: number): boolean {
  return (
    c === 0xb7 ||
    c === 0x2010 ||
    (c >= 0x2012 && c <= 0x2015) ||
    c === 0x2022 ||
    c === 0x2027 ||
    c === 0x2212 ||
    c === 0x30fb
  );
}

/** Whether t[from, from + 11) is a whole mainland mobile: 1[3-9] and 9 digits, no digit around. */
function mobileAt(t: string, from: number): boolean {
  if (from < 0 || from + 11 > t.length) return false;
  if (t.charCodeAt(from) !== 49) return false;
  const second = t.charCodeAt(from + 1);
  if (second < 51 || second > 57) return false;
  for (let i = from + 2; i < from + 11; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return !(from > 0 && isAsciiAlnum(t.charCodeAt(from - 1))) && !isAsciiAlnum(t.charCodeAt(from + 11));
}

/** Whether a whole mainland mobile ends at `end` (exclusive). */
function mobileEndsAt(t: string, end: number): boolean {
  return mobileAt(t, end - 11);
}

/** @internal Right boundary: not followed by a digit or letter (or an @ of an email local part). */
export function rightOk(t: string, end: number): boolean {
  if (end >= t.length) return true;
  const c = t.charCodeAt(end);
  // an ideograph or CJK punctuation (past the last separator, U+30FB) ends the number: the
  // common case, kept small enough to inline
  if (c > 0x30fb) return true;
  return rightOkBefore(t, end, c);
}

/** {@link rightOk} before a character `c` (t[end]) */
function rightOkBefore(t: string, end: number, c: number): boolean {
  if (isAsciiAlnum(c) || c === 64) return false;
  if ((c === 45 || c === 95) && end + 1 < t.length && isAsciiAlnum(t.charCodeAt(end + 1)))
    return c === 45 && mobileAt(t, end + 1); // 13812345678-13912345678: two numbers
  // a separator and a digit continue the number (138·1234·5678·90), unless a mobile follows
  if (isWideSep(c) && end + 1 < t.length && isDigit(t.charCodeAt(end + 1))) return mobileAt(t, end + 1);
  return true;
}

/** @internal the `n` characters before `start`, lower-cased (context words) */
export function before(t: string, start: number, n: number): string {
  return t.slice(Math.max(0, start - n), start).toLowerCase();
}

/** @internal Whether a candidate of out[from, ...) (a few: the list is read in turn) overlaps t[s, e). */
export function overlapsFrom(out: readonly Candidate[], from: number, s: number, e: number): boolean {
  for (let i = from; i < out.length; i++) {
    const c = out[i]!;
    if (c.start < e && c.end > s) return true;
  }
  return false;
}
