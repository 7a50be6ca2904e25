// A list of mobile-shaped numbers one per line that is a list of shipments, not of people: under a
// heading that names shipments (发货清单, 今日退回件), or with carrier waybills among its items
// (YT2093..., 7532...). Each line is at most LINE_MAX characters and a block of lines is read once.
// The headings that name people (and the parcel states an item may carry) are shared with the
// batch reader.
import type { Candidate } from './detect-numbers.js';
import {
  CARRIERS,
  CLOSE,
  OPEN,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordAfter as $wordAfter,
} from './number-words.js';
import { lineEnd as $lineEnd, lineStartBefore as $lineStartBefore } from './line-window.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordAfter = $wordAfter;
const lineEnd = $lineEnd;
const lineStartBefore = $lineStartBefore;

const LINE_MAX = 48;
const LIST_LINES_MAX = 256;
// what may follow the number on its line: the state of the parcel, perhaps in brackets (the
// whole rest of a list line, so 异常, ok, paid fit here; number-parcel-state.ts's STATES are
// phrases in prose, where 异常 or 到了 may be said of a person, and are not this list)
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

/** @internal Whether `rest` (what follows the number on its line, trimmed) is empty or a parcel's state. */
export function stateOnly(rest: string): boolean {
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

/**
 * @internal How far a number's clause is read for a word that makes it someone's (PERSONAL_HEADING,
 * a contact word): CLAUSE_READ characters after it, CLAUSE_BACK before it, since a clause's
 * subject and verb come first and take more characters in English (my phone changed from A to B).
 * The batch and block rules read alike.
 */
export const CLAUSE_READ = 16;
/** @internal See CLAUSE_READ. */
export const CLAUSE_BACK = 28;

// a heading that names people or their numbers keeps its list personal; one that names
// shipments makes it a list of waybills (checked in that order); a way to reach someone (can be
// reached at, reachable on, WhatsApp) names a person's number as a call does
/** @internal */
export const PERSONAL_HEADING =
  /联系|打我|打给|拨打|致电|电联|电话|電話|手机|手機|通讯录|通訊錄|(?<![单單])号码|號碼|主号|副号|小哥|快递员|派送员|配送员|骑手|司机|师傅|微信|客户|客戶|收件人|寄件人|收货人|发件人|签收人|取件人|姓名|名单|家人|家里|本人|老公|老婆|爱人|媳妇|丈夫|妻子|爸爸|妈妈|老爸|老妈|父亲|母亲|儿子|女儿|哥哥|姐姐|弟弟|妹妹|朋友|亲友|亲戚|紧急|同事|员工|contact|phone|mobile|\btel\b|call|\breach(?:ed|able)?\b|whatsapp|customer|people|staff|dial|\b(?:me|myself|wife|husband|mom|mum|dad|mother|father|son|daughter|brother|sister|family)\b/i;
/** @internal words of a heading over a list of shipments (清单, 退件, 单号, manifest …) */
export const SHIPMENT_HEADING =
  /清单|清單|退回|退件|退货|揽收|攬收|发货|發貨|已发|待发|派件|派送|到件|签收|簽收|包裹|快递|快遞|快件|运单|運單|单号|單號|面单|单子|订单|异常件|滞留件|拒收件|到付件|退款|售后|揽件|问题件|出库|入库|出仓|入仓|集包|批次|分拣|中转|装车|交接|寄出|发出|要发|(?<![A-Za-z0-9])(?:manifest|shipment|parcel|package|waybill|tracking|returns|dispatch|orders|outbound|inbound|labels)/i;

/** What the heading line t[a, b) names: 'personal', 'shipment' or undefined. */
function headingKind(t: string, a: number, b: number): 'personal' | 'shipment' | undefined {
  if (b - a > LINE_MAX) return undefined;
  const h = t.slice(a, b);
  if (PERSONAL_HEADING.test(h)) return 'personal';
  return SHIPMENT_HEADING.test(h) ? 'shipment' : undefined;
}

/** Whether the line that starts at `a` ends in a colon (after spaces). */
function colonEnds(t: string, a: number): boolean {
  let e = lineEnd(t, a, LINE_MAX);
  while (e > a && (isSpace(t.charCodeAt(e - 1)) || t.charCodeAt(e - 1) === 13)) e--;
  const c = t.charCodeAt(e - 1);
  return c === 58 || c === 0xff1a;
}

/** Whether a colon (after at most two spaces) ends the text before `s`. */
function afterColon(t: string, s: number): boolean {
  let k = s;
  while (k > 0 && s - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  const c = t.charCodeAt(k - 1);
  return c === 58 || c === 0xff1a;
}

/**
 * @internal Adds to `out` the mobiles of `phones` that are items of a list of numbers one per line
 * (itemLine) under a heading that names shipments, or with at least two carrier waybills among
 * at least three items; not under a heading that names people or phones. A block of lines is
 * read once.
 */
export function lineLists(t: string, phones: readonly Candidate[], out: Set<Candidate>): void {
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
    // one number under a heading with no colon (parcel locker\n1381..., 我的包裹\n1381...): a note
    // that names a thing on one line and gives a mobile on the next, not a list (a key that names
    // a number, 运单号\n1381..., is the label reader's); two or more items make a column
    if (heading === 'shipment' && items < 2 && !colonEnds(t, headingStart)) continue;
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
