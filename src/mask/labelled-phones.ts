// A number in a local or foreign format right after a phone word: 電話：9123 4567, 台灣手機
// 0912-345-678, HK mobile 9123 4567, Phone: (415) 555-0132, ring me on 07700 900 123, WhatsApp me
// 8123 4567, Tel. +86 (139) 2671-4408. The mobile and landline patterns know the mainland plan
// only; after a word that says "phone" any number of 7-12 digits in phone-style groups is one
// (privacy first: who writes a phone word before an order number?). Read once per run of digits
// the window scan already listed, with a bounded look back and a bounded read forward.
import { isAsciiLetter as $isAsciiLetter, isDigitCode as $isDigitCode } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { isServiceNumber as $isServiceNumber } from './landline.js';
import { overlapsFrom as $overlapsFrom } from './number-bounds.js';
import { isDateDigits as $isDateDigits } from './number-shapes.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigitCode;
const isLetter = $isAsciiLetter;
const isServiceNumber = $isServiceNumber;
const overlaps = $overlapsFrom;
const isDateDigits = $isDateDigits;

// the phone word, then what people put between it and the number (no., number, is, me at, on,
// a colon, 是, 为, a country code); anchored at the end of the look back
const LABEL_BEFORE = new RegExp(
  '(?:电话|電話|手机|手機|手提|号码|號碼|联系方式|聯絡方式|聯繫方式|联络|聯絡|致电|致電|拨打|撥打|打给我|打俾我|打畀我|' +
    'điện thoại|sđt|โทร|เบอร์|' +
    '(?<![A-Za-z])(?:tel|telephone|telefon|phone|mobile|mob|cell|cellphone|handphone|hp|h/p|whatsapp|call|ring|dial|contact|ph))' +
    '(?:\\s{0,2}(?:no\\.?|number|num|#))?\\.?' +
    '(?:\\s{1,2}(?:is|me at|me on|us at|us on|me))?' +
    '\\s{0,3}[:：=]?\\s{0,3}(?:是|为|為)?\\s{0,2}(?:\\+\\d{1,3}[\\s-]?)?$',
  'i',
);
const LOOK_BACK = 32;
const MAX_GROUPS = 4;

/** Whether c separates the groups of a phone number: space, no-break space, dash, dot. */
function isGroupSep(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 0xa0;
}

// the lengths of a number's groups, reused by each call (phoneEnd runs at every run of digits)
const LENS: number[] = [];

/**
 * The end of a phone-style number starting at `s` (an optional area code in brackets, then up
 * to four groups of digits joined by one separator each), or -1: 7-12 digits, dots only as a
 * number's own separators (two or more), not a date, not run on into letters or digits.
 */
function phoneEnd(t: string, s: number, cap: number): number {
  let k = s;
  let digits = 0;
  let groups = 0;
  let dots = 0;
  let first = 0;
  const lens = LENS;
  lens.length = 0;
  if (t.charCodeAt(k) === 40) {
    // (415) 555-0132, (02) 2345-6789, (0)20 7946 0958
    k++;
    const g = k;
    while (k < cap && isDigit(t.charCodeAt(k))) k++;
    if (k - g < 1 || k - g > 4 || t.charCodeAt(k) !== 41) return -1;
    digits += k - g;
    lens.push(k - g);
    groups++;
    k++;
    if (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 45) k++;
  }
  while (k < cap && groups < MAX_GROUPS + 1) {
    const g = k;
    while (k < cap && isDigit(t.charCodeAt(k))) k++;
    if (k === g) return -1;
    if (groups === 0) first = k - g;
    lens.push(k - g);
    digits += k - g;
    groups++;
    const c = t.charCodeAt(k);
    if (!isGroupSep(c) || !isDigit(t.charCodeAt(k + 1))) break;
    if (c === 46) dots++;
    k++;
  }
  if (digits < 7 || digits > 12 || groups > MAX_GROUPS) return -1;
  // dots only as in 415.555.0132 (one or three are a decimal or an IPv4 address)
  if (dots > 0 && (dots !== 2 || groups !== 3)) return -1;
  // one run of digits: 8 of them (a local number of Hong Kong, Macao, Singapore or a mainland
  // city) or 10 after a trunk 0 (0912345678); other lengths glued together, and every
  // mobile-shaped run (1 and ten digits: the mobile patterns decide, a virtual number with its
  // extension included), are the pattern detectors' to read
  if (groups === 1 && !(digits === 8 || (digits === 10 && t.charCodeAt(s) === 48))) return -1;
  if (digits === 11 && t.charCodeAt(s) !== 40 && t.charCodeAt(s) === 49) return -1;
  // a date written in groups (2024-05-01 ...): four digits, then months and days; a date or a
  // time range in one or two runs of digits (20240501, 0930 1200)
  if (first === 4 && lens.length >= 3 && lens[1] === 2 && lens[2] === 2) return -1;
  if (dateOrTimes(t, s, k, lens)) return -1;
  const c = t.charCodeAt(k);
  if (k < t.length && (isDigit(c) || isLetter(c) || c === 42)) return -1;
  return counted(t, k) ? -1 : k;
}

/** Whether t[s, e) is a mainland mobile with its head in brackets: (139) 2671 4408. */
function bracketedMobile(t: string, s: number, e: number): boolean {
  if (t.charCodeAt(s) !== 40 || t.charCodeAt(s + 1) !== 49 || t.charCodeAt(s + 4) !== 41) return false;
  const d = t.charCodeAt(s + 2);
  if (d < 51 || d > 57) return false;
  let n = 0;
  for (let k = s; k < e; k++) if (isDigit(t.charCodeAt(k))) n++;
  return n === 11;
}

/** The number t[s, s + 4) read as a time of day HHMM, or -1. */
function hhmm(t: string, s: number): number {
  const h = (t.charCodeAt(s) - 48) * 10 + t.charCodeAt(s + 1) - 48;
  const m = (t.charCodeAt(s + 2) - 48) * 10 + t.charCodeAt(s + 3) - 48;
  return h <= 24 && m <= 59 ? h : -1;
}

/** Whether t[s, e) in groups of `lens` is a date (20240501) or a range of two times (0930 1200). */
function dateOrTimes(t: string, s: number, e: number, lens: readonly number[]): boolean {
  if (lens.length === 1 && lens[0] === 8) return isDateDigits(t, s, e);
  return lens.length === 2 && lens[0] === 4 && lens[1] === 4 && hhmm(t, s) !== -1 && hhmm(t, e - 4) !== -1;
}

// counting words after a number: 手机 12345678 台 counts phones, not dials one
const COUNTERS = new Set([...'元块台个個件次条條张張箱部位份天年月日秒米'].map((c) => c.charCodeAt(0)));

/** Whether a counting word follows at `k` (after one space): the number counts things. */
function counted(t: string, k: number): boolean {
  if (t.charCodeAt(k) === 32) k++;
  return COUNTERS.has(t.charCodeAt(k));
}

/** Whether a phone word (and its joining words) ends right before `s`. */
function labelBefore(t: string, s: number): boolean {
  return LABEL_BEFORE.test(t.slice(Math.max(0, s - LOOK_BACK), s));
}

// the spans of the window's candidates, marked once per window where a run needs the check
let MARK = new Uint8Array(256);

/** Marks the spans of out[from..] inside the window t[a, b) in MARK (index k - a). */
function markWindow(out: Candidate[], from: number, a: number, b: number): Uint8Array {
  if (MARK.length < b - a) MARK = new Uint8Array(Math.max(b - a, 2 * MARK.length));
  const mark = MARK;
  mark.fill(0, 0, b - a);
  for (let k = from; k < out.length; k++) {
    const c = out[k]!;
    for (let q = Math.max(c.start, a); q < Math.min(c.end, b); q++) mark[q - a] = 1;
  }
  return mark;
}

/** Whether a marked character lies in [s, e) (offsets into the window from `a`). */
function marked(mark: Uint8Array, a: number, b: number, s: number, e: number): boolean {
  for (let q = Math.max(s, a); q < Math.min(e, b); q++) if (mark[q - a] === 1) return true;
  return false;
}

/**
 * @internal Numbers of any national plan after a phone word, at the runs of digits `runAt[0,
 * nRun)` (start, end pairs) of the window t[a, b), where no candidate from `outFrom` on covers
 * them yet.
 */
export function labelledPhones(
  t: string,
  a: number,
  b: number,
  runAt: Int32Array,
  nRun: number,
  out: Candidate[],
  outFrom: number,
): void {
  let from = 0;
  let mark: Uint8Array | undefined;
  for (let i = 0; i < nRun; i += 2) {
    let s = runAt[i]!;
    if (s < from) continue;
    const prev = s > 0 ? t.charCodeAt(s - 1) : 0;
    // the left edge: a bracketed area code starts at its bracket; a digit run glued to letters,
    // a '+' (an international number), a mask star or a separator-joined longer number is not one
    if (prev === 40) s--;
    else if (isLetter(prev) || prev === 43 || prev === 42 || prev === 95) continue;
    else if (isGroupSep(prev) && isDigit(t.charCodeAt(s - 2))) continue;
    // (a run a candidate already covers is read no further: the common case, a mobile or a
    // landline the patterns found)
    if (out.length - outFrom <= 8 && overlaps(out, outFrom, s, s + 1)) continue;
    const e = phoneEnd(t, s, Math.min(t.length, s + 24));
    if (e === -1) continue;
    // (the common case first: a mobile the patterns found; a window with many candidates marks
    // their spans once instead of reading the list per run)
    if (out.length - outFrom <= 8) {
      if (overlaps(out, outFrom, s, e)) continue;
    } else {
      mark ??= markWindow(out, outFrom, a, b);
      if (marked(mark, a, b, s, e)) continue;
    }
    // (a mainland mobile with its head in brackets is one with no word before it)
    if (!bracketedMobile(t, s, e) && !labelBefore(t, s)) continue;
    from = e;
    if (isServiceNumber(t.slice(s, e))) continue;
    out.push({ kind: 'phone', start: s, end: e, confidence: 0.75 });
  }
}
