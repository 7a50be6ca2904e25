// Personal data where a structure says what it is: the value of a JSON key, of key=value and
// key: value pairs in log lines ("receiverName":"张三", consignee=李娜;, sjrdh=138..., 收件人电话：
// ...), and the cells of a table whose header names its columns (姓名 | 电话 | 地址, name,phone,
// address). The key decides how the value is read: a name key takes a name-shaped value even
// without a context word, an address key its whole value, a phone key a number of any
// grouping. Each pair costs a bounded look back at the key and a bounded read of the value.
import { matchDivisions } from './divisions.js';
import { isServiceNumber } from './landline.js';
import type { Candidate } from './detect-numbers.js';
import { isOrganization, isPlausibleLatinName } from './latin-names.js';
import { chineseNameEnd, honorificAt, isCjk, latinNameEnd } from './name-shape.js';
import type { Scan } from './scan.js';
import { type KeyKind, isKeyChar, keyEndingAt, keyKind } from './structured-keys.js';

/** @internal longest value read after a key */
export const MAX_VALUE = 200;

/** How strongly the key vouches for a name: a role key (receiverName) or only "name". */
type Strength = 'role' | 'generic';

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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122);
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

/** A name at the start of t[s, e), when the value is name-shaped. */
function nameIn(t: string, s: number, e: number, strength: Strength, out: Candidate[]): void {
  const c = t.charCodeAt(s);
  if (isCjk(c)) {
    // a known surname even under a role key: shippers and senders are often shops (小米, 天猫)
    const n = chineseNameEnd(t, s, true);
    if (n === -1 || n > e || n - s < 2) return;
    // the name must end the value or be followed by something that is not part of a word
    if (n < e && isCjk(t.charCodeAt(n)) && !honorificAt(t, n)) return;
    out.push({ kind: 'name', start: s, end: n, confidence: 0.9 });
    return;
  }
  if (c < 65 || c > 90) return;
  const n = latinNameEnd(t, s);
  if (n < 0 || n > e) return;
  const words = t.slice(s, n).split(/[ \t]+/);
  if (words.length < 2 || isOrganization(words)) return;
  if (strength === 'generic' && !isPlausibleLatinName(words)) return;
  out.push({ kind: 'name', start: s, end: n, confidence: 0.85 });
}

/** A number of 7-15 digits at the start of t[s, e) under a phone key (local numbers included). */
function phoneIn(t: string, s: number, e: number, out: Candidate[]): void {
  let q = s;
  let digits = 0;
  while (q < e) {
    const c = t.charCodeAt(q);
    if (isDigit(c)) digits++;
    else if (!(c === 43 || c === 45 || c === 32 || c === 40 || c === 41)) break;
    q++;
  }
  while (q > s && !isDigit(t.charCodeAt(q - 1))) q--;
  // 7-12 digits (a local or a long-distance number), up to 15 after a country prefix
  const intl = t.charCodeAt(s) === 43 || (t.charCodeAt(s) === 48 && t.charCodeAt(s + 1) === 48);
  // the number must end there: not run on into letters or digits (a waybill number)
  if (digits < 7 || digits > (intl ? 15 : 12) || (q < e && isAlnum(t.charCodeAt(q)))) return;
  const v = t.slice(s, q);
  if (isServiceNumber(v)) return;
  out.push({ kind: /^\(?0/.test(v) ? 'landline' : 'phone', start: s, end: q, confidence: 0.6 });
}

/** A letters-and-digits token at the start of t[s, e), `min` to `max` long with `digits` digits. */
function tokenIn(t: string, s: number, e: number, min: number, max: number, digitsMin: number): number {
  let q = s;
  let digits = 0;
  while (q < e && q - s <= max) {
    const c = t.charCodeAt(q);
    if (isDigit(c)) digits++;
    else if (!((c | 32) >= 97 && (c | 32) <= 122) && c !== 45 && c !== 40 && c !== 41 && c !== 32) break;
    q++;
  }
  while (q > s && t.charCodeAt(q - 1) === 32) q--;
  if (q - s < min || q - s > max || digits < digitsMin) return -1;
  return q;
}

/** @internal The candidates the value t[s, e) of a key of kind `kind` holds. */
export function valueFindings(
  t: string,
  s: number,
  e: number,
  kind: KeyKind,
  strength: Strength,
  out: Candidate[],
): void {
  while (s < e && isSpace(t.charCodeAt(s))) s++;
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  if (e <= s) return;
  // a value this library already masked (张*, 138****5678, 北京市朝阳区****) is left as it is:
  // redacting a redacted text changes nothing more
  for (let k = s; k < e; k++) if (t.charCodeAt(k) === 42) return;
  switch (kind) {
    case 'name':
      nameIn(t, s, e, strength, out);
      return;
    case 'phone':
      phoneIn(t, s, e, out);
      return;
    case 'address': {
      // the whole value, when it has a Chinese character or a digit and is not a bare number
      let cjk = false;
      let digit = false;
      let letter = false;
      for (let k = s; k < e; k++) {
        const c = t.charCodeAt(k);
        if (isCjk(c)) cjk = true;
        else if (isDigit(c)) digit = true;
        else if ((c | 32) >= 97 && (c | 32) <= 122) letter = true;
      }
      // a Chinese address has a house number or starts with a division; a Latin one has a
      // number and words
      const ok = cjk ? digit || matchDivisions(t, s) !== undefined : digit && letter && e - s >= 8;
      if (e - s >= 4 && ok) out.push({ kind: 'address', start: s, end: e, confidence: 0.88 });
      return;
    }
    case 'idNumber': {
      const q = tokenIn(t, s, e, 8, 20, 6);
      if (q !== -1) out.push({ kind: 'idNumber', start: s, end: q, confidence: 0.85 });
      return;
    }
    case 'bankCard': {
      const q = tokenIn(t, s, e, 12, 23, 12);
      if (q !== -1 && !/[A-Za-z]/.test(t.slice(s, q)))
        out.push({ kind: 'bankCard', start: s, end: q, confidence: 0.85 });
      return;
    }
    case 'passport': {
      const q = tokenIn(t, s, e, 6, 12, 5);
      if (q !== -1) out.push({ kind: 'passport', start: s, end: q, confidence: 0.85 });
      return;
    }
    case 'pickupCode': {
      const q = tokenIn(t, s, e, 3, 16, 1);
      if (q !== -1) out.push({ kind: 'pickupCode', start: s, end: q, confidence: 0.9 });
      return;
    }
    default:
      return;
  }
}

/** Whether a role key (receiverName, consignee, 收件人), not the bare "name". */
function strengthOf(t: string, start: number, end: number): Strength {
  const k = t
    .slice(start, end)
    .toLowerCase()
    .replace(/[_\-\s]/g, '');
  return k === 'name' || k === 'xm' || k === '姓名' ? 'generic' : 'role';
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
function codeStyle(t: string, s: number, e: number): boolean {
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
    if (key === undefined || key.kind === 'negative' || key.kind === 'email') continue;
    // A label and a colon in prose (收件人：, Address:, Tel:) is what the context detectors read,
    // with their own rules; here only keys in code style (receiverName:, sjrdh:), and any key
    // before '=' or a quoted value (JSON, key=value logs)
    const sep = t.charCodeAt(p);
    if (sep !== 61 && !quotedAfter(t, p) && !codeStyle(t, key.start, q)) continue;
    const value = valueAfter(t, p, key.kind);
    if (value === undefined) continue;
    valueFindings(t, value[0], value[1], key.kind, strengthOf(t, key.start, q), out);
  }
}

// ---- tables: a header line naming the columns, then rows ----

const DELIMITERS = [9, 124, 44, 0xff0c]; // tab | , ，

/** The cells of line t[a, b) split at `d`, as start, end pairs (trimmed; outer | dropped). */
function cells(t: string, a: number, b: number, d: number): number[] {
  const out: number[] = [];
  let s = a;
  for (let i = a; i <= b; i++) {
    if (i === b || t.charCodeAt(i) === d) {
      let x = s;
      let y = i;
      while (x < y && isSpace(t.charCodeAt(x))) x++;
      while (y > x && isSpace(t.charCodeAt(y - 1))) y--;
      out.push(x, y);
      s = i + 1;
    }
  }
  // a markdown row | a | b | has an empty first and last cell
  if (d === 124 && out.length >= 4 && out[0] === out[1] && out[out.length - 2] === out[out.length - 1])
    return out.slice(2, -2);
  return out;
}

interface Header {
  d: number;
  kinds: Array<KeyKind | undefined>;
}

/** The header that line t[a, b) is: at least two cells naming personal data, most cells keys. */
function headerOf(t: string, a: number, b: number): Header | undefined {
  if (b - a > 400) return undefined;
  for (const d of DELIMITERS) {
    const cs = cells(t, a, b, d);
    if (cs.length < 4) continue;
    const kinds: Array<KeyKind | undefined> = [];
    let named = 0;
    let keys = 0;
    for (let i = 0; i < cs.length; i += 2) {
      const k = cs[i + 1]! - cs[i]! <= 24 ? keyKind(t.slice(cs[i]!, cs[i + 1]!)) : undefined;
      kinds.push(k);
      if (k !== undefined) {
        keys++;
        if (k !== 'negative') named++;
      }
    }
    if (named >= 2 && 2 * keys >= kinds.length) return { d, kinds };
  }
  return undefined;
}

/** Cells under a header that names them; cells of negative columns go to `negatives`. */
function tables(t: string, out: Candidate[], negatives: number[]): void {
  let header: Header | undefined;
  let a = 0;
  while (a < t.length) {
    let b = t.indexOf('\n', a);
    if (b === -1) b = t.length;
    const lineEnd = b > a && t.charCodeAt(b - 1) === 13 ? b - 1 : b;
    if (lineEnd === a) header = undefined;
    else if (header === undefined) header = headerOf(t, a, lineEnd);
    else if (!/^[\s|:\-+]+$/.test(t.slice(a, Math.min(lineEnd, a + 200)))) {
      const cs = cells(t, a, lineEnd, header.d);
      if (cs.length / 2 !== header.kinds.length) header = headerOf(t, a, lineEnd);
      else {
        for (let i = 0; i < header.kinds.length; i++) {
          const k = header.kinds[i];
          if (k === 'negative') negatives.push(cs[2 * i]!, cs[2 * i + 1]!);
          else if (k !== undefined && k !== 'email')
            valueFindings(t, cs[2 * i]!, cs[2 * i + 1]!, k, 'role', out);
        }
      }
    }
    a = b + 1;
  }
}

/**
 * @internal Where the label starts when the number at `s` is labelled as something that is not
 * personal data, else -1: the key right before it (spaces, a colon, '=', quotes, '#', 是/为 between) is an order, SKU,
 * tracking or waybill number, an amount, a weight, a version or a device id (订单号：, sku=,
 * "orderNo":", Tracking No. ...).
 */
export function labelledNegative(t: string, s: number): number {
  let q = s;
  for (let k = 0; q > 0 && k < 4; k++) {
    const c = t.charCodeAt(q - 1);
    const gap =
      isSpace(c) ||
      c === 58 ||
      c === 0xff1a ||
      c === 61 ||
      c === 34 ||
      c === 39 ||
      c === 35 ||
      c === 0xff03 ||
      c === 0x4e3a ||
      c === 0x70ba ||
      c === 0x662f ||
      (c === 46 && q >= 2 && (t.charCodeAt(q - 2) | 32) >= 97 && (t.charCodeAt(q - 2) | 32) <= 122);
    if (!gap) break;
    q--;
  }
  const key = keyEndingAt(t, q);
  return key?.kind === 'negative' ? key.start : -1;
}

/**
 * @internal Values of keys and table cells that the key or column header says are personal
 * data; the cells of columns that hold orders, SKUs, amounts ... go to `negatives` (start, end
 * pairs) so the numbers in them are not reported.
 */
export function detectStructured(t: string, sc: Scan, out: Candidate[], negatives: number[]): void {
  if (sc.kv.n > 0) pairs(t, sc, out);
  if (sc.lines > 1) tables(t, out, negatives);
}
