// Numbers that their context says are not personal data, however mobile- or ID-shaped: the
// label right before them (订单号：, 运单 No., SKU码, "orderNo":", <waybillNo>, "order":{"id":"),
// a carrier's code (SF 1381...), a numbered key or a colon clause (包裹1：, 以下单号已签收：), the
// label after them (A、B 是运单号, A（运单号）, 两个包裹). The lists a label heads are read in
// number-lists.ts, phrase labels in number-clauses.ts, labels after the number in
// number-after.ts (with what is said right after a number), amounts and counts in
// number-amounts.ts, the gap between a label and its number in number-gap.ts. Each check reads a
// bounded window before or after the number.
import {
  callsBack as $callsBack,
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
  isSpace as $isSpace,
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
import { placedItemKey as $placedItemKey } from './number-item-words.js';
import { NUMBER_OF, NUMBER_OF_PLURAL } from './key-words.js';
import { gapStart as $gapStart } from './number-gap.js';
import { exampleGap as $exampleGap } from './number-examples.js';
import {
  columnBelow as $columnBelow,
  headingGap as $headingGap,
  namesNumber as $namesNumber,
  shortValuedKey as $shortValuedKey,
} from './number-headings.js';
import { contactParent as $contactParent } from './contact-owner.js';
import { keyEndingAt as $keyEndingAt, ownerEndingAt as $ownerEndingAt } from './structured-keys.js';

export { amountOrCount } from './number-amounts.js';
export { labelledAfter, personalKeyAfter, personalKeyBefore } from './number-after.js';
export { listGap } from './number-lists.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;
const ownerEndingAt = $ownerEndingAt;
const contactParent = $contactParent;
const callsBack = $callsBack;
const gapStart = $gapStart;
const exampleGap = $exampleGap;
const columnBelow = $columnBelow;
const headingGap = $headingGap;
const namesNumber = $namesNumber;
const shortValuedKey = $shortValuedKey;
const bracketedUnitKey = $bracketedUnitKey;
const clauseKey = $clauseKey;
const deniedAt = $deniedAt;
const numberedKey = $numberedKey;
const parcelWordKey = $parcelWordKey;
const pointedParcelKey = $pointedParcelKey;
const eventKey = $eventKey;
const placedItemKey = $placedItemKey;
const personalKeyAfter = $personalKeyAfter;
const nameAfterOnLine = $nameAfterOnLine;
const carriersListed = $carriersListed;
const carrierCodeBefore = $carrierCodeBefore;
const listGap = $listGap;
const markerBefore = $markerBefore;
const endOfNumber = $endOfNumber;
const isDigit = $isDigit;
const isSpace = $isSpace;
const wordBefore = $wordBefore;

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
  if (!nested) return -1;
  // a page's file extension before its query (item.htm?id=, detail.php?no=): the page names the thing
  if (t.charCodeAt(k) === 63) {
    const dot = PAGE_EXT.exec(t.slice(Math.max(0, k - 8), k));
    if (dot !== null) k -= dot[0].length;
  }
  return k;
}
const PAGE_EXT = /\.(?:html?|php|jsp|aspx?|do|action|cgi)$/i;

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
  const from = labelOrKey(t, s, previous);
  return from === PERSONAL_KEY ? -1 : from;
}

/** @internal What labelOrKey returns when a key of personal data labels the number (电话：A). */
export const PERSONAL_KEY = -2;

/**
 * @internal labelledNegative, or PERSONAL_KEY when the key it reads before the number names
 * personal data and nothing denies it (电话：A, mobile=A, not 不是电话：A): the number is someone's,
 * and no reader of weaker evidence need look at it.
 */
export function labelOrKey(t: string, s: number, previous: boolean | number = true): number {
  const code = carrierCodeBefore(t, s);
  if (code !== -1) return code;
  let q = gapStart(t, markerBefore(t, s));
  // an example of a named field (order number (e.g. A), 运单号（例如：A）): the name labels it
  q = exampleGap(t, q);
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
  // a heading with no colon over one number (no column below): a key that names a thing (my
  // parcel, package) is not that number's label; one that names a number (运单号, waybill) is
  const headed = headingGap(t, q, s) && !columnBelow(t, endOfNumber(t, s));
  if (headed && key?.kind === 'negative' && !namesNumber(t, key.start, q)) key = undefined;
  // 运单号不是电话：A (the clause below reads the rest); 不是运单号：A is no label
  if (key !== undefined && deniedAt(t, key.start)) {
    if (key.kind === 'negative') return -1;
    key = undefined;
  }
  // a key of personal data right before it (电话：A, mobile=A) labels it someone's
  if (key !== undefined && key.kind !== 'negative') return PERSONAL_KEY;
  // a bare number word in a contact's object ({"contact":{"ref":…}}, tel.sn) numbers the contact
  if (key?.kind === 'negative' && contactParent(t, key.start, q, parentKeyEnd(t, key.start))) return -1;
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
        // the parent's identifier: "order":{"id", picker.id (a person's id is no phone either);
        // a contact's or a party's number ({"receiver":{"no":…}}, as receiver_no) is its phone
        if (parent !== -1 && contactParent(t, w, q, parent)) return -1;
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
    // a phrase on the line above with no colon (parcel locker\n1381...) names a place or a thing,
    // not the number under it, unless the numbers below it form a column (number-headings.ts)
    if (key === undefined && !headed) {
      key =
        parcelWordKey(t, q, s) ??
        pointedParcelKey(t, q, s) ??
        // an item pointed at by where it sits (这个位置的件 A, 货架上的包裹 A)
        placedItemKey(t, q, s) ??
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
    // a key whose real values are short (shelf_no, 格口, qty) does not take a long number
    if (shortValuedKey(t, key.start, q, s)) return -1;
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
