// Hand-written matchers for the fixed-shape numbers the detectors look for, each the exact
// equivalent of the regular expression in its comment when that expression is run sticky at
// `p` on the text cut at `b` (test/mask/number-shapes.prop.test.ts checks them against the
// expressions). They read characters in place, so a window of text is not scanned once per
// pattern.
import { isDigitCode, isReSpace } from './char-flags.js';

// imported tests as local bindings: the matchers call them once per character
const isDigit = isDigitCode;
const isSpace = isReSpace;

/**
 * @internal What may separate the groups of a number: a space or dash as before, and the
 * separators people use to slip a number past a filter (138.1234.5678, 138/1234/5678,
 * 138·1234·5678, en and em dashes, the minus sign, bullets and katakana middle dots).
 */
export const NUM_SEP = '[\\s\\-./\\u00b7\\u2010\\u2012-\\u2015\\u2022\\u2027\\u2212\\u30fb]';
const S = NUM_SEP;

/** @internal the expressions the matchers implement (sticky), for the equivalence test */
export const SHAPES = {
  // a body of 3-4-4, 7-4, 3-8 or 11 digits, or eleven digits each after the same separator
  mobile: new RegExp(
    `(?:(?:\\+|00)86${S}?|\\(\\+?86\\)\\s?|86${S}?)?(?:1[3-9]\\d(?:\\d{8}|${S}\\d{4}${S}\\d{4}|\\d{4}${S}\\d{4}|${S}\\d{8})|1(${S})[3-9](?:\\1\\d){9})`,
    'y',
  ),
  hkId: /[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?/y,
  twId: /[A-Z][12]\d{8}/y,
  card: new RegExp(`(?:\\d{4}${S}){2,4}\\d{1,4}|\\d{12,19}`, 'y'),
};

/** @internal Whether the digits t[v, e) read as a date, yyyymmdd (19xx or 20xx, a month, a day). */
export function isDateDigits(t: string, v: number, e: number): boolean {
  if (e - v !== 8) return false;
  const y = t.slice(v, v + 2);
  const m = +t.slice(v + 4, v + 6);
  const d = +t.slice(v + 6, v + 8);
  return (y === '19' || y === '20') && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** @internal ASCII capital letter */
export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** @internal a character of {@link NUM_SEP} */
export function isSepCode(c: number): boolean {
  if (c < 128) return c === 45 || c === 46 || c === 47 || c === 32 || (c >= 9 && c <= 13);
  // the rest in a function of its own, so this one stays small enough to inline everywhere
  // (ideographs and CJK punctuation, past U+30FB, are told at once)
  return c >= 0xa0 && (c <= 0x30fb || c === 0xfeff) && isWideSepCode(c);
}

/** {@link isSepCode} beyond ASCII (U+00A0 and up) */
function isWideSepCode(c: number): boolean {
  return (
    isSpace(c) ||
    c === 0xb7 ||
    c === 0x2010 ||
    (c >= 0x2012 && c <= 0x2015) ||
    c === 0x2022 ||
    c === 0x2027 ||
    c === 0x2212 ||
    c === 0x30fb
  );
}

/** `n` digits at `q`, within `b`. */
function digitsAt(t: string, q: number, n: number, b: number): boolean {
  if (q + n > b) return false;
  for (let k = q; k < q + n; k++) if (!isDigit(t.charCodeAt(k))) return false;
  return true;
}

/**
 * The mobile body at `q`: `1[3-9]\d(?:\d{8}|S\d{4}S\d{4}|\d{4}S\d{4}|S\d{8})`, or eleven digits
 * each after the same separator `1(S)[3-9](?:\1\d){9}`. The end, or -1.
 */
function mobileBodyAt(t: string, q: number, b: number): number {
  if (q + 11 > b || t.charCodeAt(q) !== 49) return -1;
  const c = t.charCodeAt(q + 1);
  if (isSepCode(c)) return spacedBodyAt(t, q, b, c);
  if (c < 51 || c > 57 || !isDigit(t.charCodeAt(q + 2))) return -1;
  const r = q + 3;
  if (digitsAt(t, r, 8, b)) return r + 8;
  const sep = isSepCode(t.charCodeAt(r));
  if (
    sep &&
    digitsAt(t, r + 1, 4, b) &&
    r + 5 < b &&
    isSepCode(t.charCodeAt(r + 5)) &&
    digitsAt(t, r + 6, 4, b)
  )
    return r + 10;
  if (digitsAt(t, r, 4, b) && r + 4 < b && isSepCode(t.charCodeAt(r + 4)) && digitsAt(t, r + 5, 4, b))
    return r + 9;
  if (sep && digitsAt(t, r + 1, 8, b)) return r + 9;
  return -1;
}

/** `1(S)[3-9](?:\1\d){9}` at `q`, where `sep` (t[q + 1]) is the separator: the end, or -1. */
function spacedBodyAt(t: string, q: number, b: number, sep: number): number {
  if (q + 21 > b) return -1;
  const c = t.charCodeAt(q + 2);
  if (c < 51 || c > 57) return -1;
  for (let k = q + 3; k < q + 21; k += 2) {
    if (t.charCodeAt(k) !== sep || !isDigit(t.charCodeAt(k + 1))) return -1;
  }
  return q + 21;
}

/**
 * @internal MOBILE at `p`, within `b`: an optional country prefix (+86, 0086, (+86), 86, each with an
 * optional separator, tried in the pattern's order) and the mobile body. The end, or -1.
 */
export function mobileAt(t: string, p: number, b: number): number {
  const c = t.charCodeAt(p);
  if (c === 43 || (c === 48 && p + 1 < b && t.charCodeAt(p + 1) === 48)) {
    // (?:\+|00)86S?
    const q = p + (c === 43 ? 1 : 2);
    if (q + 1 < b && t.charCodeAt(q) === 56 && t.charCodeAt(q + 1) === 54) {
      if (q + 2 < b && isSepCode(t.charCodeAt(q + 2))) {
        const e = mobileBodyAt(t, q + 3, b);
        if (e !== -1) return e;
      }
      const e = mobileBodyAt(t, q + 2, b);
      if (e !== -1) return e;
    }
  } else if (c === 40) {
    // \(\+?86\)\s?
    let q = p + 1;
    if (q < b && t.charCodeAt(q) === 43) q++;
    if (q + 2 < b && t.charCodeAt(q) === 56 && t.charCodeAt(q + 1) === 54 && t.charCodeAt(q + 2) === 41) {
      if (q + 3 < b && isSpace(t.charCodeAt(q + 3))) {
        const e = mobileBodyAt(t, q + 4, b);
        if (e !== -1) return e;
      }
      const e = mobileBodyAt(t, q + 3, b);
      if (e !== -1) return e;
    }
  }
  if (c === 56 && p + 1 < b && t.charCodeAt(p + 1) === 54) {
    // 86S?
    if (p + 2 < b && isSepCode(t.charCodeAt(p + 2))) {
      const e = mobileBodyAt(t, p + 3, b);
      if (e !== -1) return e;
    }
    const e = mobileBodyAt(t, p + 2, b);
    if (e !== -1) return e;
  }
  return mobileBodyAt(t, p, b);
}

/** @internal `[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?` at `p`, within `b`: the end, or -1. */
export function hkIdAt(t: string, p: number, b: number): number {
  let q = p + 1;
  if (q < b && isUpper(t.charCodeAt(q))) q++;
  for (let k = 0; k < 6; k++, q++) if (q >= b || !isDigit(t.charCodeAt(q))) return -1;
  if (q < b && isSpace(t.charCodeAt(q))) q++;
  if (q < b && t.charCodeAt(q) === 40) q++;
  if (q >= b) return -1;
  const c = t.charCodeAt(q);
  if (!isDigit(c) && c !== 65) return -1;
  q++;
  return q < b && t.charCodeAt(q) === 41 ? q + 1 : q;
}

/** @internal `[A-Z][12]\d{8}` at `p`, within `b`: the end, or -1. */
export function twIdAt(t: string, p: number, b: number): number {
  if (p + 10 > b) return -1;
  const c = t.charCodeAt(p + 1);
  if (c !== 49 && c !== 50) return -1;
  for (let q = p + 2; q < p + 10; q++) if (!isDigit(t.charCodeAt(q))) return -1;
  return p + 10;
}

/** Four digits and a separator at `q`, within `b`. */
function digitGroupAt(t: string, q: number, b: number): boolean {
  if (q + 4 >= b) return false;
  for (let k = q; k < q + 4; k++) if (!isDigit(t.charCodeAt(k))) return false;
  return isSepCode(t.charCodeAt(q + 4));
}

/** @internal `(?:\d{4}S){2,4}\d{1,4}|\d{12,19}` at `p` (a digit), within `b`: the end, or -1. */
export function cardAt(t: string, p: number, b: number): number {
  let groups = 0;
  let q = p;
  while (groups < 4 && digitGroupAt(t, q, b)) {
    q += 5;
    groups++;
  }
  if (groups >= 2) {
    let d = 0;
    while (d < 4 && q + d < b && isDigit(t.charCodeAt(q + d))) d++;
    if (d > 0) return q + d;
    // one group fewer: the last group's four digits end the number
    if (groups >= 3) return q - 1;
  }
  let n = 0;
  while (n < 19 && p + n < b && isDigit(t.charCodeAt(p + n))) n++;
  return n >= 12 ? p + n : -1;
}
