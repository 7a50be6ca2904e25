// The label after a number (13812345678是订单号, A、B 两个包裹, A（顺丰速运）, A 和 B 的物流, A is
// my phone): what it names, read in a window of a few words after the number, and whether what
// is said right after the number calls it back (A，打这个; A, call me).
import { isIdeograph as $isIdeograph } from './char-flags.js';
import {
  CARRIERS,
  CLOSE,
  OPEN,
  SEVERAL,
  keyKindAt as $keyKindAt,
  skipSpaces as $skipSpaces,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { pointedBackFrom as $pointedBackFrom } from './number-pointed-back.js';
import { gapStart as $gapStart } from './number-gap.js';
import { parcelStateAfter as $parcelStateAfter } from './number-parcel-state.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const chineseNameEnd = $chineseNameEnd;
const pointedBackFrom = $pointedBackFrom;
const gapStart = $gapStart;
const keyEndingAt = $keyEndingAt;
const parcelStateAfter = $parcelStateAfter;
const isCjk = $isIdeograph;
const keyKindAt = $keyKindAt;
const skipSpaces = $skipSpaces;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;

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
  // a correction: A 才是单号 (the other one was not), A 就是单号, Cantonese 先係/就係
  '才是',
  '就是',
  '才係',
  '先係',
  '就係',
  '均为',
  '均是',
  '皆为',
  '皆是',
  '都为',
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

/**
 * @internal Whether a key of personal data labels the number that ends at `e` from behind (A 是收件人
 * 手机, A（电话）, A is my phone): such a number does not continue a list of waybills before it.
 */
export function personalKeyAfter(t: string, e: number): boolean {
  return keyAfter(t, e) === 'personal';
}

/**
 * @internal Whether a Chinese name follows the number that ends at `e` on its own line (发货清单
 * then `A 张三`): a list whose items carry names is a list of people's numbers, whatever heading
 * the line above gives it.
 */
export function nameAfterOnLine(t: string, e: number): boolean {
  let p = e;
  while (
    p < t.length &&
    p - e < 4 &&
    (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9 || t.charCodeAt(p) === 0x3000)
  )
    p++;
  const end = chineseNameEnd(t, p, true);
  if (end === -1) return false;
  const c = end < t.length ? t.charCodeAt(end) : 10;
  return c === 10 || c === 13 || c === 32 || c === 9 || !isCjk(c);
}

/**
 * @internal What the label after the number that ends at `e` names: `negative` for a key of
 * non-personal numbers (see labelledAfter below), `personal` for one of personal
 * data, else undefined.
 */
export function keyAfter(t: string, e: number): 'negative' | 'personal' | undefined {
  let p = skipSpaces(t, e, 2);
  // 一个是A，另一个是B，都是运单号: a comma, then a word that says "all of them"
  const c0 = t.charCodeAt(p);
  if ((c0 === 0xff0c || c0 === 44) && wordAfter(t, skipSpaces(t, p + 1, 1), ALL_WORDS) !== -1)
    p = skipSpaces(t, p + 1, 1);
  // A 和 B 的物流 (the parcel's tracking; 1381…的快递 is the parcel of that phone's owner)
  if (t.charCodeAt(p) === 0x7684 && wordAfter(t, p + 1, TRACKING) !== -1) return 'negative';
  const bracketed = OPEN.has(t.charCodeAt(p));
  if (bracketed) p = skipSpaces(t, p + 1, 1);
  else {
    const lead = wordAfter(t, p, LEAD_WORDS);
    if (lead === -1) {
      // the next clause pointing back at it: A去了，那是个单号 (number-item-words.ts)
      const back = pointedBackFrom(t, e);
      return back === -1 ? undefined : keyKindAt(t, back);
    }
    p = skipSpaces(t, lead, 2);
    // 这两个 + 是, 都 + 是
    const again = wordAfter(t, p, LEAD_WORDS);
    if (again !== -1) p = skipSpaces(t, again, 2);
    // whose it is: A 是我电话, A 是我的运单号
    const owner = wordAfter(t, p, OWNERS);
    if (owner !== -1) p = owner;
    // which one: A 才是正确的单号, A 是新的电话 (the key after decides)
    const which = wordAfter(t, p, QUALIFIERS);
    if (which !== -1) p = which;
  }
  const lo = p;
  const carrier = wordAfter(t, p, CARRIERS);
  if (carrier !== -1) p = skipSpaces(t, carrier, 1);
  // A（顺丰速运）, A [JD Logistics]: the carrier alone in the brackets (not 顺丰快递员, 中通小哥)
  if (bracketed && carrier !== -1) {
    const suffix = wordAfter(t, p, CARRIER_SUFFIXES);
    if (CLOSE.has(t.charCodeAt(skipSpaces(t, suffix === -1 ? p : suffix, 1)))) return 'negative';
  }
  // A（张三）: whose number it is
  if (bracketed && carrier === -1) {
    const name = chineseNameEnd(t, p, true);
    if (name !== -1 && CLOSE.has(t.charCodeAt(name))) return 'personal';
  }
  const kind = keyKindAt(t, p, lo);
  if (kind !== undefined) return kind;
  // A、B 两个快递 (the parcels themselves), A 是中通的 (the carrier's, not someone's)
  const noun = wordAfter(t, p, PARCELS);
  if (noun !== -1 && (carrier !== -1 || wordBefore(t, lo, COUNT_WORDS) !== -1)) return 'negative';
  if (carrier !== -1 && t.charCodeAt(p) === 0x7684 && !isCjk(t.charCodeAt(p + 1))) return 'negative'; // 的
  return undefined;
}

/** @internal whose a number is: 我的, 我们的, 他的 ... (A 是我的运单号; 我的 A) */
export const OWNERS = words(['我们的', '我的', '你的', '他的', '她的', '本人', '我', '他', '她']);
// what tells which one after the joining word (A 才是正确的单号, A 是新的电话)
const QUALIFIERS = words(['正确的', '正確的', '真正的', '对的', '對的', '准确的', '新的', '最新的', '啱嘅']);
// what says "all of them" after a comma (，都是运单号, ，均为物流单号)
const ALL_WORDS = words(['都是', '均为', '均是', '皆为', '皆是', '都为']);
// what follows a carrier's short name in its full one (顺丰快递, JD Logistics)
const CARRIER_SUFFIXES = words(['速运', '速递', '快递', '快运', '物流', 'logistics', 'express']);
// what only a waybill has after 的: its tracking, route and delivery state
const TRACKING = words(['物流', '轨迹', '派送进度', '配送进度', '运输状态', '签收状态', '揽收']);
// parcels named after a count or a carrier (两个快递, 中通包裹, 这个件); 快递员 is someone, so not before 员
export const PARCELS = words([
  '快递',
  '快件',
  '包裹',
  '单子',
  '單子',
  '单',
  '單',
  '票',
  '件',
  'parcels',
  'packages',
  'shipments',
]);
// counts before a parcel word after the number, and 这个 too: after the number, 这个快递 points
// back at it (A 这个快递), where before a number it may be the courier
const COUNT_WORDS = words([...SEVERAL.list, '这个']);

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
 * @internal Whether the words right after the number ending at `e` (across spaces and a comma) call it or
 * call it someone's phone (see CALL_BACK); a call further on (A已到，请联系快递员) speaks of
 * someone else.
 */
export function callsBack(t: string, e: number): boolean {
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
