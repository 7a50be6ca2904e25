// The run of address characters an address is read from: from a division name or a context
// word, over the street, building and room part, to punctuation, a stop word (电话, 收件人 ...),
// the key of the next field, another finding, or MAX_ADDRESS characters. A run is read once for
// all the candidate starts inside it (docs/masking.md, "Time: linear in the text").
import {
  ADDR_CHAR as $ADDR_CHAR,
  ADDR_STOP_FIRST as $ADDR_STOP_FIRST,
  FLAGS as $FLAGS,
  isAsciiAlnum as $isAsciiAlnum,
  isDigitCode as $isDigitCode,
  mark as $mark,
  markFirst as $markFirst,
} from './char-flags.js';
import { ANCHOR as $ANCHOR, NOT_PERSONAL as $NOT_PERSONAL, coverAt as $coverAt } from './cover.js';
import { isSepCode as $isSepCode } from './number-shapes.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDR_CHAR = $ADDR_CHAR;
const ADDR_STOP_FIRST = $ADDR_STOP_FIRST;
const FLAGS = $FLAGS;
const isAsciiAlnum = $isAsciiAlnum;
const isDigitCode = $isDigitCode;
const mark = $mark;
const markFirst = $markFirst;
const ANCHOR = $ANCHOR;
const NOT_PERSONAL = $NOT_PERSONAL;
const coverAt = $coverAt;
const isSepCode = $isSepCode;
const keyEndingAt = $keyEndingAt;

// Street-level units: an address must contain one after its division prefix.
/** @internal */
export const UNIT =
  /路|街|道|巷|弄|胡同|号|號|栋|棟|幢|单元|單元|室|楼|樓|层|層|座|院|小区|小區|大厦|大廈|花园|花園|广场|廣場|公寓|宿舍|苑|村|组|組|社区|社區|镇|鎮|乡|鄉|园区|園區|中心|大楼|大樓|商城|市场|市場|工业园|产业园|基地|门|門|里|坊|城|府|湾|灣|庄|莊|屯|大学|大學|学院|學院|医院|醫院|公司|厂|廠/;
/** @internal */
export const STREET =
  /\d|[一二三四五六七八九十]+号|路|街|巷|弄|胡同|號|小区|小區|村|镇|鎮|乡|鄉|大厦|大廈|花园|花園|公寓|宿舍/;
// The last of these ends the address when what follows is not part of it (楼下, 门口 ...).
const END_UNIT =
  /(?:号|號|室|栋|棟|幢|单元|單元|楼|樓|层|層|座|院|小区|小區|大厦|大廈|花园|花園|广场|廣場|公寓|宿舍|苑|村|组|組|社区|社區|园|園|中心|大楼|大樓|商城|市场|市場|基地|门|門|里|坊|城|府|湾|灣|庄|莊|屯|路|街|道|巷|弄|胡同|大学|大學|学院|學院|医院|醫院|公司|厂|廠|店|馆|館|站|房|户|戶|铺|舖)/g;
// (and the words of moving a parcel to a second address: 从天河区体育西路191号送到越秀区… holds two)
const STOP =
  /^(?:电话|電話|手机|手機|联系|聯繫|聯絡|收件|寄件|收货人|收貨人|发件|發件|姓名|身份证|身份證|邮编|郵編|备注|備註|谢谢|謝謝|麻烦|麻煩|请|請|快递|快遞|包裹|签收|簽收|的快递|的包裹|放门|放在|放到|放快递|放驿站|放前台|放物业|给我|交给|打电话|找人|到了|以后|之后|的时候|可以|能不能|帮忙|幫忙|明天|今天|下午|上午|晚上|不在|在家|就行|就好|吧|吗|嗎|呢|啊|了|tel|phone|mobile|单号|單號|运单|運單|订单|訂單|面单|面單|物流单|取件码|取件碼|提货码|提貨碼|验证码|驗證碼|密码|密碼|尾号|尾號|工号|工號|柜号|櫃號|格口|门卫|門衛|tracking|waybill|送到|送至|送去|送往|寄到|寄至|寄往|发往|發往|发到|發到|运到|運到|运往|運往|改派|改送)/i;
// The same words matched in place (every alternative is at most six characters long, so this
// is the same test as STOP on the next six characters), tried only after a first character.
const STOP_AT = new RegExp(STOP.source.slice(1), 'iy');
for (const w of STOP.source.slice(4, -1).split('|')) markFirst(ADDR_STOP_FIRST, [w, w.toUpperCase()]);
// END_UNIT words (one or two characters) for finding the last one without a regex
const END_PAIR = new Set<number>();
// per code unit: END_ONE when it is a one-character unit word, END_SECOND when it ends a
// two-character one (a byte read per character instead of a Set lookup or two)
const END_ONE = 1;
const END_SECOND = 2;
const END_CLASS = new Uint8Array(65536);
for (const w of END_UNIT.source.slice(3, -1).split('|')) {
  if (w.length === 1) END_CLASS[w.charCodeAt(0)]! |= END_ONE;
  else {
    END_PAIR.add((w.charCodeAt(0) << 16) | w.charCodeAt(1));
    END_CLASS[w.charCodeAt(1)]! |= END_SECOND;
  }
}
mark(ADDR_CHAR, ['#-－—()（）·']);

/** CJK ideograph, ASCII letter or digit, or one of the separators an address may contain. */
function isAddrChar(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    isAlnum(c) ||
    (flags[c]! & ADDR_CHAR) !== 0
  );
}

// the class table and an ASCII test as local bindings: the per-character loops below read them
// directly (a binding imported from another module is a property read in some builds)
const flags = FLAGS;
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}
function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

const TAIL_TOKEN = /^[\u4e00-\u9fffA-Za-z0-9#\-－]+/;

// An address is at most this many UTF-16 units long: a run of address characters is never
// followed further, so a text of repeated division names or context words costs linear time.
/** @internal */
export const MAX_ADDRESS = 200;
// After this many candidates of one run have been examined and refused, the rest of the run's
// starts are skipped: each would see a suffix of the same run (real text never has this many).
const MAX_REFUSED_PER_RUN = 4;

// The run of address characters last followed by extend(), remembered so that a later start
// inside it continues where that scan stopped instead of reading the run again. Starts within
// one detectAddresses loop only increase; the loops reset it (resetRun).
let runFrom = -1; // the start the scan began at
let reach = -1; // where it stopped (exclusive)
let stopped = false; // it stopped at a break, not at the length cap
let unitEnd = -1; // end of the last street-level unit word it passed
let unitStart = -1; // the largest start of a unit word ending at unitEnd
let alnumFrom = -1; // start of the run of ASCII letters and digits that ends at reach
let refused = 0; // candidates of this run examined and refused

/** @internal forgets the remembered run (at the start of each loop over candidate starts) */
export function resetRun(): void {
  runFrom = -1;
  reach = -1;
  refused = 0;
}

/**
 * Whether a key and '=' or ':' begin at `j`: two letters or more (and '_' or '-'), digits only
 * at the end (mobile2=, order_id:), within 32 characters.
 */
function keyStartsAt(t: string, j: number): boolean {
  const cap = Math.min(t.length, j + 32);
  let q = j;
  while (q < cap && (isLetter(t.charCodeAt(q)) || t.charCodeAt(q) === 95 || t.charCodeAt(q) === 45)) q++;
  if (q - j < 2) return false;
  while (q < cap && isDigitCode(t.charCodeAt(q))) q++;
  const c = t.charCodeAt(q);
  return c === 61 || c === 58;
}

/** 号 號 码 碼 */
function isNumberWord(c: number): boolean {
  return c === 0x53f7 || c === 0x865f || c === 0x7801 || c === 0x78bc;
}

/** A CJK ideograph that is not a numeral (一 ... 十, 百, 零, 〇, 两): the end of a word before 号. */
function isWordChar(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff && '一二三四五六七八九十百零两兩'.indexOf(String.fromCharCode(c)) === -1;
}

/** Whether seven digits or more, none of them another finding's, begin at `j` (read no further than `cap`). */
function longDigitRunAt(t: string, j: number, cap: number, ends: number): boolean {
  const stop = Math.min(cap, j + LONG_DIGIT_RUN);
  let q = j;
  // digits of another finding (ends) are not the run's: the address stops before them anyway
  while (q < stop && isDigitCode(t.charCodeAt(q)) && (coverAt(q) & ends) === 0) q++;
  return q - j >= LONG_DIGIT_RUN;
}
// the shortest digit run that is not part of an address: house and room numbers have at most
// five digits and a postcode six; waybill, order and mobile numbers have more
const LONG_DIGIT_RUN = 7;

/** Whether a capital and at least two lower-case letters, then no letter or digit, start at `j`. */
function latinWordAt(t: string, j: number): boolean {
  let k = j + 1;
  while (k < t.length && k - j <= 24 && t.charCodeAt(k) >= 97 && t.charCodeAt(k) <= 122) k++;
  return k - j >= 3 && !isAlnum(t.charCodeAt(k));
}

/** Reads t[j] as part of the run: notes the unit word or letter run it ends. */
function take(t: string, j: number): void {
  const c = t.charCodeAt(j);
  const end = END_CLASS[c]!;
  if ((end & END_ONE) !== 0) {
    unitEnd = j + 1;
    unitStart = j;
  } else if ((end & END_SECOND) !== 0 && j - 1 >= runFrom && END_PAIR.has((t.charCodeAt(j - 1) << 16) | c)) {
    unitEnd = j + 1;
    unitStart = j - 1;
  }
  if (c < 128 && isAlnum(c)) {
    if (j === 0 || j === runFrom || !isAlnum(t.charCodeAt(j - 1))) alnumFrom = j;
  } else alnumFrom = j + 1;
}

/** Follows the run from `from` (or from where the remembered scan stopped) to its raw end. */
function follow(t: string, from: number): number {
  if (!(from > runFrom && from < reach)) {
    runFrom = from;
    reach = from;
    stopped = false;
    unitEnd = -1;
    unitStart = -1;
    alnumFrom = from;
    refused = 0;
  } else if (stopped) return reach;
  const cap = Math.min(t.length, from + MAX_ADDRESS);
  let j = reach;
  stopped = true;
  // another finding (a number, an email) ends the address, and so does a labelled number that
  // is no one's data (订单号 13800001111): read at each offset the run reaches
  const ends = ANCHOR | NOT_PERSONAL;
  while (true) {
    if (j >= cap) {
      stopped = j >= t.length;
      break;
    }
    if ((coverAt(j) & ends) !== 0) break;
    const c = t.charCodeAt(j);
    if (c === 32 || c === 0x3000) {
      // continue over a space only when the next token is another address part (3号楼 1单元)
      const tok = TAIL_TOKEN.exec(t.slice(j + 1, j + 20));
      // (or a short code with a digit: tower and room numbers such as T1 1201, B座 1203)
      if (tok && !STOP.test(tok[0]) && /\d/.test(tok[0]) && (UNIT.test(tok[0]) || tok[0].length <= 6)) {
        alnumFrom = j + 1;
        j++;
        continue;
      }
      break;
    }
    if (!isAddrChar(c)) break;
    // the key of the next field in a log line (…88号orderNo=…, …88号tel:…) ends the address
    if (j > runFrom && c < 128 && isLetter(c) && !isLetter(t.charCodeAt(j - 1)) && keyStartsAt(t, j)) break;
    // a Latin word (a capital and lower-case letters: …88号Zhang Wei) is no unit code (B座, T1,
    // SOHO): the address ends before it, so a name glued after the house number stays a name
    if (j > runFrom && c >= 65 && c <= 90 && !isLetter(t.charCodeAt(j - 1)) && latinWordAt(t, j)) break;
    if (j > runFrom && (flags[c]! & ADDR_STOP_FIRST) !== 0) {
      STOP_AT.lastIndex = j;
      if (STOP_AT.test(t)) break;
    }
    // a run of seven digits or more is no house or room number (a waybill or an order number
    // glued on, 12号75462019384712): the address ends before it and its letter prefix
    if (c >= 48 && c <= 57 && !isDigitCode(t.charCodeAt(j - 1)) && longDigitRunAt(t, j, cap, ends)) {
      j = Math.max(alnumFrom, runFrom);
      // and before a label glued to it (件号, 编号, 箱号, 条码): a 号 after a word, not after a
      // house number (12号, 三号)
      if (j - 2 > runFrom && isNumberWord(t.charCodeAt(j - 1)) && isWordChar(t.charCodeAt(j - 2))) {
        j--;
        // the word before 号 is the label's too (号码, 房号, 件号): the unit must end before it
        lastUnitBefore(t, runFrom, j - 1);
      }
      break;
    }
    take(t, j);
    j++;
  }
  // a run that stops at '=' or a colon may end with the key of the next field (…88号订单号=…,
  // …室收件人电话：…): the address ends before the key (the run's letters and units are read
  // again back to that point, once per run)
  const sep = t.charCodeAt(j);
  if (stopped && (sep === 61 || sep === 58 || sep === 0xff1a)) {
    const key = keyEndingAt(t, j);
    if (key !== undefined && key.start > runFrom) {
      j = key.start;
      while (j > runFrom && (t.charCodeAt(j - 1) === 32 || t.charCodeAt(j - 1) === 0x3000)) j--;
      lastUnitBefore(t, runFrom, j);
      let a = j;
      while (a > runFrom && isAsciiAlnum(t.charCodeAt(a - 1))) a--;
      alnumFrom = a;
    }
  }
  reach = j;
  return j;
}

/** Sets unitEnd / unitStart to the last unit word in t[from, j) (as take() would have). */
function lastUnitBefore(t: string, from: number, j: number): void {
  unitEnd = -1;
  unitStart = -1;
  for (let e = j; e > from; e--) {
    const c = t.charCodeAt(e - 1);
    const end = END_CLASS[c]!;
    if ((end & END_ONE) !== 0) {
      unitEnd = e;
      unitStart = e - 1;
      return;
    }
    if ((end & END_SECOND) !== 0 && e - 2 >= from && END_PAIR.has((t.charCodeAt(e - 2) << 16) | c)) {
      unitEnd = e;
      unitStart = e - 2;
      return;
    }
  }
}

/**
 * @internal Extends an address from `from`, returns its end (trimmed to the last street unit), or
 * -1. Findings and labelled numbers must be marked in the cover.
 */
export function extend(t: string, from: number): number {
  let j = follow(t, from);
  // digits running into a mask character are the kept head of a masked number (138****5678),
  // not a house number: redacting a redacted text must change nothing more
  // (also across a separator: 138.****.5678)
  const m = t.charCodeAt(j);
  if (
    (m === 42 || (isSepCode(m) && t.charCodeAt(j + 1) === 42)) &&
    j > from &&
    isAsciiAlnum(t.charCodeAt(j - 1))
  )
    j = Math.max(from, alnumFrom);

  // Trim: end after the room number, or after the last street-level unit.
  if (j > from) {
    const c = t.charCodeAt(j - 1);
    if (isAsciiAlnum(c) || c === 41 || c === 0xff09) return j;
  }
  // no unit word ends between the letters the trim removed, so the last one passed is the
  // last one before j; one that starts before `from` leaves none (a later one would end later)
  return unitEnd !== -1 && unitStart >= from && unitEnd <= j ? unitEnd : -1;
}

/** @internal Counts a refused candidate of the current run; true when its other starts are skipped. */
export function refuse(): boolean {
  return ++refused >= MAX_REFUSED_PER_RUN;
}

/** @internal where the remembered run stopped (exclusive) */
export function runReach(): number {
  return reach;
}
