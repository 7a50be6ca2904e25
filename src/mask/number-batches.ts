// Mobile-shaped numbers that the numbers around them say are printed labels, not phones: a
// batch of consecutive numbers (13967014528 13967014529 13967014530), a list of one number per
// line under a heading that names shipments (发货清单, 今日退回件) or beside carrier waybills
// (YT2093..., 7532...), and a cell of a table row without a header whose other cells are a SKU,
// a quantity, an amount, a date or a shipping status. Each check reads a bounded window (a line
// of at most LINE_MAX or ROW_MAX characters, at most ROWS_UP lines back), a block of lines is
// read once and a row is split once, so the cost grows with the text, not with its numbers.
// Each reader has its file: mobile-batches.ts, shipment-lists.ts, order-rows.ts.
import type { Candidate } from './detect-numbers.js';
import { isDigit as $isDigit, isLetter as $isLetter } from './number-words.js';
import { batches as $batches } from './mobile-batches.js';
import { lineLists as $lineLists } from './shipment-lists.js';
import {
  delimiterAround as $delimiterAround,
  fillsCell as $fillsCell,
  orderRows as $orderRows,
} from './order-rows.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const batches = $batches;
const lineLists = $lineLists;
const delimiterAround = $delimiterAround;
const fillsCell = $fillsCell;
const orderRows = $orderRows;

/** @internal What the number-label readers say about keys of personal data around a number. */
export interface Personal {
  before(t: string, s: number): boolean;
  after(t: string, e: number): boolean;
}

/**
 * @internal The mobiles among `cands` (in text order) that the numbers around them say are
 * printed labels: a batch of consecutive numbers, an item of a list of shipments one per line, or
 * a cell of an order row. Undefined when there is none; a text without a mobile is not read at
 * all.
 */
export function numberBatches(
  t: string,
  cands: readonly Candidate[],
  personal: Personal,
): Set<Candidate> | undefined {
  // (cheap first: most texts have no mobile, or one glued to a word on a long line)
  let n = 0;
  let first: Candidate | undefined;
  for (const c of cands) {
    if (c.kind !== 'phone') continue;
    n++;
    first ??= c;
  }
  if (n === 0 || (n === 1 && !mayBeItem(t, first!))) return undefined;
  const phones = n === cands.length ? cands : cands.filter((c) => c.kind === 'phone');
  const out = new Set<Candidate>();
  if (n >= 2) batches(t, phones, personal, out);
  lineLists(t, phones, out);
  orderRows(t, phones, out);
  return out.size === 0 ? undefined : out;
}

/**
 * Whether the number t[c.start, c.end) may be an item of a line list or fill a cell of a row:
 * nothing glued before it, or a delimiter around it.
 */
function mayBeItem(t: string, c: Candidate): boolean {
  const before = c.start > 0 ? t.charCodeAt(c.start - 1) : 10;
  if (!(before >= 0x3400 || isLetter(before) || isDigit(before))) return true;
  const d = delimiterAround(t, c.start, c.end);
  return d !== 0 && fillsCell(t, c.start, c.end, d);
}
