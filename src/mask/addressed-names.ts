// Names where their place in a sentence or a list says "person", with no label before them:
// - a name addressed at the start of a sentence, right before 你 / 您 (马志远你那批退货…, 李娜，你的
//   件到了); the greeting 你好 / 您好 is notification-names.ts's;
// - a name asked after on the phone: 是 + name + 吗 (喂，是施文斌吗？ 请问您是王芳女士吗);
// - a name as the subject of an item of a numbered list (1）邹凯手机空号；2. 陈建国 地址错误): the
//   scan lists the items' numbers (scan.ts), the name must be followed by what happened to the
//   person (a stop word such as 电话 手机 地址, or 已 未 没 不 拒 称 说 要), a number or the item's end.
// Each is looked at once, at a marker the scan lists (你 您 吗 嗎, an item's number), a name's
// length around it.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { charBeforeSpaces as $charBeforeSpaces } from './line-window.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  stopAt as $stopAt,
  stopWordAt as $stopWordAt,
  surnameLenAt as $surnameLenAt,
} from './name-shape.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { matchDivisions as $matchDivisions } from './divisions.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const charBeforeSpaces = $charBeforeSpaces;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const stopAt = $stopAt;
const stopWordAt = $stopWordAt;
const surnameLenAt = $surnameLenAt;
const pushName = $pushName;
const taken = $taken;
const matchDivisions = $matchDivisions;

// last characters of a place's or a body's name, not of a person's (林业局, 胡同里, 城东站, 二号店):
// these positions carry no label, so a run ending so is no name
const PLACE_ENDS = new Set([...'局厅院站店厂村镇乡区县市省路街巷楼馆部司处里'].map((c) => c.charCodeAt(0)));
// what a city's or a county's name is written with (张家口市, 黄山市, 朝阳区)
const DIVISION_SUFFIXES = ['市', '县', '区'];

/**
 * @internal Whether the run t[s, e) found in one of these unlabelled positions may be a person's name: it
 * does not end as a place or a body does, and it is not the name of a city or a county written
 * without its suffix (张家口你去过吗, 请问是黄山吗).
 */
export function personLike(t: string, s: number, e: number): boolean {
  if (PLACE_ENDS.has(t.charCodeAt(e - 1))) return false;
  const run = t.slice(s, e);
  for (const suffix of DIVISION_SUFFIXES)
    if (matchDivisions(run + suffix, 0)?.end === run.length + 1) return false;
  return true;
}

/**
 * Whether a sentence starts at `s`: the text's start, a line's, or after 。！？；… 】, a speaker's
 * colon or a mention's @ (and spaces).
 */
function sentenceStart(t: string, s: number): boolean {
  const c = charBeforeSpaces(t, s);
  return (
    c === -1 ||
    c === 10 ||
    c === 13 ||
    c === 0x3002 || // 。
    c === 0xff01 || // ！
    c === 0xff1f || // ？
    c === 0xff1b || // ；
    c === 33 ||
    c === 63 ||
    c === 59 ||
    c === 0x2026 || // …
    c === 0x3011 || // 】
    // a speaker's or a chat's label (店长：马志远你…) and a chat's mention (@马志远 你…)
    c === 0xff1a ||
    c === 58 ||
    c === 64
  );
}

/**
 * The name of two to four characters that ends at `end` and starts where `startOk` allows, read
 * as {@link chineseNameEnd} reads it from its first character; -1 when none.
 */
function nameEndingAt(t: string, end: number, startOk: (s: number) => boolean): number {
  for (let len = 2; len <= 4; len++) {
    const s = end - len;
    if (s < 0 || !isCjk(t.charCodeAt(s))) return -1;
    const sl = surnameLenAt(t, s);
    if (sl === 0 || (len === 4 && sl !== 2) || !startOk(s)) continue;
    if (chineseNameEnd(t, s, true) === end) return s;
  }
  return -1;
}

/**
 * @internal A name addressed at a sentence's start right before 你 / 您 at `at` (马志远你那批退货,
 * 李娜，你的快递到了); 你好 / 您好 are the greeting pass's.
 */
export function vocativeAt(t: string, at: number, out: Candidate[]): void {
  if (at < 2 || t.charCodeAt(at + 1) === 0x597d) return; // 好
  let end = at;
  const b = t.charCodeAt(end - 1);
  if (b === 0xff0c || b === 44 || b === 32) end--; // ， , or a space
  const s = nameEndingAt(t, end, (q) => sentenceStart(t, q));
  if (s !== -1 && !taken(s, end) && personLike(t, s, end)) pushName(out, s, end, 0.75);
}

/**
 * @internal A name asked after before 吗 / 嗎 at `at`: 是 + name (+ an honorific) + 吗 (喂，是施文斌吗？
 * 请问是张伟吗, 您是王芳女士吗). A surname with an honorific alone (是王先生吗) is not a name.
 */
export function askedNameAt(t: string, at: number, out: Candidate[]): void {
  let end = at;
  if (end >= 2 && honorificAt(t, end - 2)) end -= 2;
  const s = nameEndingAt(t, end, (q) => q > 0 && t.charCodeAt(q - 1) === 0x662f); // 是
  if (s !== -1 && !taken(s, end) && personLike(t, s, end)) pushName(out, s, end, 0.75);
}

// what follows the subject of an incident list item, one character (已拒收, 未接, 没人, 不在, 拒签,
// 称, 说, 要求) where no stop word (电话 手机 地址 签收 ...) stands
const ITEM_VERBS = new Set([...'已未没沒不拒称稱说說要'].map((c) => c.charCodeAt(0)));

/**
 * @internal The subject of a numbered list item whose number starts at `at` (1）邹凯手机空号, 2. 陈建国
 * 地址错误, (3) 韩梅梅 拒收): a name right after the number and its closer, followed by a stop
 * word, one of ITEM_VERBS, a digit or the item's end, past at most one space or comma.
 */
export function listItemAt(t: string, at: number, out: Candidate[]): void {
  let q = at;
  if (t.charCodeAt(q) === 40) q++;
  const cap = Math.min(t.length, at + 8);
  while (q < cap) {
    const c = t.charCodeAt(q);
    // the number, its closer ) ） . ． 、 and spaces
    if (
      (c >= 48 && c <= 57) ||
      c === 41 ||
      c === 0xff09 ||
      c === 46 ||
      c === 0xff0e ||
      c === 0x3001 ||
      c === 32
    )
      q++;
    else break;
  }
  if (!isCjk(t.charCodeAt(q))) return;
  let e = chineseNameEnd(t, q, true);
  // a two-character name glued to a verb that is no stop character (李明拒收, 王芳未接)
  if (e - q === 3 && ITEM_VERBS.has(t.charCodeAt(e - 1))) e--;
  if (e === -1 || e - q < 2 || !itemGoesOn(t, e) || taken(q, e) || !personLike(t, q, e)) return;
  pushName(out, q, e, 0.7);
}

/** Whether what follows a list item's subject at `e` reads as what happened to that person. */
function itemGoesOn(t: string, e: number): boolean {
  if (e >= t.length) return true;
  let q = e;
  const c0 = t.charCodeAt(q);
  if (c0 === 32 || c0 === 0x3000 || c0 === 0xff0c || c0 === 44 || c0 === 0xff1a || c0 === 58) q++;
  if (q >= t.length) return true;
  const c = t.charCodeAt(q);
  if (c === 10 || c === 13 || c === 0xff1b || c === 59 || c === 0x3002) return true;
  if ((c >= 48 && c <= 57) || c === 43 || c === 40 || c === 0xff08) return true;
  return ITEM_VERBS.has(c) || stopWordAt(t, q) || honorificAt(t, e);
}

// what follows the sender's 寄 (寄给 寄來 寄过来): the name before it sent the parcel
const SENT_TO = new Set([...'给給来來过過'].map((c) => c.charCodeAt(0)));

/**
 * @internal The sender named right before 寄给 / 寄来 at `at` (这个件是诸葛明远寄给上官婉清的, 王芳寄来的
 * 包裹): a name that starts the text or a clause, or follows a stop character (是 的 把 ...), and
 * is neither a place's name nor a city written without its suffix (从哈尔滨寄来 is a place).
 */
export function senderAt(t: string, at: number, out: Candidate[]): void {
  if (at < 2 || !SENT_TO.has(t.charCodeAt(at + 1))) return;
  const s = nameEndingAt(t, at, (q) => q === 0 || !isCjk(t.charCodeAt(q - 1)) || stopAt(t, q - 1));
  if (s === -1 || taken(s, at) || !personLike(t, s, at)) return;
  // 从 / 自 before it make it a place (从哈尔滨寄来, 自杭州寄出)
  const b = s > 0 ? t.charCodeAt(s - 1) : 0;
  if (b === 0x4ece || b === 0x5f9e || b === 0x81ea) return;
  pushName(out, s, at, 0.75);
}
