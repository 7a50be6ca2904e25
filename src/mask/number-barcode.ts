// A label's barcode, read back from its printed text. A Code 39 barcode (the symbology of many
// waybill, bag and shelf labels) starts and ends with the character `*`, and label printers write
// its human-readable line with them: `*13955201473*` alone on its line is the text of a barcode,
// and so is the same number printed again on the label (1395 5201 473 under it, 单号 13955201473
// beside it). A barcode encodes the label's item (a waybill, a bag, a shelf), not a person, so the
// number is not a phone; a personal key right before the repeat (电话：…) keeps that one a phone.
// Emphasis in chat (**A**, 电话*A*) is no barcode line: exactly one `*` on each side, and nothing
// else on the line. Only the few lines around a number are read (a label is short).
import {
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  endOfNumber as $endOfNumber,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const endOfNumber = $endOfNumber;
const personalEndingAt = $personalEndingAt;

// the longest barcode text read (Code 39 labels carry at most a few dozen characters)
const BARCODE_MAX = 40;

/** Whether `c` may stand in Code 39 text: digits, capitals, space and - . $ / + %. */
function code39(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    c === 32 ||
    c === 45 ||
    c === 46 ||
    c === 36 ||
    c === 47 ||
    c === 43 ||
    c === 37
  );
}

// how far from a number a barcode line is looked for: a label is a few short lines
const REACH = 160;

/**
 * End (the closing star) of the barcode line that opens with the star at `a`, or -1: the star
 * starts its line and the closing one ends it (spaces aside), with Code 39 text between.
 */
function barcodeLineEnd(t: string, a: number): number {
  let k = a;
  while (k > 0 && isSpace(t.charCodeAt(k - 1))) k--;
  if (k > 0 && t.charCodeAt(k - 1) !== 10 && t.charCodeAt(k - 1) !== 13) return -1;
  let e = a + 1;
  while (e < t.length && e - a <= BARCODE_MAX && code39(t.charCodeAt(e))) e++;
  if (e === a + 1 || t.charCodeAt(e) !== 42) return -1;
  let r = e + 1;
  while (r < t.length && isSpace(t.charCodeAt(r))) r++;
  return r < t.length && t.charCodeAt(r) !== 10 && t.charCodeAt(r) !== 13 ? -1 : e;
}

/** The digits of t[s, e), in order. */
function digitsIn(t: string, s: number, e: number): string {
  let d = '';
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) d += t[k];
  }
  return d;
}

// the first star at or after `starLo` in `starText` (-1: none), so that the numbers of one text,
// asked in text order, find their stars in one read of the text altogether
let starText = '';
let starLo = 0;
let starAt = -1;

/** The first `*` of `t` at or after `lo`, or -1. */
function starFrom(t: string, lo: number): number {
  // a star found from an earlier start is still the first from `lo` when it is not before it
  if (t === starText && starLo <= lo && (starAt === -1 || starAt >= lo)) return starAt;
  starText = t;
  starLo = lo;
  starAt = t.indexOf('*', lo);
  return starAt;
}

/**
 * @internal Whether the number that starts at `s` (digits, single spaces and dashes) is the number
 * of a barcode printed within REACH characters of it: itself a barcode line, or the same digits as
 * one, with no personal key right before it.
 */
export function barcodeNumber(t: string, s: number): boolean {
  const lo = Math.max(0, s - REACH);
  const hi = Math.min(t.length, s + REACH);
  // most texts have no star near a number: the first star from the window's start, remembered
  let a = starFrom(t, lo);
  if (a === -1 || a >= hi) return false;
  const digits = digitsIn(t, s, endOfNumber(t, s));
  for (; a < hi; a++) {
    if (t.charCodeAt(a) !== 42) continue;
    const e = barcodeLineEnd(t, a);
    if (e === -1) continue;
    if (digitsIn(t, a + 1, e) === digits) {
      let q = s;
      while (
        q > 0 &&
        s - q < 4 &&
        (isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q - 1) === 58 || t.charCodeAt(q - 1) === 0xff1a)
      )
        q--;
      return !personalEndingAt(t, q);
    }
    a = e; // the closing star opens nothing
  }
  return false;
}
