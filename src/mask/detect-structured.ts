// Personal data where a structure says what it is: the value of a JSON key, of key=value and
// key: value pairs in log lines ("receiverName":"张三", consignee=李娜;, sjrdh=138..., 收件人电话：
// ...), and the cells of a table whose header names its columns (姓名 | 电话 | 地址, name,phone,
// address). The key decides how the value is read: a name key takes a name-shaped value even
// without a context word, an address key its whole value, a phone key a number of any
// grouping. Each pair costs a bounded look back at the key and a bounded read of the value.
import { isDigitCode as $isDigitCode } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { duplicateEntries } from './detect-db-errors.js';
import { edifactReferences, x12References, x12Segments } from './detect-edi.js';
import { messageKeys } from './detect-message-keys.js';
import { sqlInLists, sqlInserts } from './detect-sql.js';
import { bracketedNames, xmlElements } from './detect-tagged.js';
import { tables } from './detect-tables.js';
import type { Scan } from './scan.js';
import { type RecordWords, recordPickupCode } from './pickup-record-codes.js';
import { childKeyKind, inPersonObject } from './structured-child-keys.js';
import { type KeyKind, isKeyChar, keyEndingAt } from './structured-keys.js';
import { genericNameKey } from './latin-keys.js';
import { actorKeyBefore } from './actor-keys.js';
import { type Strength, valueFindings } from './structured-values.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigitCode;

/** @internal longest value read after a key */
export const MAX_VALUE = 200;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0;
}

/** End of an unquoted value from `v`: at a field terminator, at most MAX_VALUE on. */
function unquotedEnd(t: string, v: number, sep: number, kind: KeyKind): number {
  const cap = Math.min(t.length, v + MAX_VALUE);
  let e = v;
  for (; e < cap; e++) {
    const c = t.charCodeAt(e);
    // newline, tab, ; ； & | } ] and another key's = or :
    if (c === 10 || c === 13 || c === 9 || c === 59 || c === 0xff1b || c === 38 || c === 124) break;
    if (c === 125 || c === 93 || c === 61 || c === 0xff1a || c === 34) break;
    if (c === 58 && !(e > v && isDigit(t.charCodeAt(e - 1)) && isDigit(t.charCodeAt(e + 1)))) break;
    // a comma ends every field but an address written in Latin letters (Room 1203, Tower B)
    if ((c === 44 && kind !== 'address') || c === 0xff0c || c === 0x3002) break;
    // key=value logs separate fields with spaces: a space ends the value where the next key
    // begins (receiver=Sarah Lee phone=...)
    if (sep === 61 && c === 32 && keyFollows(t, e + 1)) break;
  }
  // an address in a log line ends where the next "key=" or "key:" begins: before that key and
  // the comma or spaces in front of it
  if (kind === 'address' && e < cap) {
    const c = t.charCodeAt(e);
    if (c === 58 || c === 61 || c === 0xff1a) {
      let q = e;
      while (q > v && isSpace(t.charCodeAt(q - 1))) q--;
      const key = keyEndingAt(t, q);
      if (key !== undefined && key.start > v) {
        q = key.start;
        while (q > v && (isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q - 1) === 44)) q--;
        e = q;
      }
    }
  }
  return e;
}

/** Whether a key and '=' or ':' follow at `q` (after spaces), within 40 characters. */
function keyFollows(t: string, q: number): boolean {
  const cap = Math.min(t.length, q + 40);
  while (q < cap && t.charCodeAt(q) === 32) q++;
  const s = q;
  while (q < cap && isKeyChar(t.charCodeAt(q))) q++;
  if (q === s) return false;
  const c = t.charCodeAt(q);
  return c === 61 || c === 58;
}

/** The value after the separator at `p`: [start, end), or undefined (an object, an array). */
function valueAfter(t: string, p: number, kind: KeyKind): [number, number] | undefined {
  let v = p + 1;
  let k = 0;
  while (v < t.length && k < 4 && isSpace(t.charCodeAt(v))) {
    v++;
    k++;
  }
  if (v >= t.length) return undefined;
  const c = t.charCodeAt(v);
  if (c === 123 || c === 91) return undefined; // { or [: the keys inside speak for themselves
  if (c === 34 || c === 39) {
    // a quoted value, up to its closing quote (escaped quotes are skipped)
    const cap = Math.min(t.length, v + 1 + MAX_VALUE);
    for (let e = v + 1; e < cap; e++) {
      const d = t.charCodeAt(e);
      if (d === 92) {
        e++;
        continue;
      }
      if (d === c) return [v + 1, e];
      if (d === 10) return undefined;
    }
    return undefined;
  }
  const end = unquotedEnd(t, v, t.charCodeAt(p), kind);
  return end > v ? [v, end] : undefined;
}

/**
 * Whether a role key (receiverName, consignee, 收件人), not the bare "name"; a quoted "name" in a
 * person's object ("consignee":{"name":…}) is that person's (structured-child-keys.ts).
 */
function strengthOf(t: string, start: number, end: number): Strength {
  if (!genericNameKey(t.slice(start, end))) return 'role';
  const q = t.charCodeAt(start - 1);
  return (q === 34 || q === 39) && inPersonObject(t, start - 1) ? 'role' : 'generic';
}

/** Whether a quote opens the value after the separator at `p`. */
function quotedAfter(t: string, p: number): boolean {
  let v = p + 1;
  while (v < t.length && v - p <= 4 && isSpace(t.charCodeAt(v))) v++;
  const c = t.charCodeAt(v);
  return c === 34 || c === 39;
}

/**
 * Whether the key t[s, e) is written as code rather than as a label in prose: one token with an
 * underscore, a dash, a digit or an inner capital (receiver_name, receiverMobile), or a
 * lower-case abbreviation (sjrdh, xm); not a Chinese word or a plain English word.
 */
function codeStyle(t: string, s0: number, e: number): boolean {
  // the token before the separator (a word read before it across a space, Hi pickupCode, is
  // prose that a masked value around it may hide: the key's style is its own)
  let s = e;
  while (s > s0 && t.charCodeAt(s - 1) !== 32) s--;
  // a word in capitals glued before it (SARAH LEEpickupCode:, a name run into the key) is no
  // part of the key's style: the key starts at the first lower-case letter after the capitals
  let u = s;
  while (u < e && t.charCodeAt(u) >= 65 && t.charCodeAt(u) <= 90) u++;
  if (u - s >= 2 && u < e && t.charCodeAt(u) >= 97 && t.charCodeAt(u) <= 122) s = u;
  let lower = 0;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (c === 95 || c === 45 || (c >= 48 && c <= 57)) return true;
    if (c >= 65 && c <= 90 && k > s) return lower > 0;
    if (c >= 97 && c <= 122) lower++;
    else if (c < 65 || c > 90) return false;
  }
  // all lower case: an abbreviation, not a word the context detectors already read
  return lower === e - s && !PROSE_WORDS.has(t.slice(s, e));
}
const PROSE_WORDS = new Set(
  'name receiver recipient consignee shipper sender contact phone mobile tel telephone address addr email mail attn customer courier rider driver passport'.split(
    ' ',
  ),
);

/** Pairs at each '=', ':' and '：' the scan found. */
function pairs(t: string, sc: Scan, out: Candidate[]): void {
  const words: RecordWords = {};
  for (let k = 0; k < sc.kv.n; k++) {
    const p = sc.kv.buf[k]!;
    // the key ends before the separator, after optional spaces and a closing quote
    let q = p;
    let skipped = 0;
    while (q > 0 && skipped < 2 && isSpace(t.charCodeAt(q - 1))) {
      q--;
      skipped++;
    }
    if (q > 0 && (t.charCodeAt(q - 1) === 34 || t.charCodeAt(q - 1) === 39)) q--;
    const key = keyEndingAt(t, q);
    // a generic key (code, pwd, pin) in a record about collecting a parcel (pickup-record-codes.ts)
    if ((key === undefined || key.kind === 'negative') && recordPickupCode(t, q, p, words, out)) continue;
    if (key === undefined && actorKeyBefore(t, q)) {
      // the actor of a record (op=, createdBy, 操作人): a Chinese name shape only (actor-keys.ts)
      const value = valueAfter(t, p, 'name');
      if (value !== undefined) valueFindings(t, value[0], value[1], 'name', 'actor', out);
      continue;
    }
    if (key === undefined) {
      // a short field of a person's object: "receiver":{"n":"…" (structured-child-keys.ts)
      const child = childKeyKind(t, q);
      const value = child === undefined ? undefined : valueAfter(t, p, child);
      if (value !== undefined) valueFindings(t, value[0], value[1], child!, 'role', out);
      continue;
    }
    if (key.kind === 'negative' || key.kind === 'email') continue;
    // A label and a colon in prose (收件人：, Address:, Tel:) is what the context detectors read,
    // with their own rules; here only keys in code style (receiverName:, sjrdh:), and any key
    // before '=' or a quoted value (JSON, key=value logs)
    const sep = t.charCodeAt(p);
    // (codeStyle reads the key's own token: Zhang WeipickupCode:, a name glued to a key, is read
    // as it is once that word is masked)
    if (sep !== 61 && !quotedAfter(t, p) && !codeStyle(t, key.start, q)) continue;
    const value = valueAfter(t, p, key.kind);
    if (value === undefined) continue;
    valueFindings(t, value[0], value[1], key.kind, strengthOf(t, key.start, q), out);
  }
}

/**
 * @internal Values of keys and table cells that the key or column header says are personal
 * data; the cells of columns that hold orders, SKUs, amounts ... go to `negatives` (start, end
 * pairs) so the numbers in them are not reported.
 */
export function detectStructured(
  t: string,
  sc: Scan,
  out: Candidate[],
  negatives: number[],
  spaced: boolean,
): void {
  if (sc.kv.n > 0) {
    pairs(t, sc, out);
    messageKeys(t, sc, negatives);
  }
  if (t.indexOf('</') !== -1) xmlElements(t, out);
  if (t.indexOf('【') !== -1) bracketedNames(t, '【', out);
  if (t.indexOf('「') !== -1) bracketedNames(t, '「', out);
  if (sc.lines > 1) tables(t, out, negatives);
  // an INSERT statement has spaces: a text without any is not searched for one
  if (spaced && (t.indexOf('INSERT') !== -1 || t.indexOf('insert') !== -1)) sqlInserts(t, out, negatives);
  if (spaced) {
    duplicateEntries(t, out, negatives);
    if (t.indexOf('(') !== -1) sqlInLists(t, negatives);
  }
  if (t.indexOf('~') !== -1 && t.indexOf('*') !== -1) x12Segments(t, out, negatives);
  // (segments may end in '~' or a line break: a log writes one a line)
  if (segmentMarked(t, 42, X12_IDS)) x12References(t, negatives);
  if (segmentMarked(t, 43, EDIFACT_IDS)) edifactReferences(t, negatives);
}

/** Whether `t` has one of the segment ids `ids` before the separator `sep` ('*' or '+'). */
function segmentMarked(t: string, sep: number, ids: ReadonlySet<string>): boolean {
  const ch = String.fromCharCode(sep);
  for (let p = t.indexOf(ch); p !== -1; p = t.indexOf(ch, p + 1)) {
    if (p >= 3 && ids.has(t.slice(p - 3, p))) return true;
    if (p >= 2 && ids.has(t.slice(p - 2, p))) return true;
  }
  return false;
}
const X12_IDS: ReadonlySet<string> = new Set(['B10', 'B2', 'B2A', 'BSN', 'BIG', 'BEG', 'PRF', 'L11']);
const EDIFACT_IDS: ReadonlySet<string> = new Set(['RFF', 'BGM', 'CNI', 'UNH']);
