// A number that answers the turn before it in a conversation (a call transcript, a customer
// service chat, a group chat): when an agent asks for a waybill, order or ticket number (请问单号是,
// 订单号多少, 报一下运单号, 工单号发我一下) and the next turn is the number alone, that number is what
// was asked for. Only positive evidence counts: the previous turn must end in a key of
// non-personal numbers and a request, and name no personal data anywhere (单号和电话发我 keeps both
// phones), and the answering turn holds nothing but a speaker, fillers (呃, 嗯, 是) and the number,
// with no personal key after it (13812345678 这是我电话). A request for a phone (留个电话, 手机号多少)
// leaves the answer a phone, as every unlabelled number is. Each check reads back one turn, at
// most TURN_MAX characters, from one number.
import {
  isDigit as $isDigit,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  personalSoonAfter as $personalSoonAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import {
  nameAfterOnLine as $nameAfterOnLine,
  personalKeyAfter as $personalKeyAfter,
} from './number-after.js';
import { type KeyKind, keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const personalSoonAfter = $personalSoonAfter;
const wordBefore = $wordBefore;
const personalKeyAfter = $personalKeyAfter;
const nameAfterOnLine = $nameAfterOnLine;
const keyEndingAt = $keyEndingAt;

// what a speaker says before reading a number out: hesitations and acknowledgements (longest first)
const FILLERS = words([
  '我的是',
  '这个是',
  '我這個係',
  '我的係',
  '好的',
  '就是',
  '那个',
  '稍等',
  '您好',
  '你好',
  '是',
  '呃',
  '额',
  '嗯',
  '恩',
  '哦',
  '噢',
  '喔',
  '啊',
  '哈',
  '好',
  '哎',
  '唔',
  'um',
  'uh',
  'ok',
]);
// how a request for a number ends after its key: 请问单号是, 订单号多少, 工单号发我一下, 单号呢？
const REQUEST_TAILS = words([
  '是多少',
  '是什么',
  '是啥',
  '多少',
  '是',
  '呢',
  '吗',
  '嘛',
  '啊',
  '呀',
  '哈',
  '发我一下',
  '发给我',
  '发我',
  '发一下',
  '给我',
  '报一下',
  '报给我',
  '说一下',
  '告诉我',
  '提供一下',
  '提供下',
  '给我一下',
  '给一下',
  '发过来',
  '发来',
  '发下',
  '报下',
  '说下',
  '亲',
  '哦',
  '呗',
  '有吗',
  '一下',
  '麻烦',
  '谢谢',
  '係咩',
  '係幾多',
  '幾多',
]);
// punctuation closing a request (？ ? 。 ~ …), read over before its tail words
const REQUEST_PUNCT: ReadonlySet<number> = new Set([...'？?。，,！!~～…'].map((c) => c.charCodeAt(0)));
const QUESTION_MARKS: ReadonlySet<number> = new Set([0xff1f, 63]);
const COMMAS: ReadonlySet<number> = new Set([0xff0c, 44, 0x3001]);
const TURN_MAX = 80;
const SPEAKER_MAX = 40;
// how far the rest of the answering turn is read for a word that makes the number someone's
const ANSWER_TAIL = 16;

/**
 * Start of the turn (after its speaker's colon, the line start or a question mark) the number at
 * `s` opens, or -1.
 */
function turnStart(t: string, s: number): number {
  let k = s;
  for (let n = 0; n < 4 && k > 0; n++) {
    // spaces and commas between fillers (嗯，A; 好的 呃 A)
    while (k > 0 && s - k < 12 && (isSpace(t.charCodeAt(k - 1)) || COMMAS.has(t.charCodeAt(k - 1)))) k--;
    const f = wordBefore(t, k, FILLERS);
    if (f === -1) break;
    k = f;
  }
  while (k > 0 && isSpace(t.charCodeAt(k - 1))) k--;
  if (k === 0) return -1;
  const c = t.charCodeAt(k - 1);
  if (c === 10) return k;
  // a writer who asks and offers an answer at once (那款的货号？是A吗, 订单号？A): the question
  // is the turn before, read like an agent's
  if (QUESTION_MARKS.has(c)) return k;
  if (c !== 58 && c !== 0xff1a) return -1;
  // a speaker (客服, 来电, 买家, [微信] 20:12 王师傅), not a key (电话：, 单号：)
  if (keyEndingAt(t, k - 1) !== undefined) return -1;
  // turns pasted on one line: a known speaker right after the previous turn's end (订单号呢？用户：A)
  let sp = k - 1;
  while (sp > 0 && k - 1 - sp < 2 && isSpace(t.charCodeAt(sp - 1))) sp--;
  sp = wordBefore(t, sp, SPEAKERS);
  let b = sp;
  while (b > 0 && sp - b < 2 && isSpace(t.charCodeAt(b - 1))) b--;
  if (sp > 0 && TURN_ENDS.has(t.charCodeAt(b - 1))) return sp;
  for (b = k - 1; b > 0 && k - b < SPEAKER_MAX; b--) if (t.charCodeAt(b - 1) === 10) return b;
  return -1;
}

// who speaks in a customer service chat, a call transcript or a shop's messages
const SPEAKERS = words([
  '客服',
  '坐席',
  '来电',
  '來電',
  '用户',
  '用戶',
  '买家',
  '買家',
  '卖家',
  '賣家',
  '顾客',
  '顧客',
  '客户',
  '客戶',
  '客人',
  '商家',
  '店家',
  '小二',
  '掌柜',
  '我',
  '你',
  'agent',
  'customer',
  'user',
]);
// what ends a turn before the next speaker on the same line
const TURN_ENDS: ReadonlySet<number> = new Set([...'？?。！!'].map((c) => c.charCodeAt(0)));

/** Whether the turn at `line` is a speaker's (a colon ends its first SPEAKER_MAX characters). */
function spoken(t: string, line: number): boolean {
  for (let k = line; k < t.length && k - line < SPEAKER_MAX && t.charCodeAt(k) !== 10; k++) {
    const c = t.charCodeAt(k);
    if (c === 58 || c === 0xff1a) return true;
  }
  return false;
}

/**
 * The key the previous turn ended its request with, and where that turn ends, when the number at
 * `s` (after a speaker and fillers) opens the turn after it; else undefined.
 */
function requestBefore(
  t: string,
  s: number,
): { key: { kind: KeyKind; start: number }; end: number } | undefined {
  const line = turnStart(t, s);
  if (line < 1) return undefined;
  // the previous turn: the line before (blank lines skipped), or the same line before the speaker
  let end = line;
  while (
    end > 0 &&
    line - end < 4 &&
    (t.charCodeAt(end - 1) === 10 || t.charCodeAt(end - 1) === 13 || isSpace(t.charCodeAt(end - 1)))
  )
    end--;
  if (end === 0 || line - end > 4) return undefined;
  let k = end;
  let asked = false;
  for (let n = 0; n < 6 && k > 0 && end - k < 16; n++) {
    const c = t.charCodeAt(k - 1);
    if (REQUEST_PUNCT.has(c) || isSpace(c)) {
      if (QUESTION_MARKS.has(c)) asked = true;
      k--;
      continue;
    }
    const w = wordBefore(t, k, REQUEST_TAILS);
    if (w === -1) break;
    k = w;
    asked = true;
  }
  // a turn without a speaker (a bare line) must read as a request: a key that ends a line is a
  // heading or a table header as often (运单号：\n1381..., order_id;sku\n1351...), read elsewhere
  if (!asked && t.charCodeAt(line - 1) === 10 && !spoken(t, line)) return undefined;
  // nor is a bare line before a speaker's turn a turn of its own (sku, then 某地址: A): without a
  // request, only a speaker's turn is answered
  if (!asked) {
    let b = end;
    while (b > 0 && end - b < TURN_MAX && t.charCodeAt(b - 1) !== 10) b--;
    if (!spoken(t, b)) return undefined;
  }
  const key = keyEndingAt(t, k);
  return key === undefined ? undefined : { key, end };
}

/**
 * @internal Whether the number at `s` answers a turn that asked for personal data (请提供收件人电话,
 * 手机号多少？ then the number alone): it is what was asked for.
 */
export function answersPersonalRequest(t: string, s: number): boolean {
  const asked = requestBefore(t, s);
  return asked !== undefined && asked.key.kind !== 'negative';
}

/**
 * @internal Where the key starts in the previous turn that asked for the number at `s` (see the
 * file comment), or -1.
 */
export function dialogueAnswerLabel(t: string, s: number): number {
  const asked = requestBefore(t, s);
  if (asked === undefined || asked.key.kind !== 'negative') return -1;
  const { key, end } = asked;
  // nothing in that turn names personal data or someone to call
  for (let b = end; b > 0 && end - b < TURN_MAX && t.charCodeAt(b - 1) !== 10; b--) {
    if (personalEndingAt(t, b)) return -1;
  }
  // and the answer is not said to be someone's (13812345678 这是我电话)
  let e = s;
  while (
    e < t.length &&
    e - s < 24 &&
    (isDigit(t.charCodeAt(e)) || t.charCodeAt(e) === 32 || t.charCodeAt(e) === 45)
  )
    e++;
  if (personalKeyAfter(t, e) || nameAfterOnLine(t, e)) return -1;
  // (or after a comma: 货号？A，张三 may give a person's phone and name)
  while (e > s && t.charCodeAt(e - 1) === 32) e--;
  if (COMMAS.has(t.charCodeAt(e)) && nameAfterOnLine(t, e + 1)) return -1;
  return personalSoonAfter(t, e, ANSWER_TAIL) ? -1 : key.start;
}
