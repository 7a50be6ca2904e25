// Detectors for structured identifiers in free text: mobiles, landlines, resident IDs, HK/TW
// IDs, passports and permits, bank cards, emails, coordinates, IPv4. Each candidate is
// validated (checksums, dates, numbering plan) and checked at its boundaries, so a mobile-shaped
// run inside a waybill number (SF1381234567890) or an order id is not reported. Identity numbers
// and bank cards are matched in detect-ids.ts, from the offsets one reading of a window finds here.
import type { Kind } from '../schema/index.js';
import {
  isAsciiAlnum as $isAsciiAlnum,
  isDigitCode as $isDigitCode,
  isReSpace as $isReSpace,
} from './char-flags.js';
import {
  decimals as $decimals,
  emails as $emails,
  hanziMobiles as $hanziMobiles,
  numbersAfterContext as $numbersAfterContext,
} from './detect-number-context.js';
import { pickupCodes as $pickupCodes } from './pickup-codes.js';
import { registerCodes as $registerCodes } from './pickup-register.js';
import { shelfCodes as $shelfCodes } from './pickup-shelf.js';
import { landlineAt as $landlineAt } from './landline-at.js';
import {
  cardsInRuns as $cardsInRuns,
  idsAtCapitals as $idsAtCapitals,
  residentIdsIn as $residentIdsIn,
} from './detect-ids.js';
import { leftOk as $leftOk, rightOk as $rightOk } from './number-bounds.js';
import { NUM_SEP as $NUM_SEP, isSepCode as $isSepCode, mobileAt as $mobileAt } from './number-shapes.js';
import { unevenMobiles as $unevenMobiles } from './mobile-groups.js';
import { labelledPhones as $labelledPhones } from './labelled-phones.js';
import { obfuscatedEmails as $obfuscatedEmails } from './obfuscated-emails.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isAsciiAlnum = $isAsciiAlnum;
const isDigitCode = $isDigitCode;
const isReSpace = $isReSpace;
const decimals = $decimals;
const emails = $emails;
const hanziMobiles = $hanziMobiles;
const numbersAfterContext = $numbersAfterContext;
const pickupCodes = $pickupCodes;
const registerCodes = $registerCodes;
const shelfCodes = $shelfCodes;
const cardsInRuns = $cardsInRuns;
const idsAtCapitals = $idsAtCapitals;
const residentIdsIn = $residentIdsIn;
const leftOk = $leftOk;
const rightOk = $rightOk;
const landlineAt = $landlineAt;
const NUM_SEP = $NUM_SEP;
const isSepCode = $isSepCode;
const mobileAt = $mobileAt;
const unevenMobiles = $unevenMobiles;
const labelledPhones = $labelledPhones;
const obfuscatedEmails = $obfuscatedEmails;

// imported tests as local bindings: the matchers call them once per character
const isDigit = isDigitCode;
const isSep = isSepCode;
const isAlnum = isAsciiAlnum;
const isSpace = isReSpace;

/** @internal a detector candidate */
export interface Candidate {
  kind: Kind;
  start: number;
  end: number;
  confidence: number;
}

const EXTENSION = /^\s*(?:转|轉|分机|ext\.?|x|#|,|，|-)\s*\d{1,6}(?![\d\-/年月日.:：号號])/i;
const S = NUM_SEP;
// international numbers: the separators less the dot (a dot between single digits is an
// IP address or a decimal glued to the number)
const S_NO_DOT = S.replace('.', '');
const INTL = new RegExp(
  `(?:\\+|00)(?!86)[1-9]\\d{0,2}${S_NO_DOT}?\\(?\\d{1,4}\\)?(?:${S_NO_DOT}?\\d){6,10}`,
  'g',
);

/**
 * Whether the mobile t[s, e) has a single separator and it is a dot or a slash: a decimal
 * (a longitude such as 139.76712345) or a ratio, not a number disguised with separators.
 */
function decimalShaped(t: string, s: number, e: number): boolean {
  let n = 0;
  let c0 = 0;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (isSep(c)) {
      n++;
      c0 = c;
    }
  }
  return n === 1 && (c0 === 46 || c0 === 47);
}

/**
 * Whether the mobile t[s, e), written in groups, goes on with one more short group after the
 * same separator (SF 138 1234 5678 90): the groups of a longer number (a waybill), not a phone.
 */
function groupContinues(t: string, s: number, e: number): boolean {
  const sep = t.charCodeAt(e);
  if (!isSep(sep) || !isDigit(t.charCodeAt(e + 1))) return false;
  let inner = false;
  for (let k = s; k < e && !inner; k++) inner = t.charCodeAt(k) === sep;
  if (!inner) return false;
  // the digits of the groups that follow (a second number in groups, 139 1234 5678, is one)
  let n = 0;
  let k = e;
  while (k < t.length && t.charCodeAt(k) === sep && isDigit(t.charCodeAt(k + 1)) && n <= 6) {
    k++;
    while (k < t.length && isDigit(t.charCodeAt(k))) {
      k++;
      n++;
    }
  }
  return n <= 6 && !isAlnum(t.charCodeAt(k));
}

// first characters of the EXTENSION words: 转 轉 分机 ext x # , ， -
const EXTENSION_FIRST = new Set([...'转轉分eExX#,，-'].map((c) => c.charCodeAt(0)));

/**
 * Whether EXTENSION can match the 12 characters at `e`: its word after optional spaces and,
 * after a one-character word (x # , ， - 转 轉), a digit after optional spaces.
 */
function mayBeExtension(t: string, e: number): boolean {
  const end = Math.min(t.length, e + 12);
  let k = e;
  while (k < end && isSpace(t.charCodeAt(k))) k++;
  if (k >= end || !EXTENSION_FIRST.has(t.charCodeAt(k))) return false;
  return extensionFrom(t, k, end);
}

/** After an extension word's first character at `k` (before `end`): whether the rest may match. */
function extensionFrom(t: string, k: number, end: number): boolean {
  const c = t.charCodeAt(k);
  if (c === 0x5206 || c === 101 || c === 69) return true; // 分机, ext: the pattern decides
  let q = k + 1;
  while (q < end && isSpace(t.charCodeAt(q))) q++;
  return q < end && isDigit(t.charCodeAt(q));
}

// Offsets found while reading a window once, so each pattern visits only where it can begin:
// capital letters (HK/TW IDs), mobile heads 1[3-9]\d, landline starts (+ 0 '('), and runs of
// digits as start, end pairs. Grown to the longest window seen.
let UPPER_AT = new Int32Array(64);
let HEAD_AT = new Int32Array(64);
let LANDLINE_START_AT = new Int32Array(64);
let RUN_AT = new Int32Array(128);

function reserve(n: number): void {
  const len = UPPER_AT.length;
  if (len >= n && (len <= 4096 || len <= 4 * n)) return;
  n = Math.max(n, 64);
  UPPER_AT = new Int32Array(n);
  HEAD_AT = new Int32Array(n);
  LANDLINE_START_AT = new Int32Array(n);
  RUN_AT = new Int32Array(2 * n);
}

/** Mobiles, landlines, resident, HK and TW IDs and bank cards in one window t[a, b). */
function inWindow(t: string, a: number, b: number, out: Candidate[]): void {
  // digits in the window, the longest run of digits joined by single spaces or dashes, and
  // where each pattern can begin
  let nd = 0;
  let run = 0;
  let maxRun = 0;
  let plus = false;
  let doubleZero = false;
  let nUpper = 0;
  let nHead = 0;
  let nStart = 0;
  let nRun = 0;
  let prev = -1;
  reserve(b - a);
  // the buffers as locals: a module-level binding is read through the context on every access
  const upperAt = UPPER_AT;
  const headAt = HEAD_AT;
  const startAt = LANDLINE_START_AT;
  const runAt = RUN_AT;
  const outFrom = out.length;
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      nd++;
      if (++run > maxRun) maxRun = run;
      if (!isDigit(prev)) runAt[nRun++] = k;
      if (c === 48) {
        if (prev === 48) doubleZero = true;
        // 0 + area code (10, 2x, 3xx-9xx) or 0086
        const d = t.charCodeAt(k + 1);
        if ((d >= 49 && d <= 57) || (d === 48 && t.charCodeAt(k + 2) === 56)) startAt[nStart++] = k;
      } else if (c >= 51 && prev === 49 && k + 1 < b && isDigit(t.charCodeAt(k + 1))) headAt[nHead++] = k - 1;
      // a mobile spaced digit by digit: 1.3.8 ...
      else if (
        c >= 51 &&
        (prev < 48 || prev > 57) &&
        k >= a + 2 &&
        t.charCodeAt(k - 2) === 49 &&
        t.charCodeAt(k + 1) === prev &&
        isSep(prev)
      )
        headAt[nHead++] = k - 2;
    } else {
      // (the cheap tests first: most characters here are ideographs after an ideograph)
      if (prev >= 48 && prev <= 57) {
        runAt[nRun++] = k;
        // a separator between digits keeps the run going
        if (!(k > a && isSep(c))) run = 0;
      } else if (!(c === 45 || c === 32) || !spacedDash(t, k, prev)) run = 0;
      if (c < 128) {
        if (c === 43) {
          plus = true;
          if (t.charCodeAt(k + 1) === 56) startAt[nStart++] = k; // +86
        } else if (c === 40) {
          if (t.charCodeAt(k + 1) === 48) startAt[nStart++] = k; // (0
        } else if (c >= 65 && c <= 90) upperAt[nUpper++] = k;
      } else if (c === 0xff08 && t.charCodeAt(k + 1) === 48) startAt[nStart++] = k; // （0
    }
    prev = c;
  }
  if (isDigit(prev)) runAt[nRun++] = b;
  if (nd < 6) return; // shorter than any phone, landline, ID or card (a HKID may have 6 digits + A)
  // the window as a string only for the two patterns that need one (a slice is an allocation)
  let w = '';
  // a mobile begins at most six characters before its head ("(+86) 138...")
  let from = a;
  let tried = a;
  for (let h = 0; h < nHead; h++) {
    const q = headAt[h]!;
    for (let s = Math.max(from, tried, q - 6); s <= q; s++) {
      tried = s + 1;
      if (s < from) continue;
      const c = t.charCodeAt(s);
      // every prefix and the body start with one of + 0 ( 8 1
      if (c !== 49 && c !== 43 && c !== 48 && c !== 40 && c !== 56) continue;
      const end = mobileAt(t, s, b);
      if (end === -1) continue;
      from = end;
      let e = end;
      // a separator-led prefix like "86 " may have eaten part of a longer number: retry without it
      if (!leftOk(t, s) || !rightOk(t, e)) {
        from = s + 1;
        continue;
      }
      if (mayBeExtension(t, e) && EXTENSION.test(t.slice(e, e + 12))) continue; // virtual number: the protection itself
      while (e > s && t.charCodeAt(e - 1) === 32) e--;
      if (decimalShaped(t, s, e) || groupContinues(t, s, e)) continue;
      out.push({ kind: 'phone', start: s, end: e, confidence: 0.97 });
    }
  }
  // (the rarer passes in functions of their own, so the loops here keep their inlining budget)
  // eleven digits in uneven groups (13 806 215 562): only where a run of digits joined by
  // separators is long enough
  if (maxRun >= 11) unevenMobiles(t, runAt, nRun, out, outFrom);
  if (plus || doubleZero) w = intlIn(t, a, b, out);
  if (nStart > 0) landlinesAt(t, a, b, startAt, nStart, out);
  // 17 digits (an ID may end in X), groups joined by single spaces (110105 19900307 1239) count as one run
  if (maxRun >= 17) residentIdsIn(t, a, w === '' ? t.slice(a, b) : w, out);
  // HK and TW IDs start at a capital letter (the rarer shapes in functions of their own, so
  // the mobiles and landlines above keep this function's inlining budget)
  if (nUpper > 0) idsAtCapitals(t, b, upperAt, nUpper, out);
  if (maxRun >= 12) cardsInRuns(t, a, b, runAt, nRun, out);
  // numbers of other plans (HK, TW, US, UK ...) after a phone word: 電話：9123 4567
  if (nd >= 7) labelledPhones(t, a, b, runAt, nRun, out, outFrom);
}

/** International numbers (+ or 00) in the window t[a, b); returns the window as a string. */
function intlIn(t: string, a: number, b: number, out: Candidate[]): string {
  const w = t.slice(a, b);
  INTL.lastIndex = 0;
  for (let m = INTL.exec(w); m; m = INTL.exec(w)) {
    const s = a + m.index;
    const e = s + m[0].length;
    if (!leftOk(t, s) || !rightOk(t, e)) continue;
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) continue;
    out.push({ kind: 'phone', start: s, end: e, confidence: 0.85 });
  }
  return w;
}

/** Landlines at the starts `startAt[0, nStart)` of the window t[a, b) (matched in place: landline-at.ts). */
function landlinesAt(
  t: string,
  a: number,
  b: number,
  startAt: Int32Array,
  nStart: number,
  out: Candidate[],
): void {
  let from = a;
  for (let k = 0; k < nStart; k++) {
    const s = startAt[k]!;
    if (s < from) continue;
    const e = landlineAt(t, s, b);
    if (e === -1) continue;
    from = e;
    if (!leftOk(t, s) || !rightOk(t, e)) {
      from = s + 1;
      continue;
    }
    out.push({ kind: 'landline', start: s, end: e, confidence: 0.93 });
  }
}

/** @internal all structured candidates, unresolved (may overlap) */
export function detectNumbers(t: string, s: Scan, out: Candidate[]): void {
  emails(t, s, out);
  // emails written out so that filters miss them (zhang at 163 dot com, li(at)qq.com)
  obfuscatedEmails(t, s.at.buf, s.at.n, out);
  if (s.hanziOne) hanziMobiles(t, out);
  if (!s.digit) return;
  const w = s.windows;
  for (let k = 0; k < w.n; k += 2) inWindow(t, w.buf[k]!, w.buf[k + 1]!, out);
  numbersAfterContext(t, s, out);
  pickupCodes(t, s, out);
  // a shelf position standing alone in a clause about collecting (pickup-shelf.ts)
  shelfCodes(t, out);
  // (scan's line count misses a newline inside a run of digits and spaces: asked of the text)
  if (t.indexOf('\n') !== -1) registerCodes(t, out);
  if (s.decimal) decimals(t, out);
}

/**
 * Whether the second or third character of a gap like " - " (spaces around one dash, between
 * digits spaced one by one: 1 8 7 - 2 0 9 4) is at `k`, after `prev`: the run of digits goes on.
 */
function spacedDash(t: string, k: number, prev: number): boolean {
  if (prev === 45) return t.charCodeAt(k - 2) === 32 || isDigitCode(t.charCodeAt(k - 2));
  return prev === 32 && t.charCodeAt(k) === 45 && isDigitCode(t.charCodeAt(k - 2));
}
