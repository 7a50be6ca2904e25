// Landlines: keep the area code and the last four digits of the local number, keep the
// extension and every separator (021-12345678 → 021-****5678). Service numbers (400/800,
// 95xxx, 1xxxx short codes) belong to companies, not people, and stay unchanged.
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, hideAt, isDigitUnit, keepOf, maskCharOf } from './options.js';
import { hideAll } from './phone.js';

const SERVICE = /^\s*(?:[48]00[\s-]?\d{3}[\s-]?\d{4}|95\d{3,6}|1\d{4}|12\d{3})\s*$/;
const EXT = /(?:转|轉|分机|ext\.?|x|#)\s*[\d*]{1,6}\s*$/i;
const SHAPE = /^[\s\d*+\-().\u00a0（）]+$/;

/**
 * True for company service numbers (400/800 numbers, 95xxx hotlines, five-digit short codes),
 * which are not personal data.
 *
 * @param value - a number as written
 * @returns whether it is a service number
 * @example
 * ```ts
 * import { isServiceNumber } from 'courier-pii/mask';
 * console.log(isServiceNumber('95338')); // true
 * ```
 */
export function isServiceNumber(value: string): boolean {
  return SERVICE.test(value);
}

/**
 * @internal The common form without regexes: 0 + area code + local number, ASCII digits with at
 * most one dash, in t[s, s + n) (021-12345678). Returns where the hidden stretch of the default
 * mask starts (after the area code and its dash; the stretch ends before the last four digits),
 * or -1 for anything else, which takes the general path (the result is the same either way).
 * redact writes this mask into its output in place.
 */
export function plainLandlineHiddenFrom(t: string, s: number, n: number): number {
  if (n < 9 || n > 13 || t.charCodeAt(s) !== 48) return -1;
  let dash = -1;
  for (let i = 1; i < n; i++) {
    const c = t.charCodeAt(s + i);
    if (c === 45 && dash === -1 && i > 1 && i < n - 1) dash = i;
    else if (c < 48 || c > 57) return -1;
  }
  const digits = dash === -1 ? n : n - 1;
  const c1 = t.charCodeAt(s + 1);
  if (c1 === 48) return -1; // 0086 ...: a country code, general path
  const areaLen = (c1 === 49 && t.charCodeAt(s + 2) === 48) || c1 === 50 ? 3 : 4;
  // the area code is followed by the dash (when there is one); 5-8 local digits, 4 of them kept
  if (dash !== -1 && dash !== areaLen) return -1;
  const local = digits - areaLen;
  if (local < 5 || local > 8) return -1;
  return s + areaLen + (dash === -1 ? 0 : 1);
}

/** The default mask of a landline in the common form (021-12345678 → 021-****5678), or undefined. */
function plainLandline(value: string): string | undefined {
  const n = value.length;
  const from = plainLandlineHiddenFrom(value, 0, n);
  if (from === -1) return undefined;
  return `${value.slice(0, from)}${'*'.repeat(n - 4 - from)}${value.slice(n - 4)}`;
}

/**
 * Masks a landline: the area code (010, 02X, 0XXX, with or without +86) and any extension
 * stay, the local number keeps its last four digits (021-12345678 → 021-****5678). Service
 * numbers (400, 800, 95xxx) stay unchanged; a value not shaped like a landline has every
 * letter and digit hidden.
 *
 * @param value - the landline as written
 * @param opts - mask character; `keepStart`/`keepEnd` count local-number digits
 * @returns the masked number, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskLandline } from 'courier-pii/mask';
 * console.log(maskLandline('021-12345678')); // 021-****5678
 * ```
 */
export function maskLandline(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  if (opts === undefined) {
    const fast = plainLandline(value);
    if (fast !== undefined) return fast;
  }
  if (SERVICE.test(value)) return value;
  let body = value;
  let ext = '';
  const em = EXT.exec(value);
  if (em) {
    body = value.slice(0, em.index);
    ext = value.slice(em.index);
  }
  if (!SHAPE.test(body)) return hideAll(value, ch);
  const pos: number[] = [];
  let digits = '';
  for (let i = 0; i < body.length; i++) {
    if (isDigitUnit(body.charCodeAt(i))) {
      pos.push(i);
      digits += body[i];
    }
  }
  // country code
  let k = 0;
  if (body.trimStart().startsWith('+86')) k = 2;
  else if (digits.startsWith('0086')) k = 4;
  // area code: explicit group, or by numbering plan (010 and 02X are three digits)
  let areaLen = 0;
  const d = k > 0 ? `0${digits.slice(k)}` : digits;
  if (d.startsWith('0')) areaLen = /^0(?:10|2\d)/.test(d) ? 3 : 4;
  const areaDigits = k > 0 ? areaLen - 1 : areaLen; // "+86 21": the 0 is not written
  let start = k + Math.max(0, areaDigits);
  // local number: 7-8 digits; anything after that in a further group is an extension
  let end = pos.length;
  if (end - start > 8) {
    const gapAt = pos.findIndex((p, j) => j > start + 6 && p !== pos[j - 1]! + 1);
    if (gapAt !== -1 && gapAt - start <= 8) end = gapAt;
  }
  const local = end - start;
  if (local <= 0) return hideAll(value, ch);
  let keepStart = keepOf('keepStart', opts, 0);
  let keepEnd = keepOf('keepEnd', opts, 4);
  if (keepStart + keepEnd >= local) {
    keepEnd = Math.max(0, Math.min(keepEnd, local - keepStart - 1));
    keepStart = Math.max(0, Math.min(keepStart, local - 1 - keepEnd));
  }
  start += keepStart;
  end -= keepEnd;
  return hideAt(body, pos, start, end, ch) + ext;
}
