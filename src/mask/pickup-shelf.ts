// A station's shelf position standing alone in a message about collecting a parcel: 驿站 and
// parcel-station texts give the position the parcel waits on, and it is the code the receiver
// collects it with (请凭编号3-1-0567取件, 货号 B07-2-0413, Show 9-1-4402 at the counter, shelf
// 9-1-4402 in a message about collecting). Taken only in the shape a shelf position has and
// nothing else does: three parts joined by '-', the first 1-3 letters and digits (a number of at
// most 2 digits, so no phone or date), the second 1-2 digits, the last 4 digits (3-5 after a
// letter: 8-2-1033, A12-3-4567; a Japanese street number 2-14-503 is not one), not glued to more
// of a number, not a key (3-1-0567=) and no date (3-1-2026, a year 1950-2039). Where it stands:
// after a station's word for it (凭, 货号, 编号, 快递码, 的码) or a Latin word that names no room,
// flat, unit, bin, product or order (Flat 3-2-1103, bin A12-3-4567 and 3-2-1103室 are not codes),
// and in a clause about collecting a parcel (pickup-clause.ts) that a masked value ends. Read
// from each '-' once, a few characters either side: linear in the text.
import {
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isDigitCode as $isDigitCode,
  isIdeograph as $isIdeograph,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { nameGluedAt as $nameGluedAt } from './name-glued-number.js';
import { inPickupClause as $inPickupClause } from './pickup-clause.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAlnum = $isAsciiAlnum;
const isLetter = $isAsciiLetter;
const isDigit = $isDigitCode;
const isCjk = $isIdeograph;
const inPickupClause = $inPickupClause;
const nameGluedAt = $nameGluedAt;

// the Latin words before a position that make it another thing's: a room, a flat, a building's
// part, a warehouse bin, a product, an order, an address ('to': delivered to 3-2-1103)
const NOT_A_CODE = new Set(
  `room rm flat unit apt apartment suite ste block blk building bldg floor fl lot plot house address
   addr bin loc location slot rack aisle sku model item part version ver order waybill tracking ref
   reference invoice batch lot serial to tel phone mobile fax`.split(/\s+/),
);
// a number word after such a word (Flat No. 3-2-1103): the word before it decides
const NUMBER_WORDS = new Set(['no', 'nr', 'number', 'num']);
// the last characters of the Chinese words a station puts before the position: 凭, 货号, 编号,
// 快递码, 的码 (a quoted 是/为 between them is skipped)
const CJK_BEFORE: Readonly<Record<number, readonly number[] | null>> = {
  20973: null, // 凭
  24977: null, // 憑
  21495: [0x8d27, 0x8ca8, 0x7f16, 0x7de8], // 号 after 货 貨 编 編
  34399: [0x8d27, 0x8ca8, 0x7f16, 0x7de8], // 號
  30721: [0x9012, 0x905e, 0x7684, 0x4e2a, 0x500b], // 码 after 递 遞 的 个 個
  30908: [0x9012, 0x905e, 0x7684, 0x4e2a, 0x500b], // 碼
};

/** Characters skipped between the word and the position: spaces, a colon, an opening bracket or quote. */
function isGap(c: number): boolean {
  return (
    c === 32 ||
    c === 58 ||
    c === 0xff1a ||
    c === 40 ||
    c === 0xff08 ||
    c === 0x3010 ||
    c === 91 ||
    c === 34 ||
    c === 39 ||
    c === 0x201c ||
    c === 0x300c ||
    c === 35 ||
    c === 46
  );
}

/** The end of a shelf position that starts at `s`, or -1 (the shape in the file's head). */
function shelfEnd(t: string, s: number): number {
  let p = s;
  let letter = false;
  while (p < t.length && p - s < 4 && isAlnum(t.charCodeAt(p))) {
    if (!isDigit(t.charCodeAt(p))) letter = true;
    p++;
  }
  const n1 = p - s;
  if (n1 === 0 || n1 > 3 || (!letter && n1 > 2) || t.charCodeAt(p) !== 45) return -1;
  const a2 = ++p;
  while (p < t.length && p - a2 < 3 && isDigit(t.charCodeAt(p))) p++;
  const n2 = p - a2;
  if (n2 === 0 || n2 > 2 || t.charCodeAt(p) !== 45) return -1;
  const a3 = ++p;
  while (p < t.length && p - a3 < 6 && isDigit(t.charCodeAt(p))) p++;
  const n3 = p - a3;
  // 4 digits last, or 3-5 after a letter (A12-3-567): a street's 2-14-503 is not read
  if (letter ? n3 < 3 || n3 > 5 : n3 !== 4) return -1;
  const c = t.charCodeAt(p);
  if (isAlnum(c) || c === 45 || c === 42 || c === 95) return -1;
  if ((c === 46 || c === 47 || c === 58) && isDigit(t.charCodeAt(p + 1))) return -1;
  // a date: 3-1-2026, 12-07-1998 (a year from 1950 to 2039)
  if (!letter && n3 === 4) {
    const y = +t.slice(a3, a3 + 4);
    if (y >= 1950 && y <= 2039) return -1;
  }
  return p;
}

/** The Latin word that ends at `b` (at most 16 letters), lower-cased, and its start. */
function wordBefore(t: string, b: number): [string, number] {
  let a = b;
  while (a > 0 && b - a < 16 && isLetter(t.charCodeAt(a - 1))) a--;
  return [t.slice(a, b).toLowerCase(), a];
}

/** Whether what stands before the position at `s` lets it be a code (see the file's head). */
function standsAsCode(t: string, s: number): boolean {
  if (s === 0) return true;
  let c = t.charCodeAt(s - 1);
  // glued to a sign of another number or a mask (+8-2-1033, 1.3-1-0567, *-2-1033)
  if (c === 45 || c === 46 || c === 47 || c === 95 || c === 43 || c === 42 || c === 38) return false;
  let k = s;
  while (k > 0 && s - k < 4 && isGap(t.charCodeAt(k - 1))) k--;
  if (k === 0) return true;
  c = t.charCodeAt(k - 1);
  if (isDigit(c) || c === 42) return false;
  if (isLetter(c)) {
    let [w, a] = wordBefore(t, k);
    if (NUMBER_WORDS.has(w)) {
      let j = a;
      while (j > 0 && a - j < 3 && isGap(t.charCodeAt(j - 1))) j--;
      [w] = wordBefore(t, j);
    } else if (a > 0 && (isAlnum(t.charCodeAt(a - 1)) || t.charCodeAt(a - 1) === 42)) return false;
    return !NOT_A_CODE.has(w);
  }
  if (!isCjk(c)) return true;
  // 是 / 为 between the word and the position (快递码是 6-2-3390)
  if ((c === 0x662f || c === 0x4e3a || c === 0x70ba) && k > 1) {
    k--;
    c = t.charCodeAt(k - 1);
  }
  const before = CJK_BEFORE[c];
  if (before === undefined) return false;
  if (before === null) return true;
  if (!before.includes(t.charCodeAt(k - 2))) return false;
  // 商品货号: a product's article number
  return !(k >= 4 && t.charCodeAt(k - 3) === 0x54c1 && t.charCodeAt(k - 4) === 0x5546);
}

/** @internal Shelf positions standing alone in a clause about collecting a parcel. */
export function shelfCodes(t: string, out: Candidate[]): void {
  let from = 0;
  for (let d = t.indexOf('-'); d !== -1; d = t.indexOf('-', d + 1)) {
    if (d < from || d === 0 || !isDigit(t.charCodeAt(d + 1)) || !isAlnum(t.charCodeAt(d - 1))) continue;
    // the first part: at most 3 letters and digits before the dash, not glued to more
    // (letters that end a Latin name glued to the position, Li Na8-2-1033 or Zhang Wei8-2-1033,
    // are the name's: the position starts at its digits, as the name reader ends the name there)
    let s = d;
    while (s > 0 && d - s < 3 && isDigit(t.charCodeAt(s - 1))) s--;
    if (!(s < d && s > 0 && isLetter(t.charCodeAt(s - 1)) && nameGluedAt(t, s))) {
      s = d;
      while (s > 0 && d - s < 4 && isAlnum(t.charCodeAt(s - 1))) s--;
      if (d - s > 3) continue;
    }
    const e = shelfEnd(t, s);
    if (e === -1) continue;
    from = e;
    if (t.charCodeAt(e) !== 61 && standsAsCode(t, s) && inPickupClause(t, s, e, true))
      out.push({ kind: 'pickupCode', start: s, end: e, confidence: 0.85 });
  }
}
