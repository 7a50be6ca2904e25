// Numbers that their context says are not personal data, however mobile- or ID-shaped: the
// label right before them (订单号：, 运单 No., SKU码, "orderNo":", <waybillNo>, "order":{"id":"),
// a carrier's code (SF 1381...), a numbered key or a colon clause (包裹1：, 以下单号已签收：), the
// label after them (A、B 是运单号, A（运单号）, 两个包裹). The lists a label heads are read in
// number-lists.ts, phrase labels in number-clauses.ts, labels after the number in
// number-after.ts, amounts and counts in number-amounts.ts. Each check reads a bounded window
// before or after the number.
import {
  keyAfter as $keyAfter,
  nameAfterOnLine as $nameAfterOnLine,
  personalKeyAfter as $personalKeyAfter,
} from './number-after.js';
import {
  LIST_MAX,
  carriersListed as $carriersListed,
  listGap as $listGap,
  markerBefore as $markerBefore,
} from './number-lists.js';
import {
  CARRIERS,
  CLOSE,
  OPEN,
  carrierCodeBefore as $carrierCodeBefore,
  endOfNumber as $endOfNumber,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import {
  bracketedUnitKey as $bracketedUnitKey,
  clauseKey as $clauseKey,
  deniedAt as $deniedAt,
  numberedKey as $numberedKey,
  parcelWordKey as $parcelWordKey,
  pointedParcelKey as $pointedParcelKey,
} from './number-clauses.js';
import { eventKey as $eventKey } from './number-events.js';
import { NUMBER_OF, NUMBER_OF_PLURAL } from './key-words.js';
import { parcelStateAfter as $parcelStateAfter } from './number-parcel-state.js';
import { keyEndingAt as $keyEndingAt, ownerEndingAt as $ownerEndingAt } from './structured-keys.js';

export { amountOrCount } from './number-amounts.js';
export { personalKeyAfter } from './number-after.js';
export { listGap } from './number-lists.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;
const ownerEndingAt = $ownerEndingAt;
const keyAfter = $keyAfter;
const bracketedUnitKey = $bracketedUnitKey;
const clauseKey = $clauseKey;
const deniedAt = $deniedAt;
const numberedKey = $numberedKey;
const parcelWordKey = $parcelWordKey;
const pointedParcelKey = $pointedParcelKey;
const parcelStateAfter = $parcelStateAfter;
const eventKey = $eventKey;
const personalKeyAfter = $personalKeyAfter;
const nameAfterOnLine = $nameAfterOnLine;
const carriersListed = $carriersListed;
const carrierCodeBefore = $carrierCodeBefore;
const listGap = $listGap;
const markerBefore = $markerBefore;
const endOfNumber = $endOfNumber;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordBefore = $wordBefore;
const wordAfter = $wordAfter;

// what may stand between a label and its number: spaces : ： = " ' # ＃ 为 為 是 係 (Cantonese), the '>' of
// "=>", "->" and an XML tag, '-' of "Order Number - ...", an opening bracket or quote
// ([ 【 ( （ 「 『 《), the backslash of JSON quoted inside a log line (\"orderNo\":\"...) and,
// after a letter, a dot (No.); the '|' of a flat-file record or a wiki table (ORDER|A, | 运单号 | A |)
const GAP: ReadonlySet<number> = new Set(
  [...' \t\u3000\u00a0:：="\'#＃为為是係>-[【(（「『《“‘\\|'].map((c) => c.charCodeAt(0)),
);
const MAX_GAP = 8;

/** Start of the gap (see GAP) that ends at `q`, at most MAX_GAP characters long. */
function gapStart(t: string, q: number): number {
  for (let k = 0; q > 0 && k < MAX_GAP; k++) {
    const c = t.charCodeAt(q - 1);
    // a label ending its line with a colon labels the next line (运单号：\n1381...)
    if ((c === 10 || c === 13) && k < 3 && (colonBefore(t, q - 1) || headingBefore(t, q - 1))) {
      q--;
      continue;
    }
    if (!(GAP.has(c) || (c === 46 && q >= 2 && isLetter(t.charCodeAt(q - 2))))) break;
    q--;
  }
  return q;
}

/** Whether the line that ends at `q` is a short heading ending in a word (运单号\n1381...). */
function headingBefore(t: string, q: number): boolean {
  if (q > 0 && t.charCodeAt(q - 1) === 13) q--;
  const c = t.charCodeAt(q - 1);
  if (!(isLetter(c) || (c >= 0x3400 && c <= 0x9fff))) return false;
  for (let k = q - 1; k >= 0 && q - k <= 16; k--) if (t.charCodeAt(k) === 10 || k === 0) return true;
  return false;
}

/** Whether a colon ends the text before `q`, after spaces and a carriage return. */
function colonBefore(t: string, q: number): boolean {
  while (q > 0 && (t.charCodeAt(q - 1) === 13 || t.charCodeAt(q - 1) === 32)) q--;
  const c = t.charCodeAt(q - 1);
  return c === 58 || c === 0xff1a;
}

// "the order number is 1381...", 单号分别为, 单号后面是, 单号就是 ...: words between the label and its number
const LINK_WORDS = words([
  '分别',
  '分別',
  '依次',
  '如下',
  '后面',
  '后边',
  '应该',
  '填的',
  '写的',
  '填',
  '从',
  '自',
  '就',
  '也',
  'is',
  'was',
  'are',
  'were',
  'from',
]);
// link words that also say where something comes from
const RANGE_LINKS = words(['从', '自', 'from']);
// plural forms of the number words below (order numbers from A)
const PLURAL_NUMBER_WORDS = words(NUMBER_OF_PLURAL);

/** Whether the text ending at `e` ends in a word for a number (单号, order no., tracking numbers). */
function namesNumbers(t: string, e: number): boolean {
  if (e > 0 && t.charCodeAt(e - 1) === 46) e--; // no.
  return wordBefore(t, e, NUMBER_WORDS) !== -1 || wordBefore(t, e, PLURAL_NUMBER_WORDS) !== -1;
}

/** Start of a carrier name (in brackets or not) that ends at `e`, or -1. */
function carrierBefore(t: string, e: number): number {
  const bracketed = e > 0 && CLOSE.has(t.charCodeAt(e - 1));
  const end = bracketed ? e - 1 : e;
  let s = wordBefore(t, end, CARRIERS);
  if (s === -1) return -1;
  if (bracketed) {
    if (s === 0 || !OPEN.has(t.charCodeAt(s - 1))) return -1;
    s--;
  }
  return s;
}

// words that say "the number of" whatever the key before them names: 运单 No., SKU码,
// Order Number, "order":{"id": ...: the Latin ones every reader shares, and the Chinese ones,
// which only this reader meets (the key reader reads Latin words)
const NUMBER_WORDS = words([...NUMBER_OF, '号码', '编号', '编码', '号', '码']);

// keys that name a waybill's carrier ("expressCompany":"中通","no":"..."): a bare number key
// in the same object is its waybill number
const CARRIER_KEY =
  /"(?:carrier|carrierName|carrierCode|expressCompany|expressName|expressCode|logisticsCompany|logisticsName|shippingCompany|courierCompany|kdCompany|kuaidiCompany|快递公司|物流公司|承运商)"\s*:/i;
const SIBLING_MAX = 96;

/** Whether the JSON object around the key that starts at `w` names a carrier before that key. */
function carrierSibling(t: string, w: number): boolean {
  if (w === 0 || (t.charCodeAt(w - 1) !== 34 && t.charCodeAt(w - 1) !== 39)) return false;
  let k = w - 1;
  while (k > 0 && w - k < SIBLING_MAX && t.charCodeAt(k - 1) !== 123 && t.charCodeAt(k - 1) !== 125) k--;
  return t.charCodeAt(k - 1) === 123 && CARRIER_KEY.test(t.slice(k, w));
}

// what joins a parent key to a child one: "order":{"id", order.id, [order] id, track?no=
const NESTING: ReadonlySet<number> = new Set([...'{[]./>?'].map((c) => c.charCodeAt(0)));

/**
 * End of the parent key of the key that starts at `q` ("order":{"id", order.id, [order] id), or
 * -1 when nothing nests it.
 */
function parentKeyEnd(t: string, q: number): number {
  let k = q;
  let nested = false;
  for (let n = 0; k > 0 && n < 8; n++) {
    const c = t.charCodeAt(k - 1);
    if (NESTING.has(c)) nested = true;
    else if (!(c === 34 || c === 39 || c === 58 || c === 92 || isSpace(c))) break;
    k--;
  }
  return nested ? k : -1;
}

/**
 * @internal Where the label starts when the number at `s` is labelled as something that is not
 * personal data, else -1. The label is a key (structured-keys.ts) of an order, SKU, tracking or
 * waybill number, an invoice, an amount or total, a weight, a version or a device id, read
 * back across a short gap (spaces, a colon, '=', '=>', quotes, '#', an opening bracket, 是/为,
 * is/was), a carrier name (运单号：中通 ...), a word such as No./number/id/号/码 (运单 No.,
 * SKU码) or a parent key ("order":{"id":"..., order.id, [order] id=); an item marker in front of
 * the number (运单号：\n1. ..., - ...) is skipped.
 */
export function labelledNegative(t: string, s: number, previous: boolean | number = true): number {
  const code = carrierCodeBefore(t, s);
  if (code !== -1) return code;
  let q = gapStart(t, markerBefore(t, s));
  // "order number is ...": the verb, then the gap before it
  const link = wordBefore(t, q, LINK_WORDS);
  if (link !== -1 && link < q) {
    const before = gapStart(t, link);
    // 从/自/from link only a label that names numbers (单号从 A 起, order numbers from A to B); after
    // a thing's word they say where it comes from (package from A: the sender's phone)
    if (wordBefore(t, q, RANGE_LINKS) !== link || namesNumbers(t, before)) q = before;
  }
  const carrier = carrierBefore(t, q);
  if (carrier !== -1) q = gapStart(t, carrier);
  let key = keyEndingAt(t, q);
  // 运单号不是电话：A (the clause below reads the rest); 不是运单号：A is no label
  if (key !== undefined && deniedAt(t, key.start)) {
    if (key.kind === 'negative') return -1;
    key = undefined;
  }
  if (key === undefined && q > 0) key = bracketedUnitKey(t, q);
  if (key === undefined) {
    // a number word after the real key: 运单 No., SKU码, Order #, "order":{"id"
    const w = wordBefore(t, q, NUMBER_WORDS);
    if (w !== -1) {
      let k = w;
      while (k > 0 && isSpace(t.charCodeAt(k - 1))) k--;
      key = keyEndingAt(t, k);
      if (key === undefined) {
        const parent = parentKeyEnd(t, w);
        // the parent's identifier: "order":{"id", picker.id (a person's id is no phone either)
        if (parent !== -1) key = ownerEndingAt(t, parent);
        else if (carrierSibling(t, w)) key = { kind: 'negative', start: w };
      }
    }
  }
  // 包裹1：, 运单2： (a Latin key reads its digits itself), a clause ending in a colon that names
  // such numbers (以下单号已签收：, 我有两个快递：, tracking numbers for the two boxes:), a parcel
  // word (包裹, 这两个单) or a key spaced out (订 单 号)
  if (key === undefined) {
    key = numberedKey(t, q) ?? clauseKey(t, q, s);
    if (key === undefined) {
      key =
        parcelWordKey(t, q, s) ??
        pointedParcelKey(t, q, s) ??
        // an operation, a commerce noun or a case right before it (SCAN A, the claim A, 售后申请A)
        eventKey(t, q, s);
      // a phrase is weaker than a key: a call or a contact word right after the number that
      // brings no number of its own points back at it (你的包裹 A，打这个; refund A, call me)
      if (key?.kind === 'negative' && callsBack(t, endOfNumber(t, s))) return -1;
    }
  }
  if (key === undefined && carrier !== -1 && carriersListed(t, carrier, s)) return carrier;
  // a person's label or name right after the number outweighs it (有两个件：A（张三）)
  // and so does a name after it on its line when the label is a heading on the line above (发货清单
  // then A 张三)
  if (key?.kind === 'negative') {
    const e = endOfNumber(t, s);
    if (personalKeyAfter(t, e)) return -1;
    return lineBetween(t, key.start, s) && nameAfterOnLine(t, e) ? -1 : key.start;
  }
  // the next item of a list whose first item the label took before it became a candidate
  // (运单号：138 1234 5678，139 1234 5679 is read as one run of groups)
  if (previous === false) return -1;
  return previousItemLabelled(t, s, previous === true ? SHORT_HOPS : previous);
}

// how many short items (订单17011、17012和A) a list is read back over to its label
const SHORT_HOPS = 6;

/** Whether a line break lies between `a` and `b`. */
function lineBetween(t: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (t.charCodeAt(k) === 10) return true;
  return false;
}

/** Where the label of the list item before the number at `s` starts (see labelledNegative), or -1. */
function previousItemLabelled(t: string, s: number, hops: number): number {
  let e = s;
  while (e > 0 && s - e < LIST_MAX && !isDigit(t.charCodeAt(e - 1))) e--;
  if (e === 0 || e === s || !listGap(t, e, s) || personalKeyAfter(t, endOfNumber(t, s))) return -1;
  // a real separator between them (not only a space or a bracket: 邮编266071 021-..., ORD-5821(0532)...)
  let sep = false;
  for (let k = e; k < s && !sep; k++) sep = ITEM_SEP.has(t.charCodeAt(k));
  if (!sep) return -1;
  let b = e;
  let digits = 0;
  while (b > 0 && e - b < 24) {
    const c = t.charCodeAt(b - 1);
    if (isDigit(c)) digits++;
    else if (c !== 32 && c !== 45) break;
    b--;
  }
  while (b < e && !isDigit(t.charCodeAt(b))) b++;
  // a waybill-long number (not a postcode or a count); or a shorter id enumerated with 、 or 和
  // after the list's label (订单17011、17012和A: the items of one list are of one kind), read
  // back over at most SHORT_HOPS such items
  if (digits >= 10) return labelledNegative(t, b, false);
  if (digits < 5 || hops <= 0 || !enumerated(t, e, s)) return -1;
  // two short items at least (a postcode before a phone, 邮编266071、1381..., is one)
  if (hops === SHORT_HOPS && !shortItemBefore(t, b)) return -1;
  return labelledNegative(t, b, hops - 1 || false);
}

/** Whether another id of five digits or more ends right before the item at `b`, joined by 、/和/及. */
function shortItemBefore(t: string, b: number): boolean {
  let k = b;
  while (k > 0 && b - k < 2 && t.charCodeAt(k - 1) === 32) k--;
  if (k === 0 || !enumerated(t, k - 1, k)) return false;
  k--;
  for (let n = 0; k > 0 && n < 2 && t.charCodeAt(k - 1) === 32; n++) k--;
  let digits = 0;
  while (k > 0 && digits < 6 && isDigit(t.charCodeAt(k - 1))) {
    k--;
    digits++;
  }
  return digits >= 5;
}

/** Whether t[a, b) holds the enumeration comma 、 or 和 / 及 (items of one kind, not a postcode and a phone). */
function enumerated(t: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x3001 || c === 0x548c || c === 0x53ca) return true;
  }
  return false;
}

// what separates the items of a list for previousItemLabelled
const ITEM_SEP: ReadonlySet<number> = new Set([...',，、/／;；&和及与'].map((c) => c.charCodeAt(0)));

// what is said right after a number that makes it the speaker's or a phone to call: a call
// pointing back at it or a phone word owning it (A，打这个; A 是我电话; A, call me; A is my number)
const CALL_BACK = words([
  '打这个',
  '打這個',
  '打我',
  '打给我',
  '打電話給我',
  '打电话给我',
  '联系我',
  '聯絡我',
  '找我',
  '请致电',
  '请拨打',
  '是我电话',
  '是我手机',
  '是我的电话',
  '是我的手机',
  '是我電話',
  '是我手機',
  '这是我电话',
  '这是我手机',
  '这个号码',
  '这个号',
  '我的电话',
  '我的手机',
  '电话',
  '手机',
  '電話',
  '手機',
  'call me',
  'call this',
  'ring me',
  'text me',
  'whatsapp me',
  'is my number',
  'is my phone',
  'is my mobile',
  'my number',
  'my phone',
  'my mobile',
  'phone',
  'mobile',
]);

/**
 * Whether the words right after the number ending at `e` (across spaces and a comma) call it or
 * call it someone's phone (see CALL_BACK); a call further on (A已到，请联系快递员) speaks of
 * someone else.
 */
function callsBack(t: string, e: number): boolean {
  let k = e;
  while (k < t.length && k - e < 3) {
    const c = t.charCodeAt(k);
    if (c === 32 || c === 44 || c === 0xff0c || c === 0x3001 || c === 40 || c === 0xff08) k++;
    else break;
  }
  return wordAfter(t, k, CALL_BACK) !== -1;
}

/** @internal Whether the key right before the number at `s` names personal data (电话, receiverMobile, 收件人 ...). */
export function personalKeyBefore(t: string, s: number): boolean {
  const key = keyEndingAt(t, gapStart(t, s));
  return key !== undefined && key.kind !== 'negative';
}

/**
 * @internal Whether the number t[s, e) is labelled after it (13812345678是订单号, 13812345678 is the
 * tracking number, A、B 这两个是运单, A 是顺丰单号, 13812345678（运单号）): one or two joining words (是,
 * 为, 两个, 这两个, is the ...) or an opening bracket, a carrier name perhaps, then a key of
 * non-personal numbers; or a parcel's state (A 到哪了, A 一直没更新, A was delivered: see
 * number-parcel-state.ts); not when a key before the number names personal data (电话 ... 两个订单).
 */
export function labelledAfter(t: string, s: number, e: number): boolean {
  // the key before first: it is one read back, and most numbers in courier text have one
  // (电话, 手机, mobile=), which settles the question without reading the text after them
  return !personalKeyBefore(t, s) && (keyAfter(t, e) === 'negative' || parcelStateAfter(t, s, e));
}
