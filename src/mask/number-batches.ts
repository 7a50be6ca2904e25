// Mobile-shaped numbers that the numbers around them say are printed labels, not phones: a
// batch of consecutive numbers (13967014528 13967014529 13967014530), a list of one number per
// line under a heading that names shipments (发货清单, 今日退回件) or beside carrier waybills
// (YT2093..., 7532...), and a cell of a table row without a header whose other cells are a SKU,
// a quantity, an amount, a date or a shipping status. Each check reads a bounded window (a line
// of at most LINE_MAX or ROW_MAX characters, at most ROWS_UP lines back), a block of lines is
// read once and a row is split once, so the cost grows with the text, not with its numbers.
import type { Candidate } from './detect-numbers.js';
import { cells } from './detect-tables.js';
import { listGap as $listGap } from './number-lists.js';
import {
  CARRIERS,
  CLOSE,
  OPEN,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordAfter as $wordAfter,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const listGap = $listGap;
const isDigit = $isDigit;
const isSpace = $isSpace;
const isLetter = $isLetter;
const wordAfter = $wordAfter;

/** The 11 digits of the mainland mobile t[c.start, c.end) (a +86 prefix dropped), or undefined. */
function mobileDigits(t: string, c: Candidate): string | undefined {
  if (c.end - c.start > 24) return undefined;
  let d = '';
  for (let k = c.start; k < c.end; k++) {
    const x = t.charCodeAt(k);
    if (isDigit(x)) d += t[k];
  }
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length === 11 && d.charCodeAt(0) === 49 ? d : undefined;
}

// --- 1. batches --------------------------------------------------------------------------------

// what a batch shares: all but the last three digits
const BATCH_PREFIX = 8;
const BATCH_MIN = 3;
const BATCH_STEP_MAX = 99;

/**
 * Whether the last digits of the numbers of one list (`tails`, in text order) count up or down
 * by at most BATCH_STEP_MAX each (528, 529, 530; 715, 722, 739), or are a shuffled run of
 * neighbours (528, 530, 529): labels printed in one batch. Two people's numbers of one family
 * may share the prefix; three in order are a print run.
 */
function isSequence(tails: readonly number[]): boolean {
  const n = tails.length;
  let up = true;
  let down = true;
  let lo = tails[0]!;
  let hi = lo;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = tails[i]!;
    if (seen.has(v)) return false;
    seen.add(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (i === 0) continue;
    const step = v - tails[i - 1]!;
    if (!(step > 0 && step <= BATCH_STEP_MAX)) up = false;
    if (!(step < 0 && -step <= BATCH_STEP_MAX)) down = false;
  }
  return up || down || hi - lo <= 2 * (n - 1);
}

/** Adds to `out` the mobiles of `phones` that stand in a batch (see isSequence) of at least three. */
function batches(t: string, phones: readonly Candidate[], personal: Personal, out: Set<Candidate>): void {
  let group: Candidate[] = [];
  let tails: number[] = [];
  let prefix = '';
  // whether the group is two numbers joined as a range (15811112021 至 15811112030)
  let range = false;
  const close = () => {
    if (
      (group.length >= BATCH_MIN || (range && group.length === 2 && tails[1]! > tails[0]!)) &&
      isSequence(tails) &&
      !personal.before(t, group[0]!.start) &&
      !personal.after(t, group[group.length - 1]!.end) &&
      !personalClause(t, group[0]!.start, group[group.length - 1]!.end)
    )
      for (const c of group) out.add(c);
    group = [];
    tails = [];
  };
  for (const c of phones) {
    const last = group[group.length - 1];
    if (last !== undefined && c.start === last.start) continue; // the same number, found twice
    const d = mobileDigits(t, c);
    if (d === undefined) {
      close();
      continue;
    }
    const p = d.slice(0, BATCH_PREFIX);
    if (last === undefined || p !== prefix || !batchGap(t, last.end, c.start)) {
      close();
      prefix = p;
      range = false;
    } else range = group.length === 1 && RANGE.test(t.slice(last.end, c.start));
    group.push(c);
    tails.push(Number(d.slice(BATCH_PREFIX)));
  }
  close();
}

// what joins the two ends of a range
const RANGE = /^\s{0,2}(?:[-–—~～]|至|到|to|through|thru)\s{0,2}$/i;
const GAP_MAX = 16;

/**
 * Whether only a list separator (listGap) or a parcel's state and separators (15811112021 已发，
 * 15811112022 未发) stand between two numbers of a batch, t[a, b).
 */
function batchGap(t: string, a: number, b: number): boolean {
  if (listGap(t, a, b, true)) return true;
  if (b - a > GAP_MAX) return false;
  const g = t
    .slice(a, b)
    .replace(/[\s,，、;；/]+/g, ' ')
    .trim();
  return g.length > 0 && stateOnly(g);
}

// what ends a clause, for personalClause
const CLAUSE_BREAK = new Set([...'，。；！？,;!?\n'].map((c) => c.charCodeAt(0)));
const CLAUSE_READ = 16;

/**
 * Whether the clause around a list t[s, e) names people or phones within CLAUSE_READ characters
 * of it (电话：A、B、C; A、B、C 是我们的联系电话): then the list is theirs, however it counts.
 */
function personalClause(t: string, s: number, e: number): boolean {
  let a = s;
  while (a > 0 && s - a < CLAUSE_READ && !CLAUSE_BREAK.has(t.charCodeAt(a - 1))) a--;
  let b = e;
  while (b < t.length && b - e < CLAUSE_READ && !CLAUSE_BREAK.has(t.charCodeAt(b))) b++;
  return PERSONAL_HEADING.test(t.slice(a, s)) || PERSONAL_HEADING.test(t.slice(e, b));
}

// --- 2. line lists -----------------------------------------------------------------------------

const LINE_MAX = 48;
const LIST_LINES_MAX = 256;
// what may follow the number on its line: the state of the parcel, perhaps in brackets
const STATES = new Set(
  `已发 已发货 已发出 已寄出 未发 未发货 待发 待发货 已揽收 待揽收 揽收 已揽件 已签收 签收 未签收 已送达 已妥投 已退回 退回 退回中
   退件 已退 在途 运输中 派送中 已派送 待派送 待取 待取件 已取 已取件 已出库 待出库 已入库 已到 已到件 未到 拒收 丢件 破损 问题件
   异常 正常 拦截 已拦截 待处理 已处理 已完成 已付款 待付款 已支付 已取消 退款中 已退款 交易成功 交易关闭 已关闭 已收货 待收货
   配送中 退货中 已退货 待评价 已评价 已打包 待打包 已拣货 待拣货 已装车 已发车 已到达 中转中 已中转 ok shipped delivered
   returned pending in transit lost done paid unpaid completed cancelled canceled refunded delivering picked up ✓ √ ✔ ×`
    .split(/\s+/)
    .filter(Boolean),
);
const OPEN_CLOSE = /^[(（[【](.+)[)）\]】]$/;

/** Whether `rest` (what follows the number on its line, trimmed) is empty or a parcel's state. */
function stateOnly(rest: string): boolean {
  if (rest.length === 0) return true;
  const inner = OPEN_CLOSE.exec(rest)?.[1] ?? rest;
  return STATES.has(inner.toLowerCase());
}

// a count of pieces or a weight after an item (2件, x3, 1.5kg)
const PIECES =
  /^(?:[x×*]\s?\d{1,3}|共?\d{1,3}\s?(?:件|票|箱|袋|个|pcs?)|\d{1,4}(?:\.\d{1,3})?\s?(?:kg|g|公斤|克|斤))$/i;

/** Whether what follows an item's number is its state, its pieces or weight, or both (已发 2件). */
function itemRest(rest: string): boolean {
  if (stateOnly(rest) || PIECES.test(rest)) return true;
  const sp = rest.search(/\s/);
  if (sp === -1) return false;
  const a = rest.slice(0, sp);
  const b = rest.slice(sp).trim();
  return (stateOnly(a) && PIECES.test(b)) || (PIECES.test(a) && stateOnly(b));
}

type Item = 'mobile' | 'coded';

/**
 * What the line t[a, b) is as an item of a list of numbers: an optional marker (1. 2、 3) - •),
 * one number and perhaps its state (已发, 退回, shipped). `mobile` for an 11-digit number that
 * starts with 1 (digits joined by single spaces or dashes), `coded` for a carrier's waybill (an
 * upper-case code and 8 to 15 digits: YT2093847561032, SF 1320948176502; or 12 to 15 bare
 * digits: 75320948176023); undefined for anything else.
 */
function itemLine(t: string, a: number, b: number): Item | undefined {
  if (b - a > LINE_MAX) return undefined;
  let k = a;
  while (k < b && isSpace(t.charCodeAt(k))) k++;
  // the marker: 1. 1、 1) 1） (1) - • *
  const m = /^(?:[(（]?\d{1,3}[.、)）]|[-•·*●▪◦])\s*/.exec(t.slice(k, Math.min(b, k + 8)));
  // (a marker of digits must not be the start of the number itself: 13812345678. is no marker)
  if (m !== null && !(isDigit(t.charCodeAt(k)) && isDigit(t.charCodeAt(k + m[0].length - 1))))
    k += m[0].length;
  // a carrier's name before the number (中通 7532..., 顺丰：SF...)
  const carrier = wordAfter(t, k, CARRIERS);
  if (carrier !== -1) {
    k = carrier;
    while (k < b && (isSpace(t.charCodeAt(k)) || t.charCodeAt(k) === 58 || t.charCodeAt(k) === 0xff1a)) k++;
  }
  let letters = 0;
  while (k < b && letters < 5 && t.charCodeAt(k) >= 65 && t.charCodeAt(k) <= 90) {
    k++;
    letters++;
  }
  if (letters > 4) return undefined;
  if (letters > 0 && t.charCodeAt(k) === 32) k++;
  const first = k;
  let digits = 0;
  while (k < b) {
    const c = t.charCodeAt(k);
    if (isDigit(c)) digits++;
    // (groups of a mobile: not past its eleventh digit, 13812345678 2件 is a count after it)
    else if (!((c === 32 || c === 45) && isDigit(t.charCodeAt(k + 1)) && digits > 0 && digits < 11)) break;
    k++;
  }
  if (digits === 0) return undefined;
  // and after it (13812345678 顺丰, 7532... (中通)), apart from it
  let r = k;
  while (r < b && isSpace(t.charCodeAt(r))) r++;
  const open = r < b && OPEN.has(t.charCodeAt(r));
  const o = open ? r + 1 : r;
  if (o > k) {
    const w = wordAfter(t, o, CARRIERS);
    if (w !== -1 && !open) k = w;
    else if (w !== -1 && CLOSE.has(t.charCodeAt(w))) k = w + 1;
  }
  const rest = t.slice(k, b).trim();
  if (!(rest.length === 0 || isSpace(t.charCodeAt(k)) || /^[(（[【]/.test(rest)) || !itemRest(rest))
    return undefined;
  if (letters > 0) return letters >= 2 && digits >= 8 && digits <= 15 ? 'coded' : undefined;
  if (digits === 11 && t.charCodeAt(first) === 49) return 'mobile';
  return digits >= 12 && digits <= 15 && k - first === digits ? 'coded' : undefined;
}

// a heading that names people or their numbers keeps its list personal; one that names
// shipments makes it a list of waybills (checked in that order)
const PERSONAL_HEADING =
  /联系|打我|打给|拨打|致电|电联|电话|電話|手机|手機|通讯录|通訊錄|(?<![单單])号码|號碼|小哥|快递员|派送员|配送员|骑手|司机|师傅|微信|客户|客戶|收件人|寄件人|收货人|发件人|签收人|取件人|姓名|名单|家人|朋友|亲友|紧急|同事|员工|contact|phone|mobile|\btel\b|call|customer|people|staff|dial/i;
const SHIPMENT_HEADING =
  /清单|清單|退回|退件|退货|揽收|攬收|发货|發貨|已发|待发|派件|派送|到件|签收|簽收|包裹|快递|快遞|快件|运单|運單|单号|單號|面单|单子|订单|异常件|滞留件|拒收件|到付件|退款|售后|揽件|问题件|出库|入库|出仓|入仓|集包|批次|分拣|中转|装车|交接|寄出|发出|要发|manifest|shipment|parcel|package|waybill|tracking|returns|dispatch|orders|outbound|inbound|labels/i;

/** What the heading line t[a, b) names: 'personal', 'shipment' or undefined. */
function headingKind(t: string, a: number, b: number): 'personal' | 'shipment' | undefined {
  if (b - a > LINE_MAX) return undefined;
  const h = t.slice(a, b);
  if (PERSONAL_HEADING.test(h)) return 'personal';
  return SHIPMENT_HEADING.test(h) ? 'shipment' : undefined;
}

/**
 * Start of the line before the one that starts at `a` (a > 0), reading back at most `max` + 2
 * characters, or -1 when that line is longer.
 */
function lineStartBefore(t: string, a: number, max: number): number {
  let k = a - 1; // the line break
  const lo = Math.max(0, k - max - 2);
  while (k > lo && t.charCodeAt(k - 1) !== 10) k--;
  return k > lo || lo === 0 ? k : -1;
}

/**
 * End of the line that starts at `a` (before its \r\n or \n), reading at most `max` + 1
 * characters: a longer line ends, for its readers, past `a + max`.
 */
function lineEnd(t: string, a: number, max: number): number {
  const hi = Math.min(t.length, a + max + 1);
  let e = a;
  while (e < hi && t.charCodeAt(e) !== 10) e++;
  if (e === hi && hi < t.length) return hi;
  return e > a && t.charCodeAt(e - 1) === 13 ? e - 1 : e;
}

/** Whether a colon (after at most two spaces) ends the text before `s`. */
function afterColon(t: string, s: number): boolean {
  let k = s;
  while (k > 0 && s - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  const c = t.charCodeAt(k - 1);
  return c === 58 || c === 0xff1a;
}

/**
 * Adds to `out` the mobiles of `phones` that are items of a list of numbers one per line
 * (itemLine) under a heading that names shipments, or with at least two carrier waybills among
 * at least three items; not under a heading that names people or phones. A block of lines is
 * read once.
 */
function lineLists(t: string, phones: readonly Candidate[], out: Set<Candidate>): void {
  let blockEnd = -1;
  for (let i = 0; i < phones.length; i++) {
    const c = phones[i]!;
    if (c.start < blockEnd || out.has(c)) continue;
    // (cheap first: an item's number has nothing glued before it, 电话13812345678 is no item)
    const before = c.start > 0 ? t.charCodeAt(c.start - 1) : 10;
    if (before >= 0x3400 || isLetter(before) || isDigit(before)) continue;
    let a = c.start;
    while (a > 0 && c.start - a <= LINE_MAX && t.charCodeAt(a - 1) !== 10) a--;
    if (a > 0 && t.charCodeAt(a - 1) !== 10) continue;
    const e = lineEnd(t, c.start, LINE_MAX);
    if (itemLine(t, a, e) !== 'mobile') continue;
    let items = 1;
    let coded = 0;
    // the lines above, up to the heading
    let top = a;
    let heading: 'personal' | 'shipment' | undefined;
    let headingStart = t.length;
    while (top > 0 && items < LIST_LINES_MAX) {
      const p = lineStartBefore(t, top, LINE_MAX);
      if (p === -1) break;
      const pe = lineEnd(t, p, LINE_MAX);
      if (pe === p) break; // a blank line ends the list
      const kind = itemLine(t, p, pe);
      if (kind === undefined) {
        heading = headingKind(t, p, pe);
        headingStart = p;
        break;
      }
      items++;
      if (kind === 'coded') coded++;
      top = p;
    }
    // and below
    let bottom = e;
    while (bottom < t.length && items < 2 * LIST_LINES_MAX) {
      const n = bottom + 1 + (t.charCodeAt(bottom) === 13 ? 1 : 0);
      if (n >= t.length) break;
      const ne = lineEnd(t, n, LINE_MAX);
      const kind = ne === n ? undefined : itemLine(t, n, ne);
      if (kind === undefined) break;
      items++;
      if (kind === 'coded') coded++;
      bottom = ne;
    }
    blockEnd = bottom;
    if (heading === 'personal') continue;
    // a label with its own number (运单号：A) then one number alone: a field and what follows it,
    // not a heading; with two or more below it, it heads them (今日退回件：A\nB\nC)
    if (
      heading === 'shipment' &&
      items < 2 &&
      /\d{8}/.test(t.slice(headingStart, lineEnd(t, headingStart, LINE_MAX)))
    )
      heading = undefined;
    if (heading !== 'shipment' && !(coded >= 2 && items >= 3)) continue;
    for (let j = i; j < phones.length && phones[j]!.start < bottom; j++) out.add(phones[j]!);
    // the first item on the heading's own line, after its colon (今日退回件：A\nB\nC)
    const prev = phones[i - 1];
    if (
      heading === 'shipment' &&
      prev !== undefined &&
      prev.start >= headingStart &&
      afterColon(t, prev.start)
    )
      out.add(prev);
  }
}

// --- 3. table rows without a header -----------------------------------------------------------

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
const DATE_CELL =
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{1,2}:\d{2}(?::\d{2})?$/;

/** The delimiter right after (or else right before) t[s, e), across at most three spaces, or 0. */
function delimiterAround(t: string, s: number, e: number): number {
  let k = e;
  while (k < t.length && k - e < 3 && t.charCodeAt(k) === 32) k++;
  if (ROW_DELIMITERS.includes(t.charCodeAt(k))) return t.charCodeAt(k);
  k = s;
  while (k > 0 && s - k < 3 && t.charCodeAt(k - 1) === 32) k--;
  return k > 0 && ROW_DELIMITERS.includes(t.charCodeAt(k - 1)) ? t.charCodeAt(k - 1) : 0;
}

/** Whether t[s, e) has `d` or a line's end on either side, across spaces (and the outer | of a markdown row). */
function fillsCell(t: string, s: number, e: number, d: number): boolean {
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
 * least two are filled, and one of them is a SKU or a state.
 */
function orderCells(t: string, cs: readonly number[], own: number): boolean {
  let filled = 0;
  let strong = false;
  for (let i = 0; i < cs.length; i += 2) {
    if (i === own || cs[i] === cs[i + 1]) continue;
    const x = t.slice(cs[i]!, cs[i + 1]!);
    filled++;
    if (SKU_CELL.test(x) || stateOnly(x)) strong = true;
    else if (!(AMOUNT_CELL.test(x) || QTY_CELL.test(x) || DATE_CELL.test(x))) return false;
  }
  return filled >= 2 && strong;
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
 * Adds to `out` the mobiles of `phones` that fill a cell of an order or shipment row (see
 * orderCells) with no header above. The text is read forward once for line starts, and a line
 * is split once however many numbers it has.
 */
function orderRows(t: string, phones: readonly Candidate[], out: Set<Candidate>): void {
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
