// The landline pattern of the number detector, and a hand-written matcher that gives the
// same end as the pattern run sticky at `p` on the text cut at `b`
// (test/mask/landline-at.prop.test.ts checks the two against each other). The detector tries
// it at every '+', '0' and '(' of a window of digits: reading characters in place costs a
// fraction of running the expression there.
import { isDigitCode, isReSpace } from './char-flags.js';
import { NUM_SEP, isSepCode } from './number-shapes.js';

// imported tests as local bindings: the matcher calls them once per character
const isDigit = isDigitCode;
const isSpace = isReSpace;
const isSep = isSepCode;
const S = NUM_SEP;

/**
 * @internal 0 + area code (010, 02X, 0XXX, after +86 or 0086 with an optional bracket and
 * trunk 0, or in brackets), a local number of 7-8 digits in up to two groups, and an optional
 * extension (转 123, ext. 12, x 9, #1, -88).
 */
export const LANDLINE = new RegExp(
  `(?:(?:\\+|00)86${S}?[(（]?0?|[(（]0|0)(?:10|2\\d|[3-9]\\d{2})[)）]?${S}?[1-9]\\d{2,3}${S}?\\d{4}(?:\\s*(?:转|轉|分机|ext\\.?|x|#|-)\\s*\\d{1,6})?`,
  'gi',
);

function digitAt(t: string, q: number, b: number): boolean {
  return q < b && isDigit(t.charCodeAt(q));
}

/** `q + 1` when a separator is at `q` (within `b`), else `q`: a greedy `S?`. */
function sepFrom(t: string, q: number, b: number): number {
  return q < b && isSep(t.charCodeAt(q)) ? q + 1 : q;
}

/** The extension `\s*(?:转|轉|分机|ext\.?|x|#|-)\s*\d{1,6}` at `q`: its end, or -1. */
function extensionEnd(t: string, q: number, b: number): number {
  while (q < b && isSpace(t.charCodeAt(q))) q++;
  if (q >= b) return -1;
  const c = t.charCodeAt(q);
  if (c === 0x8f6c || c === 0x8f49 || c === 120 || c === 88 || c === 35 || c === 45)
    q++; // 转 轉 x X # -
  else if (c === 0x5206 && q + 1 < b && t.charCodeAt(q + 1) === 0x673a)
    q += 2; // 分机
  else if (
    (c | 32) === 101 &&
    q + 2 < b &&
    (t.charCodeAt(q + 1) | 32) === 120 &&
    (t.charCodeAt(q + 2) | 32) === 116
  ) {
    // ext, and a dot when one follows (without it nothing after could match either)
    q += 3;
    if (q < b && t.charCodeAt(q) === 46) q++;
  } else return -1;
  while (q < b && isSpace(t.charCodeAt(q))) q++;
  let n = 0;
  while (n < 6 && digitAt(t, q + n, b)) n++;
  return n === 0 ? -1 : q + n;
}

/** `[)）]?S?[1-9]\d{2,3}S?\d{4}` and the optional extension at `q`: the end, or -1. */
function localEnd(t: string, q: number, b: number): number {
  // [)）]? and S? are greedy: the longest choice first, each given back when the rest fails
  const close = q < b && (t.charCodeAt(q) === 41 || t.charCodeAt(q) === 0xff09);
  for (let r = close ? q + 1 : q; r >= q; r--) {
    const s1 = sepFrom(t, r, b);
    for (let u = s1; u >= r; u--) {
      if (u >= b) continue;
      const c = t.charCodeAt(u);
      if (c < 49 || c > 57) continue;
      // \d{2,3} greedy, then S? greedy, then \d{4}
      for (let n = 3; n >= 2; n--) {
        let ok = true;
        for (let k = 1; k <= n && ok; k++) ok = digitAt(t, u + k, b);
        if (!ok) continue;
        const g = u + 1 + n;
        const s2 = sepFrom(t, g, b);
        for (let v = s2; v >= g; v--) {
          if (digitAt(t, v, b) && digitAt(t, v + 1, b) && digitAt(t, v + 2, b) && digitAt(t, v + 3, b)) {
            const e = v + 4;
            const x = extensionEnd(t, e, b);
            return x === -1 ? e : x;
          }
        }
      }
    }
  }
  return -1;
}

/** `(?:10|2\d|[3-9]\d{2})` and the rest at `q`, alternatives in the pattern's order. */
function areaEnd(t: string, q: number, b: number): number {
  if (q + 1 >= b) return -1;
  const c = t.charCodeAt(q);
  const d = t.charCodeAt(q + 1);
  if (c === 49 && d === 48) {
    const e = localEnd(t, q + 2, b);
    if (e !== -1) return e;
  }
  if (c === 50 && isDigit(d)) {
    const e = localEnd(t, q + 2, b);
    if (e !== -1) return e;
  }
  if (c >= 51 && c <= 57 && isDigit(d) && digitAt(t, q + 2, b)) return localEnd(t, q + 3, b);
  return -1;
}

/** @internal {@link LANDLINE} sticky at `p` on `t` cut at `b`: the end of the match, or -1. */
export function landlineAt(t: string, p: number, b: number): number {
  if (p >= b) return -1;
  const c = t.charCodeAt(p);
  // (?:\+|00)86S?[(（]?0?: each optional greedy, given back when the rest fails
  const q = c === 43 ? p + 1 : c === 48 && p + 1 < b && t.charCodeAt(p + 1) === 48 ? p + 2 : -1;
  if (q !== -1 && q + 1 < b && t.charCodeAt(q) === 56 && t.charCodeAt(q + 1) === 54) {
    const r = q + 2;
    for (let r1 = sepFrom(t, r, b); r1 >= r; r1--) {
      const open = r1 < b && (t.charCodeAt(r1) === 40 || t.charCodeAt(r1) === 0xff08);
      for (let r2 = open ? r1 + 1 : r1; r2 >= r1; r2--) {
        for (let r3 = r2 < b && t.charCodeAt(r2) === 48 ? r2 + 1 : r2; r3 >= r2; r3--) {
          const e = areaEnd(t, r3, b);
          if (e !== -1) return e;
        }
      }
    }
  }
  // [(（]0
  if ((c === 40 || c === 0xff08) && p + 1 < b && t.charCodeAt(p + 1) === 48) {
    const e = areaEnd(t, p + 2, b);
    if (e !== -1) return e;
  }
  // 0
  return c === 48 ? areaEnd(t, p + 1, b) : -1;
}
