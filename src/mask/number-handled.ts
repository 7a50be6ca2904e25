// What is done to a number can tell a parcel from a person: couriers and warehouse staff deliver,
// collect, intercept, scan, print, shelve and sort parcels, not phones. A number that is the
// object of such a verb right after it (正在派送A, 扫描 A, 拦截A, 上架 A, 打单打到A) is the parcel's.
// A state (已派送, 被拦截, 待揽收) is no verb with an object: a number after it may be anyone's, so
// 已/被/未/待 before the verb leave it a phone; so does a person's word right after the number
// (派送 A 张三, 揽收 A 是我电话). Each check reads a dozen characters before one number.
import {
  endOfNumber as $endOfNumber,
  isSpace as $isSpace,
  personalSoonAfter as $personalSoonAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import {
  nameAfterOnLine as $nameAfterOnLine,
  personalKeyAfter as $personalKeyAfter,
} from './number-after.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const endOfNumber = $endOfNumber;
const isSpace = $isSpace;
const personalSoonAfter = $personalSoonAfter;
const wordBefore = $wordBefore;
const nameAfterOnLine = $nameAfterOnLine;
const personalKeyAfter = $personalKeyAfter;

// verbs whose object is a parcel, in Mandarin and traditional writing (longest first)
const HANDLING = words([
  '正在派送',
  '正在配送',
  '正在派件',
  '派送',
  '配送',
  '派件',
  '揽收',
  '攬收',
  '拦截',
  '攔截',
  '扫描',
  '掃描',
  '扫码',
  '掃碼',
  '补打',
  '補打',
  '重打',
  '打印',
  '列印',
  '上架',
  '下架',
  '入库',
  '入庫',
  '出库',
  '出庫',
  '分拣',
  '分揀',
  '集包',
  '建包',
  '称重',
  '稱重',
  // what a warehouse, a sorting centre or a station does to an item
  '扫件',
  '揽件',
  '装车',
  '卸车',
  '装袋',
  '拆包',
  '到件',
  '入仓',
  '出仓',
  '打单',
  '贴单',
  '打包',
  '封箱',
  '装箱',
  '拣货',
  '拣选',
  '复核',
  '验货',
  '集货',
  '配货',
  '出货',
  '理货',
  '盘点',
  '中转',
  '投递',
  '妥投',
  '签收',
  '簽收',
  '拒收',
  '退件',
  '补发',
]);
// printing: 打 and 打到 mean "print" after a print word in the clause (今天打单打到A)
const PRINTED = words(['打到了', '打到', '印到了', '印到']);
const PRINT_WORDS = words(['打单', '打單', '打面单', '打面單', '打印', '列印', '补打', '重打']);
// what makes the verb a state: 已派送, 被拦截, 未揽收, 待出库
const STATE_MARKS: ReadonlySet<number> = new Set([...'已被未待没沒'].map((c) => c.charCodeAt(0)));
const PRINT_REACH = 10;
// how far after the number a personal word still makes it someone's (揽收 A 是我电话)
const AFTER_REACH = 8;

/** @internal Start of the verb whose object is the number at `s` (see the file comment), or -1. */
export function handledLabel(t: string, s: number): number {
  let q = s;
  if (q > 0 && isSpace(t.charCodeAt(q - 1))) q--;
  if (q < 2) return -1;
  let v = wordBefore(t, q, HANDLING);
  if (v !== -1) {
    if (v > 0 && STATE_MARKS.has(t.charCodeAt(v - 1))) return -1;
  } else {
    const p = wordBefore(t, q, PRINTED);
    if (p === -1) return -1;
    for (let k = p; k > 0 && p - k <= PRINT_REACH && v === -1; k--) v = wordBefore(t, k, PRINT_WORDS);
    if (v === -1) return -1;
  }
  const e = endOfNumber(t, s);
  return personalKeyAfter(t, e) || nameAfterOnLine(t, e) || personalSoonAfter(t, e, AFTER_REACH) ? -1 : v;
}
