// Numbers allocated in blocks: waybill, order, ticket, bag or chute-range numbers that a system
// hands out consecutively, so those of one text share a long leading prefix and differ in their
// last digits (a1=19102233047, a2=19102233055; first=17166500201|last=17166500588). People's
// phones do not share eight leading digits by chance. So among the mobile-shaped numbers of one
// text, two different ones that share their first BLOCK_PREFIX digits and that nothing ties to
// someone are serials; and so is one that shares them with a number a label already took away
// (ddh=A, dup_of=B). A number tied to someone (a phone key or column, a contact word or a call,
// an owner's word or a name beside it, a party's object, an answer to a request for a phone, a
// record naming its person, a list such a label heads, a contact list's note beside it or a line
// naming people above or below the list (block-notes.ts), a key of a personal identifier, a
// record of a call or a text message) stays a phone and makes no sibling one: a family's or a
// company's consecutive SIM numbers are written with names, phone words or such notes.
// Cost: one pass over the candidates into a Map by prefix; evidence is read (bounded windows
// around each number) only when some prefix holds two different numbers.
import type { Candidate } from './detect-numbers.js';
import { mobileDigits as $mobileDigits } from './mobile-batches.js';
import { listGap as $listGap } from './number-lists.js';
import {
  OWNERS,
  nameAfterOnLine as $nameAfterOnLine,
  personalKeyAfter as $personalKeyAfter,
} from './number-after.js';
import { personalKeyBefore as $personalKeyBefore } from './number-labels.js';
import { answersPersonalRequest as $answersPersonalRequest } from './number-dialogue.js';
import {
  callRecord as $callRecord,
  partyObject as $partyObject,
  recordNamesOwner as $recordNamesOwner,
} from './number-records.js';
import {
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  wordBefore as $wordBefore,
  isCjk as $isCjk,
  CLOSE,
  NOT_CALLS,
} from './number-words.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  latinNameEnd as $latinNameEnd,
} from './name-shape.js';
import { CLAUSE_BACK, CLAUSE_READ, PERSONAL_HEADING } from './shipment-lists.js';
import {
  noteAfter as $noteAfter,
  noteBefore as $noteBefore,
  personalLineAbove as $personalLineAbove,
  personalLineBelow as $personalLineBelow,
  personalIdKeyBefore as $personalIdKeyBefore,
} from './block-notes.js';
import { changedPhoneBefore as $changedPhoneBefore } from './number-referred.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const mobileDigits = $mobileDigits;
const listGap = $listGap;
const personalKeyAfter = $personalKeyAfter;
const nameAfterOnLine = $nameAfterOnLine;
const personalKeyBefore = $personalKeyBefore;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const wordBefore = $wordBefore;
const isCjk = $isCjk;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const latinNameEnd = $latinNameEnd;
const answersPersonalRequest = $answersPersonalRequest;
const recordNamesOwner = $recordNamesOwner;
const partyObject = $partyObject;
const noteAfter = $noteAfter;
const noteBefore = $noteBefore;
const personalLineAbove = $personalLineAbove;
const personalLineBelow = $personalLineBelow;
const personalIdKeyBefore = $personalIdKeyBefore;
const changedPhoneBefore = $changedPhoneBefore;
const callRecord = $callRecord;

/** @internal What a block shares: the first eight of eleven digits (a block of up to a thousand numbers). */
export const BLOCK_PREFIX = 8;

/**
 * @internal The mobiles of `seq` (all number candidates, in text order) that are serial numbers
 * of one block (see the file comment), less those already in `dropped`; `keyed` are the
 * candidates a key or a column of personal data gave. Undefined when there is none; a text with
 * fewer than two mobiles is not read at all.
 */
export function serialBlocks(
  t: string,
  seq: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  keyed: readonly Candidate[],
): Set<Candidate> | undefined {
  let n = 0;
  for (let i = 0; i < seq.length; i++) if (seq[i]!.kind === 'phone') n++;
  if (n < 2) return undefined;
  const phones: Candidate[] = [];
  const digits: string[] = [];
  const byPrefix = new Map<string, number[]>();
  let block = false;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (c.kind !== 'phone') continue;
    const d = mobileDigits(t, c);
    if (d === undefined) continue;
    const p = d.slice(0, BLOCK_PREFIX);
    const members = byPrefix.get(p);
    if (members === undefined) byPrefix.set(p, [phones.length]);
    else {
      members.push(phones.length);
      // two different numbers, or one a label took away: there may be a block
      if (!block)
        block =
          digits[members[0]!] !== d ||
          dropped?.has(c) === true ||
          dropped?.has(phones[members[0]!]!) === true;
    }
    phones.push(c);
    digits.push(d);
  }
  if (!block) return undefined;
  const tied = tiedToSomeone(t, phones, dropped, keyed);
  let out: Set<Candidate> | undefined;
  for (const members of byPrefix.values()) {
    if (members.length < 2) continue;
    // the untied numbers still standing, and whether a label took away one of the block
    // the number a label took (one of them), and whether a label took two different ones
    let labelled: string | undefined;
    let labelledTwo = false;
    // the different untied numbers, up to three (the same number written twice is one)
    const seen: string[] = [];
    let loose = 0;
    let fields = true;
    let range = false;
    let prev: Candidate | undefined;
    for (const i of members) {
      if (dropped?.has(phones[i]!)) {
        if (labelled === undefined) labelled = digits[i]!;
        else if (labelled !== digits[i]) labelledTwo = true;
      } else if (!tied[i]) {
        loose++;
        if (!asField(t, phones[i]!)) fields = false;
        if (prev !== undefined && !range) range = rangeBetween(t, prev, phones[i]!);
        prev = phones[i]!;
        if (seen.length < 3 && !seen.includes(digits[i]!)) seen.push(digits[i]!);
      }
    }
    // a labelled sibling (another number: the same number written again elsewhere is no block,
    // 订单号A beside a bare A), three different numbers, or two written as the fields of a record
    // or as the ends of a range; two bare numbers in prose (A / B, A 或 B) may be one family's
    // and stay phones
    if (loose === 0 || !blockOfSerials(seen, labelled, labelledTwo, fields || range)) continue;
    for (const i of members) {
      if (tied[i] || dropped?.has(phones[i]!)) continue;
      out ??= new Set();
      out.add(phones[i]!);
    }
  }
  return out;
}

/**
 * @internal Whether the untied numbers of one prefix are serials of a block: `loose` are those
 * different numbers (up to three), `labelled` one number a label took from the prefix and
 * `labelledTwo` whether it took two different ones, `written` whether the loose numbers stand
 * as fields of a record or as the ends of a range. A labelled sibling must be another number
 * (the same number written again elsewhere is no block); two loose numbers need `written`;
 * three are a block wherever they stand. Used for text here and for JSON values (json-blocks.ts).
 */
export function blockOfSerials(
  loose: readonly string[],
  labelled: string | undefined,
  labelledTwo: boolean,
  written: boolean,
): boolean {
  if (loose.length === 0) return false;
  const sibling = labelled !== undefined && (labelledTwo || loose.length > 1 || loose[0] !== labelled);
  return sibling || loose.length >= 3 || (loose.length === 2 && written);
}

// what a record's field starts after: a JSON quote or array bracket, a key's '=', a table's tab
// or '|', a line's start
const FIELD_START: ReadonlySet<number> = new Set([...'"\'=\t|[\n'].map((c) => c.charCodeAt(0)));

// what links the two ends of a range (A 至 B, 起 A 止 B, A ~ B, first bag A, last bag B)
const RANGE_LINKS = ['至', '止', '~', '～', '—', '–', ' - ', ' to ', ' until ', ' till ', 'last '];
// how far apart two ends of a range are written
const RANGE_GAP = 16;

/** Whether what stands between the numbers `a` and `b` (a before b) links them as a range. */
function rangeBetween(t: string, a: Candidate, b: Candidate): boolean {
  if (b.start - a.end > RANGE_GAP || b.start < a.end) return false;
  const gap = t.slice(a.end, b.start).toLowerCase();
  for (let i = 0; i < RANGE_LINKS.length; i++) if (gap.includes(RANGE_LINKS[i]!)) return true;
  return false;
}

/**
 * Whether the number `c` is written as a field of a record: right after a JSON quote, a '[', a
 * key's '=', a tab or a '|' (no space between), at a line's start, or followed by an arrow to
 * where it went (A → 2-4-117). Two bare numbers in prose are not.
 */
function asField(t: string, c: Candidate): boolean {
  const s = c.start;
  if (s === 0 || FIELD_START.has(t.charCodeAt(s - 1))) return true;
  let q = c.end;
  while (q < t.length && q - c.end < 2 && isSpace(t.charCodeAt(q))) q++;
  const x = t.charCodeAt(q);
  return x === 0x2192 || x === 0x21d2 || (x === 45 && t.charCodeAt(q + 1) === 62);
}

/**
 * Which of `phones` (in text order) something ties to someone: its own evidence (see ownEvidence),
 * or a list it stands in whose other item has such evidence (电话：A、B; A、B 是我们的电话). A
 * number a label took away ties nothing.
 */
function tiedToSomeone(
  t: string,
  phones: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  keyed: readonly Candidate[],
): boolean[] {
  const keyedAt = new Set<number>();
  for (let i = 0; i < keyed.length; i++) if (keyed[i]!.kind === 'phone') keyedAt.add(keyed[i]!.start);
  const tied: boolean[] = [];
  for (let i = 0; i < phones.length; i++) {
    const c = phones[i]!;
    tied.push(!dropped?.has(c) && (keyedAt.has(c.start) || ownEvidence(t, c.start, c.end)));
  }
  // a number under a key of personal data, asked once per number: the phone a record gives its
  // person under a key of its own
  const keyedMemo: Array<boolean | undefined> = [];
  const keyedPhone = (j: number): boolean =>
    (keyedMemo[j] ??=
      !dropped?.has(phones[j]!) && (keyedAt.has(phones[j]!.start) || personalKeyBefore(t, phones[j]!.start)));
  for (let i = 0; i < phones.length; i++)
    if (!tied[i] && !dropped?.has(phones[i]!)) tied[i] = recordNamesOwner(t, phones, i, keyedPhone);
  // a list takes its evidence from either end: forward, then back
  for (let i = 1; i < phones.length; i++)
    if (!tied[i] && tied[i - 1]) tied[i] = listed(t, phones, dropped, i - 1, i);
  for (let i = phones.length - 2; i >= 0; i--)
    if (!tied[i] && tied[i + 1]) tied[i] = listed(t, phones, dropped, i, i + 1);
  return tied;
}

/** Whether phones[a] and phones[b] are two items of one list (and b is not a number a label took away). */
function listed(
  t: string,
  phones: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  a: number,
  b: number,
): boolean {
  const x = phones[a]!;
  const y = phones[b]!;
  if (dropped?.has(x) || dropped?.has(y)) return false;
  return x.start === y.start || listGap(t, x.end, y.start);
}

/**
 * Whether the number t[s, e) is tied to someone by what stands right around it: a key of personal
 * data before it (电话：, "tel":", sjdh=) or after it (A（电话）, A 是我手机), a phone or contact word
 * in its own clause (联系方式 A, A 有事打这个), an owner's word or a name beside it (我的 A, 张三 A,
 * Zhang Wei A, A 张三), a party's JSON object ("receiver":{"t":A}), a turn that asked for a
 * phone before it (请问收件人电话？ then A), or the new value of a phone that changed (改电话了，
 * 新的是 A).
 */
function ownEvidence(t: string, s: number, e: number): boolean {
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

/** Whether a phone or contact word (or a key of personal data) stands in the clause before `s`. */
function personalInClauseBefore(t: string, s: number): boolean {
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
