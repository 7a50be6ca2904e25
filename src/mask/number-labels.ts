// Numbers that their context says are not personal data, however mobile- or ID-shaped: the
// label right before them (订单号：, 运单 No., SKU码, "orderNo":", <waybillNo>, "order":{"id":"),
// the list a label heads (运单号：A、B / tracking numbers A and B), and the way an amount or a
// count is written (¥, 元, 第, #). Each check reads a bounded window before or after the number.
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0;
}
function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// what may stand between a label and its number: spaces : ： = " ' # ＃ 为 為 是, the '>' of
// "=>", "->" and an XML tag, '-' of "Order Number - ...", an opening bracket or quote
// ([ 【 ( （ 「 『 《), the backslash of JSON quoted inside a log line (\"orderNo\":\"...) and,
// after a letter, a dot (No.)
const GAP: ReadonlySet<number> = new Set(
  [...' \t\u3000\u00a0:：="\'#＃为為是>-[【(（「『《“‘\\'].map((c) => c.charCodeAt(0)),
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

/** Whether t[s, e) equals the ASCII word `w`, case ignored, with no letter right before it. */
function latinWordAt(t: string, s: number, e: number, w: string): boolean {
  if (s < 0 || e - s !== w.length || (s > 0 && isLetter(t.charCodeAt(s - 1)))) return false;
  for (let k = 0; k < w.length; k++) if ((t.charCodeAt(s + k) | 32) !== w.charCodeAt(k)) return false;
  return true;
}

/** A word list, with the first and last characters of its words (case-free) for a quick refusal. */
interface Words {
  list: readonly string[];
  first: ReadonlySet<number>;
  last: ReadonlySet<number>;
}
function words(list: readonly string[]): Words {
  const fold = (c: number) => (isLetter(c) ? c | 32 : c);
  return {
    list,
    first: new Set(list.map((w) => fold(w.charCodeAt(0)))),
    last: new Set(list.map((w) => fold(w.charCodeAt(w.length - 1)))),
  };
}

/** Start of the word of `ws` that ends at `e` (Latin ones whole and case-free), or -1. */
function wordBefore(t: string, e: number, ws: Words): number {
  const c = t.charCodeAt(e - 1);
  if (!ws.last.has(isLetter(c) ? c | 32 : c)) return -1;
  for (const w of ws.list) {
    const s = e - w.length;
    if (s < 0) continue;
    if (isLetter(w.charCodeAt(0))) {
      if (latinWordAt(t, s, e, w)) return s;
    } else if (t.startsWith(w, s)) return s;
  }
  return -1;
}

// "the order number is 1381...", 单号分别为 ...: words between the label and its number
const LINK_WORDS = words(['分别', '分別', '依次', '如下', '从', '自', 'is', 'was', 'are', 'were', 'from']);
// the carrier of a waybill between its label and its number (运单号：中通 7712..., (顺丰)),
// longest first
const CARRIERS = words([
  '顺丰速运',
  '中通快递',
  '圆通速递',
  '申通快递',
  '韵达快递',
  '极兔速递',
  '京东物流',
  '中国邮政',
  '邮政EMS',
  '宅急送',
  '顺丰',
  '中通',
  '圆通',
  '申通',
  '韵达',
  '极兔',
  '百世',
  '京东',
  '德邦',
  '天天',
  '邮政',
  'yunda',
  'fedex',
  'ems',
  'zto',
  'yto',
  'sto',
  'dhl',
  'ups',
  'tnt',
  'jdva',
  'jdv',
  'sf',
  'jd',
  'jt',
  'yt',
]);
const OPEN: ReadonlySet<number> = new Set([40, 0xff08, 91, 0x3010]); // ( （ [ 【
const CLOSE: ReadonlySet<number> = new Set([41, 0xff09, 93, 0x3011]); // ) ） ] 】

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
// Order Number, "order":{"id": ...
const NUMBER_WORDS = words([
  'number',
  'num',
  'no',
  'nr',
  'id',
  'code',
  'sn',
  '号码',
  '编号',
  '编码',
  '号',
  '码',
]);

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
export function labelledNegative(t: string, s: number, previous = true): number {
  const code = carrierCodeBefore(t, s);
  if (code !== -1) return code;
  let q = gapStart(t, markerBefore(t, s));
  // "order number is ...": the verb, then the gap before it
  const link = wordBefore(t, q, LINK_WORDS);
  if (link !== -1 && link < q) q = gapStart(t, link);
  const carrier = carrierBefore(t, q);
  if (carrier !== -1) q = gapStart(t, carrier);
  let key = keyEndingAt(t, q);
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
        if (parent !== -1) key = keyEndingAt(t, parent);
      }
    }
  }
  // 包裹1：, 运单2： (a Latin key reads its digits itself), and a clause ending in a colon that
  // names such numbers (以下单号已签收：, 我有两个快递：, tracking numbers for the two boxes:)
  if (key === undefined) key = numberedKey(t, q) ?? clauseKey(t, q, s);
  if (key === undefined && carrier !== -1 && carriersListed(t, carrier, s)) return carrier;
  if (key?.kind === 'negative') return key.start;
  // the next item of a list whose first item the label took before it became a candidate
  // (运单号：138 1234 5678，139 1234 5679 is read as one run of groups)
  return previous ? previousItemLabelled(t, s) : -1;
}

/** Where the label of the list item before the number at `s` starts (see labelledNegative), or -1. */
function previousItemLabelled(t: string, s: number): number {
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
  // a waybill-long number (not a postcode or a count)
  return digits >= 10 ? labelledNegative(t, b, false) : -1;
}

// what separates the items of a list for previousItemLabelled
const ITEM_SEP: ReadonlySet<number> = new Set([...',，、/／;；&和及与'].map((c) => c.charCodeAt(0)));

/** End of the number (digits, single spaces and dashes) that starts at `s`. */
function endOfNumber(t: string, s: number): number {
  let e = s;
  while (e < t.length && e - s < 24) {
    const c = t.charCodeAt(e);
    if (isDigit(c)) e++;
    else if ((c === 32 || c === 45) && isDigit(t.charCodeAt(e + 1))) e++;
    else break;
  }
  return e;
}

/**
 * Whether the number at `s`, with a carrier name at `c` right before it, stands in a list of
 * carrier-and-number pairs (中通 A，圆通 B; 顺丰A和京东B): one carrier name before a number may
 * be its courier's phone, two such pairs side by side are waybills.
 */
function carriersListed(t: string, c: number, s: number): boolean {
  // the pair before: a digit, a separator, this carrier
  let k = c;
  while (k > 0 && c - k < 4 && (isSpace(t.charCodeAt(k - 1)) || LIST_SEP.has(t.charCodeAt(k - 1)))) k--;
  if (k < c && k > 0 && isDigit(t.charCodeAt(k - 1))) return true;
  // the pair after: the rest of this number, a separator, a carrier, a digit
  k = s;
  while (k < t.length && k - s < 24 && (isDigit(t.charCodeAt(k)) || t.charCodeAt(k) === 32)) k++;
  const sep = k;
  while (k < t.length && k - sep < 4 && (isSpace(t.charCodeAt(k)) || LIST_SEP.has(t.charCodeAt(k)))) k++;
  if (k === sep) return false;
  const next = wordAfter(t, k, CARRIERS);
  return next !== -1 && isDigit(t.charCodeAt(skipSpaces(t, next, 1)));
}

/** The Chinese key before one or two digits that end at `q` (包裹1, 运单2), or undefined. */
function numberedKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  let k = q;
  while (k > 0 && q - k < 2 && isDigit(t.charCodeAt(k - 1))) k--;
  if (k === q || k === 0) return undefined;
  const c = t.charCodeAt(k - 1);
  if (!(c >= 0x3400 && c <= 0x9fff)) return undefined;
  const key = keyEndingAt(t, k);
  if (key !== undefined) return key;
  const parcel = wordBefore(t, k, PARCELS);
  return parcel === -1 ? undefined : { kind: 'negative', start: parcel };
}

// where a clause starts: sentence punctuation and line breaks
const CLAUSE_END: ReadonlySet<number> = new Set([...'，。；！？,;!?\n|'].map((c) => c.charCodeAt(0)));
// what a clause may end in after its key and still be a label: not a remark or a message, whose
// colon heads free text (订单备注：13812345678 may well be a phone)
const FREE_TEXT = /(?:备注|留言|说明|信息|内容|描述|remarks?|notes?|comments?|message|info|description)\s*$/i;
const CLAUSE_MAX = 24;

/**
 * The key of non-personal numbers in the clause that a colon ends right before the number at `s`
 * (`q`: where the gap before the number starts), when the clause names no personal data and is
 * no remark; else undefined.
 */
function clauseKey(t: string, q: number, s: number): ReturnType<typeof keyEndingAt> {
  let colon = false;
  for (let k = q; k < s && !colon; k++) colon = t.charCodeAt(k) === 58 || t.charCodeAt(k) === 0xff1a;
  if (!colon) return undefined;
  let found: ReturnType<typeof keyEndingAt>;
  let foundEnd = q;
  for (let e = q; e > 0 && q - e < CLAUSE_MAX && !CLAUSE_END.has(t.charCodeAt(e - 1)); e--) {
    const c = t.charCodeAt(e - 1);
    // a clause of words: a digit or a symbol means the colon ends something else
    if (!(isLetter(c) || isSpace(c) || (c >= 0x3400 && c <= 0x9fff))) return undefined;
    // a Latin key ends at a word's end
    if (isLetter(c) && e < t.length && isLetter(t.charCodeAt(e))) continue;
    const key = keyEndingAt(t, e);
    if (key === undefined) continue;
    if (key.kind !== 'negative') return undefined;
    if (found === undefined) {
      found = key;
      foundEnd = e;
    }
  }
  return found !== undefined && !FREE_TEXT.test(t.slice(foundEnd, q)) ? found : undefined;
}

// the codes carriers put in front of their waybill numbers, upper case (SF1234..., JT 1234...)
const CARRIER_CODES = new Set(['SF', 'YT', 'JT', 'JD', 'JDV', 'JDVA', 'ZTO', 'YTO', 'STO', 'EMS']);

/** Start of a carrier's upper-case code right before the number at `s` (SF 1381..., JT1381...), or -1. */
function carrierCodeBefore(t: string, s: number): number {
  let e = s;
  if (e > 0 && t.charCodeAt(e - 1) === 32) e--;
  let b = e;
  while (b > 0 && e - b < 5 && t.charCodeAt(b - 1) >= 65 && t.charCodeAt(b - 1) <= 90) b--;
  if (b === e || e - b > 4 || (b > 0 && (isLetter(t.charCodeAt(b - 1)) || isDigit(t.charCodeAt(b - 1)))))
    return -1;
  return CARRIER_CODES.has(t.slice(b, e)) ? b : -1;
}

/** @internal Whether the key right before the number at `s` names personal data (电话, receiverMobile, 收件人 ...). */
export function personalKeyBefore(t: string, s: number): boolean {
  const key = keyEndingAt(t, gapStart(t, s));
  return key !== undefined && key.kind !== 'negative';
}

// what joins a number to a label after it: 13812345678是订单号, A、B 两个运单, ... is the tracking
// number (longest first)
const LEAD_WORDS = words([
  '这两个',
  '这几个',
  '两个',
  '几个',
  '这个',
  '这些',
  '都是',
  '是',
  '为',
  '两',
  '三',
  '几',
  'is the',
  'is my',
  'is your',
  'is our',
  'are the',
  'are my',
  'are your',
  'are',
]);

/** End of the word of `ws` that starts at `p` (Latin ones whole and case-free), or -1. */
function wordAfter(t: string, p: number, ws: Words): number {
  const c = t.charCodeAt(p);
  if (!ws.first.has(isLetter(c) ? c | 32 : c)) return -1;
  for (const w of ws.list) {
    const e = p + w.length;
    if (e > t.length) continue;
    if (isLetter(w.charCodeAt(0))) {
      if (latinWordAt(t, p, e, w) && !isLetter(t.charCodeAt(e))) return e;
    } else if (t.startsWith(w, p)) return e;
  }
  return -1;
}

/**
 * What the key that starts at `p` names (or, for a Chinese key, at `lo` to `p`: a carrier name
 * can begin it, 京东物流单号): `negative` for a key of non-personal numbers that no key of
 * personal data follows closely, `personal` for a key of personal data, else undefined.
 */
function keyKindAt(t: string, p: number, lo = p): 'negative' | 'personal' | undefined {
  if (isLetter(t.charCodeAt(p))) {
    // one or two Latin words: order, tracking number, phone
    let e = p;
    for (let words = 0; words < 2; words++) {
      while (e < t.length && isLetter(t.charCodeAt(e))) e++;
      const key = keyEndingAt(t, e);
      if (key !== undefined && key.start === p) return key.kind === 'negative' ? 'negative' : 'personal';
      if (t.charCodeAt(e) !== 32 || !isLetter(t.charCodeAt(e + 1))) return undefined;
      e++;
    }
    return undefined;
  }
  // a Chinese key has at most six characters; 订单收件人, 订单上的电话 name someone after all
  let found = -1;
  for (let e = Math.min(t.length, p + 6); e > p + 1 && found === -1; e--) {
    const key = keyEndingAt(t, e);
    if (key !== undefined && key.start >= lo && key.start <= p) found = key.kind === 'negative' ? e : -2;
  }
  if (found === -2) return 'personal';
  if (found < 0) return undefined;
  for (let e = found + 1; e <= Math.min(t.length, p + 10); e++) {
    const c = t.charCodeAt(e - 1);
    if (c < 0x3400 || c > 0x9fff) break; // the label's phrase ends at punctuation
    const key = keyEndingAt(t, e);
    if (key !== undefined && key.kind !== 'negative' && key.start >= lo) return 'personal';
  }
  return 'negative';
}

/** `p` moved past at most `n` spaces. */
function skipSpaces(t: string, p: number, n: number): number {
  const lo = p;
  while (p < t.length && p - lo < n && isSpace(t.charCodeAt(p))) p++;
  return p;
}

/**
 * @internal Whether the number t[s, e) is labelled after it (13812345678是订单号, 13812345678 is the
 * tracking number, A、B 这两个是运单, A 是顺丰单号, 13812345678（运单号）): one or two joining words (是,
 * 为, 两个, 这两个, is the ...) or an opening bracket, a carrier name perhaps, then a key of
 * non-personal numbers; not when a key before the number names personal data (电话 ... 两个订单).
 */
export function labelledAfter(t: string, s: number, e: number): boolean {
  return keyAfter(t, e) === 'negative' && !personalKeyBefore(t, s);
}

/**
 * @internal Whether a key of personal data labels the number that ends at `e` from behind (A 是收件人
 * 手机, A（电话）, A is my phone): such a number does not continue a list of waybills before it.
 */
export function personalKeyAfter(t: string, e: number): boolean {
  return keyAfter(t, e) === 'personal';
}

/** What the label after the number that ends at `e` names (see labelledAfter). */
function keyAfter(t: string, e: number): 'negative' | 'personal' | undefined {
  let p = skipSpaces(t, e, 2);
  if (OPEN.has(t.charCodeAt(p))) p = skipSpaces(t, p + 1, 1);
  else {
    const lead = wordAfter(t, p, LEAD_WORDS);
    if (lead === -1) return undefined;
    p = skipSpaces(t, lead, 2);
    // 这两个 + 是, 都 + 是
    const again = wordAfter(t, p, LEAD_WORDS);
    if (again !== -1) p = skipSpaces(t, again, 2);
  }
  const lo = p;
  const carrier = wordAfter(t, p, CARRIERS);
  if (carrier !== -1) p = skipSpaces(t, carrier, 1);
  const kind = keyKindAt(t, p, lo);
  if (kind !== undefined) return kind;
  // A、B 两个快递 (the parcels themselves), A 是中通的 (the carrier's, not someone's)
  const noun = wordAfter(t, p, PARCELS);
  if (noun !== -1 && (carrier !== -1 || wordBefore(t, lo, COUNT_WORDS) !== -1)) return 'negative';
  if (carrier !== -1 && t.charCodeAt(p) === 0x7684 && !isCjk(t.charCodeAt(p + 1))) return 'negative'; // 的
  return undefined;
}

// parcels named after a count or a carrier (两个快递, 中通包裹); 快递员 is someone, so not before 员
const PARCELS = words(['快递', '快件', '包裹', '单子', '单', '票', 'parcels', 'packages', 'shipments']);
const COUNT_WORDS = words(['这两个', '这几个', '两个', '几个', '这个', '这些', '两', '三', '几']);
function isCjk(c: number): boolean {
  return c >= 0x3400 && c <= 0x9fff;
}

/** A unit or a code in brackets between a key and its colon: 金额（元）：, 商品编码（SKU）：, Weight (kg): */
function bracketedUnitKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  const close = t.charCodeAt(q - 1);
  if (close !== 41 && close !== 0xff09) return undefined;
  const lo = Math.max(0, q - 12);
  let o = q - 2;
  while (o >= lo && t.charCodeAt(o) !== 40 && t.charCodeAt(o) !== 0xff08) o--;
  if (o < lo) return undefined;
  let k = o;
  while (k > 0 && isSpace(t.charCodeAt(k - 1))) k--;
  const outer = keyEndingAt(t, k);
  if (outer !== undefined) return outer;
  // the key in the brackets (产品（SKU）：) only after a word: in 13812345678（运单号） 15012345678 the
  // bracket labels the number before it, not the one after
  const c = k > 0 ? t.charCodeAt(k - 1) : 0;
  return isLetter(c) || (c >= 0x3400 && c <= 0x9fff) ? keyEndingAt(t, q - 1) : undefined;
}

// what joins the items of a list: , ， 、 / ／ ; ； & 和 跟 及 与 或, brackets (and spaces and quotes),
// and the dashes and tildes of a range (A-B, A～B)
const LIST_SEP: ReadonlySet<number> = new Set(
  [...',，、/／;；&+和跟及与或()（）[]【】“”‘’「」-–—~～'].map((c) => c.charCodeAt(0)),
);
// words that join them too (以及, and, or, vs, 改为 of a number replaced by another, 至/到/to/through
// of a range)
const LIST_WORDS = words([
  '另外一个是',
  '另外一个',
  '另一个是',
  '还有一个',
  '另一个',
  '另一单',
  '以及',
  '还有',
  '改为',
  '改成',
  '换成',
  '至',
  '到',
  'through',
  'thru',
  'and',
  'or',
  'vs',
  'to',
]);
// bullets in front of a list item (• A, - A, * A, ● A)
const BULLETS: ReadonlySet<number> = new Set([...'•·‧◦▪▫●○■□◆◇★☆✓✔*-–—'].map((c) => c.charCodeAt(0)));
// what ends the number of a numbered item: 1. 1、 1) 1） (not a colon: 包裹1：A is a key)
const NUMBERING_END: ReadonlySet<number> = new Set([46, 0x3001, 41, 0xff09]);

/** End of a list item's marker at `p` (1. 2、 3) (4) • - *), or -1. */
function markerEnd(t: string, p: number): number {
  const c = t.charCodeAt(p);
  if (BULLETS.has(c)) return p + 1;
  let e = p;
  while (e < t.length && e - p < 2 && isDigit(t.charCodeAt(e))) e++;
  if (e === p || isDigit(t.charCodeAt(e)) || !NUMBERING_END.has(t.charCodeAt(e))) return -1;
  // 1.5 is a number, not an item
  return t.charCodeAt(e) === 46 && isDigit(t.charCodeAt(e + 1)) ? -1 : e + 1;
}

/** Where the marker of the list item that starts at `s` begins (运单号：\n1. A, 单号：- A), or `s`. */
function markerBefore(t: string, s: number): number {
  let p = s;
  while (p > 0 && s - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
  if (p === 0) return s;
  if (BULLETS.has(t.charCodeAt(p - 1))) return p - 1;
  if (!NUMBERING_END.has(t.charCodeAt(p - 1))) return s;
  let d = p - 1;
  while (d > 0 && p - 1 - d < 2 && isDigit(t.charCodeAt(d - 1))) d--;
  if (d === p - 1 || (d > 0 && (isDigit(t.charCodeAt(d - 1)) || isLetter(t.charCodeAt(d - 1))))) return s;
  // (1) and （1）
  if (d > 0 && OPEN.has(t.charCodeAt(d - 1))) d--;
  return d;
}

const LIST_MAX = 16;
// what glues a piece number or count to a waybill: A/2, A-1, A*2, Ax2
const PIECE: ReadonlySet<number> = new Set([47, 45, 42, 120, 0xd7]);

/**
 * End of a short note in brackets at `p` that names no personal data (（已签收）, （母）, (2/3)), or
 * -1: how a list tells its items apart.
 */
function bracketedNote(t: string, p: number): number {
  if (!OPEN.has(t.charCodeAt(p))) return -1;
  for (let k = p + 1; k < t.length && k - p <= 7; k++) {
    const c = t.charCodeAt(k);
    if (CLOSE.has(c)) return k > p + 1 && keyKindAt(t, p + 1) !== 'personal' ? k + 1 : -1;
    if (c === 10 || OPEN.has(c)) return -1;
  }
  return -1;
}

/**
 * @internal Whether only a list separator lies between the end of one number (`a`) and the start
 * of the next (`b`): spaces, quotes, brackets, , ， 、 / ; & 和 跟 及 与 或, 以及, and, or, vs, 改为, a range
 * (- ~ 至 到 to through), a carrier name (运单号：中通 A，圆通 B; A（中通）、B（圆通）; SF A, YT B), an
 * item marker (1. A 2. B, ① A ② B) and '|' with no space around it ("A|B" in one JSON string).
 * A word ends the list, and so do a blank line, a tab and a spaced '|' (a table cell). A line break
 * continues it when the label ended its own line (`vertical`: 运单号：\nA\nB) or when the next
 * line starts with an item marker (1. A\n2. B, - A\n- B).
 */
export function listGap(t: string, a: number, b: number, vertical = false): boolean {
  if (b <= a || b - a > LIST_MAX) return false;
  let breaks = 0;
  let k = a;
  // the piece of a multi-piece parcel glued to its number: A/2, A-1
  if (PIECE.has(t.charCodeAt(k)) && isDigit(t.charCodeAt(k + 1))) {
    k++;
    while (k < b && k - a < 4 && isDigit(t.charCodeAt(k))) k++;
  }
  while (k < b) {
    const c = t.charCodeAt(k);
    if (c === 10 || c === 13) {
      k += c === 13 && t.charCodeAt(k + 1) === 10 ? 2 : 1;
      if (++breaks > 1) return false;
      if (!vertical && markerEnd(t, skipSpaces(t, k, 4)) === -1) return false;
      continue;
    }
    const note = bracketedNote(t, k);
    if (note !== -1) {
      k = note;
      continue;
    }
    if (c === 32 || c === 0x3000 || c === 0xa0 || c === 34 || c === 39 || LIST_SEP.has(c)) {
      k++;
      continue;
    }
    if (c === 124 && isDigit(t.charCodeAt(k - 1)) && isDigit(t.charCodeAt(k + 1))) {
      k++;
      continue;
    }
    let w = markerEnd(t, k);
    if (w === -1) w = wordAfter(t, k, LIST_WORDS);
    if (w === -1) w = wordAfter(t, k, CARRIERS);
    if (w === -1) return false;
    k = w;
  }
  return true;
}

// what an amount or a count is written with: a currency sign or code before the number, a
// unit after it (¥13800001234, 13800001234元, 共13800001234件, 耗时13800001234毫秒, 第13800001234号)
const CURRENCY_BEFORE = new Set([0xa5, 0xffe5, 36, 0x20ac, 0xa3]); // ¥ ￥ $ € £
const CURRENCY_CODES = /(?:rmb|cny|usd|hkd|eur)\s?$/i;
// and the Latin units of weights, counts and durations (13800001234 kg, ... pcs, ... ms)
const LATIN_UNITS = words(['kgs', 'kg', 'g', 'lbs', 'lb', 'pcs', 'pc', 'ms', 'yuan', 'rmb', 'cny', 'usd']);
const UNIT_AFTER: ReadonlySet<number> = new Set(
  [...'元块塊件克斤吨噸箱袋秒分笔筆'].map((c) => c.charCodeAt(0)),
);

/**
 * @internal Whether the number t[s, e) is written as an amount, a quantity or an ordinal: a
 * currency sign or code before it, a unit after it, 第 before it or '#' glued to it. Such a
 * number is no one's phone or ID however it looks.
 */
export function amountOrCount(t: string, s: number, e: number): boolean {
  let b = s;
  if (b > 0 && isSpace(t.charCodeAt(b - 1))) b--;
  if (b > 0) {
    const c = t.charCodeAt(b - 1);
    if (CURRENCY_BEFORE.has(c) || c === 0x7b2c) return true; // 第
    if (c === 35 && !(b > 1 && /[A-Za-z]/.test(t[b - 2]!))) return true; // #
    if (b >= 3 && isLetter(c) && CURRENCY_CODES.test(t.slice(b - 3, s))) return true;
  }
  let a = e;
  if (a < t.length && isSpace(t.charCodeAt(a))) a++;
  if (a < t.length && isLetter(t.charCodeAt(a))) {
    const u = wordAfter(t, a, LATIN_UNITS);
    if (u !== -1 && !isDigit(t.charCodeAt(u))) return true; // (G12345678 is a passport, not grams)
  }
  if (a < t.length) {
    const c = t.charCodeAt(a);
    // (分机 is an extension, not minutes or cents)
    if (UNIT_AFTER.has(c) && !(c === 0x5206 && t.charCodeAt(a + 1) === 0x673a)) return true;
    if (c === 0x6beb && t.charCodeAt(a + 1) === 0x79d2) return true; // 毫秒
  }
  return false;
}
