// Two limits on what a label before a number can take away, both about the value the label
// would govern rather than the label's words:
// - a heading without key punctuation (a short line ending in a word, no colon) over the number:
//   only a key that names a number (运单号, waybill, order_id) labels one number under it; a
//   thing's word read as a phrase (parcel locker, 快递柜里的件) labels the numbers below it only
//   where they are a column (another number starts the next line). A note that names a place on
//   one line and gives a mobile on the next (parcel locker / 1381...) gives a phone;
// - keys whose real values are short: a shelf, a locker's door or cell, a bay, a slot, a bin, a
//   sorting chute or grid (货架号 3-2-1047, 格口 C-13, 柜门 12), and a quantity of goods. Such a
//   value has a few digits; a value of ten digits or more under such a key is no shelf or slot
//   but a number pasted into the wrong field (a mobile in the shelf column), and stays whatever
//   its shape says. A machine's own number is not a slot's and is left to its key: the locker
//   cabinet itself (cabinetNo, cab=, locker_id, 柜号, 柜机号) is a terminal numbered as its maker
//   numbers devices, often eleven digits, while its cell or door (cellNo 0217, door=23) is short.
// - across such a heading, to one number with no column below it, a key labels the number only
//   where it names a number (运单号, waybill, order_no, SKU, 快递单): a thing's word that a
//   system also uses as a key (parcel, package, item, 快件) names the thing, and under it a
//   note's mobile stays a phone (my parcel\n1381...).
// Each check reads the label's own characters and at most a line after the number.
import { isAsciiLetter as $isAsciiLetter, isDigitCode as $isDigitCode } from './char-flags.js';
import { keyWords } from './key-words.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isDigit = $isDigitCode;
const isAsciiLetter = $isAsciiLetter;

/**
 * Whether the number that starts at `s` has `n` digits or more, single spaces and dashes between
 * them, read at most 24 characters.
 */
function digitsAtLeast(t: string, s: number, n: number): boolean {
  let digits = 0;
  for (let k = s; k < t.length && k - s < 24 && digits < n; k++) {
    const c = t.charCodeAt(k);
    if (isDigit(c)) digits++;
    else if (!((c === 32 || c === 45) && isDigit(t.charCodeAt(k + 1)))) break;
  }
  return digits >= n;
}

/**
 * @internal Whether the gap t[q, s) between a label and its number crosses a line break that no
 * colon ends (the label is a heading on the line above: `parcel locker\n1381...`).
 */
export function headingGap(t: string, q: number, s: number): boolean {
  for (let k = q; k < s; k++) {
    if (t.charCodeAt(k) !== 10) continue;
    let p = k;
    while (p > 0 && (t.charCodeAt(p - 1) === 13 || t.charCodeAt(p - 1) === 32)) p--;
    const c = t.charCodeAt(p - 1);
    return !(c === 58 || c === 0xff1a);
  }
  return false;
}

/**
 * @internal Whether the line after the number that ends at `e` starts with another number of
 * eight digits or more (after spaces and an item marker): the numbers form a column under a heading.
 */
export function columnBelow(t: string, e: number): boolean {
  let k = e;
  while (k < t.length && k - e < 4 && (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 13)) k++;
  if (t.charCodeAt(k) !== 10) return false;
  k++;
  const lo = k;
  // spaces and a marker (- * • ·)
  while (k < t.length && k - lo < 4) {
    const c = t.charCodeAt(k);
    if (c === 32 || c === 9 || c === 45 || c === 42 || c === 0x2022 || c === 0xb7) k++;
    else break;
  }
  return digitsAtLeast(t, k, 8);
}

/** @internal Whether the number that starts at `s` has ten digits or more (single spaces and dashes between them). */
export function longValue(t: string, s: number): boolean {
  return digitsAtLeast(t, s, 10);
}

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter((w) => w !== ''));
// places inside a station, a warehouse, a sorting centre or a locker, whose numbers are a few
// digits or a code such as 3-2-1047, and the quantity of goods (with the pinyin initials systems
// abbreviate them by: gkh 格口号, gkbh 格口编号, hwh 货位号, kwh 库位号)
const SLOTS = set(
  `shelf shelves rack compartment door bay slot slots grid bin bins chute dock aisle cubby pigeonhole
   qty quantity gkh gkbh hwh kwh`,
);
// what a number word after the slot's word may be (shelf_no, slotId, gridCode, bin number)
const SLOT_NUMBER = set('no nos num number numbers nr nbr id code idx index');
// words of a machine (a locker's or a sorter's own serial is as long as its maker makes it)
const MACHINE = set('sn serial device terminal machine imei mac uuid guid hash');
// the same glued (shelfno, gridno, lockerid, binid)
const GLUED = ['number', 'code', 'num', 'nbr', 'no', 'nr', 'id'];

/** Whether the Latin key t[s, e) names a slot or a quantity (shelf_no, gridNo, door, qty). */
function latinSlot(t: string, s: number, e: number): boolean {
  const { words } = keyWords(t, s, e);
  let n = words.length;
  if (n === 0) return false;
  for (const w of words) if (MACHINE.has(w)) return false;
  if (n > 1 && SLOT_NUMBER.has(words[n - 1]!)) n--;
  const head = words[n - 1]!;
  if (SLOTS.has(head)) return true;
  for (const g of GLUED)
    if (head.length > g.length + 2 && head.endsWith(g) && SLOTS.has(head.slice(0, -g.length))) return true;
  return false;
}

// Chinese slots (the number word after them is dropped first): 货架 3-2-1047, 格口 C-13, 柜门 12,
// 库位 A-01-02; and quantities (数量, 件数)
const CJK_SLOTS = [
  '货架',
  '貨架',
  '格口',
  '柜门',
  '櫃門',
  '柜格',
  '箱格',
  '格子',
  '库位',
  '庫位',
  '货位',
  '貨位',
  '储位',
  '儲位',
  '仓位',
  '倉位',
  '货格',
  '数量',
  '數量',
  '件数',
  '件數',
];
const CJK_NUMBER = ['编号', '號碼', '号码', '編號', '号', '號', '码', '碼'];

/** Whether the Chinese key t[s, e) names a slot (货架号, 格口, 柜门号, 柜号): not a locker machine (柜机号). */
function cjkSlot(t: string, s: number, e: number): boolean {
  let k = t.slice(s, e).trim();
  for (const w of CJK_NUMBER) {
    if (k.length > w.length && k.endsWith(w)) {
      k = k.slice(0, -w.length);
      break;
    }
  }
  for (const w of CJK_SLOTS) if (k.endsWith(w)) return true;
  return false;
}

// how long a key may be for the slot reader (the label's own characters)
const KEY_MAX = 40;

/**
 * @internal Whether the key t[s, e) is one whose real values are short (a shelf, a locker's door
 * or cell, a slot, a bin, a chute, a quantity: see the top of this file) and the value at `v` is
 * ten digits or more: the key does not take that value away.
 */
export function shortValuedKey(t: string, s: number, e: number, v: number): boolean {
  // (v = -1: the key's words alone, for a column's header)
  if (e - s > KEY_MAX || e <= s || (v !== -1 && !longValue(t, v))) return false;
  // the key's end: its quotes, brackets and a dot (No.) left out
  let k = e;
  while (k > s && !isKeyEnd(t.charCodeAt(k - 1))) k--;
  if (k === s) return false;
  const c = t.charCodeAt(k - 1);
  return c >= 0x3400 ? cjkSlot(t, s, k) : latinSlot(t, s, k);
}

/** Whether c may end a key: a letter, a digit or a CJK ideograph. */
function isKeyEnd(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || (c >= 0x3400 && c <= 0x9fff);
}

// Latin words that name a number by themselves: the documents and codes whose value is a number
// (a waybill, an air waybill, a tracking number, a stock-keeping unit, a barcode, a serial)
const NUMBER_NAMES = set(
  `waybill waybills awb mawb hawb hbl mbl bol tracking sku skus spu upc ean gtin isbn barcode imei imsi meid
   iccid sn serial asin fnsku msku sscc lpn`,
);
// number words a key ends in (order_no, trackingNumber, itemId, refs)
const NUMBER_WORDS = set('no nos num nums number numbers nr nbr id ids code codes ref refs idx uuid');
// Chinese endings of a key that names a number: 号 码 单 (运单, 订单, 快递单, 单子) and 编号
const CJK_NUMBER_END: ReadonlySet<number> = new Set([...'号號码碼单單'].map((c) => c.charCodeAt(0)));

/**
 * @internal Whether the key t[s, e) names a number (see the top of this file): its last word is
 * a number word, a number's own name (waybill, SKU) or a Chinese key ending in 号, 码 or 单.
 */
export function namesNumber(t: string, s: number, e: number): boolean {
  let k = e;
  while (k > s && !isKeyEnd(t.charCodeAt(k - 1))) k--;
  if (k === s || k - s > KEY_MAX) return false;
  const c = t.charCodeAt(k - 1);
  if (c >= 0x3400) return CJK_NUMBER_END.has(c) || t.startsWith('编', k - 2) || t.startsWith('編', k - 2);
  const { words } = keyWords(t, s, k);
  const head = words[words.length - 1];
  if (head === undefined) return false;
  if (NUMBER_WORDS.has(head) || NUMBER_NAMES.has(head)) return true;
  for (const g of GLUED) if (head.length > g.length + 2 && head.endsWith(g)) return true;
  return false;
}
