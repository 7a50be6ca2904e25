// The record a number stands in, as evidence for the block rule (number-blocks.ts): a JSON object
// or array row around it, else its line; and the party (receiver, sender ...) whose JSON object
// holds it. A record that names a person ({"name":"张三","m":A},
// ["张三",A,2], name=张三 m=A) ties its number to that person, unless it gives the person's phone
// under a key of its own ({"dh":A,"sjr":"何静","sjdh":B}: B is her phone, A is something else).
// Each record is read within RECORD_READ characters either side of the number.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';
import { wordAfter as $wordAfter, words } from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const chineseNameEnd = $chineseNameEnd;
const isCjk = $isIdeograph;
const keyEndingAt = $keyEndingAt;
const wordAfter = $wordAfter;

const RECORD_READ = 128;

/**
 * Start and end of the record around t[s, e): the innermost JSON object or array that holds it
 * (on its line), else the line, each side read at most RECORD_READ characters.
 */
function recordAround(t: string, s: number, e: number): [number, number] {
  let a = s;
  let depth = 0;
  let open = -1;
  for (; a > 0 && s - a < RECORD_READ; a--) {
    const c = t.charCodeAt(a - 1);
    if (c === 10) break;
    if (c === 125 || c === 93) depth++;
    else if (c === 123 || c === 91) {
      if (depth === 0) {
        open = a - 1;
        break;
      }
      depth--;
    }
  }
  let b = e;
  depth = 0;
  for (; b < t.length && b - e < RECORD_READ; b++) {
    const c = t.charCodeAt(b);
    if (c === 10) break;
    if (open !== -1) {
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (depth === 0) return [open, b + 1];
        depth--;
      }
    }
  }
  return [open === -1 ? a : open, b];
}

/** Whether t[a, b) names a person: a Chinese name standing alone, or a name key with a value. */
function namesPerson(t: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if (isCjk(c)) {
      // a run of ideographs that is a name whole (张三 between quotes, tabs or '=')
      let q = k;
      while (q < b && isCjk(t.charCodeAt(q))) q++;
      if (
        q - k >= 2 &&
        q - k <= 4 &&
        (k === 0 || !isCjk(t.charCodeAt(k - 1))) &&
        chineseNameEnd(t, k, true) === q
      )
        return true;
      k = q - 1;
    } else if (c === 58 || c === 61 || c === 0xff1a) {
      // a name key (name=, "receiverName":, 姓名：) with a value that is not a number
      const end = t.charCodeAt(k - 1) === 34 ? k - 1 : k;
      const key = keyEndingAt(t, end);
      if (key === undefined || key.kind !== 'name' || key.start < a) continue;
      let v = k + 1;
      while (v < b && (t.charCodeAt(v) === 34 || t.charCodeAt(v) === 32)) v++;
      const x = t.charCodeAt(v);
      if (v < b && !(x >= 48 && x <= 57) && x !== 110 && x !== 44 && x !== 59) return true;
    }
  }
  return false;
}

/**
 * @internal Whether the record of phones[i] names a person and gives no other number of it under
 * a key of personal data (`keyedPhone(j)`): then phones[i] is that person's.
 */
export function recordNamesOwner(
  t: string,
  phones: readonly Candidate[],
  i: number,
  keyedPhone: (j: number) => boolean,
): boolean {
  const c = phones[i]!;
  const [a, b] = recordAround(t, c.start, c.end);
  for (let j = i - 1; j >= 0 && phones[j]!.start >= a; j--)
    if (phones[j]!.start !== c.start && keyedPhone(j)) return false;
  for (let j = i + 1; j < phones.length && phones[j]!.end <= b; j++)
    if (phones[j]!.start !== c.start && keyedPhone(j)) return false;
  return namesPerson(t, a, b);
}

// how far back the object around a value is looked for
const OBJECT_READ = 128;

/**
 * Reading back from `k` (at most OBJECT_READ from `s`), the index right after the bracket that
 * is still open there (`{` or `[`, skipping closed pairs), or where the reach ends; -1 at a
 * line's end (a JSON record is read on its line).
 */
function enclosingOpen(t: string, k: number, s: number): number {
  let depth = 0;
  for (; k > 0 && s - k < OBJECT_READ; k--) {
    const c = t.charCodeAt(k - 1);
    if (c === 125 || c === 93) depth++;
    else if (c === 123 || c === 91) {
      if (depth === 0) return k;
      depth--;
    } else if (c === 10) return -1;
  }
  return k;
}

/**
 * @internal Whether the JSON object the value at `s` stands in is a party's ("receiver":{"n":…,"t":"A"}):
 * the key of the object, or of the array of such objects it is a row of ("contacts":[{…},{…}]),
 * names a person or their contact (receiver, sender, consignee, contact).
 */
export function partyObject(t: string, s: number): boolean {
  let k = enclosingOpen(t, s, s);
  // (an array right around the value: no object's key speaks for it)
  if (k <= 0 || t.charCodeAt(k - 1) !== 123) return false;
  k--;
  // an object in an array ("contacts":[{…,"m":A},{…}]): the array's key speaks for its rows
  let q = k;
  while (q > 0 && t.charCodeAt(q - 1) === 32) q--;
  const before = t.charCodeAt(q - 1);
  if (before === 44 || before === 91) {
    q = enclosingOpen(t, q, s);
    if (q <= 0 || t.charCodeAt(q - 1) !== 91) return false;
    k = q - 1;
  }
  // "receiver": {  /  receiver={
  for (let n = 0; k > 0 && n < 4; n++) {
    const c = t.charCodeAt(k - 1);
    if (c === 32 || c === 58 || c === 61 || c === 34 || c === 39) k--;
    else break;
  }
  const key = keyEndingAt(t, k);
  return key !== undefined && key.kind !== 'negative';
}

// what a record of a call or a text message says it is: the numbers of such a record are the
// phones called or texted (evt=call_out num=A, 外呼 号码=A, sms_log|to=A)
const CALL_EVENTS = words([
  '外呼',
  '呼叫',
  '呼出',
  '呼入',
  '来电',
  '去电',
  '通话',
  '短信',
  '拨打',
  '回拨',
  '回电',
  'call',
  'calls',
  'dial',
  'sms',
]);

/**
 * @internal Whether the record around t[s, e) (its JSON object or array row, else its line, at
 * most RECORD_READ characters back) is a call's or a text message's: a word of one stands in it
 * before the number (evt=call_out … num=A; sms_log|to=A|tpl=…).
 */
export function callRecord(t: string, s: number, e: number): boolean {
  const [a] = recordAround(t, s, e);
  // (before the number: a record says first what it is; a flag after it, sms=0, is no event)
  for (let k = a; k < s; k++) {
    const c = t.charCodeAt(k);
    // only where a word can begin: an ideograph, or a letter after no letter
    if (c < 0x3400 && !((c | 32) >= 97 && (c | 32) <= 122)) continue;
    const w = wordAfter(t, k, CALL_EVENTS);
    if (w !== -1 && (w - k > 2 || c >= 0x3400 || !isWordChar(t.charCodeAt(w)))) return true;
  }
  return false;
}

/** Whether `c` continues a Latin word (a letter; not '_' or a digit, which separate a key's words). */
function isWordChar(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}
