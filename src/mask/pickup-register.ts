// Shelf codes in a station's register: a 驿站 or locker station writes each parcel it takes in as
// a row that opens with the parcel's shelf position, which is the code the receiver collects it
// with (驿站入库登记 / 5-2-018 王伟 3382 / A12-3-4567 李娜 0419). A row's code is taken when the
// register's heading (the nearest line above that is not such a row) names a station, a locker or
// collecting (驿站, 代收点, 快递柜, 取件, 待取, pickup, locker ...) and no warehouse (库位, 货位,
// SKU: a storage bin is written the same way). The shape: two to four
// parts joined by '-', each but the last 1-3 letters or digits (a number of at most 2 digits first,
// so no phone or date), the last 3-5 digits; two parts only with a letter first (A3-1033); the code
// ends before a space, a tab, a '|', a comma or the line's end (3-2-1103室 is a room). Three- and
// four-part codes may stand in any cell of the row; a two-part one only opens it.
// Each line is read once, its heading tested once: linear in the text.
import {
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isDigitCode as $isDigitCode,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAlnum = $isAsciiAlnum;
const isLetter = $isAsciiLetter;
const isDigit = $isDigitCode;

const REGISTER_WORD =
  /驿站|驛站|代收点|代收點|快递站|快遞站|快递柜|快遞櫃|智能柜|智能櫃|自提点|自提點|取件|取货|取貨|待取|滞留件|滯留件|丰巢|豐巢|菜鸟|菜鳥|pick-?up|locker|parcel station/i;
// a warehouse's bins and a shop's goods are numbered in the same shape (a word, not inside a
// value: sku0571-… is masked on the first pass, and the heading must read the same on the second;
// so are a building's words, which a masked address may hide: a register of flats names no station)
const OTHER_REGISTER =
  /库位|庫位|货位|貨位|储位|儲位|拣货|揀貨|仓库|倉庫|商品|(?<![A-Za-z0-9])(?:sku|bin)(?![A-Za-z0-9])/i;

/** the most characters of a line read for its cells or its heading */
const LINE_MAX = 200;

/** Whether `c` may stand before or after a cell: line start or end, a space, tab, '|' or comma. */
function isCellEdge(c: number): boolean {
  return (
    Number.isNaN(c) ||
    c === 32 ||
    c === 9 ||
    c === 124 ||
    c === 44 ||
    c === 0xff0c ||
    c === 10 ||
    c === 13 ||
    c === 0x3000
  );
}

/** The end of a shelf code starting at `p` (its parts, in `parts`), or -1. */
function shelfCodeEnd(t: string, p: number, lim: number): [number, number] {
  let k = p;
  let parts = 0;
  let letterFirst = false;
  for (;;) {
    const a = k;
    let digits = true;
    while (k < lim && k - a <= 5 && isAlnum(t.charCodeAt(k))) {
      const c = t.charCodeAt(k);
      if (!isDigit(c)) digits = false;
      if (parts === 0 && isLetter(c)) letterFirst = true;
      k++;
    }
    const n = k - a;
    parts++;
    if (n === 0) return [-1, 0];
    if (t.charCodeAt(k) === 45 && k + 1 < lim && parts < 4) {
      if (n > 3 || (parts === 1 && digits && n > 2)) return [-1, 0];
      k++;
      continue;
    }
    if (parts < 2 || !digits || n < 3 || n > 5) return [-1, 0];
    if (parts === 2 && !letterFirst) return [-1, 0];
    return [k, parts];
  }
}

/** Whether the heading t[a, b) names a station's register and no warehouse's or building's. */
function registerHeading(t: string, a: number, b: number): boolean {
  const h = t.slice(a, Math.min(b, a + LINE_MAX));
  return REGISTER_WORD.test(h) && !OTHER_REGISTER.test(h);
}

/** The codes in the row t[a, b): pushed to `out`; whether there was one. */
function rowCodes(t: string, a: number, b: number, out: Candidate[]): boolean {
  const lim = Math.min(b, a + LINE_MAX);
  let found = false;
  let first = true;
  for (let p = a; p < lim; p++) {
    const c = t.charCodeAt(p);
    if (c === 32 || c === 9 || c === 124 || c === 0x3000) continue;
    if (!(p === a || isCellEdge(t.charCodeAt(p - 1))) || !isAlnum(c)) {
      first = false;
      continue;
    }
    const [e, parts] = shelfCodeEnd(t, p, lim);
    if (e !== -1 && isCellEdge(t.charCodeAt(e)) && (parts >= 3 || first)) {
      out.push({ kind: 'pickupCode', start: p, end: e, confidence: 0.85 });
      found = true;
      p = e;
    }
    first = false;
  }
  return found;
}

/** Whether the line t[a, b) opens with a shelf code (after spaces or a '|'). */
function opensWithCode(t: string, a: number, b: number): boolean {
  let p = a;
  while (p < b && p - a < 8 && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9 || t.charCodeAt(p) === 124))
    p++;
  const [e] = shelfCodeEnd(t, p, Math.min(b, p + 24));
  return e !== -1 && isCellEdge(t.charCodeAt(e));
}

/** @internal Shelf codes in the rows of a station's register (a text of several lines). */
export function registerCodes(t: string, out: Candidate[]): void {
  // the heading: the last line that opened with no code; tested once, when a row first needs it
  let ha = -1;
  let hb = -1;
  let heading: boolean | undefined;
  let a = 0;
  while (a < t.length) {
    let b = t.indexOf('\n', a);
    if (b === -1) b = t.length;
    if (b > a) {
      if (opensWithCode(t, a, b)) {
        if (heading === undefined) heading = ha !== -1 && registerHeading(t, ha, hb);
        if (heading) rowCodes(t, a, b, out);
      } else if (t.slice(a, Math.min(b, a + LINE_MAX)).trim() !== '') {
        ha = a;
        hb = b;
        heading = undefined;
      }
    }
    a = b + 1;
  }
}
