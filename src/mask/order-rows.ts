// A mobile-shaped number in a cell of a table row without a header, whose other cells are a SKU,
// a quantity, an amount, a date or a shipping status: an order or tracking number. A row is at
// most ROW_MAX characters, split once, and a header is looked for at most ROWS_UP lines up.
import type { Candidate } from './detect-numbers.js';
import { isSpace as $isSpace } from './number-words.js';
import { cells } from './detect-tables.js';
import { lineEnd as $lineEnd, lineStartBefore as $lineStartBefore } from './line-window.js';
import { stateOnly as $stateOnly } from './shipment-lists.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const lineEnd = $lineEnd;
const lineStartBefore = $lineStartBefore;
const stateOnly = $stateOnly;

const ROW_MAX = 400;
const ROWS_UP = 16;
const ROW_DELIMITERS = [9, 44, 124, 0xff0c]; // tab , | ，
// a SKU (SKU-13827, sku_abc) or an upper-case product code with a dash and a digit (AB-1029,
// A1023-BLK, P-10023)
const SKU_CELL =
  /^(?:sku|SKU|Sku)[-_#:： ]?[A-Za-z0-9][A-Za-z0-9_-]*$|^(?=[A-Z0-9_-]*\d)[A-Z][A-Z0-9]{0,9}[-_][A-Z0-9][A-Z0-9_-]{1,15}$/;
const AMOUNT_CELL =
  /^[¥￥$]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}元?$|^[¥￥$](?:\d{1,3}(?:,\d{3})+|\d+)$|^\d{1,7}元$/;
const QTY_CELL = /^(?:[x×*]?\d{1,4}|\d{1,4}\s?(?:件|个|pcs?|箱|袋))$/i;
// another reference number of the shipment of the same 11-digit shape (its order and waybill
// numbers from one numbering, side by side): counted as a filled cell only where a state cell
// says the row is a shipment's. A longer or shorter number (a carrier's 12-15 digit waybill, a
// 10-digit order) beside a mobile is the shipment a person's phone is listed with, the commonest
// export row (waybill, receiver's phone, state): it says nothing against the phone
const REF_CELL = /^1\d{10}$/;
const DATE_CELL =
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{1,2}:\d{2}(?::\d{2})?$/;

/** @internal The delimiter right after (or else right before) t[s, e), across at most three spaces, or 0. */
export function delimiterAround(t: string, s: number, e: number): number {
  let k = e;
  while (k < t.length && k - e < 3 && t.charCodeAt(k) === 32) k++;
  if (ROW_DELIMITERS.includes(t.charCodeAt(k))) return t.charCodeAt(k);
  k = s;
  while (k > 0 && s - k < 3 && t.charCodeAt(k - 1) === 32) k--;
  return k > 0 && ROW_DELIMITERS.includes(t.charCodeAt(k - 1)) ? t.charCodeAt(k - 1) : 0;
}

/** @internal Whether t[s, e) has `d` or a line's end on either side, across spaces (and the outer | of a markdown row). */
export function fillsCell(t: string, s: number, e: number, d: number): boolean {
  let k = s;
  while (k > 0 && s - k < 3 && t.charCodeAt(k - 1) !== d && isSpace(t.charCodeAt(k - 1))) k--;
  const b = k > 0 ? t.charCodeAt(k - 1) : 10;
  if (b !== d && b !== 10) return false;
  k = e;
  while (k < t.length && k - e < 3 && t.charCodeAt(k) !== d && isSpace(t.charCodeAt(k))) k++;
  const a = k < t.length ? t.charCodeAt(k) : 10;
  return a === d || a === 10 || a === 13;
}

/**
 * Whether the cells other than cell `own` say the row is an order or shipment line: every one is
 * a SKU or product code, a quantity, an amount, a date or a state (已发货, shipped) or empty, at
 * least two are filled, and one of them is a SKU or a state; a second mobile-shaped cell (the
 * order or waybill number beside it) only in a row with a state.
 */
function orderCells(t: string, cs: readonly number[], own: number): boolean {
  let filled = 0;
  let strong = false;
  let state = false;
  let refs = 0;
  for (let i = 0; i < cs.length; i += 2) {
    if (i === own || cs[i] === cs[i + 1]) continue;
    const x = t.slice(cs[i]!, cs[i + 1]!);
    filled++;
    if (stateOnly(x)) state = strong = true;
    else if (SKU_CELL.test(x)) strong = true;
    else if (REF_CELL.test(x)) refs++;
    else if (!(AMOUNT_CELL.test(x) || QTY_CELL.test(x) || DATE_CELL.test(x))) return false;
  }
  return filled >= 2 && strong && (refs === 0 || state);
}

/** Whether a line of `n` cells split at `d` with no digit lies above the line at `a`, over rows like it: a header. */
function headerAbove(t: string, a: number, d: number, n: number): boolean {
  let p = a;
  for (let k = 0; k < ROWS_UP && p > 0; k++) {
    const q = lineStartBefore(t, p, ROW_MAX);
    if (q === -1) return false;
    const e = lineEnd(t, q, ROW_MAX);
    if (e === q || e - q > ROW_MAX || cells(t, q, e, d).length !== 2 * n) return false;
    if (!/\d/.test(t.slice(q, e))) return true;
    p = q;
  }
  return false;
}

/**
 * @internal Adds to `out` the mobiles of `phones` that fill a cell of an order or shipment row (see
 * orderCells) with no header above. The text is read forward once for line starts, and a line
 * is split once however many numbers it has.
 */
export function orderRows(t: string, phones: readonly Candidate[], out: Set<Candidate>): void {
  // the start of the line of the last number, and how far the text is known to have no line break
  let lineStart = 0;
  let known = 0;
  // the line split last: its start, end, delimiter and cells, and whether a header is above it
  let rowStart = -1;
  let rowEnd = -1;
  let rowDelimiter = 0;
  let row: number[] = [];
  let headered = false;
  for (const c of phones) {
    if (out.has(c) || c.start < known) continue;
    // (cheap first: the number fills its cell, between delimiters or line ends)
    const d = delimiterAround(t, c.start, c.end);
    if (d === 0 || !fillsCell(t, c.start, c.end, d)) continue;
    for (; known < c.start; known++) if (t.charCodeAt(known) === 10) lineStart = known + 1;
    if (c.start - lineStart > ROW_MAX) continue;
    if (rowStart !== lineStart || rowDelimiter !== d) {
      const e = lineEnd(t, lineStart, ROW_MAX);
      if (e - lineStart > ROW_MAX) continue;
      const cs = cells(t, lineStart, e, d);
      // the row below a row split at the same delimiter into as many cells has the same header
      const below =
        rowEnd !== -1 && rowDelimiter === d && cs.length === row.length && lineStart <= rowEnd + 2;
      if (!below) headered = lineStart > 0 && headerAbove(t, lineStart, d, cs.length / 2);
      rowStart = lineStart;
      rowEnd = e;
      rowDelimiter = d;
      row = cs;
    }
    if (headered || row.length < 6) continue; // (under a header, the header decides: detect-tables.ts)
    let own = -1;
    for (let i = 0; i < row.length && own === -1; i += 2)
      if (row[i] === c.start && row[i + 1] === c.end) own = i;
    if (own !== -1 && orderCells(t, row, own)) out.add(c);
  }
}
