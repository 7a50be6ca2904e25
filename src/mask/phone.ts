// Phone numbers: mainland mobiles keep digits 1-3 and 8-11 of the national number, and the
// country code and separators stay as written. Virtual numbers with an extension (privacy
// waybills print 170xxxxxxxx转1234) are the protection itself and stay unchanged.
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, hideAt, isDigitUnit, keepOf, maskCharOf } from './options.js';

const SHAPE = /^[\s\d*+\-().\u00a0]+$/;
const VIRTUAL = /^\s*(?:\+?86[\s-]?)?1[3-9*][\d*]{9}\s*(?:转|轉|ext\.?|x|#|,|，|-|分机)\s*\d{1,6}\s*$/i;
// Country codes: 1 and 7 are one digit, the listed ones two, all others three (ITU E.164).
const TWO_DIGIT_CC = /^(?:2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

/**
 * True for a virtual (privacy) number with an extension, which masking leaves unchanged.
 *
 * @param value - a phone number as written
 * @returns whether it is a mobile-shaped number followed by an extension
 * @example
 * ```ts
 * import { isVirtualNumber } from 'courier-pii/mask';
 * console.log(isVirtualNumber('17012345678转1234')); // true
 * ```
 */
export function isVirtualNumber(value: string): boolean {
  return VIRTUAL.test(value);
}

/**
 * Masks a phone number. A mainland mobile keeps digits 1-3 and 8-11 of the national number
 * (13812345678 → 138****5678); the country code (+86, 0086, +852 ...) and separators stay as
 * written; other national numbers keep their last four digits (their first three too when
 * they have ten or more). Virtual numbers with an extension stay unchanged. A value that is
 * not shaped like a phone number has every letter and digit hidden.
 *
 * @param value - the phone number as written
 * @param opts - mask character; `keepStart`/`keepEnd` count national-number digits
 * @returns the masked number, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskPhone } from 'courier-pii/mask';
 * console.log(maskPhone('+86 138 1234 5678')); // +86 138 **** 5678
 * ```
 */
export function maskPhone(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  // the common case, a bare 11-digit mainland mobile, without regexes
  if (opts === undefined && isPlainMobile(value, 0, value.length)) {
    return `${value.slice(0, 3)}${ch}${ch}${ch}${ch}${value.slice(7)}`;
  }
  if (VIRTUAL.test(value)) return value;
  if (!SHAPE.test(value)) return hideAll(value, ch);
  // Find where the national number starts: after an explicit country code, if any.
  const digitsAt: number[] = [];
  for (let i = 0; i < value.length; i++) if (isDigitUnit(value.charCodeAt(i))) digitsAt.push(i);
  const digits = digitsAt.map((i) => value[i]).join('');
  let ccLen = 0;
  const plus = value.indexOf('+');
  const firstDigit = digitsAt[0] ?? 0;
  const intl = plus !== -1 && plus < firstDigit;
  const dbl0 = !intl && digits.startsWith('00');
  if (intl || dbl0) {
    const rest = dbl0 ? digits.slice(2) : digits;
    const skip = dbl0 ? 2 : 0;
    // a country code written as its own group ("+852 9123 4567") is taken as written
    const groupEnd = digitsAt.findIndex((p, k) => k > skip && p !== digitsAt[k - 1]! + 1);
    const grouped = groupEnd > skip && groupEnd - skip <= 3 ? groupEnd - skip : 0;
    ccLen = grouped || (/^[17]/.test(rest) ? 1 : TWO_DIGIT_CC.test(rest) ? 2 : 3);
    ccLen += skip;
  } else if (digits.length === 13 && /^861[3-9*]/.test(digits)) {
    ccLen = 2; // 8613812345678
  }
  const national = digits.length - ccLen;
  const mainland = national === 11 && (digits[ccLen] === '1' || digits[ccLen] === '*');
  const dStart = mainland ? 3 : national >= 10 ? 3 : 0;
  const dEnd = mainland || national >= 8 ? 4 : 2;
  let keepStart = keepOf('keepStart', opts, dStart);
  let keepEnd = keepOf('keepEnd', opts, dEnd);
  if (keepStart + keepEnd >= national) {
    keepEnd = Math.max(0, Math.min(keepEnd, national - keepStart - 1));
    keepStart = Math.max(0, Math.min(keepStart, national - 1 - keepEnd));
  }
  return hideAt(value, digitsAt, ccLen + keepStart, digits.length - keepEnd, ch);
}

/**
 * @internal Whether t[s, e) is a bare 11-digit mainland mobile (1 and ten more ASCII digits): the
 * form maskPhone masks without regexes, and redact writes into its output in place.
 */
export function isPlainMobile(t: string, s: number, e: number): boolean {
  if (e - s !== 11 || t.charCodeAt(s) !== 49) return false;
  for (let i = s + 1; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** @internal hide every letter and digit, keep everything else */
export function hideAll(value: string, ch: string): string {
  return value.replace(/[\p{L}\p{N}]/gu, ch);
}
