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
    if ((c === 10 || c === 13) && k < 3 && colonBefore(t, q - 1)) {
      q--;
      continue;
    }
    if (!(GAP.has(c) || (c === 46 && q >= 2 && isLetter(t.charCodeAt(q - 2))))) break;
    q--;
  }
  return q;
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
const LINK_WORDS = words(['分别', '分別', '依次', '如下', 'is', 'was', 'are', 'were']);
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
  'sf',
  'jd',
  'jt',
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
 * SKU码) or a parent key ("order":{"id":"..., order.id, [order] id=).
 */
export function labelledNegative(t: string, s: number): number {
  let q = gapStart(t, s);
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
  return key?.kind === 'negative' ? key.start : -1;
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

/** Whether a key of non-personal numbers starts at `p`, and no key of personal data follows it closely. */
function negativeKeyAt(t: string, p: number): boolean {
  if (isLetter(t.charCodeAt(p))) {
    // one or two Latin words: order, tracking number
    let e = p;
    for (let words = 0; words < 2; words++) {
      while (e < t.length && isLetter(t.charCodeAt(e))) e++;
      const key = keyEndingAt(t, e);
      if (key !== undefined && key.start === p && key.kind === 'negative') return true;
      if (t.charCodeAt(e) !== 32 || !isLetter(t.charCodeAt(e + 1))) return false;
      e++;
    }
    return false;
  }
  // a Chinese key has at most six characters; 订单收件人, 订单上的电话 name someone after all
  let found = -1;
  for (let e = Math.min(t.length, p + 6); e > p + 1 && found === -1; e--) {
    const key = keyEndingAt(t, e);
    if (key !== undefined && key.start === p) found = key.kind === 'negative' ? e : -2;
  }
  if (found < 0) return false;
  for (let e = found + 1; e <= Math.min(t.length, p + 10); e++) {
    const c = t.charCodeAt(e - 1);
    if (c < 0x3400 || c > 0x9fff) break; // the label's phrase ends at punctuation
    const key = keyEndingAt(t, e);
    if (key !== undefined && key.kind !== 'negative' && key.start >= p) return false;
  }
  return true;
}

/**
 * @internal Whether the number t[s, e) is labelled after it (13812345678是订单号, 13812345678 is the
 * tracking number, A、B 两个运单): a joining word (是, 为, 两个, 这个, is the ...), then a key of
 * non-personal numbers; not when a key before the number names personal data (电话 ... 两个订单).
 */
export function labelledAfter(t: string, s: number, e: number): boolean {
  let p = e;
  while (p < t.length && p - e < 2 && isSpace(t.charCodeAt(p))) p++;
  const lead = wordAfter(t, p, LEAD_WORDS);
  if (lead === -1) return false;
  p = lead;
  while (p < t.length && p - lead < 2 && isSpace(t.charCodeAt(p))) p++;
  return negativeKeyAt(t, p) && !personalKeyBefore(t, s);
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
  return keyEndingAt(t, k) ?? keyEndingAt(t, q - 1);
}

// what joins the items of a list: , ， 、 / ／ ; ； & 和 跟 及 与 或, brackets (and spaces and quotes)
const LIST_SEP: ReadonlySet<number> = new Set(
  [...',，、/／;；&+和跟及与或()（）[]【】“”‘’「」'].map((c) => c.charCodeAt(0)),
);
// words that join them too (以及, and, or, vs, 改为 of a number replaced by another)
const LIST_WORDS = words(['以及', '还有', '改为', '改成', '换成', 'and', 'or', 'vs']);

/**
 * @internal Whether only a list separator lies between the end of one number (`a`) and the start
 * of the next (`b`): spaces, quotes, brackets, , ， 、 / ; & 和 跟 及 与 或, 以及, and, or, vs, 改为 (运单号：A、B,
 * "orderNos":["A","B"], tracking numbers A and B). A word, a newline, a tab or a '|' (a table
 * cell) ends the list.
 */
export function listGap(t: string, a: number, b: number): boolean {
  if (b <= a || b - a > 8) return false;
  for (let k = a; k < b; ) {
    const c = t.charCodeAt(k);
    if (c === 32 || c === 0x3000 || c === 0xa0 || c === 34 || c === 39 || LIST_SEP.has(c)) {
      k++;
      continue;
    }
    const w = wordAfter(t, k, LIST_WORDS);
    if (w === -1) return false;
    k = w;
  }
  return true;
}

// what an amount or a count is written with: a currency sign or code before the number, a
// unit after it (¥13800001234, 13800001234元, 共13800001234件, 耗时13800001234毫秒, 第13800001234号)
const CURRENCY_BEFORE = new Set([0xa5, 0xffe5, 36, 0x20ac, 0xa3]); // ¥ ￥ $ € £
const CURRENCY_CODES = /(?:rmb|cny|usd|hkd|eur)\s?$/i;
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
  if (a < t.length) {
    const c = t.charCodeAt(a);
    // (分机 is an extension, not minutes or cents)
    if (UNIT_AFTER.has(c) && !(c === 0x5206 && t.charCodeAt(a + 1) === 0x673a)) return true;
    if (c === 0x6beb && t.charCodeAt(a + 1) === 0x79d2) return true; // 毫秒
  }
  return false;
}
