// Address detection in free text. An address starts at an administrative-division name (GB/T
// 2260 table: 山东省青岛市 / 朝阳区) or after a context word (地址, 送到, Address:), runs over
// the street, building and room part, and stops at punctuation, a context word for another
// field (电话, 收件人), or another finding. It must contain a street-level part (路, 号, 小区,
// 栋 ...), so a bare city name in a sentence is not reported; an address this library already
// masked (a division name and ****) is found again as it is.
import {
  ADDR_CHAR,
  ADDR_CTX_FIRST,
  ADDR_STOP_FIRST,
  FLAGS,
  isAsciiAlnum,
  isAsciiLetter,
  isDigitCode,
  isReSpace,
  mark,
  headAt,
  markFirst,
  markScanFirst,
  startsAt,
  wordHeads,
} from './char-flags.js';
import { ADDRESS, ADDRESS_FOUND, ANCHOR, NOT_PERSONAL, covered, markCover, nextCovered } from './cover.js';
import type { Candidate } from './detect-numbers.js';
import { matchDivisions, mayStartDivision } from './divisions.js';
import { plausibleLatinEnd } from './latin-names.js';
import { isSepCode } from './number-shapes.js';
import { keyEndingAt } from './structured-keys.js';
import type { Scan } from './scan.js';

const CTX =
  /(?:所在地区|所在地區|收货地址|收貨地址|收件地址|寄件地址|发货地址|發貨地址|详细地址|詳細地址|送货地址|配送地址|家庭住址|家庭地址|公司地址|单位地址|地址|住址|地點|送到|送至|送去|寄到|寄至|寄往|发往|發往|派送至|派送到|改派到|改派至|改送到|改地址到|改到|放到|放在|位于|位於|住在|我在|到了)\s*(?:是|为|為)?\s*[:：]?\s*/g;
const CTX_LATIN =
  /(?:(?:address|addr|delivery address)\s*[:：]|(?:ship|deliver|send|post)\s+(?:it\s+)?to\s*:?)\s*/gi;

// Street-level units: an address must contain one after its division prefix.
const UNIT =
  /路|街|道|巷|弄|胡同|号|號|栋|棟|幢|单元|單元|室|楼|樓|层|層|座|院|小区|小區|大厦|大廈|花园|花園|广场|廣場|公寓|宿舍|苑|村|组|組|社区|社區|镇|鎮|乡|鄉|园区|園區|中心|大楼|大樓|商城|市场|市場|工业园|产业园|基地|门|門|里|坊|城|府|湾|灣|庄|莊|屯|大学|大學|学院|學院|医院|醫院|公司|厂|廠/;
const STREET =
  /\d|[一二三四五六七八九十]+号|路|街|巷|弄|胡同|號|小区|小區|村|镇|鎮|乡|鄉|大厦|大廈|花园|花園|公寓|宿舍/;
// The last of these ends the address when what follows is not part of it (楼下, 门口 ...).
const END_UNIT =
  /(?:号|號|室|栋|棟|幢|单元|單元|楼|樓|层|層|座|院|小区|小區|大厦|大廈|花园|花園|广场|廣場|公寓|宿舍|苑|村|组|組|社区|社區|园|園|中心|大楼|大樓|商城|市场|市場|基地|门|門|里|坊|城|府|湾|灣|庄|莊|屯|路|街|道|巷|弄|胡同|大学|大學|学院|學院|医院|醫院|公司|厂|廠|店|馆|館|站|房|户|戶|铺|舖)/g;
const STOP =
  /^(?:电话|電話|手机|手機|联系|聯繫|聯絡|收件|寄件|收货人|收貨人|发件|發件|姓名|身份证|身份證|邮编|郵編|备注|備註|谢谢|謝謝|麻烦|麻煩|请|請|快递|快遞|包裹|签收|簽收|的快递|的包裹|放门|放在|放到|放快递|放驿站|放前台|放物业|给我|交给|打电话|找人|到了|以后|之后|的时候|可以|能不能|帮忙|幫忙|明天|今天|下午|上午|晚上|不在|在家|就行|就好|吧|吗|嗎|呢|啊|了|tel|phone|mobile)/i;
// The same words matched in place (every alternative is at most six characters long, so this
// is the same test as STOP on the next six characters), tried only after a first character.
const STOP_AT = new RegExp(STOP.source.slice(1), 'iy');
for (const w of STOP.source.slice(4, -1).split('|')) markFirst(ADDR_STOP_FIRST, [w, w.toUpperCase()]);
// the context words matched in place, tried only where their first two characters occur
const CTX_AT = new RegExp(CTX.source, 'y');
const CTX_WORDS = CTX.source.slice(3, CTX.source.indexOf(')')).split('|');
const CTX_HEADS = wordHeads(CTX_WORDS);
markScanFirst(ADDR_CTX_FIRST, CTX_WORDS);
const CTX_LATIN_AT = new RegExp(CTX_LATIN.source, 'iy');
// END_UNIT words (one or two characters) for finding the last one without a regex
const END_SINGLE = new Set<number>();
const END_PAIR = new Set<number>();
for (const w of END_UNIT.source.slice(3, -1).split('|')) {
  if (w.length === 1) END_SINGLE.add(w.charCodeAt(0));
  else END_PAIR.add(w.charCodeAt(0) * 65536 + w.charCodeAt(1));
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

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

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

function resetRun(): void {
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
  while (q < cap && (isAsciiLetter(t.charCodeAt(q)) || t.charCodeAt(q) === 95 || t.charCodeAt(q) === 45)) q++;
  if (q - j < 2) return false;
  while (q < cap && isDigitCode(t.charCodeAt(q))) q++;
  const c = t.charCodeAt(q);
  return c === 61 || c === 58;
}

/** Reads t[j] as part of the run: notes the unit word or letter run it ends. */
function take(t: string, j: number): void {
  const c = t.charCodeAt(j);
  if (END_SINGLE.has(c)) {
    unitEnd = j + 1;
    unitStart = j;
  } else if (j - 1 >= runFrom && END_PAIR.has(t.charCodeAt(j - 1) * 65536 + c)) {
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
  // is no one's data (订单号 13800001111)
  const limit = nextCovered(j, cap, ANCHOR | NOT_PERSONAL);
  while (true) {
    if (j >= limit) {
      if (limit === cap) stopped = j >= t.length;
      break;
    }
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
    if (j > runFrom && (flags[c]! & ADDR_STOP_FIRST) !== 0) {
      STOP_AT.lastIndex = j;
      if (STOP_AT.test(t)) break;
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
    if (END_SINGLE.has(c)) {
      unitEnd = e;
      unitStart = e - 1;
      return;
    }
    if (e - 2 >= from && END_PAIR.has(t.charCodeAt(e - 2) * 65536 + c)) {
      unitEnd = e;
      unitStart = e - 2;
      return;
    }
  }
}

/** Extends an address from `from`, returns its end (trimmed to the last street unit), or -1. */
function extend(t: string, from: number): number {
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

/** Counts a refused candidate of the current run; true when the run's other starts are skipped. */
function refuse(): boolean {
  return ++refused >= MAX_REFUSED_PER_RUN;
}

// the tail the address masker writes by default
const MASKED_TAIL = '****';

/** Whether the default masked tail, and no further `*`, is at `i`. */
function maskedTailAt(t: string, i: number): boolean {
  return startsAt(t, i, MASKED_TAIL) && t.charCodeAt(i + MASKED_TAIL.length) !== 42;
}

function push(found: Candidate[], start: number, end: number, confidence: number, prefixEnd: number): void {
  found.push({ kind: 'address', start, end, confidence });
  markCover(start, end, ADDRESS_FOUND);
  notePrefix(start, end, prefixEnd);
}

/** Addresses after a Chinese context word (地址：, 送到 ...). */
function afterContext(t: string, sc: Scan, found: Candidate[]): void {
  let from = 0;
  resetRun();
  for (let k = 0; k < sc.addrCtx.n; k++) {
    const p = sc.addrCtx.buf[k]!;
    if (p < from || !headAt(CTX_HEADS, t, p)) continue;
    CTX_AT.lastIndex = p;
    const m = CTX_AT.exec(t);
    if (!m) continue;
    const s = p + m[0].length;
    from = s;
    if (s >= t.length) break;
    const div = matchDivisions(t, s);
    const bodyFrom = div ? div.end : s;
    const e = extend(t, bodyFrom);
    if (e === -1 && !div) continue;
    // an address already masked (所在地区：甘肃省嘉峪关市****) keeps its tail
    const end = e !== -1 ? e : maskedTailAt(t, div!.end) ? div!.end + MASKED_TAIL.length : div!.end;
    const street = t.slice(bodyFrom, end);
    if (
      (!div && !(UNIT.test(street) && /[\d一二三四五六七八九十]/.test(street))) ||
      // a region field ("所在地区：江苏省 苏州市") is an address part even without a street
      (div && div.levels < 2 && !UNIT.test(street) && !/[\dA-Za-z]/.test(street)) ||
      (div && end === div.end && !/所在地/.test(m[0])) ||
      end - s < 4
    ) {
      if (refuse()) from = Math.max(from, reach);
      continue;
    }
    push(found, s, end, div ? 0.95 : 0.85, div ? div.end : s);
    from = Math.max(from, end);
  }
}

// The Latin-script address last read, remembered like the run above: a later context word
// inside it continues where that scan stopped.
let latinFrom = -1;
let latinReach = -1; // where the scan stopped (exclusive)
let latinStopped = false; // at a break, not at the length cap
let latinSolid = -1; // after the last character that is not a space or trailing punctuation
let latinDigit = -1; // the last digit read, or -1

const LATIN_FIELD = /^(?:,?\s*)(?:tel|phone|mobile|email|name|recipient|contact)\b/i;

/** [A-Za-z0-9 ,#.'/-]: what a Latin-script address is written with. */
function isLatinAddrChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 32 || c === 44 || c === 35 || c === 46 || c === 39 || c === 47 || c === 45;
}
/** [\s,.'-]: trimmed from the end of a Latin-script address. */
function isLatinTrail(c: number): boolean {
  return isReSpace(c) || c === 44 || c === 46 || c === 39 || c === 45;
}
/** Whether LATIN_FIELD can match at a character: a comma, a space or the first letter of a word. */
function mayStartField(c: number): boolean {
  const l = c | 32;
  return (
    c === 44 ||
    c === 32 ||
    l === 116 ||
    l === 112 ||
    l === 109 ||
    l === 101 ||
    l === 110 ||
    l === 114 ||
    l === 99
  );
}

/** End of a Latin-script address from `s`, before trailing punctuation (latinDigit: its last digit). */
function latinAddressEnd(t: string, s: number): number {
  if (!(s > latinFrom && s < latinReach)) {
    latinFrom = s;
    latinReach = s;
    latinStopped = false;
    latinSolid = s;
    latinDigit = -1;
  } else if (latinStopped) return Math.max(s, latinSolid);
  const cap = Math.min(t.length, s + MAX_ADDRESS);
  let e = latinReach;
  latinStopped = true;
  while (true) {
    if (e >= cap) {
      latinStopped = e >= t.length;
      break;
    }
    const c = t.charCodeAt(e);
    if (!isLatinAddrChar(c) || covered(e, e + 1, ANCHOR)) break;
    if (mayStartField(c) && LATIN_FIELD.test(t.slice(e, e + 12))) break;
    if (isDigitCode(c)) latinDigit = e;
    if (!isLatinTrail(c)) latinSolid = e + 1;
    e++;
  }
  // letters and digits running into a mask character are the kept head of a masked number
  // (Dear 138****5678): the address ends before them, as extend() does for Chinese ones
  // (also across a separator: mobile138.****.5678)
  let q = e;
  if (t.charCodeAt(e) === 42)
    while (q > latinFrom && (t.charCodeAt(q - 1) === 46 || t.charCodeAt(q - 1) === 45)) q--;
  if (latinStopped && t.charCodeAt(e) === 42 && q > latinFrom && isAsciiAlnum(t.charCodeAt(q - 1))) {
    e = q;
    while (e > latinFrom && isAsciiAlnum(t.charCodeAt(e - 1))) e--;
    latinSolid = latinFrom;
    latinDigit = -1;
    for (let k = latinFrom; k < e; k++) {
      const c = t.charCodeAt(k);
      if (isDigitCode(c)) latinDigit = k;
      if (!isLatinTrail(c)) latinSolid = k + 1;
    }
  }
  latinReach = e;
  return Math.max(s, latinSolid);
}

/** Addresses after a Latin context word (Address:, ship to ...). */
function afterLatinContext(t: string, sc: Scan, found: Candidate[]): void {
  let from = 0;
  resetRun();
  latinFrom = -1;
  latinReach = -1;
  for (let k = 0; k < sc.addrLatin.n; k++) {
    const p = sc.addrLatin.buf[k]!;
    if (p < from) continue;
    CTX_LATIN_AT.lastIndex = p;
    const m = CTX_LATIN_AT.exec(t);
    if (!m) continue;
    const s = p + m[0].length;
    from = s;
    const c = t.charCodeAt(s);
    if (c >= 0x4e00 && c <= 0x9fff) {
      // a Chinese address after an English label
      const div = matchDivisions(t, s);
      const e = extend(t, div ? div.end : s);
      if (e !== -1 && e - s >= 4) push(found, s, e, 0.9, div ? div.end : s);
      continue;
    }
    // "deliver to Wang Fang, Room 1203 ...": a name first, then the address
    const n = plausibleLatinEnd(t, s, false);
    const a = n !== -1 && t.charCodeAt(n) === 44 ? n + (t.charCodeAt(n + 1) === 32 ? 2 : 1) : s;
    const e = latinAddressEnd(t, a);
    if (e - a >= 8 && latinDigit >= a && latinDigit < e) push(found, a, e, 0.85, a);
  }
}

// Where the administrative prefix of each address found by the last detectAddresses call ends,
// as start, end, prefix end triples: masking an address found in text keeps exactly this prefix
// (the same one maskAddress would find again), so redact does not look it up twice.
let prefixes = new Int32Array(48);
let nPrefixes = 0;
let prefixIndex: Map<number, number[]> | undefined;

function notePrefix(start: number, end: number, prefixEnd: number): void {
  if (nPrefixes + 3 > prefixes.length) {
    const grown = new Int32Array(prefixes.length * 2);
    grown.set(prefixes);
    prefixes = grown;
  }
  prefixes[nPrefixes++] = start;
  prefixes[nPrefixes++] = end;
  prefixes[nPrefixes++] = prefixEnd;
}

/**
 * @internal Rewrites the prefixes noted by the last call of {@link detectAddresses} from
 * offsets into the normalized text to offsets into the original (normalize-text.ts).
 */
export function remapAddressPrefixes(starts: Int32Array, ends: Int32Array): void {
  prefixIndex = undefined;
  for (let k = 0; k < nPrefixes; k += 3) {
    const s = prefixes[k]!;
    const p = prefixes[k + 2]!;
    prefixes[k] = starts[s]!;
    prefixes[k + 1] = ends[prefixes[k + 1]! - 1]!;
    prefixes[k + 2] = p === s ? starts[s]! : ends[p - 1]!;
  }
}

/**
 * @internal End of the administrative prefix of the address t[start, end) found by the last
 * call of {@link detectAddresses}, or -1 when that call found no such address.
 */
export function addressPrefixEnd(start: number, end: number): number {
  if (nPrefixes > 24) {
    // many addresses: look them up by start, not by reading the list once per address
    if (prefixIndex === undefined) {
      prefixIndex = new Map();
      for (let k = nPrefixes - 3; k >= 0; k -= 3) {
        const at = prefixIndex.get(prefixes[k]!);
        // keep the first triple for a start, as the scan below would
        prefixIndex.set(prefixes[k]!, at === undefined ? [k] : [k, ...at]);
      }
    }
    for (const k of prefixIndex.get(start) ?? []) if (prefixes[k + 1] === end) return prefixes[k + 2]!;
    return -1;
  }
  for (let k = 0; k < nPrefixes; k += 3) {
    if (prefixes[k] === start && prefixes[k + 1] === end) return prefixes[k + 2]!;
  }
  return -1;
}

/**
 * @internal Addresses after context words and at division names. The structured findings
 * (`anchors`) must already be marked {@link ANCHOR} in the cover; the addresses kept are
 * marked {@link ADDRESS}.
 */
export function detectAddresses(t: string, sc: Scan, out: Candidate[]): void {
  const found: Candidate[] = [];
  nPrefixes = 0;
  prefixIndex = undefined;
  if (sc.addrCtx.n > 0) afterContext(t, sc, found);
  if (sc.addrLatin.n > 0) afterLatinContext(t, sc, found);
  resetRun();
  let next = 0;
  for (let k = 0; k < sc.div.n; k++) {
    const i = sc.div.buf[k]!;
    if (i < next || covered(i, i + 1, ADDRESS_FOUND | ANCHOR)) continue;
    if (!isCjk(t.charCodeAt(i)) || !mayStartDivision(t, i)) continue;
    const div = matchDivisions(t, i);
    if (!div) continue;
    if (maskedTailAt(t, div.end)) {
      // an address this library already masked (山东省青岛市市南区****): found again as one, so
      // redacting a redacted text changes nothing more (a name glued before it stays as it was)
      const end = div.end + MASKED_TAIL.length;
      push(found, i, end, div.levels >= 2 ? 0.9 : 0.8, div.end);
      next = end;
      continue;
    }
    const e = extend(t, div.end);
    if (e === -1) continue;
    const street = t.slice(div.end, e);
    // without a context word the street part must look like one (a company name such as
    // 深圳市某某科技有限公司 starts with a city too)
    if (!STREET.test(street) || street.length < 2) {
      if (refuse()) next = Math.max(next, reach);
      continue;
    }
    push(found, i, e, div.levels >= 2 ? 0.9 : 0.8, div.end);
    next = e;
  }
  for (const f of found) {
    if (covered(f.start, f.end, ANCHOR)) continue;
    out.push(f);
    markCover(f.start, f.end, ADDRESS);
  }
}
