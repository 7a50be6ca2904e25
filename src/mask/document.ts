// Identity documents: resident IDs, passports, HK/Macau/Taiwan IDs and travel permits keep
// their first and last letter or digit; punctuation such as the parentheses of a HKID check
// digit stays (A123456(3) → A******(3)).
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, isAlnumUnit, keepOf, maskCharOf, maskUnits } from './options.js';

const NON_ASCII_ALNUM = /(?![\x00-\x7f])[\p{L}\p{N}]/gu;

function maskDocument(value: string, opts: MaskOptions | undefined): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  let n = 0;
  let ascii = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isAlnumUnit(c)) n++;
    else if (c > 127) ascii = false;
  }
  // too short to be a document number: showing two of its characters would show most of it
  const [ks, ke] = n < 6 ? [0, 0] : [keepOf('keepStart', opts, 1), keepOf('keepEnd', opts, 1)];
  // letters and digits outside ASCII (full-width, CJK) are never kept
  const out = maskUnits(value, isAlnumUnit, ks, ke, ch);
  return ascii ? out : out.replace(NON_ASCII_ALNUM, ch);
}

/**
 * Masks a resident ID number (or any ID number): first and last character only
 * (110105199003071239 → 1****************9). Checksums are not required: a mistyped ID in an
 * ID field is still someone's ID.
 *
 * @param value - the ID number as written
 * @param opts - mask character; `keepStart`/`keepEnd` count letters and digits
 * @returns the masked number, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskIdNumber } from 'courier-pii/mask';
 * console.log(maskIdNumber('110105199003071239')); // 1****************9
 * ```
 */
export function maskIdNumber(value: string, opts?: MaskOptions): string {
  return maskDocument(value, opts);
}

/**
 * Masks a passport, HK/Macau/Taiwan ID or travel-permit number: first and last letter or
 * digit, punctuation kept (A123456(3) → A******(3)).
 *
 * @param value - the document number as written
 * @param opts - mask character; `keepStart`/`keepEnd` count letters and digits
 * @returns the masked number, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskPassport } from 'courier-pii/mask';
 * console.log(maskPassport('E12345678')); // E*******8
 * ```
 */
export function maskPassport(value: string, opts?: MaskOptions): string {
  return maskDocument(value, opts);
}
