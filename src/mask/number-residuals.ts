// Labels of non-personal numbers that are not written as a key right before the number:
// - a mistyped label: 单好 A, 运单好 A, 快递单吗 A (a homophone of 号 or 码 after 单, as the
//   name detector reads it: see mistypedLabel in name-shape.ts);
// - a number a shipping place gave for a parcel: 网点给我的那个号是A, 商家发的号：A (a bare 号
//   after a place and a verb of giving; 号码, 电话 and a person's 号 stay phones);
// - a label pointing down to its number: right before it (tracking below: A, 单号见下方 A) or,
//   for a number that starts its line, within POINTER_REACH characters above it (单号在下面，
//   一直没动过\n\nA), with no personal key, contact word or other long number between;
// - a contradiction that goes on about a number just labelled: 你们说是A，但是我app里看是B (B is
//   the same kind of number as A), when no personal key stands between them.
// Each check reads a bounded window before one number.
import { mistypedLabel as $mistypedLabel } from './name-shape.js';
import { dialogueAnswerLabel as $dialogueAnswerLabel } from './number-dialogue.js';
import { handledLabel as $handledLabel } from './number-handled.js';
import { keypadLabel as $keypadLabel } from './number-keypad.js';
import { barcodeNumber as $barcodeNumber } from './number-barcode.js';
import { queriedLabel as $queriedLabel } from './number-queries.js';
import {
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordBefore as $wordBefore,
  personalEndingAt as $personalEndingAt,
  SENTENCE_END,
  words,
} from './number-words.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const mistypedLabel = $mistypedLabel;
const dialogueAnswerLabel = $dialogueAnswerLabel;
const handledLabel = $handledLabel;
const keypadLabel = $keypadLabel;
const barcodeNumber = $barcodeNumber;
const queriedLabel = $queriedLabel;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordBefore = $wordBefore;
const personalEndingAt = $personalEndingAt;
const keyEndingAt = $keyEndingAt;

// between a label and its number: spaces, a colon, '=', '#', quotes, 是 / 为
const GAP: ReadonlySet<number> = new Set([...' \t\u3000:：="\'#＃是为為係'].map((c) => c.charCodeAt(0)));

/** Start of the gap (at most four characters of GAP) that ends at `q`. */
function gapBack(t: string, q: number): number {
  for (let k = 0; q > 0 && k < 4 && GAP.has(t.charCodeAt(q - 1)); k++) q--;
  return q;
}

const DAN = new Set([0x5355, 0x55ae]); // 单 單
// what may stand before a mistyped 单: a waybill or order word (运单好, 订单好, 快递单吗) or nothing
// that makes 单 part of a verb (下单吗, 买单好 and 接单吗 are questions, not labels)
const DAN_LEADS = new Set([...'运運订訂递遞流面裹件'].map((c) => c.charCodeAt(0)));

/** Start of a mistyped waybill label (单好, 运单好, 快递单吗) ending at `q`, or -1. */
function mistypedBefore(t: string, q: number): number {
  if (q < 2 || !DAN.has(t.charCodeAt(q - 2)) || !mistypedLabel(t, q - 2, q)) return -1;
  const c = t.charCodeAt(q - 3);
  if (q >= 3 && !DAN_LEADS.has(c) && ((c >= 0x3400 && c <= 0x9fff) || isLetter(c))) return -1;
  return q >= 3 && DAN_LEADS.has(c) ? q - 3 : q - 2;
}

// who gives a parcel its number (not a person who may give their own: 快递员, 客服)
const GIVERS = words([
  '网点',
  '網點',
  '商家',
  '卖家',
  '賣家',
  '店家',
  '店铺',
  '驿站',
  '仓库',
  '发货方',
  '快递公司',
  '物流公司',
  '快递站',
  '门店',
  '代收点',
  '平台',
  '系统',
]);
// longest first: a word is taken at the first of the list that fits
const GIVING = words([
  '發給我的',
  '发给我的',
  '给我的',
  '给的',
  '发我的',
  '发来的',
  '發來的',
  '发的',
  '提供的',
  '生成的',
  '打印的',
  '贴的',
]);
const THAT = words(['那个', '这个', '那個', '這個', '的']);

/** Start of a place giving the bare 号 that ends at `q` (网点给我的那个号), or -1. */
function givenBefore(t: string, q: number): number {
  // 号 alone (号码 is a phone's word; 单号 and 编号 are keys already)
  if (t.charCodeAt(q - 1) !== 0x53f7 && t.charCodeAt(q - 1) !== 0x865f) return -1;
  const k = q - 1;
  let verb = wordBefore(t, k, GIVING);
  if (verb === -1) {
    // 给我的那个号 (the 的 of 发的号 is the verb's own)
    const that = wordBefore(t, k, THAT);
    if (that !== -1) verb = wordBefore(t, that, GIVING);
  }
  if (verb === -1) return -1;
  let g = verb;
  while (g > 0 && verb - g < 2 && isSpace(t.charCodeAt(g - 1))) g--;
  return wordBefore(t, g, GIVERS);
}

// a label pointing down to its number: 单号在下面, 单号如下, 单号附后, tracking below
const POINTERS = words([
  '在下面',
  '在下边',
  '在下方',
  '如下所示',
  '如下',
  '附后',
  '附在后面',
  '见下方',
  '见下',
  '在后面',
  'below',
  'as follows',
]);
const POINTER_REACH = 120;
// between the label and the pointer: spaces, a colon and one of these
const POINTER_LINK = words([
  '我发',
  '我放',
  '我贴',
  '我写',
  '发',
  '放',
  '贴',
  '写',
  '列',
  '都',
  '就',
  '是',
  'is',
  'are',
  'listed',
]);

// the last characters of the pointer words, both cases: one table read per character of the window
const POINTER_TAILS = new Uint8Array(65536);
for (const c of POINTERS.last.keys()) {
  POINTER_TAILS[c] = 1;
  if (isLetter(c)) POINTER_TAILS[c & ~32] = 1;
}

/** Whether the pointer word t[p, e) (在下面, below) has a key of non-personal numbers before it. */
function pointerLabelled(t: string, p: number): boolean {
  let q = p;
  while (q > 0 && p - q < 3 && (isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q - 1) === 0xff1a)) q--;
  const link = wordBefore(t, q, POINTER_LINK);
  if (link !== -1) {
    q = link;
    while (q > 0 && link - q < 2 && isSpace(t.charCodeAt(q - 1))) q--;
  }
  return keyEndingAt(t, q)?.kind === 'negative';
}

/**
 * End of the nearest labelled pointer (单号在下面) within POINTER_REACH characters before `s`, or
 * -1: one look at each character of the window for a pointer word's last character.
 */
function pointerBefore(t: string, s: number): number {
  const lo = Math.max(0, s - POINTER_REACH);
  const tails = POINTER_TAILS;
  for (let k = s; k > lo; k--) {
    if (tails[t.charCodeAt(k - 1)] === 0) continue;
    const p = wordBefore(t, k, POINTERS);
    if (p !== -1 && pointerLabelled(t, p)) return k;
  }
  return -1;
}

/**
 * Whether nothing between `from` and `to` ties what follows to someone or is itself a long
 * number: no key of personal data (电话, 收件人 ...), no contact word (打, call ...) and no run
 * of seven digits or more.
 */
function plainBetween(t: string, from: number, to: number): boolean {
  let run = 0;
  // read back from the number: the long number nearest to it, if any, ends the look early
  for (let k = to - 1; k >= from; k--) {
    const c = t.charCodeAt(k);
    if (isDigit(c)) {
      if (++run >= 7) return false;
      continue;
    }
    run = 0;
    if (isLetter(c) && isLetter(t.charCodeAt(k + 1))) continue; // inside a Latin word
    if (personalEndingAt(t, k + 1, from)) return false;
  }
  return true;
}

// a contradiction, then where the other number was seen
const CONTRAST = /但是|但|可是|不过|却|而|but|however/i;
const SEEN = words([
  '看是',
  '看到的是',
  '显示是',
  '显示的是',
  '显示',
  '顯示',
  '变成了',
  '变成',
  '写的是',
  '查到的是',
  '查的是',
  '上面是',
  '里是',
  'shows',
  'says',
  'became',
  'changed to',
]);
const CONTRAST_REACH = 60;

/**
 * Whether the number at `s` is the other side of a contradiction about the non-personal number
 * that ends at `prev` (你们说是A，但是我app里看是B, A but the app shows B).
 */
function contrastAfter(t: string, prev: number, s: number): boolean {
  if (prev === -1 || s <= prev || s - prev > CONTRAST_REACH) return false;
  let q = s;
  while (q > prev && s - q < 3 && (isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q - 1) === 0xff1a)) q--;
  const seen = wordBefore(t, q, SEEN);
  if (seen === -1) return false;
  q = seen;
  for (let k = prev; k < s; k++) if (SENTENCE_END.has(t.charCodeAt(k))) return false;
  return CONTRAST.test(t.slice(prev, q)) && plainBetween(t, prev, q);
}

/**
 * @internal Where the evidence starts when the number at `s` is a parcel's or an order's by one
 * of the rules of this file (see the file comment), else -1. `prev`: end of the last number
 * found not to be personal data, or -1.
 */
export function residualLabel(t: string, s: number, prev: number): number {
  const q = gapBack(t, s);
  if (q > 0) {
    const typo = mistypedBefore(t, q);
    if (typo !== -1) return typo;
    const given = givenBefore(t, q);
    if (given !== -1) return given;
  }
  // the object of a verb of handling parcels: 正在派送A, 扫描 A, 打单打到A (number-handled.ts)
  const handled = handledLabel(t, s);
  if (handled !== -1) return handled;
  // the whole object of a verb of chasing or looking up a parcel: 催下 A, 帮我查一下这个 A (number-queries.ts)
  const queried = queriedLabel(t, s);
  if (queried !== -1) return queried;
  // the two below mark only the number itself: the words between may hold a name
  if (contrastAfter(t, prev, s)) return s;
  // a pointer right before it (tracking below: A), or, for a number that starts its line, within
  // reach above it (单号在下面 … \n A): most numbers are neither, and cost one look back
  const w = q > 0 ? wordBefore(t, q, POINTERS) : -1;
  if (w !== -1 && pointerLabelled(t, w)) return s;
  // the answer to the turn before that asked for a waybill or order number (number-dialogue.ts)
  const asked = dialogueAnswerLabel(t, s);
  if (asked !== -1) return s;
  // the digits a caller keyed in after an IVR prompt for a waybill or an order (number-keypad.ts)
  if (keypadLabel(t, s) !== -1) return s;
  // the number of a barcode printed on the label (*A* and A again under it: number-barcode.ts)
  if (barcodeNumber(t, s)) return s;
  if (!lineStart(t, s)) return -1;
  const pe = pointerBefore(t, s);
  return pe !== -1 && plainBetween(t, pe, s) ? s : -1;
}

/** Whether the number at `s` starts its line (after at most four spaces). */
function lineStart(t: string, s: number): boolean {
  let k = s;
  while (k > 0 && s - k < 4 && isSpace(t.charCodeAt(k - 1))) k--;
  return k === 0 || t.charCodeAt(k - 1) === 10 || t.charCodeAt(k - 1) === 13;
}
