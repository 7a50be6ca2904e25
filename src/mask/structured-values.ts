// What the value of a key holds, read with the key's kind: a name at its start under a name
// key, the whole value under an address key, a number of any grouping under a phone key, an ID,
// card, passport or pickup-code shaped token under theirs. Shared by key/value pairs, table
// cells (detect-structured.ts) and redactJson (through detect's value hint).
import { isDigitCode as $isDigitCode, isIdeograph as $isIdeograph } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { matchDivisions } from './divisions.js';
import { isServiceNumber } from './landline.js';
import {
  isGivenName,
  isLatinPlace,
  isOrganization,
  isPlausibleLatinName,
  latinNameEnd,
} from './latin-names.js';
import { chineseNameEnd, honorificAt } from './name-shape.js';
import { actorNameShape } from './actor-keys.js';
import { pickupCodeEnd } from './pickup-codes.js';
import type { KeyKind } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigitCode;
const isCjk = $isIdeograph;

/**
 * @internal How strongly a key vouches for a name: a role key (receiverName), only "name", or
 * the actor of a record (op, createdBy, 操作人: a Chinese name shape only, actor-keys.ts).
 */
export type Strength = 'role' | 'generic' | 'actor';

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122);
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
    // an actor's key holds operations, roles and logins too (actor-keys.ts)
    if (strength === 'actor' && !actorNameShape(t, s, n, e)) return;
    out.push({ kind: 'name', start: s, end: n, confidence: 0.9 });
    return;
  }
  if (c < 65 || c > 90 || strength === 'actor') return;
  const n = latinNameEnd(t, s);
  if (n < 0 || n > e) return;
  const words = t.slice(s, n).split(/[ \t]+/);
  // a given name alone as the whole value of a role key ("receiverName":"Tom", consignee=Jordan):
  // the key says a person, as Recipient: Tom does (a brand or a company word is none)
  if (words.length === 1) {
    if (strength === 'role' && n === e && isGivenName(words[0]!))
      out.push({ kind: 'name', start: s, end: n, confidence: 0.8 });
    return;
  }
  // (a company or a romanized place under a person's key is neither's name: Hong Kong)
  if (isOrganization(words) || isLatinPlace(words)) return;
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
      // the code at the start of the value, as after a pickup-code word (pickup-codes.ts: long
      // codes, a word glued after it), else a short token with spaces or brackets
      let q = pickupCodeEnd(t, s, e);
      if (q === -1) q = tokenIn(t, s, e, 3, 16, 1);
      if (q !== -1) out.push({ kind: 'pickupCode', start: s, end: q, confidence: 0.9 });
      return;
    }
    default:
      return;
  }
}
