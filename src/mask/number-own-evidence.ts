// What ties one number to someone by what stands right around it (number-blocks.ts asks it of
// each mobile of a block): a key of personal data before or after it, a phone or contact word in
// its own clause, an owner's word or a name beside it, a party's object, an answer to a request
// for a phone, a contact list's note or a line naming people (block-notes.ts), a key of a
// personal identifier, a record of a call. Each check reads a bounded window around the number.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import {
  OWNERS,
  nameAfterOnLine as $nameAfterOnLine,
  personalKeyAfter as $personalKeyAfter,
} from './number-after.js';
import { personalKeyBefore as $personalKeyBefore } from './number-labels.js';
import { answersPersonalRequest as $answersPersonalRequest } from './number-dialogue.js';
import { callRecord as $callRecord, partyObject as $partyObject } from './number-records.js';
import {
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  wordBefore as $wordBefore,
  CLOSE,
  NOT_CALLS,
} from './number-words.js';
import { chineseNameEnd as $chineseNameEnd, honorificAt as $honorificAt } from './name-shape.js';
import { latinNameEnd as $latinNameEnd } from './latin-names.js';
import { CLAUSE_BACK, CLAUSE_READ, PERSONAL_HEADING } from './shipment-lists.js';
import {
  noteAfter as $noteAfter,
  noteBefore as $noteBefore,
  personalLineAbove as $personalLineAbove,
  personalLineBelow as $personalLineBelow,
  personalIdKeyBefore as $personalIdKeyBefore,
} from './block-notes.js';
import { changedPhoneBefore as $changedPhoneBefore } from './number-changed-phone.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const personalKeyAfter = $personalKeyAfter;
const nameAfterOnLine = $nameAfterOnLine;
const personalKeyBefore = $personalKeyBefore;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const wordBefore = $wordBefore;
const isCjk = $isIdeograph;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const latinNameEnd = $latinNameEnd;
const answersPersonalRequest = $answersPersonalRequest;
const partyObject = $partyObject;
const noteAfter = $noteAfter;
const noteBefore = $noteBefore;
const personalLineAbove = $personalLineAbove;
const personalLineBelow = $personalLineBelow;
const personalIdKeyBefore = $personalIdKeyBefore;
const callRecord = $callRecord;
const changedPhoneBefore = $changedPhoneBefore;

/**
 * @internal Whether the number t[s, e) is tied to someone by what stands right around it: a key of personal
 * data before it (电话：, "tel":", sjdh=) or after it (A（电话）, A 是我手机), a phone or contact word
 * in its own clause (联系方式 A, A 有事打这个), an owner's word or a name beside it (我的 A, 张三 A,
 * Zhang Wei A, A 张三), a party's JSON object ("receiver":{"t":A}), a turn that asked for a
 * phone before it (请问收件人电话？ then A), or the new value of a phone that changed (改电话了，
 * 新的是 A).
 */
export function ownEvidence(t: string, s: number, e: number): boolean {
  return (
    personalKeyBefore(t, s) ||
    personalKeyAfter(t, e) ||
    personalInClauseBefore(t, s) ||
    personalInClauseAfter(t, e) ||
    ownerBefore(t, s) ||
    nameBefore(t, s) ||
    nameAfterOnLine(t, e) ||
    partyObject(t, s) ||
    answersPersonalRequest(t, s) ||
    noteAfter(t, e) ||
    noteBefore(t, s) ||
    personalLineAbove(t, s) ||
    personalLineBelow(t, e) ||
    personalIdKeyBefore(t, s) ||
    changedPhoneBefore(t, s) ||
    callRecord(t, s, e)
  );
}

// what ends a number's clause or field: punctuation, a line, a tab, a record's '|', JSON brackets
const FIELD_END: ReadonlySet<number> = new Set([...'，。；！？,;!?\n\r\t|{}[]'].map((c) => c.charCodeAt(0)));

/** @internal Whether a phone or contact word (or a key of personal data) stands in the clause before `s`. */
export function personalInClauseBefore(t: string, s: number): boolean {
  // the number's own separator, then back to the clause's start or to the separator of another
  // key (sjr=何静 dh=A: sjr keys the name, not A)
  let a = s;
  while (a > 0 && s - a < 4 && (KEY_SEP.has(t.charCodeAt(a - 1)) || isSpace(t.charCodeAt(a - 1)))) a--;
  while (a > 0 && s - a < CLAUSE_BACK) {
    const c = t.charCodeAt(a - 1);
    if (FIELD_END.has(c) || isDigit(c) || c === 61 || c === 58 || c === 0xff1a) break;
    a--;
  }
  if (a === s) return false;
  if (PERSONAL_HEADING.test(t.slice(a, s))) return true;
  for (let k = a + 1; k <= s; k++) if (personalEndingAt(t, k, a)) return true;
  return false;
}

// what follows a key that labels the value after it (A mobile=B: mobile is B's key, not A's)
const KEY_SEP: ReadonlySet<number> = new Set([...':：="\''].map((c) => c.charCodeAt(0)));

/**
 * Whether a phone or contact word follows the number that ends at `e` in its own clause (A 有事
 * 打这个, A 是我老婆手机): not a key with its separator, which labels the next value.
 */
function personalInClauseAfter(t: string, e: number): boolean {
  let a = e + 1;
  for (; a <= t.length && a - e <= CLAUSE_READ; a++) {
    const c = t.charCodeAt(a - 1);
    if (FIELD_END.has(c) || isDigit(c)) break;
    if (c === 61 || c === 58 || c === 0xff1a) {
      // the key of the next value (A tel=B, A 电话：B) is not this number's: the clause ends before it
      a--;
      while (a > e + 1 && t.charCodeAt(a - 2) !== 32) a--;
      break;
    }
    const next = t.charCodeAt(a);
    // (打 of 打印, 打单 and 打包 is printing and packing, not calling)
    if (personalEndingAt(t, a, e) && !NOT_CALLS.has(next) && !KEY_SEP.has(next)) return true;
    // an owner's word ending the clause (A（我的）, A、B 都是我的): no thing named after it
    if ((a === t.length || FIELD_END.has(next) || CLOSE.has(next) || next === 32) && ownerEndingAt(t, a))
      return true;
  }
  // a word for people in the clause (A（家人）, A (wife), A 是我们两口子的)
  return a - 1 > e && PERSONAL_HEADING.test(t.slice(e, a - 1));
}

/**
 * Whether a word of ownership by a person ends right before the number at `s` (我的 A, 她的：A,
 * 本人 A): the person's own number (a thing's word between them, 我的单号 A, is a label read
 * before this rule). Single characters (我, 他) are not read: 其他 ends in one.
 */
function ownerBefore(t: string, s: number): boolean {
  let q = s;
  while (q > 0 && s - q < 2 && NAME_GAP.has(t.charCodeAt(q - 1))) q--;
  return ownerEndingAt(t, q);
}

/** Whether an owner's word (OWNERS) ends at `q`: a single character (我, 她) only standing alone. */
function ownerEndingAt(t: string, q: number): boolean {
  const w = wordBefore(t, q, OWNERS);
  return w !== -1 && (q - w >= 2 || w === 0 || !isCjk(t.charCodeAt(w - 1)));
}

// what may stand between a name and its number: spaces, a tab, a colon, a comma, a bracket,
// quotes, an arrow or a dash (张三→A, 张三-A)
const NAME_GAP: ReadonlySet<number> = new Set(
  [...' \t\u3000:：,，(（"\'|=→⇒>-—'].map((c) => c.charCodeAt(0)),
);

/**
 * Whether a name ends right before the number at `s`, across at most four separators (张三 A,
 * 张三：A, 王先生 A, "张三","A", Zhang Wei A). A single Latin word is not a name here (Bag A,
 * First=A), nor is a Latin word that keys a value with '='.
 */
function nameBefore(t: string, s: number): boolean {
  let q = s;
  let eq = false;
  while (q > 0 && s - q < 4 && NAME_GAP.has(t.charCodeAt(q - 1))) {
    if (t.charCodeAt(q - 1) === 61) eq = true;
    q--;
  }
  if (q === 0) return false;
  const c = t.charCodeAt(q - 1);
  if (c >= 0x3400) {
    if (q >= 2 && honorificAt(t, q - 2)) return true;
    for (let i = Math.max(0, q - 4); i <= q - 2; i++) if (chineseNameEnd(t, i, true) === q) return true;
    return false;
  }
  if (!isLetter(c) || eq) return false;
  // the start of each capitalized word at most 32 characters back: a two-word name ending at q
  let words = 0;
  for (let i = q - 1; i >= 0 && q - i <= 32; i--) {
    const x = t.charCodeAt(i);
    if (x === 32) continue;
    if (!isLetter(x) && x !== 39 && x !== 45) break;
    if (i > 0 && (isLetter(t.charCodeAt(i - 1)) || t.charCodeAt(i - 1) === 39 || t.charCodeAt(i - 1) === 45))
      continue;
    words++;
    if (words >= 2 && x >= 65 && x <= 90 && latinNameEnd(t, i) === q) return true;
  }
  return false;
}
